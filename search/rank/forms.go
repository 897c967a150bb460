package rank

import (
	mathbits "math/bits"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"

	prose "github.com/freerange/weeknotes/search/analysis"
	"github.com/freerange/weeknotes/search/querylang"
)

// Forms: stemming makes "accessibility" and "access" one term, so BM25
// cannot tell a post about accessibility from one about access rights.
// The index's term vectors keep where each word stood and how long it
// was, so of the best FormCandidates, those whose text holds a clause's
// word in the form typed (its length within FormSlack bytes, give or take
// a possessive: "decision" for "decisions", "week’s" for "week") score up to 1+FormBoost times as high, by the share of
// the clauses they hold so. A query whose every match holds the forms
// typed (most words have no other of their stem) keeps its order.
const (
	FormBoost      = 2.0 // 1.0-5.0 measured alike on the graded suite
	FormCandidates = 50  // 20 left accessibility's posts out; 50-200 measured alike
)

// possessive is the most a possessive adds to a word where it stands
// ("’s", 4 bytes): the term vectors give the length of "week’s", whose
// term is "week".
const possessive = 4

// Form is a term of a clause and the length in bytes of the word typed.
type Form struct {
	Term string
	Len  int
}

// TypedForms is, for each of p's required clauses with plain words, the
// terms its words analyse to with their lengths; as Clauses, a named
// person's words are left out (their posts are found by author), and so
// are phrases: reading their places cost a phrase search a fifth more.
func TypedForms(p querylang.Parsed, an analysis.Analyzer, people []Person) [][]Form {
	var clauses [][]Form
	for i, c := range p.Must {
		if slices.ContainsFunc(people, func(n Person) bool { return n.From <= i && i < n.To }) {
			continue
		}
		var forms []Form
		for _, a := range c {
			if a.Prefix || a.Phrase {
				continue
			}
			for _, tok := range an.Analyze([]byte(a.Text)) {
				forms = append(forms, Form{string(tok.Term), tok.End - tok.Start})
			}
		}
		if len(forms) > 0 {
			clauses = append(clauses, forms)
		}
	}
	return clauses
}

// RewardForms raises the scores, in results, of the best FormCandidates
// by the share of clauses whose words their text holds in a form typed.
func RewardForms(results []Scored, clauses [][]Form, occ Occurrences) error {
	if len(clauses) == 0 || len(results) < 2 {
		return nil
	}
	places, rows := candidates(results, FormCandidates)
	held := make([]uint64, len(rows)) // held[i]: bit c, rows[i] holds clause c as typed (the first 64)
	for c, forms := range clauses[:min(64, len(clauses))] {
		for _, f := range forms {
			err := occ(f.Term, rows, func(i int, _ uint64, n int) {
				if n >= f.Len-FormSlack && n <= f.Len+FormSlack+possessive {
					held[i] |= 1 << c
				}
			})
			if err != nil {
				return err
			}
		}
	}
	for i := range rows {
		if k := mathbits.OnesCount64(held[i]); k > 0 {
			results[places[i]].Score *= 1 + FormBoost*float64(k)/float64(len(clauses))
		}
	}
	return nil
}

// Rerank is RewardForms, then RewardProximity, reading each term's places
// once: the best of the results by the forms are among the best before
// them, so both look at the same few posts. forms may be nil (no forms
// to reward).
func Rerank(results []Scored, forms [][]Form, clauses [][]string, occ Occurrences) error {
	_, rows := candidates(results, max(FormCandidates, ProximityCandidates))
	type place struct {
		pos uint64
		n   int
	}
	read := map[string][][]place{} // term -> its places in each of rows
	once := func(term string, want []int32, at func(int, uint64, int)) error {
		got, ok := read[term]
		if !ok {
			got = make([][]place, len(rows))
			if err := occ(term, rows, func(i int, pos uint64, n int) { got[i] = append(got[i], place{pos, n}) }); err != nil {
				return err
			}
			read[term] = got
		}
		// want is some of rows, in order; else (scores tied at the edge)
		// read it afresh.
		j := 0
		for _, r := range want {
			for j < len(rows) && rows[j] < r {
				j++
			}
			if j == len(rows) || rows[j] != r {
				return occ(term, want, at)
			}
		}
		j = 0
		for i, r := range want {
			for rows[j] < r {
				j++
			}
			for _, p := range got[j] {
				at(i, p.pos, p.n)
			}
		}
		return nil
	}
	if err := RewardForms(results, forms, once); err != nil {
		return err
	}
	return RewardProximity(results, clauses, once)
}

// Vocabulary is the archive's words before stemming (suggest.Vocab).
type Vocabulary interface {
	WithPrefix(prefix string, fn func(w []byte, n uint64) bool) error
}

// OnlyAsTyped says whether every word in vocab with the stem of one of p's
// words (as an analyzes them) is within FormSlack bytes of it as typed,
// so that any post with the stem holds it in a form typed, possessive or
// not (most words: not "access" with "accessibility", nor "work" with
// "working"); then the forms change no order among posts with every word.
// Prefixes, and stems with more than FormCandidates words to look at, are
// never.
func OnlyAsTyped(p querylang.Parsed, an analysis.Analyzer, vocab Vocabulary) bool {
	for _, c := range p.Must {
		for _, a := range c {
			if a.Prefix {
				return false
			}
			for _, tok := range an.Analyze([]byte(a.Text)) {
				stem, n := string(tok.Term), tok.End-tok.Start
				// A stem is a prefix of its words, but for y made i
				// ("happy", "happi").
				ok, seen := true, 0
				err := vocab.WithPrefix(strings.TrimSuffix(stem, "i"), func(w []byte, _ uint64) bool {
					if seen++; seen > FormCandidates {
						ok = false
					} else if (len(w) < n-FormSlack || len(w) > n+FormSlack) && prose.Stem(w) == stem {
						ok = false
					}
					return ok
				})
				if err != nil || !ok {
					return false
				}
			}
		}
	}
	return true
}
