package search

import (
	"net/url"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/querylang"
)

// fuzziness is how far a word may be from a correction: none under four
// letters, 1 up to seven, 2 beyond.
func fuzziness(word string) int {
	switch n := utf8.RuneCountInString(word); {
	case n < 4:
		return 0
	case n <= 7:
		return 1
	}
	return 2
}

// correct replaces each word that matches nothing or very little with the
// word of the archive's own vocabulary (words.fst: lower-cased, not
// stemmed) within fuzziness that most posts use. "Very little" is two posts
// or fewer, and only counts when few is set (the query found next to
// nothing): a rare word that finds what was asked for is left alone.
// changed is false when no word needed it. The words share one
// correctionBudget, in the order typed: once it is spent, the rest keep
// their spelling.
func (ix *Index) correct(p querylang.Parsed, few bool) (querylang.Parsed, bool, error) {
	if len(p.Must) == 0 {
		return p, false, nil
	}
	var must []querylang.Clause
	changed := false
	b := budget{left: correctionBudget}
	for _, c := range p.Must {
		nc := make(querylang.Clause, len(c))
		copy(nc, c)
		for i, a := range c {
			if a.Phrase || a.Prefix || b.left == 0 {
				continue
			}
			word := strings.ToLower(a.Text)
			dist := fuzziness(word)
			if dist == 0 || !isOneWord(word) {
				continue
			}
			// A stop word ("would") is not in the vocabulary, and searches
			// ignore it: it is not a typo for a word that is ("world").
			if len(ix.analyzer().Analyze([]byte(word))) == 0 {
				continue
			}
			have := ix.vocab.count(word)
			if have > 2 || have > 0 && !few {
				continue
			}
			best, bestCount, ok, err := ix.vocab.nearest(word, dist, &b)
			if err != nil {
				return p, false, err
			}
			if ok && best != "" && bestCount >= 2 && bestCount > 3*have {
				nc[i] = querylang.Atom{Text: best}
				changed = true
			}
		}
		must = append(must, nc)
	}
	return p.WithMust(must), changed, nil
}

func isOneWord(w string) bool {
	return w != "" && !strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// TypedFilters are the filters typed in the query box.
func (r Request) TypedFilters() []querylang.Filter { return r.parsed.Filters }

// nearestTopicsBudget bounds NearestTopics' typo matching, in cells of the
// edit-distance table (a few hundred microseconds): a query of 32 made-up
// words against every topic label would otherwise take ten milliseconds.
// Exact and prefix matches are not counted and always found.
const nearestTopicsBudget = 100_000

// NearestTopics are up to n topics whose labels share a word with text, or
// come within a typo of one, most used first: somewhere to go when nothing
// matches. Typos are looked for within nearestTopicsBudget.
func (ix *Index) NearestTopics(text string, n int) []archive.Term {
	type word struct {
		text  string
		runes []rune
		fuzz  int
	}
	var words []word
	for _, w := range strings.Fields(strings.ToLower(text)) {
		words = append(words, word{w, []rune(w), fuzziness(w)})
	}
	b := budget{left: nearestTopicsBudget}
	var lr []rune
	d := &ix.table.dicts[archive.FacetTopic]
	type cand struct {
		id    int
		score int
	}
	var cands []cand
	for id, label := range d.labels {
		score := 0
		for _, lw := range strings.Fields(strings.ToLower(label)) {
			lr = lr[:0]
			for _, w := range words {
				switch {
				case lw == w.text:
					score += 3
				case len(w.text) >= 3 && strings.HasPrefix(lw, w.text):
					score += 2
				case len(w.text) >= 4 && b.left > 0:
					if len(lr) == 0 {
						lr = appendRunes(lr, lw)
					}
					if editDistanceAtMost(lr, w.runes, w.fuzz, &b) {
						score++
					}
				}
			}
		}
		if score > 0 {
			cands = append(cands, cand{id, score})
		}
	}
	uses := ix.table.topicUses()
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].score != cands[j].score {
			return cands[i].score > cands[j].score
		}
		return uses[cands[i].id] > uses[cands[j].id]
	})
	var out []archive.Term
	for i := 0; i < len(cands) && i < n; i++ {
		out = append(out, archive.Term{Slug: d.slugs[cands[i].id], Label: d.labels[cands[i].id]})
	}
	return out
}

