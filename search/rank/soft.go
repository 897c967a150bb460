package rank

import (
	"slices"

	"github.com/freerange/weeknotes/search/querylang"
)

// Soft matching. A question typed in words ("why did we want to start a
// credit union", "serving our website over ssl") names its subject with a
// few rare words and wraps them in common ones ("want", "start",
// "serving"): requiring every word drops the posts that answer it in
// other words. So when a query is at least SoftFrom plain words, the words
// that more than CommonShare of the posts use stop being required: they
// still raise the posts that have them (BM25 counts them), but a post
// without them is found. The MinRequired rarest words always stay
// required, and a query with quotes, OR, a prefix or an exclusion is
// taken as typed. Stop words ("how", "did", "we") were never searched.
const (
	SoftFrom    = 3    // searched words (stop words aside)
	CommonShare = 0.15 // of the posts: 0.10-0.20 measured alike on the graded suite
	MinRequired = 2
)

// Soft says whether p is plain words that may be matched softly: no
// phrase, prefix, OR or exclusion.
func Soft(p querylang.Parsed) bool {
	if len(p.Exclude) > 0 {
		return false
	}
	return !slices.ContainsFunc(p.Must, func(c querylang.Clause) bool {
		return len(c) != 1 || c[0].Phrase || c[0].Prefix
	})
}

// Optional says which of a soft query's searched clauses need not match,
// given how many of total posts use each (uses[i]; below 0 for a clause
// that must match whatever its count, such as a person's name). Fewer
// than SoftFrom clauses are all required.
func Optional(uses []int, total int) []bool {
	optional := make([]bool, len(uses))
	if len(uses) < SoftFrom {
		return optional
	}
	order := make([]int, len(uses))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return uses[a] - uses[b] })
	for k, i := range order {
		optional[i] = k >= MinRequired && float64(uses[i]) > CommonShare*float64(total)
	}
	return optional
}

// Split is the clauses that must match and those that need not, as
// optional (Optional) says of each.
func Split[T any](clauses []T, optional []bool) (must, may []T) {
	for i, c := range clauses {
		if optional[i] {
			may = append(may, c)
		} else {
			must = append(must, c)
		}
	}
	return must, may
}
