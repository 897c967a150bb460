package search

import (
	"context"
	"fmt"

	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/querylang"
)

// Count is the number of posts a search for r finds: the Total that Search
// would give, worked out without the page, its snippets, the facets or the
// timeline, for the search box to say what each completion it offers
// finds (see Index.Suggest). Like Search it counts the posts of a query's
// correction when a word of it is in no post and the correction finds
// some. A result Search has cached answers it.
func (ix *Index) Count(ctx context.Context, r querylang.Request) (int, error) {
	if !r.Normalized() {
		if err := r.Normalize(); err != nil {
			return 0, err
		}
	}
	if res, ok := ix.cache.Get(r.Key()); ok {
		return res.Total, nil
	}
	ctx, cancel := context.WithTimeout(ctx, searchTimeout)
	defer cancel()
	sel := ix.selection(r, &Result{})
	sc := ix.getScratch()
	defer ix.putScratch(sc)
	p := r.Parsed()
	total, err := ix.countMatches(ctx, p, sel, r, sc)
	if err != nil {
		return 0, err
	}
	corrected, changed, err := ix.correct(p)
	if err != nil || !changed {
		return total, err
	}
	alt, err := ix.countMatches(ctx, corrected, sel, r, sc)
	if err != nil {
		return 0, err
	}
	if alt > 0 {
		return alt, nil
	}
	return total, nil
}

// countMatches counts the posts that match p and pass r's filters (sel
// their values): the posts match finds (the query of its words, people
// named and all, and the post the words name), counted. Bleve neither
// scores them nor, for a conjunction, walks each term's postings one by
// one: unscored, it intersects their bitmaps. TestCountIsSearchTotal holds
// it to match.
func (ix *Index) countMatches(ctx context.Context, p querylang.Parsed, sel [archive.NumFacets][]int32, r querylang.Request, sc *scratch) (int, error) {
	q := ix.textQuery(p, ix.peopleNamed(p), false)
	if q == nil { // no words (every post) or only stop words (none)
		matches, err := ix.match(ctx, p, sc, false)
		if err != nil {
			return 0, err
		}
		results, _, _ := ix.filter(matches, sel, r, sc)
		return len(results), nil
	}
	named, hasNamed := ix.namedPost(p)
	filtered := filtersAny(sel, r)
	rows, n := sc.parts[0][:0], 0
	err := ix.Match(ctx, q, false, 0, int32(ix.Len()), func(row int32, _ float64) {
		n++
		hasNamed = hasNamed && row != named // counted already
		if filtered {
			rows = append(rows, scored{Row: row})
		}
	})
	if err != nil {
		return 0, fmt.Errorf("count: %w", err)
	}
	if hasNamed { // the post the words name, though they don't match it
		n++
		rows = append(rows, scored{Row: named})
	}
	sc.parts[0] = rows
	if !filtered {
		return n, nil
	}
	results, _, _ := ix.filter([][]scored{rows}, sel, r, sc)
	return len(results), nil
}

// filtersAny says whether r filters posts at all.
func filtersAny(sel [archive.NumFacets][]int32, r querylang.Request) bool {
	for _, s := range sel {
		if s != nil {
			return true
		}
	}
	return r.After != "" || r.Before != "" || len(r.Weeks) > 0
}

// bestRows calls yield with the rows of the at most k posts a search for
// r finds as typed (no correction) that rank highest by relevance, best
// first, until yield returns false.
func (ix *Index) bestRows(ctx context.Context, r querylang.Request, k int, yield func(row int32) bool) error {
	if !r.Normalized() {
		if err := r.Normalize(); err != nil {
			return err
		}
	}
	ctx, cancel := context.WithTimeout(ctx, searchTimeout)
	defer cancel()
	sel := ix.selection(r, &Result{})
	sc := ix.getScratch()
	defer ix.putScratch(sc)
	matches, err := ix.match(ctx, r.Parsed(), sc, false)
	if err != nil {
		return err
	}
	results, _, _ := ix.filter(matches, sel, r, sc)
	for _, m := range topK(results, k, ix.less(querylang.SortRelevance)) {
		if !yield(m.Row) {
			return nil
		}
	}
	return nil
}
