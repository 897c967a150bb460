package search

import (
	"context"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/querylang"
	"github.com/freerange/weeknotes/search/rank"
	"github.com/freerange/weeknotes/search/store/schema"
)

// What package rank needs of an Index, and the Bleve queries its rules
// imply.

// SectionHit is one section of a hit's post that holds the query's words.
type SectionHit = rank.SectionHit

// peopleNamed is the authors whose full names the query spells (rank.People).
func (ix *Index) peopleNamed(p querylang.Parsed) []rank.Person {
	return rank.People(p, &ix.table.Dicts[archive.FacetAuthor])
}

// namedPost is the row of the post whose name the query's words spell
// (rank.PostName).
func (ix *Index) namedPost(p querylang.Parsed) (int32, bool) {
	name, ok := rank.PostName(p)
	if !ok {
		return 0, false
	}
	return ix.Row(name)
}

// personQuery is what the words of a named person match: the name in the
// text, a post of theirs, or one that links to their page.
func (ix *Index) personQuery(p querylang.Parsed, n rank.Person) query.Query {
	var words []query.Query
	for _, c := range p.Must[n.From:n.To] {
		if q := ix.atomQuery(c[0]); q != nil {
			words = append(words, q)
		}
	}
	author := query.NewTermQuery(n.Slug)
	author.SetField(schema.FieldAuthor)
	// A post that links to the person's page is about them too ("Kalv
	// Goes West" links [Kalv](/kalvir-sandhu) and never says "Kalvir").
	linked := query.NewTermQuery(n.Slug)
	linked.SetField(schema.FieldLinks)
	either := []query.Query{author, linked}
	if len(words) > 0 {
		either = append(either, query.NewConjunctionQuery(words))
	}
	return query.NewDisjunctionQuery(either)
}

// rerank raises the scores of the best results that hold the query's
// words in the forms typed, then of those whose words stand together
// (rank.Rerank), as the index's term vectors place them. everyWord says
// that each result holds every word: then, when each post with a word's
// stem has the word as typed, the forms could change no order and are
// not looked at, if there are more results than they would look at (for
// fewer, reading them costs less than finding that out).
func (ix *Index) rerank(ctx context.Context, results []scored, p querylang.Parsed, everyWord bool) error {
	forms := rank.TypedForms(p, ix.analyzer(), ix.peopleNamed(p))
	clauses := rank.Terms(forms) // analysed once for both rewards
	if everyWord && len(results) > rank.FormCandidates && rank.OnlyAsTyped(p, ix.analyzer(), ix.Vocab()) {
		forms = nil
	}
	return rank.Rerank(results, forms, clauses, func(term string, rows []int32, at func(int, uint64, int)) error {
		return ix.occurrences(ctx, term, rows, at)
	})
}

// occurrences calls at(i, pos, n) for each position of term in the text
// field of rows[i] (rows ascending), with the length of its word there,
// from the term vectors (store.Snapshot.Positions).
func (ix *Index) occurrences(ctx context.Context, term string, rows []int32, at func(i int, pos uint64, n int)) error {
	return ix.Positions(ctx, schema.FieldText, term, rows, at)
}
