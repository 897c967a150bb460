// Package suggest offers what to search for next: "did you mean"
// corrections of a query's misspelt words, completions and names under the
// search box as someone types, and the topics nearest a query that matched
// nothing.
//
// Its contract: suggestions are drawn only from what it is handed, a
// Vocab (the archive's words and how many posts use each), an Archive
// (one snapshot's people, projects, topics and post titles) and a Searcher
// (the searches a completion leads to), and say what they point at by kind
// and slug; links are the caller's to make. A completion is a whole query
// that finds posts, and the number it says is what a search for it finds.
// Spelling work and the text read for phrases are bounded per call by
// counted budgets (correctionBudget, nearestTopicsBudget, phraseBudget),
// never by a clock, so a query of made-up words costs about a millisecond
// more than a normal one; what a budget leaves unexplored is left as
// typed. Corrections are memoised per Vocab, and a remembered answer is
// charged what finding it cost, so whether a word is corrected never
// depends on what was asked before.
package suggest

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/freerange/weeknotes/search/analysis"
	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/querylang"
)

// Archive is what suggestions draw on besides the vocabulary: one snapshot
// of the archive's names and titles.
type Archive interface {
	// Values are the values of facet f: their slugs and labels, by id.
	Values(f archive.Facet) (slugs, labels []string)
	// Uses counts the posts of each value of facet f, by id.
	Uses(f archive.Facet) []int
	// Titles calls yield with each post's name and title, in the
	// archive's order, until yield returns false.
	Titles(yield func(name, title string) bool)
}

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

// Correct replaces each word of p that no post uses with the word of the
// archive's own vocabulary v (spellings folded, lower-cased, not stemmed)
// within fuzziness that most posts use. A word some post uses is never
// replaced, however rare ("shaving" is not a typo of "sharing"): it is in
// v as typed, or its terms are (analysis.VocabularyTerms: "Visualisation's"
// is "visualization"). A word absent from v is replaced even when its stem
// matches posts: "accessability" stems to "access", as "accessibility"
// does, and is still a typo. Stop words are left alone too. changed is
// false when no word needed it. The words share one correctionBudget, in
// the order typed: once it is spent, the rest keep their spelling.
func Correct(v *Vocab, p querylang.Parsed) (corrected querylang.Parsed, changed bool, err error) {
	if len(p.Must) == 0 {
		return p, false, nil
	}
	var must []querylang.Clause
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
			if dist == 0 || !isOneWord(word) || inVocabulary(v, word) {
				continue
			}
			best, _, ok, err := v.nearest(word, dist, &b)
			if err != nil {
				return p, false, err
			}
			if ok && best != "" {
				nc[i] = querylang.Atom{Text: best}
				changed = true
			}
		}
		must = append(must, nc)
	}
	return p.WithMust(must), changed, nil
}

// inVocabulary says whether some post uses word: as typed, as the
// vocabulary has its terms, or as an inflection of them with the same stem
// ("colors" for "color", "visualization" for "visualizations": a word the
// posts happen not to inflect that way is no typo). A stop word (no terms:
// searches ignore it, so "would" is not a typo of "world") counts as used.
func inVocabulary(v *Vocab, word string) bool {
	if v.count(word) > 0 {
		return true
	}
	for _, t := range analysis.VocabularyTerms(word) {
		if v.count(t) == 0 && !inflectionUsed(v, t) {
			return false
		}
	}
	return true
}

// inflectionUsed says whether some post uses term with an inflection
// added or taken away (-s, -es, -ed, -ing) and the same stem.
func inflectionUsed(v *Vocab, term string) bool {
	var forms []string
	for _, suffix := range []string{"s", "es", "ed", "ing"} {
		forms = append(forms, term+suffix)
		if base, ok := strings.CutSuffix(term, suffix); ok && base != "" {
			forms = append(forms, base, base+"e")
		}
	}
	for _, suffix := range []string{"ies", "ied"} {
		if base, ok := strings.CutSuffix(term, suffix); ok && base != "" {
			forms = append(forms, base+"y")
		}
	}
	stem := ""
	for _, f := range forms {
		if v.count(f) == 0 {
			continue
		}
		if stem == "" {
			stem = stemOf(term)
		}
		if stemOf(f) == stem {
			return true
		}
	}
	return false
}

// stemOf is the index's term for one vocabulary word.
func stemOf(word string) string {
	tokens := analysis.Prose().Analyze([]byte(word))
	if len(tokens) != 1 {
		return ""
	}
	return string(tokens[0].Term)
}

