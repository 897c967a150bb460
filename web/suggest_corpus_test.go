package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

type suggestion struct {
	Kind, Label, URL string
	Count            int
}

func suggestions(t *testing.T, h http.Handler, typed string) []suggestion {
	t.Helper()
	code, body, _ := get(t, h, "/api/suggest?q="+url.QueryEscape(typed))
	var sg struct{ Suggestions []suggestion }
	if err := json.Unmarshal([]byte(body), &sg); code != 200 || err != nil {
		t.Fatalf("/api/suggest?q=%s: status %d, %v: %s", typed, code, err, body)
	}
	return sg.Suggestions
}

// apiTotal is /api/search's total for the search at path (a /search URL).
func apiTotal(t *testing.T, h http.Handler, path string) int {
	t.Helper()
	code, body, _ := get(t, h, "/api"+path)
	var res struct{ Total int }
	if err := json.Unmarshal([]byte(body), &res); code != 200 || err != nil {
		t.Fatalf("/api%s: status %d, %v", path, code, err)
	}
	return res.Total
}

// Each search /api/suggest offers on the real archive finds posts, as
// many as it says: /api/search's total for where the suggestion leads, a
// completed query (typed filters and all), a completed filter's chip, a
// year, a person's, project's or topic's posts.
func TestCorpusSuggestCountsAreTotals(t *testing.T) {
	t.Parallel()
	h := corpusServer(t)
	for _, typed := range []string{
		"redis que", "mock", "show and", "pair prog", "code rev", "kamal dep", "mo",
		"author:chris-roos dep", "year:2018 mee", "redsi que", "raspberry p",
		"author:chr", "redis author:", "project:moc", "topic:show", "year:201", "kind:", "2018", "mocha 2018", "chr", "harm",
	} {
		t.Run(typed, func(t *testing.T) {
			offered := 0
			for _, s := range suggestions(t, h, typed) {
				if s.Kind == "post" {
					continue
				}
				offered++
				if !strings.HasPrefix(s.URL, "/search?") {
					t.Errorf("%s %q leads to %s, not a search", s.Kind, s.Label, s.URL)
					continue
				}
				if n := apiTotal(t, h, s.URL); s.Count == 0 || s.Count != n {
					t.Errorf("%s %q offered with %d posts; %s finds %d", s.Kind, s.Label, s.Count, s.URL, n)
				}
				if want := "/search?q=" + url.QueryEscape(s.Label); s.Kind == "query" && s.URL != want {
					t.Errorf("%q leads to %s, want %s", s.Label, s.URL, want)
				}
			}
			if offered == 0 {
				t.Errorf("nothing but posts offered for %q", typed)
			}
		})
	}
}

// What the search box offers for a filter being typed, a year, a name.
func TestCorpusSuggestFiltersAndYears(t *testing.T) {
	t.Parallel()
	h := corpusServer(t)
	for _, c := range []struct {
		typed string
		want  suggestion // among the suggestions; Count 0: any count
	}{
		// A person chosen is a chip: author= in the URL, not text in q.
		{"author:chr", suggestion{Kind: "person", Label: "Chris Roos", URL: "/search?author=chris-roos"}},
		{"Author:roos", suggestion{Kind: "person", Label: "Chris Roos", URL: "/search?author=chris-roos"}},
		{"redis author:chr", suggestion{Kind: "person", Label: "Chris Roos", URL: "/search?author=chris-roos&q=redis"}},
		{"project:harm", suggestion{Kind: "project", Label: "Harmonia", URL: "/search?project=harmonia"}},
		{"year:201", suggestion{Kind: "year", Label: "2018", URL: "/search?year=2018"}},
		{"2018", suggestion{Kind: "year", Label: "2018", URL: "/search?year=2018"}},
		{"mocha 2018", suggestion{Kind: "year", Label: "2018", URL: "/search?q=mocha&year=2018"}},
		{"chr", suggestion{Kind: "person", Label: "Chris Roos", URL: "/search?author=chris-roos"}},
	} {
		t.Run(c.typed, func(t *testing.T) {
			got := suggestions(t, h, c.typed)
			found := false
			for _, s := range got {
				if s.Kind == c.want.Kind && s.Label == c.want.Label && s.URL == c.want.URL {
					found = s.Count > 0
				}
			}
			if !found {
				t.Errorf("%q: no %s %q leading to %s with its posts among %+v", c.typed, c.want.Kind, c.want.Label, c.want.URL, got)
			}
		})
	}
	// The year comes first, and people, projects and topics all say
	// their posts.
	if got := suggestions(t, h, "2018"); len(got) == 0 || got[0].Kind != "year" {
		t.Errorf("2018: %+v, want the year first", got)
	}
	for _, s := range suggestions(t, h, "chr") {
		if s.Kind != "post" && s.Count == 0 {
			t.Errorf("chr: %s %q has no count", s.Kind, s.Label)
		}
	}
}

