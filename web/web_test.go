package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/freerange/weeknotes/indexer"
	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/web"
)

// newServer indexes testdata/soup into a temporary directory and serves it
// through the real router, templates and embedded assets.
func newServer(t *testing.T, drafts bool) http.Handler {
	t.Helper()
	dir := t.TempDir()
	opts := indexer.Options{Root: "testdata/soup", Drafts: drafts}
	if _, err := indexer.Build(context.Background(), opts, dir, nil); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	srv, err := web.New(web.Config{Index: ix, Drafts: drafts, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return srv.Handler()
}

func get(t *testing.T, h http.Handler, target string) (int, string, http.Header) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec.Code, rec.Body.String(), rec.Header()
}

// pageCase is one line of a request script: GET target, expect status
// and text that must (and must not) appear in the body.
type pageCase struct {
	target  string
	status  int
	want    []string
	notWant []string
}

func runPages(t *testing.T, h http.Handler, tests []pageCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			code, body, _ := get(t, h, tt.target)
			if code != tt.status {
				t.Errorf("status = %d, want %d\n%s", code, tt.status, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q", w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(body, w) {
					t.Errorf("body has %q", w)
				}
			}
		})
	}
}

// Request scripts: GET a URL, expect a status and text that must (and
// must not) appear in the body.
func TestPages(t *testing.T) {
	t.Parallel()
	h := newServer(t, false)
	tests := []pageCase{
		{"/", 200, []string{"Search 3 posts", "Launching Lantern", "Week 11", "Week 10"}, []string{"Week 12"}},
		{"/healthz", 200, []string{"ok"}, nil},
		{"/search?q=redis", 200, []string{"1–1 of 1 posts", "<mark>Redis</mark>", `href="/week-10"`}, []string{"Week 12", "Secret"}},
		{"/search?q=lantern&sort=newest", 200, []string{"Launching <mark>Lantern</mark>", "Week 11", "Week 10", "Jo Bloggs"}, nil},
		{"/search?author=sam-smith", 200, []string{"Week 11", "Author: Sam Smith"}, []string{"Week 10"}},
		{"/search?topic=show-and-tell", 200, []string{"Week 10", "Week 11", "Topic: Show &amp; Tell"}, nil},
		{"/search?q=nothingmatchesthis", 200, []string{"No posts match."}, nil},
		{"/week-10", 200, []string{"<h1>Week 10", "Jo Bloggs", "week 10", `href="/lantern"`, "Lantern"}, nil},
		{"/week-11", 200, []string{"<b>bold</b>", "click me"}, []string{"<script>alert", "javascript:", "onclick"}},
		{"/launch", 200, []string{`<a href="/jo-bloggs">Jo Bloggs</a>`}, []string{"&lt;%", "<%"}},
		{"/week-12", 404, []string{"There is no page at /week-12"}, []string{"Secret"}},
		{"/contact", 404, []string{`href="/search?q=contact"`}, nil},
		{"/search?page=two", 400, []string{"page: &#34;two&#34; is not a whole number from 1 up"}, nil},
		{"/search?per_page=1000", 400, []string{"per_page"}, nil},
		{"/static/style.css", 200, []string{"mark"}, nil},
	}
	runPages(t, h, tests)
}

func TestDraftsShownOnlyWhenAsked(t *testing.T) {
	t.Parallel()
	h := newServer(t, true)
	code, body, _ := get(t, h, "/week-12")
	if code != 200 || !strings.Contains(body, "draft") || !strings.Contains(body, "Secret plans") {
		t.Errorf("/week-12 with drafts: %d\n%s", code, body)
	}
	_, body, _ = get(t, h, "/api/search?q=redis")
	if !strings.Contains(body, `"draft":true`) {
		t.Errorf("API with drafts should mark the draft: %s", body)
	}
}

type apiResponse struct {
	Query   string  `json:"query"`
	Total   int     `json:"total"`
	Page    int     `json:"page"`
	PerPage int     `json:"per_page"`
	TookMS  float64 `json:"took_ms"`
	Hits    []struct {
		Name   string `json:"name"`
		URL    string `json:"url"`
		Title  string `json:"title"`
		Author struct {
			Slug string `json:"slug"`
			Name string `json:"name"`
		} `json:"author"`
		Date     string                         `json:"date"`
		Week     *int                           `json:"week"`
		Kind     string                         `json:"kind"`
		Topics   []struct{ Slug, Label string } `json:"topics"`
		Projects []struct{ Slug, Label string } `json:"projects"`
		Snippet  string                         `json:"snippet"`
	} `json:"hits"`
	Facets map[string][]struct {
		Value string `json:"value"`
		Label string `json:"label"`
		Count int    `json:"count"`
	} `json:"facets"`
}

