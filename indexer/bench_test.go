package indexer

import (
	"context"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

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

// BenchmarkBuildSoup: a cold build of the soup WEEKNOTES_BENCH_SOUP names
// (the 100,000-post synthetic archive of ../shared/bench, say), the whole
// of what `weeknotes index --full` does. With WEEKNOTES_BENCH_HEAP set to a
// file, the heap profile at the largest heap seen is written there, to
// find what a build's peak memory holds.
func BenchmarkBuildSoup(b *testing.B) {
	soup := os.Getenv("WEEKNOTES_BENCH_SOUP")
	if soup == "" {
		b.Skip("set WEEKNOTES_BENCH_SOUP to a soup folder")
	}
	if file := os.Getenv("WEEKNOTES_BENCH_HEAP"); file != "" {
		stop := watchPeakHeap(b, file)
		defer stop()
	}
	for i := 0; i < b.N; i++ {
		sum, err := Build(context.Background(), Options{Root: soup}, b.TempDir(), nil)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(sum.Indexed), "posts")
	}
}

// watchPeakHeap writes a heap profile to file each time the heap in use
// passes its largest yet, checking every 2 s, until stop is called.
func watchPeakHeap(b *testing.B, file string) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var peak uint64
		tick := time.NewTicker(2 * time.Second)
		defer tick.Stop()
		for {
			select {
			case <-done:
				b.Logf("peak heap in use %d MB", peak>>20)
				return
			case <-tick.C:
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if os.Getenv("WEEKNOTES_BENCH_SERIES") != "" {
				status, _ := os.ReadFile("/proc/self/status")
				_, rss, _ := strings.Cut(string(status), "VmRSS:")
				rss, _, _ = strings.Cut(rss, "\n")
				b.Logf("%s heap in use %d MB, live after last GC %d MB, RSS %s", time.Now().Format("15:04:05"), ms.HeapInuse>>20, ms.NextGC>>21, strings.TrimSpace(rss))
			}
			if ms.HeapInuse > peak {
				peak = ms.HeapInuse
				f, err := os.Create(file)
				if err != nil {
					b.Error(err)
					return
				}
				pprof.Lookup("heap").WriteTo(f, 0)
				f.Close()
			}
		}
	}()
	return func() { close(done); <-finished }
}
