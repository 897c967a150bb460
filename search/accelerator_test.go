package search_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/freerange/weeknotes/search/querylang"
	"github.com/freerange/weeknotes/search/store/folder"
)

// The in-memory accelerator that filters and counts each search gives the
// totals and facet counts Bleve's own FacetRequest gives over the same
// index, on 250 random searches (words, filters, both) over the real
// archive.
func TestAcceleratorAgreesWithBleveFacets(t *testing.T) {
	ix, posts := openArchive(t)
	plain, err := bleve.OpenUsing(folder.BleveDir(ix.Path), map[string]interface{}{"read_only": true})
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()

	rng := rand.New(rand.NewPCG(1, 2))
	word := regexp.MustCompile(`^[a-z]{4,12}$`)
	var words []string
	for _, p := range posts {
		for _, w := range strings.Fields(strings.ToLower(p.Title + " " + p.Summary)) {
			if word.MatchString(w) {
				words = append(words, w)
			}
		}
	}
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	var authors, projects, topics, years, kinds []string
	for _, p := range posts {
		authors = append(authors, p.Author.Slug)
		years = append(years, fmt.Sprint(p.Created.Year()))
		kinds = append(kinds, p.Kind)
		for _, v := range p.Projects {
			projects = append(projects, v.Slug)
		}
		for _, v := range p.Topics {
			topics = append(topics, v.Slug)
		}
	}
	fields := map[string]string{"author": "author", "project": "projects", "topic": "topics", "year": "year"}
	checked, nonEmpty := 0, 0
	for i := 0; checked < 250 && i < 2000; i++ {
		var text []string
		for range rng.IntN(3) {
			text = append(text, pick(words))
		}
		req := querylang.Request{Query: strings.Join(text, " ")}
		filters := map[string]string{}
		for range rng.IntN(3) {
			switch rng.IntN(5) {
			case 0:
				filters["author"] = pick(authors)
			case 1:
				filters["project"] = pick(projects)
			case 2:
				filters["topic"] = pick(topics)
			case 3:
				filters["year"] = pick(years)
			case 4:
				filters["kind"] = pick(kinds)
			}
		}
		for f, v := range filters {
			switch f {
			case "author":
				req.Authors = []string{v}
			case "project":
				req.Projects = []string{v}
			case "topic":
				req.Topics = []string{v}
			case "year":
				req.Years = []string{v}
			case "kind":
				req.Kinds = []string{v}
			}
		}
		if err := req.Normalize(); err != nil {
			t.Fatalf("%+v: %v", req, err)
		}
		res, err := ix.Search(context.Background(), req)
		if err != nil {
			t.Fatalf("%+v: %v", req, err)
		}
		if res.Corrected {
			continue // the hits are of another query
		}

		var must []query.Query
		for _, w := range text {
			if len(plain.Mapping().AnalyzerNamed("en").Analyze([]byte(w))) == 0 {
				continue // a stop word: Weeknotes drops it, as a Bleve match query of it matches nothing
			}
			m := query.NewMatchQuery(w)
			m.SetField("text")
			must = append(must, m)
		}
		if len(text) > 0 && len(must) == 0 {
			continue // only stop words: Weeknotes finds nothing by design
		}
		for f, v := range filters {
			tq := query.NewTermQuery(v)
			if f == "kind" {
				tq.SetField("kind")
			} else {
				tq.SetField(fields[f])
			}
			must = append(must, tq)
		}
		var q query.Query = query.NewMatchAllQuery()
		if len(must) > 0 {
			q = query.NewConjunctionQuery(must)
		}
		br := bleve.NewSearchRequestOptions(q, 0, 0, false)
		for _, field := range fields {
			br.AddFacet(field, bleve.NewFacetRequest(field, 5000))
		}
		got, err := plain.Search(br)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		what := fmt.Sprintf("%q %v", req.Query, filters)
		if int(got.Total) != res.Total {
			t.Errorf("%s: accelerator %d posts, Bleve %d", what, res.Total, got.Total)
			continue
		}
		if res.Total > 0 {
			nonEmpty++
		}
		for facet, field := range fields {
			if filters[facet] != "" {
				continue // its counts ignore its own selection
			}
			counts := map[string]int{}
			for _, tf := range got.Facets[field].Terms.Terms() {
				counts[tf.Term] = tf.Count
			}
			for _, v := range res.Facets[facet] {
				if counts[v.Value] != v.Count {
					t.Errorf("%s: %s %s: accelerator %d, Bleve %d", what, facet, v.Value, v.Count, counts[v.Value])
				}
			}
			if facet != "topic" && len(res.Facets[facet]) != len(counts) {
				t.Errorf("%s: %s: accelerator %d values, Bleve %d", what, facet, len(res.Facets[facet]), len(counts))
			}
		}
	}
	if checked < 200 || nonEmpty < 100 {
		t.Fatalf("only %d searches checked, %d with results", checked, nonEmpty)
	}
	t.Logf("%d searches checked, %d with results", checked, nonEmpty)
}
