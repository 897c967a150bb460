package web_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

// benchSearches is a mix of searches: words, phrases, filters typed and
// chosen, sorts, a second page, a prefix, an empty query with filters.
var benchSearches = []string{
	"q=heroku", "q=redis", "q=asset+manager&author=chris-roos", "q=deploy&year=2018&sort=newest",
	"q=%22show+and+tell%22", "q=ruby+OR+rails&author=james-mead", "q=migrat*", "q=kettle&page=2",
	"q=cotech+-draft", "q=&author=chris-roos&year=2016", "q=postgres", "q=mocha",
}

// BenchmarkSearchPages serves the same searches as the HTML page and as
// the JSON API, side by side, over the real archive: the page should cost
// at most three times what the API does. "gzip" asks for a compressed
// answer, as browsers do; "html-render" makes every URL new (a parameter
// no page reads), so each page is rendered again from the cached result:
// the cost of a search the server has seen but not in that URL.
func BenchmarkSearchPages(b *testing.B) {
	h := corpusServer(b)
	for _, bc := range []struct{ name, path, encoding string }{
		{"api", "/api/search?", ""},
		{"html", "/search?", ""},
		{"api-gzip", "/api/search?", "gzip"},
		{"html-gzip", "/search?", "gzip"},
		{"html-render", "/search?", ""},
	} {
		b.Run(bc.name, func(b *testing.B) {
			reqs := make([]*http.Request, len(benchSearches))
			for i, q := range benchSearches {
				reqs[i] = httptest.NewRequest(http.MethodGet, bc.path+q, nil)
				if bc.encoding != "" {
					reqs[i].Header.Set("Accept-Encoding", bc.encoding)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, reqs[i]) // warm: the index's caches, as a running server has them
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: status %d", reqs[i].URL, rec.Code)
				}
			}
			var bytes int64
			i := 0
			for b.Loop() {
				req := reqs[i%len(reqs)]
				if bc.name == "html-render" {
					req = httptest.NewRequest(http.MethodGet, req.URL.String()+"&n="+strconv.Itoa(i), nil)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				bytes += int64(rec.Body.Len())
				i++
			}
			b.ReportMetric(float64(bytes)/float64(i), "body-bytes/op")
		})
	}
}
