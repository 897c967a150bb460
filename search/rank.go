package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/querylang"
	"github.com/freerange/weeknotes/search/rank"
	"github.com/freerange/weeknotes/search/store"
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
// text, or a post of theirs.
func (ix *Index) personQuery(p querylang.Parsed, n rank.Person) query.Query {
	var words []query.Query
	for _, c := range p.Must[n.From:n.To] {
		if q := ix.atomQuery(c[0]); q != nil {
			words = append(words, q)
		}
	}
	author := query.NewTermQuery(n.Slug)
	author.SetField(schema.FieldAuthor)
	if len(words) == 0 {
		return author
	}
	return query.NewDisjunctionQuery([]query.Query{query.NewConjunctionQuery(words), author})
}

// rerank raises the scores of the best results that hold the query's
// words in the forms typed, then of those whose words stand together
// (rank.Rerank), as the index's term vectors place them. everyWord says
// that each result holds every word: then, when each post with a word's
// stem has the word as typed, the forms could change no order and are
// not looked at, if there are more results than they would look at (for
// fewer, reading them costs less than finding that out).
func (ix *Index) rerank(ctx context.Context, results []scored, p querylang.Parsed, everyWord bool) error {
	people := ix.peopleNamed(p)
	var forms [][]rank.Form
	if !everyWord || len(results) <= rank.FormCandidates || !rank.OnlyAsTyped(p, ix.analyzer(), ix.Vocab()) {
		forms = rank.TypedForms(p, ix.analyzer(), people)
	}
	return rank.Rerank(results, forms, rank.Clauses(p, ix.analyzer(), people), func(term string, rows []int32, at func(int, uint64, int)) error {
		return ix.occurrences(ctx, term, rows, at)
	})
}

// occurrences calls at(i, pos, n) for each position of term in the text
// field of rows[i] (rows ascending), with the length of its word there,
// from the term vectors: the term's posting list is walked once, from the
// first row's document to the last's.
func (ix *Index) occurrences(ctx context.Context, term string, rows []int32, at func(i int, pos uint64, n int)) error {
	tfr, err := ix.Reader().TermFieldReader(ctx, []byte(term), schema.FieldText, false, false, true)
	if err != nil {
		return fmt.Errorf("term vectors of %q: %w", term, err)
	}
	defer tfr.Close()
	var reuse index.TermFieldDoc
	var d *index.TermFieldDoc // the reader's place: its document holds term
	for i, row := range rows {
		n := ix.DocNumberOf(row)
		// A reader asked for a document before its place starts again
		// from the beginning: where it stands past n, n lacks the term.
		if d == nil || store.DocNumber(d.ID) < n {
			if d, err = tfr.Advance(store.DocID(n), &reuse); err != nil {
				return fmt.Errorf("term vectors of %q: %w", term, err)
			}
			if d == nil {
				return nil // no document from n on holds it
			}
		}
		if store.DocNumber(d.ID) == n {
			for _, v := range d.Vectors {
				at(i, v.Pos, int(v.End-v.Start))
			}
		}
	}
	return nil
}