func TestAPISearch(t *testing.T) {
	t.Parallel()
	h := newServer(t, false)
	code, body, hdr := get(t, h, "/api/search?q=lantern&per_page=2")
	if code != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d, type %q", code, hdr.Get("Content-Type"))
	}
	var r apiResponse
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatal(err)
	}
	if r.Query != "lantern" || r.Total != 3 || r.Page != 1 || r.PerPage != 2 || len(r.Hits) != 2 {
		t.Fatalf("response = %+v", r)
	}
	var week11 = -1
	for i, hit := range r.Hits {
		if hit.Name == "week-11" {
			week11 = i
		}
	}
	if week11 < 0 {
		t.Fatalf("week-11 should rank in the top 2 for lantern (title-level heading): %s", body)
	}
	hit := r.Hits[week11]
	if hit.URL != "/week-11" || hit.Title != "Week 11" || hit.Author.Slug != "sam-smith" || hit.Author.Name != "Sam Smith" ||
		hit.Date != "2019-03-15T17:00:00Z" || hit.Week == nil || *hit.Week != 11 || hit.Kind != "blog" ||
		!strings.Contains(hit.Snippet, "<mark>") {
		t.Errorf("hit = %+v", hit)
	}
	for _, facet := range []string{"author", "project", "topic", "year"} {
		if _, ok := r.Facets[facet]; !ok {
			t.Errorf("facet %q missing", facet)
		}
	}
	if got := r.Facets["project"]; len(got) != 1 || got[0].Value != "lantern" || got[0].Label != "Lantern" || got[0].Count != 3 {
		t.Errorf("project facet = %+v", got)
	}

	// An empty query lists every post, newest first.
	_, body, _ = get(t, h, "/api/search")
	json.Unmarshal([]byte(body), &r)
	if r.Total != 3 || r.Hits[0].Name != "launch" || r.Hits[2].Name != "week-10" {
		t.Errorf("empty query = %s", body)
	}
}

func TestAPIErrorsNameTheParameter(t *testing.T) {
	t.Parallel()
	h := newServer(t, false)
	for param, target := range map[string]string{
		"page":     "/api/search?page=0",
		"per_page": "/api/search?per_page=x",
		"sort":     "/api/search?sort=random",
		"year":     "/api/search?year=soon",
		"q":        "/api/search?q=" + strings.Repeat("x", 600),
	} {
		code, body, _ := get(t, h, target)
		var e struct{ Error string }
		if err := json.Unmarshal([]byte(body), &e); err != nil || code != 400 || !strings.HasPrefix(e.Error, param+":") {
			t.Errorf("%s: %d %s, want 400 naming %q", target, code, body, param)
		}
	}
}

// Nothing a user sends produces a 500 or shows their input unescaped.
func TestHostileInput(t *testing.T) {
	t.Parallel()
	h := newServer(t, false)
	payloads := []string{`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`, "\xff\xfe", "%", `'`, "*", "\x00", "a:b", `"unbalanced`, "-", strings.Repeat("é", 400)}
	for _, p := range payloads {
		for _, path := range []string{"/search?q=", "/api/search?q=", "/search?author=", "/api/search?topic=", "/search?q=x&sort=",
			"/feed.xml?q=", "/feed.xml?topic=", "/api/suggest?q=", "/tags?sort=", "/timeline/", "/tags/", "/"} {
			target := path + url.QueryEscape(p)
			if strings.HasSuffix(path, "/") {
				target = path + url.PathEscape(p)
			}
			code, body, _ := get(t, h, target)
			if code >= 500 {
				t.Errorf("%s: status %d", target, code)
			}
			if strings.Contains(body, "<script>alert(1)") || strings.Contains(body, "<img src=x") {
				t.Errorf("%s: payload reflected unescaped", target)
			}
		}
		// The OpenSearch description and feeds name the host they are
		// served under: a hostile Host header must come out escaped.
		for _, path := range []string{"/opensearch.xml", "/feed.xml", "/sitemap.xml"} {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			req.Host = "x" + p
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Errorf("%s with Host %q: status %d", path, req.Host, rec.Code)
			}
			if b := rec.Body.String(); strings.Contains(b, "<script>alert(1)") || strings.Contains(b, "<img src=x") {
				t.Errorf("%s with Host %q: payload reflected unescaped", path, req.Host)
			}
		}
	}
}

// The search box's suggestions each lead somewhere: a completed query or a
// person, project or topic to a search, a post to its page.
func TestAPISuggest(t *testing.T) {
	t.Parallel()
	h := newServer(t, false)
	for _, c := range []struct {
		q    string
		want map[string]string // label kind -> url
	}{
		{"la", map[string]string{
			"lantern query":          "/search?q=lantern",
			"Lantern project":        "/search?project=lantern",
			"Lantern topic":          "/search?topic=lantern",
			"Launching Lantern post": "/launch",
		}},
		{"sam", map[string]string{"Sam Smith person": "/search?author=sam-smith"}},
		{"week 1", map[string]string{"Week 10 post": "/week-10"}},
	} {
		t.Run(c.q, func(t *testing.T) {
			code, body, _ := get(t, h, "/api/suggest?q="+url.QueryEscape(c.q))
			var r struct {
				Suggestions []struct{ Kind, Label, URL string }
			}
			if err := json.Unmarshal([]byte(body), &r); code != 200 || err != nil {
				t.Fatalf("status %d, %v: %s", code, err, body)
			}
			got := map[string]string{}
			for _, s := range r.Suggestions {
				got[s.Label+" "+s.Kind] = s.URL
			}
			for k, want := range c.want {
				if got[k] != want {
					t.Errorf("%s: url %q, want %q (%s)", k, got[k], want, body)
				}
			}
		})
	}
}
