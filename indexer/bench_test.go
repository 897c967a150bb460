package indexer

import (
	"context"
	"os"
	"testing"

	"github.com/freerange/weeknotes/search/store"
)

const corpusDir = "../../shared/corpus/soups"

func corpusOptions(b *testing.B) Options {
	if _, err := os.Stat(corpusDir); err != nil {
		b.Skip("../shared/corpus is absent")
	}
	return Options{Root: corpusDir, Aliases: "../data/aliases.yml"}
}

// BenchmarkLoadCorpus: reading, parsing and rendering every snip of the
// real archive (goldmark, bluemonday, topics, projects).
func BenchmarkLoadCorpus(b *testing.B) {
	opts := corpusOptions(b)
	for i := 0; i < b.N; i++ {
		a, err := Load(context.Background(), opts)
		if err != nil || len(a.Posts) != 539 {
			b.Fatal(err, len(a.Posts))
		}
	}
}

// BenchmarkWriteIndexCorpus: writing already-loaded posts into a fresh
// Bleve index, read back and swapped in (what SQLite FTS5's build_s in
// ../shared/bench measures).
func BenchmarkWriteIndexCorpus(b *testing.B) {
	a, err := Load(context.Background(), corpusOptions(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := store.Build(b.TempDir(), store.Contents{Posts: a.Posts, Projects: a.Projects}, nil); err != nil {
			b.Fatal(err)
		}
	}
}
