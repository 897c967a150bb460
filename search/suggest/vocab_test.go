package suggest

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/blevesearch/vellum"
)

// writeVocab stores the vocabulary at path as a search index does, words
// in byte order as the transducer requires.
func writeVocab(path string, v map[string]uint32) error {
	words := make([]string, 0, len(v))
	for w := range v {
		words = append(words, w)
	}
	slices.Sort(words)
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	b, err := vellum.New(w, nil)
	if err != nil {
		return err
	}
	for _, word := range words {
		if err := b.Insert([]byte(word), uint64(v[word])); err != nil {
			return fmt.Errorf("word %q: %w", word, err)
		}
	}
	if err := b.Close(); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

func TestVocab(t *testing.T) {
	t.Parallel()
	vb := map[string]uint32{"mocha": 3, "mock": 1, "mocked": 1, "redis": 2, "queue": 1, "café": 1, "\xff\xff": 1, "\xff\xffz": 1}
	path := filepath.Join(t.TempDir(), "words.fst")
	if err := writeVocab(path, vb); err != nil {
		t.Fatal(err)
	}
	v, err := OpenVocab(path)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()

	for word, want := range map[string]uint64{"mocha": 3, "redis": 2, "café": 1, "moch": 0, "": 0} {
		if got := v.count(word); got != want {
			t.Errorf("count(%q) = %d, want %d", word, got, want)
		}
	}
	collect := func(each func(func(string, uint64)) error) []string {
		var got []string
		if err := each(func(w string, n uint64) { got = append(got, w) }); err != nil {
			t.Fatal(err)
		}
		return got
	}
	cases := []struct {
		name string
		got  []string
		want []string
	}{
		{"prefix moc", collect(func(fn func(string, uint64)) error {
			return v.withPrefix("moc", func(w []byte, n uint64) { fn(string(w), n) })
		}), []string{"mocha", "mock", "mocked"}},
		{"prefix mock", collect(func(fn func(string, uint64)) error {
			return v.withPrefix("mock", func(w []byte, n uint64) { fn(string(w), n) })
		}), []string{"mock", "mocked"}},
		{"prefix 0xff 0xff", collect(func(fn func(string, uint64)) error {
			return v.withPrefix("\xff\xff", func(w []byte, n uint64) { fn(string(w), n) })
		}), []string{"\xff\xff", "\xff\xffz"}},
		{"prefix none", collect(func(fn func(string, uint64)) error {
			return v.withPrefix("zz", func(w []byte, n uint64) { fn(string(w), n) })
		}), nil},
		{"near redsi 1 (a transposition)", collect(func(fn func(string, uint64)) error { return v.near("redsi", 1, fn) }), []string{"redis"}},
		{"near mokca 2", collect(func(fn func(string, uint64)) error { return v.near("mokca", 2, fn) }), []string{"mocha", "mock"}},
		{"near cafe 1", collect(func(fn func(string, uint64)) error { return v.near("cafe", 1, fn) }), []string{"café"}},
	}
	for _, c := range cases {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
	var first []string
	if err := v.WithPrefix("moc", func(w []byte, _ uint64) bool { first = append(first, string(w)); return len(first) < 2 }); err != nil || !slices.Equal(first, []string{"mocha", "mock"}) {
		t.Errorf("WithPrefix moc, stopping after two: %q, %v", first, err)
	}
	if err := v.near("mocha", 3, func(string, uint64) {}); err == nil {
		t.Error("near with distance 3: no error")
	}
}

func TestVocabEmpty(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "words.fst")
	if err := writeVocab(path, nil); err != nil {
		t.Fatal(err)
	}
	v, err := OpenVocab(path)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if n := v.count("anything"); n != 0 {
		t.Errorf("count in an empty vocabulary = %d", n)
	}
}
