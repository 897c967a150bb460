package store

import (
	"context"
	"encoding/binary"
	"fmt"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/freerange/weeknotes/search/store/fence"
)

// Match calls yield with the row of each post q matches among rows
// from..to-1, in row order, and its BM25 score (0 unless scored: an
// unscored conjunction intersects its terms' bitmaps rather than walking
// their postings). ctx may carry BM25 statistics (bsearch.BM25StatsKey).
// Two calls over different spans may run at once on one snapshot. Rows
// are in document order, so a span of rows is one of document numbers.
func (s *Snapshot) Match(ctx context.Context, q query.Query, scored bool, from, to int32, yield func(row int32, score float64)) error {
	if from >= to {
		return nil
	}
	opts := bsearch.SearcherOptions{Score: "none"}
	if scored {
		opts.Score = ""
		ctx = context.WithValue(ctx, bsearch.GetScoringModelCallbackKey,
			bsearch.GetScoringModelCallbackFn(func() string { return index.BM25Scoring }))
	}
	r := s.snap.reader
	searcher, err := q.Searcher(ctx, r, s.Mapping(), opts)
	if err != nil {
		return err
	}
	defer searcher.Close()
	sctx := &bsearch.SearchContext{
		DocumentMatchPool: bsearch.NewDocumentMatchPool(searcher.DocumentMatchPoolSize(), 0),
		IndexReader:       r,
	}
	d := s.docs
	end := uint64(len(d.byInternal)) // past the last row: every document after from
	if int(to) < len(d.internal) {
		end = d.internal[to]
	}
	var dm *bsearch.DocumentMatch
	if from > 0 {
		dm, err = searcher.Advance(sctx, docID(d.internal[from]))
	} else {
		dm, err = searcher.Next(sctx)
	}
	for n := 0; ; n++ {
		if err != nil {
			return err
		}
		if dm == nil {
			return nil
		}
		num := docNumber(dm.IndexInternalID)
		if num >= end {
			return nil
		}
		if n%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if num < uint64(len(d.byInternal)) && d.byInternal[num] >= 0 {
			yield(d.byInternal[num], dm.Score)
		}
		sctx.DocumentMatchPool.Put(dm)
		dm, err = searcher.Next(sctx)
	}
}

// Positions calls at(i, pos, n) for each position of term in field of
// rows[i] (rows ascending), n the length in bytes of its word there, from
// the term vectors: the term's posting list
// is walked once, from the first row's document to the last's.
func (s *Snapshot) Positions(ctx context.Context, field, term string, rows []int32, at func(i int, pos uint64, n int)) error {
	tfr, err := s.snap.reader.TermFieldReader(ctx, []byte(term), field, false, false, true)
	if err != nil {
		return fmt.Errorf("term vectors of %q: %w", term, err)
	}
	defer tfr.Close()
	var reuse index.TermFieldDoc
	var d *index.TermFieldDoc // the reader's place: its document holds term
	for i, row := range rows {
		n := s.docs.internal[row]
		// A reader asked for a document before its place starts again
		// from the beginning: where it stands past n, n lacks the term.
		if d == nil || docNumber(d.ID) < n {
			if d, err = tfr.Advance(docID(n), &reuse); err != nil {
				return fmt.Errorf("term vectors of %q: %w", term, err)
			}
			if d == nil {
				return nil // no document from n on holds it
			}
		}
		if docNumber(d.ID) == n {
			for _, v := range d.Vectors {
				at(i, v.Pos, int(v.End-v.Start))
			}
		}
	}
	return nil
}

// Segments is how many segments the Bleve snapshot has (a build merges
// its batches into one).
func (s *Snapshot) Segments() int { return len(fence.Layout(s.snap.reader)) }

// docID is the Bleve internal ID of document number n, for Advance.
func docID(n uint64) index.IndexInternalID {
	id := make(index.IndexInternalID, 8)
	binary.BigEndian.PutUint64(id, n)
	return id
}

// docNumber is the number of a Bleve internal ID (see docID).
func docNumber(iid index.IndexInternalID) uint64 {
	if len(iid) != 8 {
		return 1<<64 - 1
	}
	return binary.BigEndian.Uint64(iid)
}
