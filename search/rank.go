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

// rewardProximity raises the scores of the best results whose words stand
// together (rank.RewardProximity), as the index's term vectors place them.
func (ix *Index) rewardProximity(ctx context.Context, results []scored, p querylang.Parsed) error {
	return rank.RewardProximity(results, rank.Clauses(p, ix.analyzer(), ix.peopleNamed(p)), func(term string, rows []int32, at func(int, uint64)) error {
		return ix.occurrences(ctx, term, rows, at)
	})
}

// occurrences calls at(i, pos) for each position of term in the text
// field of rows[i] (rows ascending), from the term vectors
// (store.Snapshot.Positions).
func (ix *Index) occurrences(ctx context.Context, term string, rows []int32, at func(i int, pos uint64)) error {
	return ix.Positions(ctx, schema.FieldText, term, rows, at)
}
