package main

import (
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// README's first command serves data/: the sample archive cmd/samplegen
// writes, the seeds among it. What a newcomer sees first has every feature
// to show: facets, a timeline of several years, topics, people and
// projects, show and tells, pictures, and the seed week 474.
func TestFirstRunShowsTheSampleArchive(t *testing.T) {
	t.Parallel()
	index := filepath.Join(t.TempDir(), "index")
	_, stderr, err := runArgs("index", "--posts", "../../data", "--index", index)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr, "9 people, 6 projects") || !strings.Contains(stderr, "2 drafts left out") || strings.Contains(stderr, "warning") {
		t.Errorf("index summary of data/, want 9 people, 6 projects, 2 drafts and no warnings:\n%s", stderr)
	}
	s := startServe(t, "--posts", "../../data", "--index", index)
	defer s.stop(t)

	get := func(path string) (*http.Response, []byte) {
		t.Helper()
		resp, err := client.Get(s.url + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: %d", path, resp.StatusCode)
		}
		return resp, body
	}
	count := func(path string, v any) {
		t.Helper()
		if _, body := get(path); json.Unmarshal(body, v) != nil {
			t.Errorf("GET %s: not JSON: %.200s", path, body)
		}
	}

	var all struct {
		Total  int                          `json:"total"`
		Facets map[string][]json.RawMessage `json:"facets"`
	}
	count("/api/search?q=", &all)
	if all.Total < 250 {
		t.Errorf("%d posts, want a few hundred", all.Total)
	}
	for facet, least := range map[string]int{"author": 6, "project": 6, "topic": 10, "year": 5} {
		if n := len(all.Facets[facet]); n < least {
			t.Errorf("facet %s has %d values, want %d or more", facet, n, least)
		}
	}
	var years, tags, people, projects []json.RawMessage
	count("/api/timeline", &years)
	count("/api/tags", &tags)
	count("/api/people", &people)
	count("/api/projects", &projects)
	if len(years) < 5 || len(tags) < 15 || len(people) < 6 || len(projects) < 6 {
		t.Errorf("%d years, %d topics, %d people, %d projects: want 5, 15, 6 and 6 or more", len(years), len(tags), len(people), len(projects))
	}
	var shows struct {
		Total int `json:"total"`
	}
	count("/api/search?q=kind:show-and-tell", &shows)
	if shows.Total < 8 {
		t.Errorf("%d show and tells, want 8 or more", shows.Total)
	}
	if _, body := get("/week-474"); !strings.Contains(string(body), "Asset Manager") {
		t.Errorf("/week-474, the seed, doesn't show")
	}
	if _, body := get("/show-and-tell-a-tide-clock"); !strings.Contains(string(body), `src="/images/blog/tide-clock.jpg?v=`) || !strings.Contains(string(body), `width="800" height="533"`) {
		t.Errorf("the tide clock's show and tell shows no picture of known size:\n%s", body)
	}
	for _, img := range []string{"/images/blog/tide-clock.jpg", "/images/people/nia-okafor.jpg", "/images/blog/retro-board.png"} {
		if resp, body := get(img); !strings.HasPrefix(resp.Header.Get("Content-Type"), "image/") || len(body) < 1000 {
			t.Errorf("GET %s: %s, %d bytes", img, resp.Header.Get("Content-Type"), len(body))
		}
	}
}
