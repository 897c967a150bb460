package analysis

import (
	"bytes"
	"maps"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	index "github.com/blevesearch/bleve_index_api"
)

// Frequencies gives what analysis.TokenFrequency gives over Prose's tokens,
// on its fast path (term vectors) and on Bleve's (none), with its tokens
// and terms reused from text to text.
func TestCounterMatchesProse(t *testing.T) {
	texts := []string{
		"Don't stop: Mocha v3.0.0, mocha! Café CAFÉ CoTech's running runners ran",
		"The Redis queue; migrating migrations \xff invalid 日本語 🎉 e.g. 3,000",
		"",
	}
	checkCounter(t, texts)
	t.Run("corpus", func(t *testing.T) {
		var texts []string
		for _, f := range corpusFiles(t) {
			texts = append(texts, string(f))
		}
		checkCounter(t, texts)
	})
}

func checkCounter(t *testing.T, texts []string) {
	for _, tc := range []struct {
		name    string
		options index.FieldIndexingOptions
	}{
		{"term vectors", index.IndexField | index.StoreField | index.IncludeTermVectors},
		{"no term vectors", index.IndexField},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := NewCounter(tc.options)
			if err != nil {
				t.Fatal(err)
			}
			for i, text := range texts {
				for range 2 {
					n, got := c.Frequencies([]byte(text))
					tokens := Prose().Analyze([]byte(text))
					want := analysis.TokenFrequency(tokens, nil, tc.options)
					if n != len(tokens) || len(got) != len(want) {
						t.Fatalf("text %d: %d tokens %d terms, Prose %d tokens %d terms", i, n, len(got), len(tokens), len(want))
					}
					for term, w := range want {
						g := got[term]
						if g == nil || !bytes.Equal(g.Term, w.Term) || g.Frequency() != w.Frequency() || len(g.Locations) != len(w.Locations) {
							t.Fatalf("text %d: term %q: got %+v, Prose %+v", i, term, g, w)
						}
						for j, wl := range w.Locations {
							if gl := g.Locations[j]; gl.Start != wl.Start || gl.End != wl.End || gl.Position != wl.Position {
								t.Fatalf("text %d: term %q location %d: got %+v, Prose %+v", i, term, j, *gl, *wl)
							}
						}
					}
				}
			}
		})
	}
}

// The vocabulary counts posts, not uses, across goroutines, of terms
// before stemming; DistinctTerms counts nothing.
func TestCounterVocabulary(t *testing.T) {
	c, err := NewCounter(index.IndexField | index.IncludeTermVectors)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			c.Frequencies([]byte("Running: Mocha v3.0.0, mocha! CoTech's"))
			c.DistinctTerms("redis")
		})
	}
	wg.Wait()
	if got, want := c.DistinctTerms("The Redis queues, redis"), map[string]struct{}{"redis": {}, "queues": {}}; !maps.Equal(got, want) {
		t.Errorf("DistinctTerms = %v, want %v", got, want)
	}
	want := map[string]uint32{"running": 4, "mocha": 4, "v3": 4, "0.0": 4, "cotech": 4} // a version split (fold.go)
	if got := c.Vocabulary(); !maps.Equal(got, want) {
		t.Errorf("Vocabulary = %v, want %v", got, want)
	}
}

// The vocabulary's terms of a word are what a post using it counts under.
func TestVocabularyTerms(t *testing.T) {
	c, err := NewCounter(index.IndexField)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"Visualisation's", "co-op", "would", "Mocha v3.0.0 running", "colours", "accessability"} {
		want := c.DistinctTerms(text)
		got := VocabularyTerms(text)
		if len(got) != len(want) {
			t.Errorf("VocabularyTerms(%q) = %q, want the terms of %v", text, got, want)
		}
		for _, term := range got {
			if _, ok := want[term]; !ok {
				t.Errorf("VocabularyTerms(%q) = %q, want the terms of %v", text, got, want)
			}
		}
	}
	if got := VocabularyTerms("Visualisation's CO-OP"); len(got) != 2 || got[0] != "visualization" || got[1] != "coop" {
		t.Errorf("VocabularyTerms(\"Visualisation's CO-OP\") = %q, want [visualization coop]", got)
	}
}

// Stem gives a vocabulary word the term the prose analyzer makes of it.
func TestStem(t *testing.T) {
	for _, w := range []string{"accessibility", "access", "happy", "working", "queues", "go", "café"} {
		toks := Prose().Analyze([]byte(w))
		if len(toks) != 1 {
			t.Fatalf("%q: %d tokens", w, len(toks))
		}
		if got := Stem([]byte(w)); got != string(toks[0].Term) {
			t.Errorf("Stem(%q) = %q, the analyzer %q", w, got, toks[0].Term)
		}
	}
}
