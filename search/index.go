package search

import (
	"sync"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/freerange/weeknotes/search/accel"
	"github.com/freerange/weeknotes/search/store"
	"github.com/freerange/weeknotes/search/store/schema"
)

// resultCacheSize is how many recent results an Index keeps. A result is
// one page: ten posts' metadata and snippets and the facets, a few
// kilobytes, so this is a few megabytes at most.
const resultCacheSize = 1024

// defaultParallelDocs is the archive size from which a search uses both
// cores (see Index.match).
const defaultParallelDocs = 20000

// ErrNotFound means no post has the name asked for.
var ErrNotFound = store.ErrNotFound

// Index is one snapshot of the archive, ready for searching: the store's
// Snapshot (the Bleve snapshot and every post's metadata, in document
// order) and, built from it, the in-memory accelerator that filters,
// counts facets and sorts (table). A snapshot never changes, so nothing
// derived from it goes stale; an update makes a new Index (Writer.Apply).
type Index struct {
	*store.Snapshot
	table        *accel.Table
	cache        *resultCache
	parallelDocs int
	scratch      *sync.Pool         // *scratch: one search's reusable buffers, shared by every reference to the snapshot
	bm25         *bsearch.BM25Stats // the snapshot's text statistics (scoringContext); nil: Bleve's own
}

// newIndex lays out the accelerator for s; it takes over s. prev, when
// set, is the Index of the snapshot before, whose accelerator is carried
// over when it can be (accel.New).
func newIndex(s *store.Snapshot, prev *Index) *Index {
	var pt *accel.Table
	if prev != nil {
		pt = prev.table
	}
	ix := &Index{Snapshot: s, table: accel.New(s, pt), cache: newResultCache(resultCacheSize), scratch: &sync.Pool{},
		parallelDocs: defaultParallelDocs}
	if s.Catalog.TextLength > 0 && s.Len() > 0 {
		// Every field a query may score needs its figure; a keyword
		// field's posts hold one token each, as good as.
		fields := map[string]int{schema.FieldText: int(s.Catalog.TextLength)}
		for _, f := range FacetField {
			fields[f] = s.Len()
		}
		// A post links to a few pages; a person's name asks only
		// whether it links to theirs, so one token a post will do.
		fields[schema.FieldLinks] = s.Len()
		ix.bm25 = &bsearch.BM25Stats{DocCount: float64(s.Len()), FieldCardinality: fields}
	}
	return ix
}

// Open opens the current build under dir for reading.
func Open(dir string) (*Index, error) {
	s, err := store.Open(dir)
	if err != nil {
		return nil, err
	}
	return newIndex(s, nil), nil
}

// OpenBuild opens one build for reading.
func OpenBuild(build string) (*Index, error) {
	s, err := store.OpenBuild(build)
	if err != nil {
		return nil, err
	}
	return newIndex(s, nil), nil
}

// share is another reference to the same snapshot, closed on its own.
func (ix *Index) share() *Index { return ix.with(ix.Snapshot.Share()) }

// with is ix over s, a share of its snapshot.
func (ix *Index) with(s *store.Snapshot) *Index {
	return &Index{Snapshot: s, table: ix.table, cache: ix.cache, parallelDocs: ix.parallelDocs, bm25: ix.bm25, scratch: ix.scratch}
}

// Is reports whether ix and o are references to one snapshot.
func (ix *Index) Is(o *Index) bool { return o != nil && ix.Snapshot.Is(o.Snapshot) }

// SetCacheSize changes how many recent results the index keeps; 0 turns
// the cache off (benchmarks of the uncached path use it).
func (ix *Index) SetCacheSize(n int) { ix.cache = newResultCache(n) }
