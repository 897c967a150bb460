package schema

import (
	"maps"
	"sync"
	"testing"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"

	"github.com/freerange/weeknotes/search/analysis"
	"github.com/freerange/weeknotes/search/archive"
)

// Each post counts once for each term it uses, however often it uses it,
// whichever goroutine Prepared it. Terms are the analyzer's before
// stemming: lower-cased, stop words and possessives gone.
func TestVocabularyCountsPosts(t *testing.T) {
	t.Parallel()
	pr, err := NewPreparer(Mapping())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			pr.Prepare(archive.Post{Name: "a", Title: "Mocha", Text: "Stopping: Mocha v3.0.0, mocha! Café CAFÉ CoTech's"})
			pr.Prepare(archive.Post{Name: "b", Title: "Redis", Text: "The Redis queues; mocha."})
		})
	}
	wg.Wait()
	got := pr.Vocabulary()
	want := map[string]uint32{"mocha": 16, "stopping": 8, "v3": 8, "0.0": 8, "café": 8, "cotech": 8, "redis": 8, "queues": 8}
	if !maps.Equal(got, want) {
		t.Errorf("vocabulary = %v, want %v", got, want)
	}
}

// prepare does the prose analyzer's work its own way (tokens reused, one
// lookup per term for stem and vocabulary); the index must get exactly the
// terms, frequencies and positions the analyzer gives, which queries use.
func TestPrepareMatchesAnalyzer(t *testing.T) {
	t.Parallel()
	texts := []string{
		"Don't stop: Mocha v3.0.0, mocha! Café CAFÉ CoTech's running runners ran",
		"The Redis queue; migrating migrations \xff invalid 日本語 🎉 e.g. 3,000",
		"",
	}
	checkPrepare(t, texts)
	t.Run("corpus", func(t *testing.T) {
		var texts []string
		for _, f := range corpusFiles(t) {
			texts = append(texts, string(f))
		}
		checkPrepare(t, texts)
	})
}

func checkPrepare(t *testing.T, texts []string) {
	pr, err := NewPreparer(Mapping())
	if err != nil {
		t.Fatal(err)
	}
	an := Mapping().AnalyzerNamed(analysis.MappedName)
	for i, text := range texts {
		// Twice, so the second time the worker's tokens and terms are reused.
		for range 2 {
			got := pr.Prepare(archive.Post{Name: "p", Text: text}).Doc.Fields[0].AnalyzedTokenFrequencies()
			input := []byte("\n\n" + text)
			want := bleveanalysis.TokenFrequency(an.Analyze(input), nil, pr.options)
			if len(got) != len(want) {
				t.Fatalf("text %d: %d terms, analyzer %d", i, len(got), len(want))
			}
			for term, w := range want {
				g := got[term]
				if g == nil || g.Frequency() != w.Frequency() || len(g.Locations) != len(w.Locations) {
					t.Fatalf("text %d: term %q: got %+v, analyzer %+v", i, term, g, w)
				}
				for j := range w.Locations {
					if gl, wl := g.Locations[j], w.Locations[j]; gl.Start != wl.Start || gl.End != wl.End || gl.Position != wl.Position {
						t.Fatalf("text %d: term %q location %d: got %+v, analyzer %+v", i, term, j, *g.Locations[j], *w.Locations[j])
					}
				}
			}
		}
	}
}