func isOneWord(w string) bool {
	return w != "" && !strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// nearestTopicsBudget bounds NearestTopics' typo matching, in cells of the
// edit-distance table (a few hundred microseconds): a query of 32 made-up
// words against every topic label would otherwise take ten milliseconds.
// Exact and prefix matches are not counted and always found.
const nearestTopicsBudget = 100_000

// NearestTopics are up to n of a's topics whose labels share a word with
// text, or come within a typo of one, most used first: somewhere to go when
// nothing matches. Typos are looked for within nearestTopicsBudget.
func NearestTopics(a Archive, text string, n int) []archive.Term {
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
	slugs, labels := a.Values(archive.FacetTopic)
	type cand struct {
		id    int
		score int
	}
	var cands []cand
	for id, label := range labels {
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
	uses := a.Uses(archive.FacetTopic)
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].score != cands[j].score {
			return cands[i].score > cands[j].score
		}
		return uses[cands[i].id] > uses[cands[j].id]
	})
	var out []archive.Term
	for i := 0; i < len(cands) && i < n; i++ {
		out = append(out, archive.Term{Slug: slugs[cands[i].id], Label: labels[cands[i].id]})
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

// Kind is what a suggestion points at.
type Kind string

// The kinds of suggestion.
const (
	KindQuery   Kind = "query"   // a search: Label is the query
	KindPost    Kind = "post"    // a post: Slug is its name
	KindTopic   Kind = "topic"   // a topic: Slug is its slug
	KindPerson  Kind = "person"  // a person (an author): Slug is their slug
	KindProject Kind = "project" // a project: Slug is its slug
	KindYear    Kind = "year"    // a year: Slug is the year
	KindMonth   Kind = "month"   // a month: Slug is YYYY-MM
	KindKind    Kind = "kind"    // a kind of post: Slug is the kind
)

// Item is one suggestion under the search box.
type Item struct {
	Kind  Kind
	Label string
	Slug  string // the post's name or the value's slug; "" for a query
	// Query, for a value, is the whole query it leads to, what was typed
	// before it and all, with the value as a filter ("redis
	// author:chris-roos"): a completed filter, or a year typed as a word.
	// "" for a value alone: its posts.
	Query string
	// Count is the posts a search for it finds: the query, the value's
	// Query, or the value alone; 0 for a post.
	Count int
}

// filterKinds are the filters whose values complete (author:chr), and
// the kind of suggestion each value is.
var filterKinds = map[string]struct {
	facet archive.Facet
	kind  Kind
}{
	"author":  {archive.FacetAuthor, KindPerson},
	"project": {archive.FacetProject, KindProject},
	"topic":   {archive.FacetTopic, KindTopic},
	"year":    {archive.FacetYear, KindYear},
	"month":   {archive.FacetMonth, KindMonth},
	"kind":    {archive.FacetKind, KindKind},
}

// Suggest offers, for what has been typed so far, up to n of: when the
// word being typed is a filter (author:chr), the filter's values that
// start with what follows the colon, as whole queries; when it is a year
// of the archive, that year; completions of the word into whole queries
// that find posts (see completeWord: s counts them); then people,
// projects and topics of a whose names, and posts whose titles, have a
// word that starts with it. People, projects and topics come most used
// first, each with its posts.
func Suggest(v *Vocab, a Archive, s Searcher, typed string, n int) ([]Item, error) {
	typed = strings.TrimLeft(typed, " ")
	if strings.TrimSpace(typed) == "" || n <= 0 {
		return []Item{}, nil
	}
	out := []Item{}
	lower := strings.ToLower(strings.TrimSpace(typed))
	head, last := "", lower
	if i := strings.LastIndexByte(lower, ' '); i >= 0 {
		head, last = typed[:i+1], lower[i+1:]
	}
	finished := strings.HasSuffix(typed, " ")
	if field, value, ok := strings.Cut(last, ":"); ok && !finished {
		if fk, ok := filterKinds[field]; ok {
			return filterValues(a, s, head, field, value, fk.facet, fk.kind, n)
		}
	}
	if !finished && querylang.ValidYear(last) {
		item, err := yearOf(a, s, head, last)
		if err != nil {
			return nil, err
		}
		if item.Count > 0 {
			out = append(out, item)
		}
	}
	// Completions of the last word, unless it is finished (a space typed).
	if !finished && isOneWord(last) {
		items, err := completeWord(v, s, head, last)
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
	}
	add := func(kind Kind, f archive.Facet) {
		slugs, labels := a.Values(f)
		uses := a.Uses(f)
		from := len(out)
		for id, label := range labels {
			if startsAWordFold(label, lower) {
				out = append(out, Item{Kind: kind, Label: label, Slug: slugs[id], Count: uses[id]})
			}
		}
		byUse(out[from:])
	}
	add(KindPerson, archive.FacetAuthor)
	add(KindProject, archive.FacetProject)
	add(KindTopic, archive.FacetTopic)
	a.Titles(func(name, title string) bool {
		if len(out) >= n+4 {
			return false
		}
		if startsAWordFold(title, lower) {
			out = append(out, Item{Kind: KindPost, Label: title, Slug: name})
		}
		return true
	})
	if len(out) > n {
		out = out[:n]
	}
	return out, nil
}

// byUse orders items by their posts, most first, and then as they were.
func byUse(items []Item) {
	sort.SliceStable(items, func(i, j int) bool { return items[i].Count > items[j].Count })
}

// filterValuesCounted bounds the searches a filter's completion makes.
const filterValuesCounted = 8

// filterValues completes a filter being typed, field:prefix after head:
// up to n values of facet f whose slug starts with prefix, or whose label
// has a word that does, most used first (years and months newest first,
// their slugs sorting as dates), each as the whole query with the
// value as a filter, and the posts it finds (none that finds nothing).
// An empty prefix offers the most used values.
func filterValues(a Archive, s Searcher, head, field, prefix string, f archive.Facet, kind Kind, n int) ([]Item, error) {
	prefix = strings.TrimLeft(prefix, `"`)
	slugs, labels := a.Values(f)
	uses := a.Uses(f)
	var cands []Item
	for id, slug := range slugs {
		if prefix == "" || strings.HasPrefix(slug, prefix) || startsAWordFold(labels[id], prefix) {
			cands = append(cands, Item{Kind: kind, Label: labels[id], Slug: slug, Query: head + field + ":" + slug, Count: uses[id]})
		}
	}
	dated := f == archive.FacetYear || f == archive.FacetMonth
	if dated {
		// The newest first: the slugs sort as dates do. A dictionary keeps
		// its values in the order the archive met them, so sort here.
		slices.SortFunc(cands, func(x, y Item) int { return strings.Compare(y.Slug, x.Slug) })
	} else {
		byUse(cands)
	}
	out := []Item{}
	for _, c := range cands[:min(len(cands), filterValuesCounted)] {
		if strings.TrimSpace(head) != "" { // the value alone finds its uses
			count, err := s.Count(c.Query)
			if err != nil {
				return nil, err
			}
			c.Count = count
		}
		if c.Count > 0 {
			out = append(out, c)
		}
	}
	if !dated {
		byUse(out)
	}
	return out[:min(len(out), n)], nil
}

// yearOf is the year typed as a word after head, as a filter of the
// query head makes; Count is 0 when the archive has no such year or the
// query with it finds nothing.
func yearOf(a Archive, s Searcher, head, year string) (Item, error) {
	slugs, _ := a.Values(archive.FacetYear)
	id := slices.Index(slugs, year)
	if id < 0 {
		return Item{}, nil
	}
	item := Item{Kind: KindYear, Label: year, Slug: year, Query: head + "year:" + year, Count: a.Uses(archive.FacetYear)[id]}
	if strings.TrimSpace(head) != "" {
		n, err := s.Count(item.Query)
		if err != nil {
			return Item{}, err
		}
		item.Count = n
	}
	return item, nil
}

type completion struct {
	Term  string
	Count uint64
}

// completions are the k most used words of v that start with prefix
// (ties in byte order), and how many words do. A short prefix starts
// thousands: the best k are kept as they come, not all sorted.
func completions(v *Vocab, prefix string, k int) ([]completion, int) {
	better := func(a, b completion) bool { return a.Count > b.Count || a.Count == b.Count && a.Term < b.Term }
	top := make([]completion, 0, k+1)
	n := 0
	_ = v.withPrefix(prefix, func(w []byte, count uint64) {
		n++
		if len(top) == k && (count < top[k-1].Count || count == top[k-1].Count && string(w) > top[k-1].Term) {
			return
		}
		c := completion{string(w), count}
		at := len(top)
		for at > 0 && better(c, top[at-1]) {
			at--
		}
		top = slices.Insert(top, at, c)
		if len(top) > k {
			top = top[:k]
		}
	})
	return top, n
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

// startsAWordFold is startsAWord(strings.ToLower(s), prefix) without
// lower-casing an ASCII s: the search box asks it of every label and
// title at each pause in typing.
func startsAWordFold(s, prefix string) bool {
	for i := range len(s) {
		if s[i] >= utf8.RuneSelf {
			return startsAWord(strings.ToLower(s), prefix)
		}
	}
	for i := 0; i+len(prefix) <= len(s); i++ {
		if (i == 0 || !isWordByte(lowerByte(s[i-1]))) && hasPrefixFold(s[i:], prefix) {
			return true
		}
	}
	return false
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 0x80
}
