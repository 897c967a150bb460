package search

import (
	"context"
	"time"

	"github.com/freerange/weeknotes/search/querylang"
)

// ForgetCorrections empties the memo of spelling corrections, so a
// benchmark measures finding them.
func (ix *Index) ForgetCorrections() { ix.Vocab().ForgetCorrections() }

// RerankCost times the rerank (Index.rewardForms, Index.rewardProximity) of the query's matches
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
		if err := ix.rewardForms(context.Background(), work, p); err != nil {
			return 0, err
		}
		if err := ix.rewardProximity(context.Background(), work, p); err != nil {
			return 0, err
		}
	}
	return time.Since(start) / time.Duration(n), nil
}
