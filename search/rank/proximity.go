package rank

import (
	"cmp"
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/freerange/weeknotes/search/querylang"
)

// Proximity: the posts where the query's words stand together rank above
// those where they are pages apart ("how do we do code review" is about
// code review, not a Code Club post that reviews something). Only the
// best ProximityCandidates by score are looked at, and only where the
// index says their words stand (Occurrences, from its term vectors): no
// text is read or analysed, so the cost is bounded whatever the archive.
//
// ProximityBoost: where the words stand side by side, 1+ProximityBoost
// times the score. At 1 a post with the words together rose no more than
// a post that holds them as typed (FormBoost) or has one of them in a
// heading, so among posts with every word, which ones put them together
// hardly counted ("how do we make decisions", "thames time lapse"); 2
// gained on five needs of the graded suite and lost on two (0.5 lost on
// seven; 3 and 5 lost more than 2 did).
//
// Scoring each candidate's best section as well was measured and left
// out: of the best 5-50, the score of the section (or the title and the
// text before the first heading; a post without headings whole) whose
// query words BM25 over sections scores highest (IDF-weighted clauses,
// k1 0.8-3, b 0-1), as a factor up to 1+0.1 to 1+5. At best nDCG@5 went
// 0.784 to 0.789 and MRR 0.875 to 0.886 on the graded suite, but P@3
// 0.706 to 0.699, below its floor, in every setting that gained (at 2:
// five needs up, four down), and common one-word searches were slower
// (p50 +34%). Windows of 30-120 positions in place of sections, proximity
// counted only within one section, and rewarding a section whose heading
// holds a word gained nothing (nDCG@5 0.768-0.784). What the suite misses
// most is not order but posts without every word: 22 to 25 of its 116
// posts graded 2 do not match their query at all.
const (
	ProximityBoost      = 2.0
	ProximityCandidates = 20
)

// Occurrences calls at(i, pos, n) for each place term stands in the text
// field (the title, then the text) of rows[i], rows ascending: pos counts
// tokens as the analyzer numbers them (stop words leave gaps), n is the
// length in bytes of the word the term was made from there.
type Occurrences func(term string, rows []int32, at func(i int, pos uint64, n int)) error

// Clauses is the analysed terms of each of p's required clauses that is
// plain words (a phrase is together already; a prefix is no one term),
// in order; clauses without such terms are left out, and so are a named
// person's words: their posts are found by author, and a post that
// spells "James Mead" is not for that nearer the query. They are the
// terms of TypedForms, which walks the clauses alike.
func Clauses(p querylang.Parsed, an analysis.Analyzer, people []Person) [][]string {
	return Terms(TypedForms(p, an, people))
}

// Terms is the terms of each clause of forms, their lengths dropped.
func Terms(forms [][]Form) [][]string {
	clauses := make([][]string, len(forms))
	for i, c := range forms {
		for _, f := range c {
			clauses[i] = append(clauses[i], f.Term)
		}
	}
	return clauses
}

// RewardProximity raises the scores, in results, of the best
// ProximityCandidates whose text holds a term of each clause close
// together: by 1+ProximityBoost times when side by side, less as the
// fewest positions that hold them all (window) grows.
func RewardProximity(results []Scored, clauses [][]string, occ Occurrences) error {
	if len(clauses) < 2 || len(results) < 2 {
		return nil
	}
	places, rows := candidates(results, ProximityCandidates)
	// at[i]: the positions in rows[i] of each clause's terms.
	at := make([][]tagged, len(rows))
	for c, terms := range clauses {
		for _, term := range terms {
			err := occ(term, rows, func(i int, pos uint64, _ int) { at[i] = append(at[i], tagged{pos, c}) })
			if err != nil {
				return err
			}
		}
	}
	for i := range rows {
		if w := window(at[i], len(clauses)); w > 0 {
			// w is len(clauses) when the words stand side by side.
			results[places[i]].Score *= 1 + ProximityBoost*float64(len(clauses))/float64(w)
		}
	}
	return nil
}

// candidates is where in results its best k by score stand, and their
// rows, in the order of the rows (as Occurrences asks for them).
func candidates(results []Scored, k int) (places []int, rows []int32) {
	// The best by score, the earlier place first among equals.
	h := TopPlaces(len(results), k, func(a, b int) bool {
		if results[a].Score != results[b].Score {
			return results[a].Score > results[b].Score
		}
		return a < b
	})
	slices.SortFunc(h, func(a, b int) int { return cmp.Compare(results[a].Row, results[b].Row) })
	rows = make([]int32, len(h))
	for i, p := range h {
		rows[i] = results[p].Row
	}
	return h, rows
}

// tagged is a position of a term of clause c.
type tagged struct {
	pos uint64
	c   int
}

// window is the fewest consecutive positions that hold a term of each of
// n clauses, of the positions ts (in any order); 0 when a clause is
// missing.
func window(ts []tagged, n int) int {
	slices.SortFunc(ts, func(a, b tagged) int { return cmp.Compare(a.pos, b.pos) })
	count := make([]int, n) // of each clause, in ts[lo:hi+1]
	have, best := 0, 0
	lo := 0
	for hi := range ts {
		if count[ts[hi].c] == 0 {
			have++
		}
		count[ts[hi].c]++
		for have == n {
			if w := int(ts[hi].pos-ts[lo].pos) + 1; best == 0 || w < best {
				best = w
			}
			count[ts[lo].c]--
			if count[ts[lo].c] == 0 {
				have--
			}
			lo++
		}
	}
	return best
}
