package search_test

import (
	"context"
	"sort"
	"testing"
	"time"
)

// suggestTyped are what people type into the search box, by shape: the
// search box asks for suggestions at each pause in typing.
var suggestTyped = []struct{ kind, typed string }{
	{"word", "mo"}, {"word", "moc"}, {"word", "dep"}, {"word", "accessib"}, {"word", "rasp"},
	{"words", "redis que"}, {"words", "pair prog"}, {"words", "show and"}, {"words", "kamal dep"},
	{"words", "raspberry p"}, {"words", "code rev"},
	{"common", "the pro"}, {"common", "week 4"}, {"common", "we"},
	{"filtered", "author:chris-roos dep"}, {"filtered", "year:2018 mee"},
}

// BenchmarkSuggest runs the search box's suggestions for each shape of
// typing, as /api/suggest asks for them (8), reporting the median and 99th
// percentile per call as p50-µs and p99-µs.
func BenchmarkSuggest(b *testing.B) {
	ix := corpusIndex(b)
	var kinds []string
	byKind := map[string][]string{}
	for _, c := range suggestTyped {
		if byKind[c.kind] == nil {
			kinds = append(kinds, c.kind)
		}
		byKind[c.kind] = append(byKind[c.kind], c.typed)
	}
	for _, kind := range kinds {
		typed := byKind[kind]
		b.Run(kind, func(b *testing.B) {
			samples := make([]time.Duration, 0, b.N)
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				if _, err := ix.Suggest(context.Background(), typed[i%len(typed)], 8); err != nil {
					b.Fatal(err)
				}
				samples = append(samples, time.Since(t0))
			}
			b.StopTimer()
			sort.Slice(samples, func(i, j int) bool { return samples[i] < samples[j] })
			b.ReportMetric(float64(samples[len(samples)/2].Nanoseconds())/1000, "p50-µs")
			b.ReportMetric(float64(samples[min(len(samples)-1, len(samples)*99/100)].Nanoseconds())/1000, "p99-µs")
		})
	}
}
