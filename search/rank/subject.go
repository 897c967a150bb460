package rank

import (
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/highlight"
	"github.com/freerange/weeknotes/search/querylang"
)

// Posts on the same subject. When few posts have the query's words, those
// that do usually name the subject in the archive's own words: the one
// week that says "tracking ships with a TV tuner dongle" calls it AIS on
// SDR, as the other weeks of that project do. So the first page goes on
// with the posts that share the rarer words of the hits' matching
// sections: pseudo-relevance feedback, as RM3 does it, but from the
// sections that hold the query rather than whole posts, since a weeknote
// is about many things. The page names the words, so the reader sees why.
const (
	SubjectFrom     = 3    // the top hits whose sections give the words
	SubjectWordsMax = 6    // words searched for
	SubjectMinMatch = 2    // of the words, a post must share at least these
	SubjectMinScore = 0.15 // of the best such post's score: one scoring less shares only the weakest words
	subjectMinDF    = 2    // a word must be in this many posts to find any other
	subjectMaxShare = 0.05 // of the posts: a commoner word says little of a subject
	subjectMinUses  = 2    // times the sections use a word, when one hit gives them
)

// SubjectWord is one word of a subject: its term, how much it says of the
// subject (relative to the strongest word, 1), and the form the sections
// write it in most.
type SubjectWord struct {
	Term   string
	Word   string
	Weight float64
}

// SubjectWords picks the words that say most of what parts (the matching
// text of the best hits, best first; MatchingPart) are about: weighted by
// how much of each part they are and how rare in the archive (uses: the
// posts holding a term; total: all posts), not words of p, used in two
// parts or more (twice or more when there is one part), and in few enough
// posts to tell a subject. Strongest first; nil when fewer than
// SubjectMinMatch qualify, as nothing would then be searched.
func SubjectWords(an analysis.Analyzer, p querylang.Parsed, parts []string, uses func(term string) int, total int) []SubjectWord {
	asked := map[string]bool{}
	for _, c := range p.Must {
		for _, a := range c {
			for _, tok := range an.Analyze([]byte(a.Text)) {
				asked[string(tok.Term)] = true
			}
		}
	}
	maxDF := max(subjectMinDF, int(subjectMaxShare*float64(total)))
	weight := map[string]float64{}
	count := map[string]int{} // uses in all parts
	in := map[string]int{}    // parts using it
	forms := map[string]map[string]int{}
	df := map[string]int{}
	used := 0
	for _, part := range parts[:min(SubjectFrom, len(parts))] {
		toks := an.Analyze([]byte(part))
		if len(toks) == 0 {
			continue
		}
		used++
		tf := map[string]int{}
		for _, tok := range toks {
			term := string(tok.Term)
			if len(term) < 2 || asked[term] || digits(term) {
				continue
			}
			tf[term]++
			if w := wordAt(part, tok.Start); w != "" {
				if forms[term] == nil {
					forms[term] = map[string]int{}
				}
				forms[term][w]++
			}
		}
		for term, c := range tf {
			d, ok := df[term]
			if !ok {
				d = uses(term)
				df[term] = d
			}
			if d < subjectMinDF || d > maxDF {
				continue
			}
			weight[term] += float64(c) / float64(len(toks)) * math.Log(float64(total)/float64(d))
			count[term] += c
			in[term]++
		}
	}
	var terms []string
	for t := range weight {
		// A word of one part only, or said once, is as likely an aside
		// as the subject.
		if used > 1 && in[t] > 1 || used == 1 && count[t] >= subjectMinUses {
			terms = append(terms, t)
		}
	}
	sort.Slice(terms, func(i, j int) bool {
		if weight[terms[i]] != weight[terms[j]] {
			return weight[terms[i]] > weight[terms[j]]
		}
		return terms[i] < terms[j]
	})
	terms = terms[:min(SubjectWordsMax, len(terms))]
	if len(terms) < SubjectMinMatch {
		return nil
	}
	out := make([]SubjectWord, len(terms))
	for i, t := range terms {
		out[i] = SubjectWord{Term: t, Word: commonest(forms[t], t), Weight: weight[t] / weight[terms[0]]}
	}
	return out
}

// OnSubject is the best n of found (the posts the subject's words
// match, scored) that are not in shown and score at least
// SubjectMinScore of the best of those.
func OnSubject(found []Scored, shown map[int32]bool, n int, less func(a, b Scored) bool) []Scored {
	var rest []Scored
	best := 0.0
	for _, m := range found {
		if !shown[m.Row] {
			rest = append(rest, m)
			best = max(best, m.Score)
		}
	}
	rest = slices.DeleteFunc(rest, func(m Scored) bool { return m.Score < SubjectMinScore*best })
	return TopK(rest, n, less)
}

// MatchingPart is the part of a hit's text (as much as was read) that
// holds words of the query f finds: the sections that do, or all of it for
// a post without sections.
func MatchingPart(f *highlight.Finder, post *archive.Post, text string) string {
	if len(post.Sections) == 0 {
		return text
	}
	found := f.Find(text)
	var b strings.Builder
	if lead := min(post.Sections[0].Start, len(text)); lead > 0 {
		if _, n := found.Part(0, lead); n > 0 {
			b.WriteString(text[:lead])
			b.WriteByte('\n')
		}
	}
	for i, s := range post.Sections {
		if s.Start >= len(text) {
			break
		}
		end := len(text)
		if i+1 < len(post.Sections) {
			end = min(end, post.Sections[i+1].Start)
		}
		if _, n := found.Part(s.Start, end); n > 0 {
			b.WriteString(text[s.Start:end])
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// wordAt is the word of text that starts at start, as written.
func wordAt(text string, start int) string {
	end := start
	for end < len(text) {
		c, size := utf8.DecodeRuneInString(text[end:])
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) {
			break
		}
		end += size
	}
	return text[min(start, end):end]
}

// commonest is the form used most (on a tie the greater string, which
// puts "radio" over "Radio"), or term when there is none.
func commonest(forms map[string]int, term string) string {
	best, n := term, 0
	for w, c := range forms {
		if c > n || c == n && w > best {
			best, n = w, c
		}
	}
	return best
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
