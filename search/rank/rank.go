// Package rank orders what a search found: the matching posts beyond their
// BM25 scores, and the sections of each hit's post.
//
// Its contract. A match is a Scored (an accelerator row and its score);
// ranking only ever multiplies a score by a factor of 1 or more, or puts
// the post the query names first, so a post with every word never falls
// below one that lacks a factor it has. What raises a post:
//
//   - Bonus: the share of the query's clauses its title holds (up to
//     1+TitleBoost times), the share its section headings hold (up to
//     1+HeadingBoost more), each word in the form typed counting more than
//     another of its stem, and a post by a person the query names in full
//     (People), 1+PersonBoost times again. Computed per match, from the
//     accelerator's title and heading indexes, while Bleve collects.
//   - RewardForms: of the best FormCandidates, those whose text holds the
//     words in the forms typed, not only other words of their stems
//     ("accessibility", not "access"), from the term vectors' lengths.
//   - RewardProximity: of the best ProximityCandidates, those whose text
//     holds one word of each clause close together, from where the
//     index's term vectors place them.
//   - WithNamedPost: the post whose name the words spell (PostName) comes
//     first.
//
// Soft and Optional say which words of a query typed as a question need
// not match: the common ones, when it has three or more (soft.go).
//
// Sections picks, for a hit whose text highlight.Finder has searched, the
// sections that hold the most of the query. Nothing here reads the index
// itself: callers hand over what a ranking needs (rows, texts, the
// accelerator), so the rules are tested without Bleve.
package rank

import (
	"slices"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/freerange/weeknotes/search/accel"
	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/querylang"
)

// What ranking weighs besides BM25.
const (
	TitleBoost   = 3.0 // a post whose title holds every word scores 1+TitleBoost times as high
	HeadingBoost = 2.0 // and one whose headings hold them, 1+HeadingBoost more
	// PersonBoost: a post by a person whose full name the query holds
	// scores 1+PersonBoost times as high. People sign their notes with a
	// first name ("-- James"), so "james mead mocha" must find James's
	// Mocha posts by their author, not by the words.
	PersonBoost = 1.0
	// NameBoost: the post whose name the query spells ("introducing
	// harmonia", "introducing-harmonia") ranks first, NameBoost times the
	// best other score.
	NameBoost = 2.0
	// stemCredit: a title or heading that holds a clause only as another
	// word of its stem ("online access" for "accessibility") counts
	// stemCredit of one that holds it in the form typed.
	stemCredit = 0.5
	// FormSlack: a word counts as the form typed when its length is
	// within FormSlack bytes of the typed word's (an inflection: -s, -ed).
	FormSlack = 2
	// BM25B is BM25's length normalisation, b (Bleve's default 0.75),
	// which package search hands Bleve. A weeknote covers many things
	// under its headings, so a long one that mentions a subject a few
	// times is as much about it as a short one that mentions it once; at
	// 0.75 short posts took the first places ("coworking space", "coop",
	// "how do we do code review"). 0.5 gained on seven needs of the
	// graded suite and lost on three; 0.6 gained nothing, 0.4 a little
	// more but lost on four, 0.3 and below lost on seven or more. k1
	// stays Bleve's 1.2 (0.6 to 2.0 measured no better with b 0.5).
	BM25B = 0.5
)

// Scored is one match: an accelerator row and its relevance.
type Scored struct {
	Row   int32
	Score float64
}

// TopK returns the k least elements of s by less, sorted.
func TopK(s []Scored, k int, less func(a, b Scored) bool) []Scored {
	places := TopPlaces(len(s), k, func(i, j int) bool { return less(s[i], s[j]) })
	out := make([]Scored, len(places))
	for i, p := range places {
		out[i] = s[p]
	}
	return out
}

