package search

import (
	"context"
	"slices"
	"time"

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
