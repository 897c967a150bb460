package search

import (
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/highlight"
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
// together (rank.RewardProximity), reading each one's title and the first
// highlight.MaxScan bytes of its text.
func (ix *Index) rewardProximity(results []scored, p querylang.Parsed) {
	var buf []byte
	rank.RewardProximity(results, p, ix.analyzer(), func(row int32) (string, error) {
		var text string
		var err error
		text, buf, err = ix.ReadText(row, highlight.MaxScan, buf)
		return ix.At(row).Title + "\n\n" + text, err
	})
}
