package web_test

import (
	"net/http"
	"net/http/httptest"
	"sort"
	"testing"
	"time"
)

// BenchmarkPages renders each page of the browse issue over the corpus and
// reports the median server time per request (ms-median) beside Go's mean.
// The target is under 5 ms each.
func BenchmarkPages(b *testing.B) {
	h := corpusServer(b)
	for _, target := range []string{
		"/timeline", "/timeline/2018", "/timeline/2018/02",
		"/tags", "/tags?sort=name", "/tags/show-and-tell",
		"/people", "/chris-roos", "/projects", "/mocha",
		"/week-474", "/contact",
		"/feed.xml", "/feed.xml?topic=show-and-tell", "/opensearch.xml", "/sitemap.xml",
		"/api/timeline", "/api/tags", "/api/people", "/api/projects", "/api/posts/week-474",
	} {
		b.Run(target[1:], func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, target, nil)
			// Warm: the first request builds the index's Browse and caches.
			if rec := httptest.NewRecorder(); true {
				h.ServeHTTP(rec, req)
				if rec.Code >= 500 || (rec.Code != 200 && target != "/contact") {
					b.Fatalf("%s: status %d", target, rec.Code)
				}
			}
			var took []time.Duration
			b.ResetTimer()
			for b.Loop() {
				start := time.Now()
				h.ServeHTTP(httptest.NewRecorder(), req)
				took = append(took, time.Since(start))
			}
			b.StopTimer()
			sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "ms-median")
		})
	}
}