// TopPlaces returns the places 0..n-1 of the k least by less (which
// compares two places), sorted by less: a heap of k places, so choosing
// the best 20 of 100,000 matches costs no copy of them.
func TopPlaces(n, k int, less func(i, j int) bool) []int {
	k = min(k, n)
	if k <= 0 {
		return nil
	}
	// A max-heap (by less) of the k best places seen so far.
	h := make([]int, k)
	for i := range h {
		h[i] = i
	}
	down := func(i int) {
		for {
			l, m := 2*i+1, i
			if l < len(h) && less(h[m], h[l]) {
				m = l
			}
			if r := l + 1; r < len(h) && less(h[m], h[r]) {
				m = r
			}
			if m == i {
				return
			}
			h[i], h[m] = h[m], h[i]
			i = m
		}
	}
	for i := k/2 - 1; i >= 0; i-- {
		down(i)
	}
	for x := k; x < n; x++ {
		if less(x, h[0]) {
			h[0] = x
			down(0)
		}
	}
	sort.Slice(h, func(i, j int) bool { return less(h[i], h[j]) })
	return h
}

// byScore orders matches best first.
func byScore(a, b Scored) bool { return a.Score > b.Score }

// Person is a person whose full name the query spells as plain words:
// Must[From:To].
type Person struct {
	From, To int
	ID       int32 // the author value id
	Slug     string
	Label    string
}

// People finds the authors whose full names (two words or more, so a bare
// "chris" names no one) the query's words spell, in order.
func People(p querylang.Parsed, authors *accel.Dict) []Person {
	plain := func(c querylang.Clause) (string, bool) {
		if len(c) != 1 || c[0].Phrase || c[0].Prefix {
			return "", false
		}
		return strings.ToLower(c[0].Text), true
	}
	var out []Person
	for i := 0; i < len(p.Must); i++ {
		for id, label := range authors.Labels {
			words := strings.Fields(strings.ToLower(label))
			if len(words) < 2 || i+len(words) > len(p.Must) {
				continue
			}
			match := true
			for k, w := range words {
				if t, ok := plain(p.Must[i+k]); !ok || t != w {
					match = false
					break
				}
			}
			if match {
				out = append(out, Person{From: i, To: i + len(words), ID: int32(id), Slug: authors.Slugs[id], Label: label})
				i += len(words) - 1
				break
			}
		}
	}
	return out
}

// PostName is the name of the post the query's words spell, joined by
// hyphens ("introducing harmonia" or "introducing-harmonia"); false when
// they spell no name (one word, a prefix, an exclusion).
func PostName(p querylang.Parsed) (string, bool) {
	if len(p.Must) == 0 || len(p.Exclude) > 0 {
		return "", false
	}
	words := make([]string, 0, len(p.Must))
	for _, c := range p.Must {
		if len(c) != 1 || c[0].Prefix {
			return "", false
		}
		words = append(words, c[0].Text)
	}
	name := archive.Slug(strings.Join(words, " "))
	if !strings.Contains(name, "-") {
		return "", false // one word: a name like "week" is no way to ask for a post
	}
	return name, true
}

// WithNamedPost puts the named post first among the matches: above the
// best score, in the part that holds it or, if the words don't match it,
// into the first part at its row's place (parts are in row order).
func WithNamedPost(parts [][]Scored, row int32) [][]Scored {
	best := 0.0
	for _, part := range parts {
		for _, m := range part {
			best = max(best, m.Score)
		}
	}
	score := max(best*NameBoost, 1)
	for _, part := range parts {
		for i := range part {
			if part[i].Row == row {
				part[i].Score = max(best*NameBoost, part[i].Score)
				return parts
			}
		}
	}
	if len(parts) == 0 {
		return [][]Scored{{{Row: row, Score: score}}}
	}
	i, _ := slices.BinarySearchFunc(parts[0], row, func(m Scored, r int32) int { return int(m.Row - r) })
	parts[0] = slices.Insert(parts[0], i, Scored{Row: row, Score: score})
	return parts
}

// Nearly is the best n of loose (a superset of strict) that are not in
// strict, by score.
func Nearly(strict, loose []Scored, n int) []Scored {
	if n <= 0 {
		return nil
	}
	in := make(map[int32]bool, len(strict))
	for _, m := range strict {
		in[m.Row] = true
	}
	var rest []Scored
	for _, m := range loose {
		if !in[m.Row] {
			rest = append(rest, m)
		}
	}
	return TopK(rest, n, byScore)
}

