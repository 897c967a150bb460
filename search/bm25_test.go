package search

import (
	"context"

	"math"
	"testing"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/freerange/weeknotes/search/rank"
	"github.com/freerange/weeknotes/search/store/schema"
)

// BM25 works from the archive's true average text length (tokens over
// posts, kept in the catalog), not Bleve's estimate (distinct terms over
// posts): three scores of the fixture, by hand.
func TestBM25UsesTrueFieldLengths(t *testing.T) {
	ix := openContents(t, fixture())
	pr, err := schema.NewPreparer(schema.Mapping())
	if err != nil {
		t.Fatal(err)
	}
	lengths := map[string]float64{}
	total := 0.0
	for _, p := range fixture().Posts {
		n := float64(pr.Length(p.Title, p.Text))
		lengths[p.Name] = n
		total += n
	}
	if got := float64(ix.Catalog.TextLength); got != total {
		t.Fatalf("catalog text length %v, tokens counted %v", got, total)
	}
	docs := float64(len(fixture().Posts))
	avg := math.Ceil(total / docs) // as Bleve rounds it
	// Bleve's own estimate must differ here, or this test could not tell.
	if br, ok := ix.Reader().(interface{ FieldCardinality(string) (int, error) }); ok { // Bleve's BM25Reader
		if card, err := br.FieldCardinality(schema.FieldText); err != nil || math.Ceil(float64(card)/docs) == avg {
			t.Fatalf("Bleve's estimate %d/%v is the true average %v: the fixture can't tell them apart (%v)", card, docs, avg, err)
		}
	}
	// Bleve's BM25: idf * tf*k1 / (tf + k1*(1 - b + b*len/avg)),
	// idf = ln(1 + (N - n + 0.5) / (n + 0.5)).
	k1, b := 1.2, rank.BM25B
	if bsearch.BM25_k1 != k1 || bsearch.BM25_b != b {
		t.Fatalf("Bleve scores with k1 %v, b %v: want %v, %v", bsearch.BM25_k1, bsearch.BM25_b, k1, b)
	}
	hand := func(name string, tf, withTerm float64) float64 {
		idf := math.Log(1 + (docs-withTerm+0.5)/(withTerm+0.5))
		return idf * tf * k1 / (tf + k1*(1-b+b*lengths[name]/avg))
	}
	q := query.NewTermQuery("cotech")
	q.SetField(schema.FieldText)
	ctx := ix.scoringContext(context.Background())
	got := map[string]float64{}
	parts, err := ix.collect(ctx, q, rank.Bonus{}, 0, int32(ix.Len()), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range parts {
		got[ix.At(m.Row).Name] = m.Score
	}
	// "cotech" is in two posts: week-200 ("A CoTech meeting ...") once,
	// week-201 ("More CoTech work ...") once.
	for name, want := range map[string]float64{"week-200": hand("week-200", 1, 2), "week-201": hand("week-201", 1, 2)} {
		if math.Abs(got[name]-want) > 1e-6 { // norms are stored as float32
			t.Errorf("%s: BM25 %v, by hand %v (avg length %v)", name, got[name], want, avg)
		}
	}
	if len(got) != 2 {
		t.Errorf("cotech matches %v, want week-200 and week-201", got)
	}
	// The longer post scores lower for the same single occurrence.
	if (lengths["week-200"] > lengths["week-201"]) != (got["week-200"] < got["week-201"]) {
		t.Errorf("length normalisation: lengths %v, scores %v", lengths, got)
	}
}
