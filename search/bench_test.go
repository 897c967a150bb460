package search_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/freerange/weeknotes/indexer"
	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/querylang"
)

const (
	benchCorpus  = "../../shared/corpus/soups"
	benchQueries = "../../shared/bench/queries.txt"
)

var (
	benchOnce sync.Once
	benchIx   *search.Index
	benchErr  error
)

// corpusIndex builds the real archive into a temporary index once per test
// binary. WEEKNOTES_BENCH_INDEX=DIR opens an index built beforehand instead
// (the 100,000-post synthetic archive: see README, Performance).
func corpusIndex(tb testing.TB) *search.Index {
	if dir := os.Getenv("WEEKNOTES_BENCH_INDEX"); dir != "" {
		benchOnce.Do(func() { benchIx, benchErr = search.Open(dir) })
		if benchErr != nil {
			tb.Fatal(benchErr)
		}
		return benchIx
	}
	if _, err := os.Stat(benchCorpus); err != nil {
		tb.Skip("../shared/corpus is absent")
	}
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "weeknotes-bench-")
		if err != nil {
			benchErr = err
			return
		}
		opts := indexer.Options{Root: benchCorpus, Aliases: "../data/aliases.yml"}
		if _, benchErr = indexer.Build(context.Background(), opts, dir, nil); benchErr != nil {
			return
		}
		benchIx, benchErr = search.Open(dir)
	})
	if benchErr != nil {
		tb.Fatal(benchErr)
	}
	return benchIx
}

type benchQuery struct{ kind, text, author string }

// peerQueries reads ../shared/bench/queries.txt, the queries every peer
// engine runs, so our figures stand beside theirs.
func peerQueries(tb testing.TB) []benchQuery {
	f, err := os.Open(benchQueries)
	if err != nil {
		tb.Skip("../shared/bench is absent")
	}
	defer f.Close()
	var out []benchQuery
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "\t")
		q := benchQuery{kind: parts[0], text: parts[1]}
		if len(parts) > 2 {
			q.author = parts[2]
		}
		switch q.kind {
		case "phrase":
			q.text = `"` + q.text + `"`
		}
		out = append(out, q)
	}
	return out
}

func (q benchQuery) request() querylang.Request {
	r := querylang.Request{Query: q.text}
	if q.author != "" {
		r.Authors = []string{q.author}
	}
	return r
}

// BenchmarkSearch runs every query shape of the peer harness as the search
// page runs it: faceted (author, project, topic, year), highlighted (body
// and title), with a timeline, top 10, with the result cache off. It
// reports the median and 99th percentile per query as p50-µs and p99-µs.
func BenchmarkSearch(b *testing.B) {
	ix := corpusIndex(b)
	ix.SetCacheSize(0)
	benchmarkSearch(b, ix, "facets")
}

// BenchmarkSearchCached is BenchmarkSearch with the result cache on, as a
// server runs: the same queries again, as the peer harness repeats them.
func BenchmarkSearchCached(b *testing.B) {
	ix := corpusIndex(b)
	ix.SetCacheSize(1024)
	benchmarkSearch(b, ix, "facets-cached")
}

func benchmarkSearch(b *testing.B, ix *search.Index, mode string) {
	byKind := map[string][]benchQuery{}
	var kinds []string
	for _, q := range peerQueries(b) {
		if byKind[q.kind] == nil {
			kinds = append(kinds, q.kind)
		}
		byKind[q.kind] = append(byKind[q.kind], q)
	}
	results := map[string]map[string]any{}
	for _, kind := range kinds {
		qs := byKind[kind]
		b.Run(kind, func(b *testing.B) {
			samples := make([]time.Duration, 0, b.N)
			hits := 0
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				r := qs[i%len(qs)].request()
				if err := r.Normalize(); err != nil {
					b.Fatal(err)
				}
				t0 := time.Now()
				res, err := ix.Search(context.Background(), r)
				samples = append(samples, time.Since(t0))
				if err != nil {
					b.Fatal(err)
				}
				hits += res.Total
			}
			b.StopTimer()
			sort.Slice(samples, func(i, j int) bool { return samples[i] < samples[j] })
			p50 := samples[len(samples)/2]
			p99 := samples[min(len(samples)-1, len(samples)*99/100)]
			b.ReportMetric(float64(p50.Nanoseconds())/1000, "p50-µs")
			b.ReportMetric(float64(p99.Nanoseconds())/1000, "p99-µs")
			results[kind] = map[string]any{
				"p50_us": float64(p50.Nanoseconds()) / 1000, "p99_us": float64(p99.Nanoseconds()) / 1000,
				"n": len(samples), "hits": float64(hits) / float64(b.N),
			}
		})
	}
	// WEEKNOTES_RESULTS=path appends a RESULT line in the peer harness's
	// format, for ../shared/bench/table.py.
	if path := os.Getenv("WEEKNOTES_RESULTS"); path != "" && len(results) == len(kinds) {
		line, _ := json.Marshal(map[string]any{
			"peer": "weeknotes", "mode": mode, "dataset": "corpus", "docs": ix.Catalog.Posts,
			"build_s": ix.Catalog.Took.Seconds(), "kinds": results,
		})
		if f, err := os.OpenFile(filepath.Clean(path), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
			fmt.Fprintln(f, string(line))
			f.Close()
		}
	}
}

// BenchmarkRerank times the rerank of the best matches (package rank's
// forms and proximity, from the term vectors) alone, per query kind of the peer
// harness: what it adds to BenchmarkSearch.
func BenchmarkRerank(b *testing.B) {
	ix := corpusIndex(b)
	byKind := map[string][]benchQuery{}
	var kinds []string
	for _, q := range peerQueries(b) {
		if byKind[q.kind] == nil {
			kinds = append(kinds, q.kind)
		}
		byKind[q.kind] = append(byKind[q.kind], q)
	}
	for _, kind := range kinds {
		b.Run(kind, func(b *testing.B) {
			var total time.Duration
			for i := 0; i < b.N; i++ {
				d, err := ix.RerankCost(byKind[kind][i%len(byKind[kind])].text, 1)
				if err != nil {
					b.Fatal(err)
				}
				total += d
			}
			b.ReportMetric(float64(total.Nanoseconds())/float64(b.N)/1000, "rerank-µs")
		})
	}
}
