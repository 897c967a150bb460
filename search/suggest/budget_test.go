package suggest

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// corpusVocab is a vocabulary of the shared corpus's words (lower-cased
// letters and digits), skipping the test when the corpus is absent.
func corpusVocab(t *testing.T) (*Vocab, []string) {
	t.Helper()
	words := map[string]uint32{}
	for _, f := range corpusFiles(t) {
		for _, w := range strings.FieldsFunc(strings.ToLower(string(f)), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			words[w]++
		}
	}
	return testVocab(t, words)
}

func testVocab(t *testing.T, words map[string]uint32) (*Vocab, []string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "words.fst")
	if err := writeVocab(path, words); err != nil {
		t.Fatal(err)
	}
	v, err := OpenVocab(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	list := make([]string, 0, len(words))
	for w := range words {
		list = append(list, w)
	}
	slices.Sort(list)
	return v, list
}

// typos of w: a letter dropped, doubled, changed, two swapped.
func typos(rng *rand.Rand, w string) []string {
	r := []rune(w)
	if len(r) < 2 {
		return nil
	}
	i := rng.IntN(len(r) - 1)
	drop := string(r[:i]) + string(r[i+1:])
	double := string(r[:i+1]) + string(r[i:])
	change := string(r[:i]) + "q" + string(r[i+1:])
	swap := string(r[:i]) + string(r[i+1]) + string(r[i]) + string(r[i+2:])
	return []string{drop, double, change, swap, change + "x"}
}

// The budgeted automaton finds exactly the words Bleve's Levenshtein DFA
// finds (transpositions counting one edit, letters as runes), over the
// corpus's words and their typos, at distances 1 and 2.
func TestNearWithinMatchesDFA(t *testing.T) {
	t.Parallel()
	check := func(t *testing.T, v *Vocab, probes []string) {
		for _, p := range probes {
			for dist := 1; dist <= 2; dist++ {
				var want, got []string
				if err := v.near(p, dist, func(w string, _ uint64) { want = append(want, w) }); err != nil {
					t.Fatal(err)
				}
				b := budget{left: 1 << 40}
				done, err := v.nearWithin(p, dist, &b, func(w string, _ uint64) { got = append(got, w) })
				if err != nil || !done {
					t.Fatalf("nearWithin(%q, %d): done %v, %v", p, dist, done, err)
				}
				if !slices.Equal(got, want) {
					t.Fatalf("nearWithin(%q, %d) = %q, DFA %q", p, dist, got, want)
				}
			}
		}
	}
	t.Run("unicode", func(t *testing.T) {
		v, _ := testVocab(t, map[string]uint32{"café": 1, "cafe": 1, "naïve": 1, "日本語": 1, "日本": 1, "🎉x": 1, "mocha": 1, "mock": 1, "redis": 1})
		check(t, v, []string{"cafe", "cafè", "caéf", "naive", "niave", "日本", "日本人", "本日語", "🎉", "x🎉", "mokca", "redsi", "reids", "ab", ""})
	})
	t.Run("corpus", func(t *testing.T) {
		v, words := corpusVocab(t)
		rng := rand.New(rand.NewPCG(1, 2))
		var probes []string
		for i := 0; i < len(words); i += max(1, len(words)/300) {
			probes = append(probes, words[i])
			probes = append(probes, typos(rng, words[i])...)
		}
		check(t, v, probes)
	})
}

// A walk stops when its budget runs out, says so, and never spends more
// than it was given, however long or odd the word.
func TestNearWithinBudget(t *testing.T) {
	t.Parallel()
	v, _ := testVocab(t, map[string]uint32{"mocha": 1, "mock": 1, "mocked": 1, "redis": 1, "queue": 1})
	cases := []struct {
		word    string
		dist    int
		budget  int
		done    bool
		matches []string
	}{
		{"mokca", 2, 1 << 20, true, []string{"mocha", "mock"}},
		{"mokca", 2, 30, false, nil},
		{"mokca", 2, 0, false, nil},
		{strings.Repeat("x", 400), 2, 20, false, nil},
		{strings.Repeat("x", 400), 2, 1 << 20, true, nil},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%.10s-%d", c.word, c.budget), func(t *testing.T) {
			b := budget{left: c.budget}
			var got []string
			done, err := v.nearWithin(c.word, c.dist, &b, func(w string, _ uint64) { got = append(got, w) })
			if err != nil {
				t.Fatal(err)
			}
			if done != c.done || done && !slices.Equal(got, c.matches) {
				t.Errorf("done %v, matches %q; want %v, %q", done, got, c.done, c.matches)
			}
			if b.left < 0 || b.left > c.budget {
				t.Errorf("budget left %d of %d", b.left, c.budget)
			}
		})
	}
}