// A search that finds nothing says what does: each word alone with what
// it finds (linked, with the filters, or in every post when the filters
// leave nothing), the nearest topics, a link dropping each filter. A
// half-typed filter is searched as text with a hint; a corrected search's
// heading names what was searched.
func TestCorpusEmptyAndPartialResults(t *testing.T) {
	t.Parallel()
	h := corpusServer(t)
	redis := apiTotal(t, h, "/search?q=redis")
	byTom := apiTotal(t, h, "/search?q=redis&author=tom-ward")
	if redis == 0 || byTom != 0 {
		t.Fatalf("the corpus has changed: redis finds %d posts, %d of them by Tom Ward", redis, byTom)
	}
	runPages(t, h, []pageCase{
		{"/search?q=zebrafish+redis", 200, []string{
			"No posts match.", "Each word alone: zebrafish — none · " + `<a href="/search?q=redis">redis</a> — ` + itoa(redis) + "</li>",
			"Nearest topics: <a", "<h1 id=\"results-heading\">Results for “zebrafish redis”</h1>",
		}, nil},
		{"/search?q=zebrafish+redis&author=tom-ward", 200, []string{
			`<a href="/search?q=redis">redis</a> — ` + itoa(redis) + " in all posts",
			`<a href="/search?q=zebrafish&#43;redis">Search without Author: Tom Ward</a>`, "Nearest topics: <a",
		}, nil},
		// One word: nothing to search alone.
		{"/search?q=zebrafish", 200, []string{"No posts match."}, []string{"Each word alone"}},
		{"/search?q=author:", 200, []string{`<p class="hint" role="note">author: needs a value, as in author:chris-roos.`}, nil},
		{"/search?q=redis+year:", 200, []string{"year: needs a value, as in year:2018", "Results for “redis year:”"}, nil},
		{"/search?q=harmonai", 200, []string{`<h1 id="results-heading">Results for “harmonia” <span class="typed">— you typed “harmonai”</span></h1>`}, []string{"No posts match"}},
	})

	var res struct {
		Total int
		Hints []string
		Alone []struct {
			Query      string
			Total      int
			URL        string
			Unfiltered bool
		}
	}
	for _, c := range []struct{ path, want string }{
		{"/api/search?q=author:", `hints ["author: needs a value, as in author:chris-roos"]`},
		{"/api/search?q=zebrafish+redis", `alone zebrafish 0 "" false; redis ` + itoa(redis) + ` "/search?q=redis" false`},
		{"/api/search?q=zebrafish+redis&author=tom-ward", `alone zebrafish 0 "" false; redis ` + itoa(redis) + ` "/search?q=redis" true`},
	} {
		res.Hints, res.Alone = nil, nil
		code, body, _ := get(t, h, c.path)
		if err := json.Unmarshal([]byte(body), &res); code != 200 || err != nil {
			t.Fatalf("%s: status %d, %v: %s", c.path, code, err, body)
		}
		got := ""
		if res.Hints != nil {
			b, _ := json.Marshal(res.Hints)
			got = "hints " + string(b)
		}
		for i, a := range res.Alone {
			if i == 0 {
				got = "alone "
			} else {
				got += "; "
			}
			b, _ := json.Marshal(a.URL)
			got += a.Query + " " + itoa(a.Total) + " " + string(b) + " " + map[bool]string{true: "true", false: "false"}[a.Unfiltered]
		}
		if got != c.want {
			t.Errorf("%s: %s, want %s", c.path, got, c.want)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// Words only code holds (kamal_registry_password, in a code block) are
// not offered as completions, and are still found by a search.
func TestCorpusSuggestLeavesOutCode(t *testing.T) {
	t.Parallel()
	h := corpusServer(t)
	if n := apiTotal(t, h, "/search?q=kamal_registry_password"); n == 0 {
		t.Fatalf("kamal_registry_password finds no post: the corpus has changed")
	}
	for _, typed := range []string{"kamal", "kamal_", "kamal_reg", "deploy kamal_r"} {
		for _, s := range suggestions(t, h, typed) {
			if s.Kind == "query" && strings.Contains(s.Label, "kamal_registry") {
				t.Errorf("%q: offered %q, a word only code holds", typed, s.Label)
			}
		}
	}
	got := suggestions(t, h, "kamal")
	if len(got) == 0 || got[0].Kind != "query" || got[0].Label != "kamal" {
		t.Errorf("kamal: %+v, want the word kamal (in prose) first", got)
	}
}