// editDistanceAtMost says whether ra and rb are within k edits
// (Levenshtein), charging the comparison and each row of the table it works
// out to bud: false once bud is spent. It stops at the first row with every
// cell over k.
func editDistanceAtMost(ra, rb []rune, k int, bud *budget) bool {
	if !bud.spend(1) {
		return false
	}
	if d := len(ra) - len(rb); d > k || -d > k {
		return false
	}
	var bufRows [2][33]int
	prev, cur := bufRows[0][:0], bufRows[1][:0]
	if len(rb)+1 > len(bufRows[0]) {
		prev, cur = make([]int, 0, len(rb)+1), make([]int, 0, len(rb)+1)
	}
	prev, cur = prev[:len(rb)+1], cur[:len(rb)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		if !bud.spend(len(rb) + 1) {
			return false
		}
		cur[0] = i
		least := i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			least = min(least, cur[j])
		}
		if least > k {
			return false
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)] <= k
}

func appendRunes(dst []rune, s string) []rune {
	for _, r := range s {
		dst = append(dst, r)
	}
	return dst
}

// SuggestItem is one suggestion under the search box.
type SuggestItem struct {
	Kind  string `json:"kind"` // query, post, topic, person, project
	Label string `json:"label"`
	URL   string `json:"url"`
	Count int    `json:"count,omitempty"`
}

// Suggest offers, for what has been typed so far: completions of the word
// being typed (from the archive's own words, most used first), then posts
// whose titles, and topics, people and projects whose names, contain it.
func (ix *Index) Suggest(typed string, n int) []SuggestItem {
	typed = strings.TrimLeft(typed, " ")
	if strings.TrimSpace(typed) == "" || n <= 0 {
		return []SuggestItem{}
	}
	out := []SuggestItem{}
	lower := strings.ToLower(strings.TrimSpace(typed))
	// Completions of the last word, unless it is finished (a space typed).
	if !strings.HasSuffix(typed, " ") {
		head, last := "", lower
		if i := strings.LastIndexByte(lower, ' '); i >= 0 {
			head, last = typed[:i+1], lower[i+1:]
		}
		if isOneWord(last) && len(last) >= 2 {
			for _, c := range ix.completions(last, 4) {
				q := head + c.Term
				out = append(out, SuggestItem{Kind: "query", Label: q, URL: "/search?q=" + url.QueryEscape(q), Count: int(c.Count)})
			}
		}
	}
	add := func(kind string, f archive.Facet, urlFor func(slug string) string) {
		d := &ix.table.dicts[f]
		for id, label := range d.labels {
			if startsAWord(strings.ToLower(label), lower) {
				out = append(out, SuggestItem{Kind: kind, Label: label, URL: urlFor(d.slugs[id])})
			}
		}
	}
	add("person", archive.FacetAuthor, func(s string) string { return "/search?author=" + url.QueryEscape(s) })
	add("project", archive.FacetProject, func(s string) string { return "/search?project=" + url.QueryEscape(s) })
	add("topic", archive.FacetTopic, func(s string) string { return "/search?topic=" + url.QueryEscape(s) })
	for _, row := range ix.table.rows {
		if len(out) >= n+4 {
			break
		}
		if startsAWord(strings.ToLower(row.Title), lower) {
			out = append(out, SuggestItem{Kind: "post", Label: row.Title, URL: row.URL()})
		}
	}
	if len(out) > n {
		out = out[:n]
	}
	return out
}

type completion struct {
	Term  string
	Count uint64
}

// completions are the k most used words of the archive that start with
// prefix.
func (ix *Index) completions(prefix string, k int) []completion {
	var all []completion
	_ = ix.vocab.withPrefix(prefix, func(w string, n uint64) {
		all = append(all, completion{w, n})
	})
	sort.Slice(all, func(i, j int) bool {
		if all[i].Count != all[j].Count {
			return all[i].Count > all[j].Count
		}
		return all[i].Term < all[j].Term
	})
	if len(all) > k {
		all = all[:k]
	}
	return all
}

// startsAWord says whether s has a word beginning with prefix: "cotech"
// for "CoTech retreat" and "retr", not "shared" for "red".
func startsAWord(s, prefix string) bool {
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], prefix)
		if j < 0 {
			return false
		}
		at := i + j
		if at == 0 || !isWordByte(s[at-1]) {
			return true
		}
		i = at + 1
	}
	return false
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 0x80
}
