package search

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/store"
)

// BenchmarkApplyOne is one post's update applied to a big index, the work
// behind every save under serve --watch: the Bleve batch, the new
// snapshot's documents, accelerator and vocabulary. Set
// WEEKNOTES_BENCH_INDEX to an index directory (e.g. the 100,000-post
// archive's, .ci/bench100k); the benchmark works on a linked copy.
func BenchmarkApplyOne(b *testing.B) {
	dir := os.Getenv("WEEKNOTES_BENCH_INDEX")
	if dir == "" {
		b.Skip("WEEKNOTES_BENCH_INDEX names no index")
	}
	w, err := CloneWriter(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer w.Abort()
	ix := w.Snapshot()
	posts := ix.Posts()
	ix.Close()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		p := posts[(i*7919)%len(posts)]
		full, err := w.Snapshot().Get(context.Background(), p.Name)
		if err != nil {
			b.Fatal(err)
		}
		full.Text = fmt.Sprintf("%s edit%d", full.Text, i)
		next, err := w.Apply(context.Background(), store.Update{Put: []archive.Post{full}})
		if err != nil {
			b.Fatal(err)
		}
		next.Close()
	}
}
