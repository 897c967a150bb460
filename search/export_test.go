package search

import (
	"context"
	"slices"
	"time"

	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/querylang"
	"github.com/freerange/weeknotes/search/rank"
)

// ForgetCorrections empties the memo of spelling corrections, so a
// benchmark measures finding them.
func (ix *Index) ForgetCorrections() { ix.Vocab().ForgetCorrections() }

// RerankCost times the rerank (Index.rerank) of the query's matches
// alone, n times, for BenchmarkRerank.
func (ix *Index) RerankCost(q string, n int) (time.Duration, error) {
	p, err := querylang.ParseQuery(q)
	if err != nil {
		return 0, err
	}
	sc := ix.getScratch()
	defer ix.putScratch(sc)
	parts, err := ix.match(context.Background(), p, sc, false)
	if err != nil {
		return 0, err
	}
	var matches []scored
	for _, part := range parts {
		matches = append(matches, part...)
	}
	work := make([]scored, len(matches))
	start := time.Now()
	for range n {
		copy(work, matches)
		if err := ix.rerank(context.Background(), work, p, !rank.Soft(p) || len(p.Must) < rank.SoftFrom); err != nil {
			return 0, err
		}
	}
	return time.Since(start) / time.Duration(n), nil
}

// FormsSkipped reports, for query q as the first page ranks it, whether
// rerank skipped the forms, and whether its order is the one they would
// have given (rank.Rerank with them), best first.
func (ix *Index) FormsSkipped(q string) (skipped, same bool, err error) {
	p, err := querylang.ParseQuery(q)
	if err != nil {
		return false, false, err
	}
	sc := ix.getScratch()
	defer ix.putScratch(sc)
	parts, err := ix.match(context.Background(), p, sc, false)
	if err != nil {
		return false, false, err
	}
	var matches []scored
	for _, part := range parts {
		matches = append(matches, part...)
	}
	everyWord := !rank.Soft(p) || len(p.Must) < rank.SoftFrom
	fast, slow := slices.Clone(matches), slices.Clone(matches)
	if err := ix.rerank(context.Background(), fast, p, everyWord); err != nil {
		return false, false, err
	}
	people := ix.peopleNamed(p)
	err = rank.Rerank(slow, rank.TypedForms(p, ix.analyzer(), people), rank.Clauses(p, ix.analyzer(), people), func(term string, rows []int32, at func(int, uint64, int)) error {
		return ix.occurrences(context.Background(), term, rows, at)
	})
	if err != nil {
		return false, false, err
	}
	less := ix.less(querylang.SortRelevance)
	a, b := topK(fast, len(fast), less), topK(slow, len(slow), less)
	same = slices.EqualFunc(a, b, func(x, y scored) bool { return x.Row == y.Row })
	return everyWord && len(matches) > rank.FormCandidates && rank.OnlyAsTyped(p, ix.analyzer(), ix.Vocab()), same, nil
}

// AcceleratorCounts is what the accelerator counts for r, as typed (no
// correction): the total, every value count of every facet (by facet name
// and slug; disjunctive, each facet's ignoring its own selection, as
// Search shows them) and the timeline's posts per month, months without
// posts left out.
func (ix *Index) AcceleratorCounts(r querylang.Request) (int, map[string]map[string]int, map[string]int, error) {
	if err := r.Normalize(); err != nil {
		return 0, nil, nil, err
	}
	sc := ix.getScratch()
	defer ix.putScratch(sc)
	matches, err := ix.match(context.Background(), r.Parsed(), sc, false)
	if err != nil {
		return 0, nil, nil, err
	}
	results, counts, months := ix.filter(matches, ix.selection(r, &Result{}), r, sc)
	facets := map[string]map[string]int{}
	for f := range counts {
		d := &ix.table.Dicts[f]
		facets[archive.Facet(f).Name()] = map[string]int{}
		for id, n := range counts[f] {
			if n > 0 {
				facets[archive.Facet(f).Name()][d.Slugs[id]] = n
			}
		}
	}
	perMonth := map[string]int{}
	for i, n := range months {
		if n > 0 {
			perMonth[ix.table.Months[i]] = n
		}
	}
	return len(results), facets, perMonth, nil
}

// WithCacheSize is another reference to ix's snapshot with a result cache
// of its own of n results, which the caller closes: a test that needs an
// empty cache leaves a shared Index's, which other tests use, alone.
func (ix *Index) WithCacheSize(n int) *Index {
	own := ix.share()
	own.cache = newResultCache(n)
	return own
}