// Bonus weighs a match by how much of the query its title holds: with
// every clause in the title, a post scores 1+TitleBoost times its BM25
// score, so "Using Kamal to deploy" ranks above weeks that mention Kamal.
// Each clause becomes a bitset of the rows whose titles satisfy it, from
// the table's inverted index of title terms.
//
// Headings count too, less: with every clause in the post's section
// headings, 1+HeadingBoost times ("James M - Raspberry Pi monitoring"
// above posts where "monitor" is a screen). A clause counts fully where a
// word of it stands in the form typed, and stemCredit where only another
// word of its stem does.
//
// The people the query names (People) add their own weight: a post of
// theirs scores 1+PersonBoost times as high again.
type Bonus struct {
	clauses  []credit
	headings []credit // the same for heading words
	t        *accel.Table
	authors  []int32 // value ids of the people named
}

// credit is, for one clause, the rows whose title (or headings) holds a
// word of it in the form typed, and those that hold another word of its
// stem.
type credit struct{ form, stem []uint64 }

// of is how much of the clause row's title holds: 1 the form typed,
// stemCredit another word of its stem, else 0.
func (c credit) of(row int32) float64 {
	switch {
	case c.form[row/64]&(1<<(row%64)) != 0:
		return 1
	case c.stem[row/64]&(1<<(row%64)) != 0:
		return stemCredit
	}
	return 0
}

// NewBonus is the bonus of the query p, whose words an analyzes as the
// index did, over the table t.
func NewBonus(t *accel.Table, an analysis.Analyzer, p querylang.Parsed, people []Person) Bonus {
	b := Bonus{t: t}
	for _, n := range people {
		b.authors = append(b.authors, n.ID)
	}
	words := (len(t.Rows) + 63) / 64
	for _, c := range p.Must {
		title := credit{make([]uint64, words), make([]uint64, words)}
		heads := credit{make([]uint64, words), make([]uint64, words)}
		add := func(into []uint64, rows []int32) {
			for _, r := range rows {
				into[r/64] |= 1 << (r % 64)
			}
		}
		any := false
		for _, a := range c {
			if a.Prefix {
				pre := strings.ToLower(a.Text)
				i, _ := slices.BinarySearch(t.TitleWords, pre)
				for ; i < len(t.TitleWords) && strings.HasPrefix(t.TitleWords[i], pre); i++ {
					add(title.form, t.TitleIndex[t.TitleWords[i]])
				}
				any = true
				continue
			}
			for _, tok := range an.Analyze([]byte(a.Text)) {
				term, n := string(tok.Term), tok.End-tok.Start
				add(title.stem, t.TitleIndex[term])
				add(heads.stem, t.HeadingIndex[term])
				// The form typed, give or take an ending: "decision"
				// for "decisions", not "access" for "accessibility".
				for k := max(1, n-FormSlack); k <= n+FormSlack; k++ {
					add(title.form, t.TitleForms[accel.Form(term, k)])
					add(heads.form, t.HeadingForms[accel.Form(term, k)])
				}
				any = true
			}
		}
		if any {
			b.clauses = append(b.clauses, title)
			b.headings = append(b.headings, heads)
		}
	}
	return b
}

// Of is the factor row's score is multiplied by; 1 for the zero Bonus.
func (b Bonus) Of(row int32) float64 {
	f := 1.0
	if len(b.clauses) > 0 {
		in := 0.0
		for _, c := range b.clauses {
			in += c.of(row)
		}
		f += TitleBoost * in / float64(len(b.clauses))
		in = 0
		for _, c := range b.headings {
			in += c.of(row)
		}
		f += HeadingBoost * in / float64(len(b.headings))
	}
	for _, a := range b.authors {
		if slices.Contains(b.t.Values(row, archive.FacetAuthor), a) {
			f *= 1 + PersonBoost
		}
	}
	return f
}
