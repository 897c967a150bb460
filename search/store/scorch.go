package store

import (
	"slices"

	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
)

// The fence around Bleve's internals. Everything here depends on how
// scorch numbers documents, and a Bleve upgrade that changes it must
// fail here, loudly (scorch_test.go holds each assumption):
//
//   - A snapshot numbers its documents segment by segment, in segment
//     order: a document's internal number is the count of documents
//     (deleted ones included) in the segments before its own, plus its
//     number inside its segment.
//   - A batch adds segments after those a snapshot had; it never changes
//     a segment, only marks its documents deleted. A merge replaces
//     segments with a new one, and so renumbers.
//
// So a document in a segment that two snapshots share has, in the second,
// its number in the first less that segment's place in the first plus
// its place in the second.

// segmentSpan is one segment of a snapshot: its ID and the document
// numbers it covers.
type segmentSpan struct{ id, offset, count uint64 }

// segmentLayout is the snapshot's segments in order; nil when r is not a
// scorch snapshot.
func segmentLayout(r index.IndexReader) []segmentSpan {
	is, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil
	}
	var out []segmentSpan
	var offset uint64
	for _, s := range is.Segments() {
		n := s.Segment().Count()
		out = append(out, segmentSpan{id: s.Id(), offset: offset, count: n})
		offset += n
	}
	return out
}

// renumberer maps document numbers of a snapshot laid out as before to
// one laid out as now, for documents whose segment both have.
type renumberer struct {
	before []segmentSpan
	now    map[uint64]uint64 // segment ID -> its offset now
}

func newRenumberer(before, now []segmentSpan) *renumberer {
	if before == nil || now == nil {
		return nil
	}
	r := &renumberer{before: before, now: make(map[uint64]uint64, len(now))}
	for _, s := range now {
		r.now[s.id] = s.offset
	}
	return r
}

func (r *renumberer) renumber(n uint64) (uint64, bool) {
	if r == nil {
		return 0, false
	}
	i, _ := slices.BinarySearchFunc(r.before, n, func(s segmentSpan, n uint64) int {
		switch {
		case n < s.offset:
			return 1
		case n >= s.offset+s.count:
			return -1
		}
		return 0
	})
	if i >= len(r.before) || n < r.before[i].offset || n >= r.before[i].offset+r.before[i].count {
		return 0, false
	}
	off, ok := r.now[r.before[i].id]
	if !ok {
		return 0, false
	}
	return n - r.before[i].offset + off, true
}
