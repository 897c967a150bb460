package search

import (
	"context"
)

// Count is the number of posts a search for r finds: the Total that Search
// would give, worked out without the page, its snippets, the facets or the
// timeline, for the search box to say what each completion it offers
// finds (see Index.Suggest). Like Search it counts the posts of a query's
// correction when a word of it is in no post and the correction finds
// some. A result Search has cached answers it.
func (ix *Index) Count(ctx context.Context, r Request) (int, error) {
	if !r.normalized {
		if err := r.Normalize(); err != nil {
			return 0, err
		}
	}
	if res, ok := ix.cache.Get(r.key()); ok {
		return res.Total, nil
	}
	ctx, cancel := context.WithTimeout(ctx, searchTimeout)
	defer cancel()
	sel := ix.selection(r, &Result{})
	sc := ix.getScratch()
	defer ix.putScratch(sc)
	matches, err := ix.match(ctx, r.parsed, sc)
	if err != nil {
		return 0, err
	}
	results, _, _ := ix.filter(matches, sel, r, sc)
	total := len(results)
	corrected, changed, err := ix.correct(r.parsed)
	if err != nil || !changed {
		return total, err
	}
	alt, err := ix.match(ctx, corrected, sc)
	if err != nil {
		return 0, err
	}
	if altResults, _, _ := ix.filter(alt, sel, r, sc); len(altResults) > 0 {
		return len(altResults), nil
	}
	return total, nil
}

// bestRows calls yield with the rows of the at most k posts a search for
// r finds as typed (no correction) that rank highest by relevance, best
// first, until yield returns false.
func (ix *Index) bestRows(ctx context.Context, r Request, k int, yield func(row int32) bool) error {
	if !r.normalized {
		if err := r.Normalize(); err != nil {
			return err
		}
	}
	ctx, cancel := context.WithTimeout(ctx, searchTimeout)
	defer cancel()
	sel := ix.selection(r, &Result{})
	sc := ix.getScratch()
	defer ix.putScratch(sc)
	matches, err := ix.match(ctx, r.parsed, sc)
	if err != nil {
		return err
	}
	results, _, _ := ix.filter(matches, sel, r, sc)
	for _, m := range topK(results, k, ix.less(SortRelevance)) {
		if !yield(m.row) {
			return nil
		}
	}
	return nil
}
