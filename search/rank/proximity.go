package rank

import (
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/freerange/weeknotes/search/querylang"
)

// Proximity: the posts where the query's words stand together rank above
// those where they are pages apart ("how do we do code review" is about
// code review, not a Code Club post that reviews something). Only the
// best ProximityCandidates by score are looked at, so the cost is bounded
// whatever the archive.
const (
	ProximityBoost      = 1.0 // the words side by side: 1+ProximityBoost times the score
	ProximityCandidates = 10
)

// RewardProximity raises the scores, in results, of the top candidates
// whose text (text(row): the title and the text read) holds one of each
// clause's words close together.
func RewardProximity(results []Scored, p querylang.Parsed, an analysis.Analyzer, text func(row int32) (string, error)) {
	// Each clause's terms: plain words only (a phrase is already together).
	var clauses [][]string
	for _, c := range p.Must {
		var terms []string
		for _, a := range c {
			if a.Phrase || a.Prefix {
				continue
			}
			for _, tok := range an.Analyze([]byte(a.Text)) {
				terms = append(terms, string(tok.Term))
			}
		}
		if len(terms) > 0 {
			clauses = append(clauses, terms)
		}
	}
	if len(clauses) < 2 || len(results) < 2 {
		return
	}
	top := TopK(results, ProximityCandidates, byScore)
	boost := make(map[int32]float64, len(top))
	for _, m := range top {
		t, err := text(m.Row)
		if err != nil {
			continue
		}
		if w := window(an.Analyze([]byte(t)), clauses); w > 0 {
			// w is len(clauses) when the words stand side by side.
			boost[m.Row] = 1 + ProximityBoost*float64(len(clauses))/float64(w)
		}
	}
	for i := range results {
		if b, ok := boost[results[i].Row]; ok {
			results[i].Score *= b
		}
	}
}

// window is the fewest token positions that hold a term of every clause
// (0: some clause is missing), over tokens in position order.
func window(tokens analysis.TokenStream, clauses [][]string) int {
	clauseOf := func(term string) int {
		for i, c := range clauses {
			if slices.Contains(c, term) {
				return i
			}
		}
		return -1
	}
	last := make([]int, len(clauses)) // last position of each clause, 0: none yet
	best := 0
	for _, tok := range tokens {
		c := clauseOf(string(tok.Term))
		if c < 0 {
			continue
		}
		last[c] = tok.Position
		lo := tok.Position
		for _, pos := range last {
			if pos == 0 {
				lo = -1
				break
			}
			lo = min(lo, pos)
		}
		if lo > 0 {
			if w := tok.Position - lo + 1; best == 0 || w < best {
				best = w
			}
		}
	}
	return best
}
