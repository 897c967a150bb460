package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/freerange/weeknotes/indexer"
	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/querylang"
	"github.com/freerange/weeknotes/web"
	"github.com/freerange/weeknotes/web/ops"
)

// syncBuffer is a log destination safe for concurrent requests.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// opsServer serves testdata/soup and logs JSON lines into the returned buffer.
func opsServer(t *testing.T) (*web.Server, string, *syncBuffer) {
	t.Helper()
	dir := t.TempDir()
	if _, err := indexer.Build(context.Background(), indexer.Options{Root: "testdata/soup"}, dir, nil); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	srv, err := web.New(web.Config{Index: ix, Images: "testdata/soup/images", Logger: slog.New(slog.NewJSONHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv, dir, logs
}

func do(t *testing.T, h http.Handler, method, target string, header http.Header) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	h.ServeHTTP(rec, req)
	return rec
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	t.Parallel()
	srv, _, _ := opsServer(t)
	h := srv.Handler()
	want := map[string]string{
		"Content-Security-Policy": ops.ContentSecurityPolicy,
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "strict-origin-when-cross-origin",
		"X-Frame-Options":         "DENY",
	}
	for _, tt := range []struct {
		method, target string
		status         int
		contentType    string
	}{
		{"GET", "/", 200, "text/html"},
		{"GET", "/week-10", 200, "text/html"},
		{"GET", "/search?q=redis", 200, "text/html"},
		{"GET", "/api/search?q=redis", 200, "application/json"},
		{"GET", "/static/style.css", 200, "text/css"},
		{"GET", "/healthz", 200, "text/plain"},
		{"GET", "/readyz", 200, "application/json"},
		{"GET", "/metrics", 200, "text/plain"},
		{"GET", "/no-such-post", 404, "text/html"},
		{"GET", "/static/nothing.css", 404, ""},
		{"GET", "/api/nothing", 404, "application/json"},
		{"POST", "/", 405, "text/html"},
		{"GET", "/api/search?per_page=0", 400, "application/json"},
		{"GET", "/search?page=0", 400, "text/html"},
		{"GET", "/search/", 301, ""}, // Gin's trailing-slash redirect runs no middleware
	} {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			rec := do(t, h, tt.method, tt.target, nil)
			if rec.Code != tt.status {
				t.Errorf("status %d, want %d", rec.Code, tt.status)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, tt.contentType) {
				t.Errorf("Content-Type %q, want %q", ct, tt.contentType)
			}
			for k, v := range want {
				if got := rec.Header().Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if id := rec.Header().Get(ops.RequestIDHeader); id == "" {
				t.Errorf("no %s header", ops.RequestIDHeader)
			}
		})
	}
	csp := ops.ContentSecurityPolicy
	for _, must := range []string{"default-src 'self'", "frame-ancestors 'none'", "script-src 'self'", "style-src 'self'", "base-uri 'none'"} {
		if !strings.Contains(csp, must) {
			t.Errorf("CSP lacks %q", must)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("CSP allows inline code: %s", csp)
	}
}

func TestRequestIDAndLogLine(t *testing.T) {
	t.Parallel()
	srv, _, logs := opsServer(t)
	h := srv.Handler()
	a := do(t, h, "GET", "/week-10?x=1", nil).Header().Get(ops.RequestIDHeader)
	b := do(t, h, "GET", "/week-10", nil).Header().Get(ops.RequestIDHeader)
	if !regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(a) || a == b {
		t.Errorf("ids %q and %q: want two different 16-hex-digit ids", a, b)
	}
	// A proxy's id is kept when it is plain; anything else is replaced.
	if got := do(t, h, "GET", "/", http.Header{"X-Request-Id": {"lb-42.abc_DEF"}}).Header().Get(ops.RequestIDHeader); got != "lb-42.abc_DEF" {
		t.Errorf("proxy id not kept: %q", got)
	}
	for _, bad := range []string{"a b", "x\"y", strings.Repeat("a", 65), "é"} {
		if got := do(t, h, "GET", "/", http.Header{"X-Request-Id": {bad}}).Header().Get(ops.RequestIDHeader); got == bad {
			t.Errorf("id %q echoed", bad)
		}
	}

	// One line per request, with the id, the route pattern and the status.
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		if m["msg"] == "request" {
			lines = append(lines, m)
		}
	}
	if len(lines) != 7 {
		t.Fatalf("%d request lines, want 7:\n%s", len(lines), logs)
	}
	first := lines[0]
	for k, v := range map[string]any{"id": a, "method": "GET", "path": "/week-10", "route": "/:name", "status": 200.0} {
		if first[k] != v {
			t.Errorf("log %s = %v, want %v (%v)", k, first[k], v, first)
		}
	}
	if _, ok := first["took"]; !ok {
		t.Errorf("log line lacks took: %v", first)
	}
}

var metricLine = regexp.MustCompile(`^(\w+)(?:\{(.*)\})? (\S+)$`)

// scrape returns every sample of /metrics by its name and labels.
func scrape(t *testing.T, h http.Handler) map[string]string {
	t.Helper()
	rec := do(t, h, "GET", "/metrics", nil)
	if rec.Code != 200 {
		t.Fatalf("/metrics: %d", rec.Code)
	}
	out := map[string]string{}
	for _, l := range strings.Split(rec.Body.String(), "\n") {
		if m := metricLine.FindStringSubmatch(l); m != nil {
			out[m[1]+"{"+m[2]+"}"] = m[3]
		}
	}
	return out
}

func TestMetrics(t *testing.T) {
	t.Parallel()
	srv, _, _ := opsServer(t)
	h := srv.Handler()
	for _, target := range []string{"/week-10", "/week-11", "/week-474-nope", "/api/search?q=redis", "/api/search?q=lantern", "/search?q=redis", "/static/style.css", "/api/search?page=0"} {
		do(t, h, "GET", target, nil)
	}
	do(t, h, "DELETE", "/week-10", nil)
	do(t, h, "BREW", "/", nil)
	srv.RecordReindex(1500*time.Millisecond, nil)
	srv.RecordReindex(time.Second, errors.New("disk full"))

	got := scrape(t, h)
	for sample, want := range map[string]string{
		`weeknotes_http_requests_total{method="GET",route="/:name",status="200"}`:                            "2",
		`weeknotes_http_requests_total{method="GET",route="/:name",status="404"}`:                            "1",
		`weeknotes_http_requests_total{method="GET",route="/api/search",status="200"}`:                       "2",
		`weeknotes_http_requests_total{method="GET",route="/api/search",status="400"}`:                       "1",
		`weeknotes_http_requests_total{method="GET",route="/static/*filepath",status="200"}`:                 "1",
		`weeknotes_http_requests_total{method="DELETE",route="unmatched",status="405"}`:                      "1",
		`weeknotes_http_requests_total{method="other",route="unmatched",status="405"}`:                       "1",
		`weeknotes_http_request_duration_seconds_count{method="GET",route="/:name",status="200"}`:            "2",
		`weeknotes_http_request_duration_seconds_bucket{method="GET",route="/:name",status="200",le="+Inf"}`: "2",
		`weeknotes_search_duration_seconds_count{route="/api/search"}`:                                       "3",
		`weeknotes_search_duration_seconds_count{route="/search"}`:                                           "1",
		`weeknotes_index_documents{}`:                "3",
		`weeknotes_reindex_total{result="ok"}`:       "1",
		`weeknotes_reindex_total{result="error"}`:    "1",
		`weeknotes_reindex_errors_total{}`:           "1",
		`weeknotes_reindex_last_duration_seconds{}`:  "1",
		`weeknotes_reindex_duration_seconds_count{}`: "2",
	} {
		if got[sample] != want {
			t.Errorf("%s = %q, want %q", sample, got[sample], want)
		}
	}
	for _, sample := range []string{`weeknotes_reindex_last_timestamp_seconds{}`, `weeknotes_index_built_timestamp_seconds{}`, `go_goroutines{}`} {
		if v := got[sample]; v == "" || v == "0" {
			t.Errorf("%s = %q, want a value", sample, v)
		}
	}
	// Route labels are patterns: a post's name never becomes a label value.
	for sample := range got {
		if strings.Contains(sample, "week-") || strings.Contains(sample, "style.css") || strings.Contains(sample, "BREW") {
			t.Errorf("raw path or method in a label: %s", sample)
		}
	}
}

func TestReadyz(t *testing.T) {
	t.Parallel()
	srv, dir, _ := opsServer(t)
	h := srv.Handler()
	rec := do(t, h, "GET", "/readyz", nil)
	var r struct {
		Status     string    `json:"status"`
		Documents  int       `json:"documents"`
		Posts      int       `json:"posts"`
		BuiltAt    time.Time `json:"built_at"`
		AgeSeconds float64   `json:"age_seconds"`
		Build      string    `json:"build"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil || rec.Code != 200 {
		t.Fatalf("/readyz: %d %s (%v)", rec.Code, rec.Body, err)
	}
	if r.Status != "ready" || r.Documents != 3 || r.Posts != 3 || r.Build == "" ||
		time.Since(r.BuiltAt) > time.Minute || r.AgeSeconds < 0 || r.AgeSeconds > 60 {
		t.Errorf("/readyz = %+v", r)
	}
	if code := do(t, h, "GET", "/healthz", nil).Code; code != 200 {
		t.Errorf("/healthz: %d", code)
	}

	// An index that can't be read is not ready (and says nothing internal).
	ix, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Swap(ix); err != nil {
		t.Fatal(err)
	}
	ix.Close() // closed under the server
	rec = do(t, h, "GET", "/readyz", nil)
	if rec.Code != http.StatusServiceUnavailable || strings.Contains(rec.Body.String(), dir) {
		t.Errorf("/readyz on a closed index: %d %s", rec.Code, rec.Body)
	}
	again, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Swap(again); err != nil {
		t.Fatal(err)
	}
	if rec := do(t, h, "GET", "/readyz", nil); rec.Code != http.StatusOK {
		t.Errorf("/readyz once a readable index is swapped in: %d", rec.Code)
	}
}

// The limits search enforces, over HTTP: just over each is a 400 naming
// the parameter (JSON for the API, a page for /search); at the limit is fine.
func TestRequestLimits(t *testing.T) {
	t.Parallel()
	srv, _, _ := opsServer(t)
	h := srv.Handler()
	words := func(n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = fmt.Sprintf("w%d", i)
		}
		return strings.Join(w, " ")
	}
	values := func(param string, n int, value func(i int) string) string {
		v := url.Values{}
		for i := 0; i < n; i++ {
			v.Add(param, value(i))
		}
		return v.Encode()
	}
	slug := func(i int) string { return fmt.Sprintf("s%d", i) }
	year := func(i int) string { return fmt.Sprint(2000 + i) }
	for _, tt := range []struct {
		name, param, ok, over string
	}{
		{"query length", "q", "q=" + strings.Repeat("x", querylang.MaxQueryBytes), "q=" + strings.Repeat("x", querylang.MaxQueryBytes+1)},
		{"terms", "q", "q=" + url.QueryEscape(words(querylang.MaxTerms)), "q=" + url.QueryEscape(words(querylang.MaxTerms+1))},
		{"page depth", "page", fmt.Sprintf("page=%d", querylang.MaxPage), fmt.Sprintf("page=%d", querylang.MaxPage+1)},
		{"per_page", "per_page", fmt.Sprintf("per_page=%d", querylang.MaxPerPage), fmt.Sprintf("per_page=%d", querylang.MaxPerPage+1)},
		{"authors", "author", values("author", querylang.MaxValues, slug), values("author", querylang.MaxValues+1, slug)},
		{"projects", "project", values("project", querylang.MaxValues, slug), values("project", querylang.MaxValues+1, slug)},
		{"topics", "topic", values("topic", querylang.MaxValues, slug), values("topic", querylang.MaxValues+1, slug)},
		{"years", "year", values("year", querylang.MaxValues, year), values("year", querylang.MaxValues+1, year)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, path := range []string{"/api/search?", "/search?"} {
				if rec := do(t, h, "GET", path+tt.ok, nil); rec.Code != 200 {
					t.Errorf("%s at the limit: %d %.200s", path, rec.Code, rec.Body)
				}
				rec := do(t, h, "GET", path+tt.over, nil)
				if rec.Code != 400 {
					t.Errorf("%s over the limit: %d, want 400", path, rec.Code)
					continue
				}
				if path == "/api/search?" {
					var e struct{ Error string }
					if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || !strings.HasPrefix(e.Error, tt.param+":") {
						t.Errorf("%s over the limit: %s, want an error naming %q", path, rec.Body, tt.param)
					}
				} else if body, _ := io.ReadAll(rec.Body); !bytes.Contains(body, []byte(tt.param+":")) {
					t.Errorf("%s over the limit: the page doesn't name %q", path, tt.param)
				}
			}
		})
	}
}
