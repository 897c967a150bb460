package search

import (
	"context"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/highlight"
	"github.com/freerange/weeknotes/search/querylang"
	"github.com/freerange/weeknotes/search/rank"
	"github.com/freerange/weeknotes/search/store/schema"
)

// sameSubject is up to n posts on the subject of hits (best first), none
// of them in shown, filtered by sel and r as the search is, and the words
// that found them (rank.SubjectWords: the rarer words of the hits'
// sections that hold p's words).
func (ix *Index) sameSubject(ctx context.Context, hits []scored, shown map[int32]bool, p querylang.Parsed, sel [archive.NumFacets][]int32, r querylang.Request, n int) ([]scored, []string, error) {
	if n <= 0 || len(hits) == 0 {
		return nil, nil, nil
	}
	f := highlight.New(ix.analyzer(), p)
	if f == nil {
		return nil, nil, nil
	}
	var parts []string
	var buf []byte
	for _, h := range hits[:min(rank.SubjectFrom, len(hits))] {
		post := ix.table.Rows[h.Row].Post
		var text string
		var err error
		if text, buf, err = ix.ReadText(h.Row, rank.TextToRead(post), buf); err != nil {
			return nil, nil, err
		}
		parts = append(parts, rank.MatchingPart(f, post, text))
	}
	words := rank.SubjectWords(ix.analyzer(), p, parts, ix.termUses, ix.Len())
	if words == nil {
		return nil, nil, nil
	}
	// Each word counts as much as it says of the subject, as RM3 weighs
	// its expansion.
	var any []query.Query
	for _, w := range words {
		q := query.NewTermQuery(w.Term)
		q.SetField(schema.FieldText)
		q.SetBoost(w.Weight)
		any = append(any, q)
	}
	d := query.NewDisjunctionQuery(any)
	d.SetMin(rank.SubjectMinMatch)
	sc := ix.getScratch()
	defer ix.putScratch(sc)
	found, err := ix.collect(ix.scoringContext(ctx), d, rank.Bonus{}, 0, int32(ix.Len()), sc.parts[0][:0])
	sc.parts[0] = found
	if err != nil {
		return nil, nil, err
	}
	kept, _, _ := ix.filter([][]scored{found}, sel, r, sc)
	best := rank.OnSubject(kept, shown, n, ix.less(querylang.SortRelevance))
	if len(best) == 0 {
		return nil, nil, nil
	}
	said := make([]string, len(words))
	for i, w := range words {
		said[i] = w.Word
	}
	return best, said, nil
}
