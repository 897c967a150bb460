package search

import (
	"slices"
	"strings"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/highlight"
	"github.com/freerange/weeknotes/search/querylang"
	"github.com/freerange/weeknotes/search/store/schema"
)

// What ranking weighs besides BM25 and the title (titleBonus).
const (
	// personBoost: a post by a person whose full name the query holds
	// scores 1+personBoost times as high. People sign their notes with a
	// first name ("-- James"), so "james mead mocha" must find James's
	// Mocha posts by their author, not by the words.
	personBoost = 1.0
	// nameBoost: the post whose name the query spells ("introducing
	// harmonia", "introducing-harmonia") ranks first, nameBoost times the
	// best other score.
	nameBoost = 2.0
)

// named is a person whose full name the query spells as plain words:
// Must[from:to].
type named struct {
	from, to int
	id       int32 // the author value id
	slug     string
	label    string
}

// peopleNamed finds the authors whose full names (two words or more, so a
// bare "chris" names no one) the query's words spell, in order.
func (ix *Index) peopleNamed(p querylang.Parsed) []named {
	plain := func(c querylang.Clause) (string, bool) {
		if len(c) != 1 || c[0].Phrase || c[0].Prefix {
			return "", false
		}
		return strings.ToLower(c[0].Text), true
	}
	d := ix.table.Dicts[archive.FacetAuthor]
	var out []named
	for i := 0; i < len(p.Must); i++ {
		for id, label := range d.Labels {
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
				out = append(out, named{from: i, to: i + len(words), id: int32(id), slug: d.Slugs[id], label: label})
				i += len(words) - 1
				break
			}
		}
	}
	return out
}

// personQuery is what the words of a named person match: the name in the
// text, or a post of theirs.
func (ix *Index) personQuery(p querylang.Parsed, n named) query.Query {
	var words []query.Query
	for _, c := range p.Must[n.from:n.to] {
		if q := ix.atomQuery(c[0]); q != nil {
			words = append(words, q)
		}
	}
	author := query.NewTermQuery(n.slug)
	author.SetField(schema.FieldAuthor)
	if len(words) == 0 {
		return author
	}
	return query.NewDisjunctionQuery([]query.Query{query.NewConjunctionQuery(words), author})
}

// namedPost is the row of the post whose name the query's words spell,
// joined by hyphens ("introducing harmonia" or "introducing-harmonia").
func (ix *Index) namedPost(p querylang.Parsed) (int32, bool) {
	if len(p.Must) == 0 || len(p.Exclude) > 0 {
		return 0, false
	}
	words := make([]string, 0, len(p.Must))
	for _, c := range p.Must {
		if len(c) != 1 || c[0].Prefix {
			return 0, false
		}
		words = append(words, c[0].Text)
	}
	name := archive.Slug(strings.Join(words, " "))
	if !strings.Contains(name, "-") {
		return 0, false // one word: a name like "week" is no way to ask for a post
	}
	return ix.Row(name)
}

// withNamedPost puts the named post first among the matches: above the
// best score, in the part that holds it or, if the words don't match it,
// into the first part at its row's place (parts are in row order).
func withNamedPost(parts [][]scored, row int32) [][]scored {
	best := 0.0
	for _, part := range parts {
		for _, m := range part {
			best = max(best, m.score)
		}
	}
	score := max(best*nameBoost, 1)
	for _, part := range parts {
		for i := range part {
			if part[i].row == row {
				part[i].score = max(best*nameBoost, part[i].score)
				return parts
			}
		}
	}
	if len(parts) == 0 {
		return [][]scored{{{row: row, score: score}}}
	}
	i, _ := slices.BinarySearchFunc(parts[0], row, func(m scored, r int32) int { return int(m.row - r) })
	parts[0] = slices.Insert(parts[0], i, scored{row: row, score: score})
	return parts
}

// nearlyMatching is the best n of loose (a superset of strict) that are
// not in strict, by score.
func nearlyMatching(strict, loose []scored, n int) []scored {
	if n <= 0 {
		return nil
	}
	in := make(map[int32]bool, len(strict))
	for _, m := range strict {
		in[m.row] = true
	}
	var rest []scored
	for _, m := range loose {
		if !in[m.row] {
			rest = append(rest, m)
		}
	}
	return topK(rest, n, func(a, b scored) bool { return a.score > b.score })
}

// Proximity: the posts where the query's words stand together rank above
// those where they are pages apart ("how do we do code review" is about
// code review, not a Code Club post that reviews something). Only the
// best proximityCandidates by score are read, each up to
// highlight.MaxScan bytes, so the cost is bounded whatever the archive.
const (
	proximityBoost      = 1.0 // the words side by side: 1+proximityBoost times the score
	proximityCandidates = 10
)

// rewardProximity raises the scores, in results, of the top candidates
// whose text holds one of each clause's words close together.
func (ix *Index) rewardProximity(results []scored, p querylang.Parsed) {
	// Each clause's terms: plain words only (a phrase is already together).
	var clauses [][]string
	for _, c := range p.Must {
		var terms []string
		for _, a := range c {
			if a.Phrase || a.Prefix {
				continue
			}
			for _, tok := range ix.analyzer().Analyze([]byte(a.Text)) {
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
	top := topK(results, proximityCandidates, func(a, b scored) bool { return a.score > b.score })
	boost := make(map[int32]float64, len(top))
	var buf []byte
	for _, m := range top {
		var text string
		var err error
		text, buf, err = ix.ReadText(m.row, highlight.MaxScan, buf)
		if err != nil {
			continue
		}
		title := ix.At(m.row).Title
		if w := window(ix.analyzer().Analyze([]byte(title+"\n\n"+text)), clauses); w > 0 {
			// w is len(clauses) when the words stand side by side.
			boost[m.row] = 1 + proximityBoost*float64(len(clauses))/float64(w)
		}
	}
	for i := range results {
		if b, ok := boost[results[i].row]; ok {
			results[i].score *= b
		}
	}
}

// window is the fewest token positions that hold a term of every clause
// (0: some clause is missing), over tokens in position order.
func window(tokens bleveanalysis.TokenStream, clauses [][]string) int {
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
