package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"testing"

	"github.com/freerange/weeknotes/indexer"
	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/store/folder"
	"github.com/freerange/weeknotes/web"
)

const corpus = "../../../shared/corpus/soups"

// The plain-Bleve program, run over an index of the real archive that
// `weeknotes index` would write, gives the same totals and counts as
// /api/search and /api/timeline for the same words and filters.
func TestPlainBleveAgreesWithTheAPI(t *testing.T) {
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("%s is absent", corpus)
	}
	dir := t.TempDir()
	if _, err := indexer.Build(context.Background(), indexer.Options{Root: corpus}, dir, nil); err != nil {
		t.Fatal(err)
	}
	build, err := folder.Current(dir)
	if err != nil {
		t.Fatal(err)
	}
	bleveDir := folder.BleveDir(build)

	ix, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	srv, err := web.New(web.Config{Index: ix, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	getJSON := func(target string, v any) {
		t.Helper()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", target, rec.Code, rec.Body)
		}
		if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
			t.Fatal(err)
		}
	}

	type facetValue struct {
		Value string `json:"value"`
		Count int    `json:"count"`
	}
	for _, tt := range []struct {
		q       string
		filters map[string]string // field in Bleve -> slug
	}{
		{"", nil},
		{"redis", nil},
		{"asset manager", nil},
		{"", map[string]string{"author": "chris-roos"}},
		{"mocha", map[string]string{"year": "2018"}},
		{"", map[string]string{"projects": "mocha"}},
		{"", map[string]string{"topics": "cotech"}},
		{"deploy", map[string]string{"author": "james-mead", "year": "2019"}},
		// Spelling variants, folded by the mapping's analyzer as by ours.
		{"visualization", nil},
		{"co-op", nil},
		{"colour", nil},
	} {
		name := tt.q
		params := url.Values{"q": {tt.q}, "per_page": {"1"}}
		param := map[string]string{"author": "author", "projects": "project", "topics": "topic", "year": "year"}
		for f, v := range tt.filters {
			params.Set(param[f], v)
			name += " " + f + ":" + v
		}
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			args := []string{"-index", bleveDir, "-q", tt.q}
			for f, v := range tt.filters {
				args = append(args, "-"+map[string]string{"author": "author", "projects": "project", "topics": "topic", "year": "year"}[f], v)
			}
			if err := run(args, &out); err != nil {
				t.Fatal(err)
			}
			var plain Counts
			if err := json.Unmarshal(out.Bytes(), &plain); err != nil {
				t.Fatal(err)
			}
			var api struct {
				Total  int                     `json:"total"`
				Facets map[string][]facetValue `json:"facets"`
			}
			getJSON("/api/search?"+params.Encode(), &api)
			if int(plain.Total) != api.Total {
				t.Errorf("total: plain Bleve %d, /api/search %d", plain.Total, api.Total)
			}
			if api.Total == 0 {
				t.Fatal("the case finds nothing: it tests nothing")
			}
			// A facet's counts in the API ignore its own selection, so
			// compare the facets that are not filtered.
			for field, facet := range map[string]string{"author": "author", "projects": "project", "topics": "topic"} {
				if tt.filters[field] != "" {
					continue
				}
				for _, v := range api.Facets[facet] {
					if got := plain.Facets[field][v.Value]; got != v.Count {
						t.Errorf("%s %s: plain Bleve %d, /api/search %d", field, v.Value, got, v.Count)
					}
				}
				if facet != "topic" && len(api.Facets[facet]) != len(plain.Facets[field]) {
					t.Errorf("%s: plain Bleve has %d values, /api/search %d", field, len(plain.Facets[field]), len(api.Facets[facet]))
				}
			}
			if tt.filters["year"] == "" {
				for _, v := range api.Facets["year"] {
					if got := plain.Years[v.Value]; got != v.Count {
						t.Errorf("year %s: plain Bleve (date ranges) %d, /api/search %d", v.Value, got, v.Count)
					}
				}
			}
		})
	}

	// Over every post, the date ranges by year are the timeline's years.
	var out bytes.Buffer
	if err := run([]string{"-index", bleveDir}, &out); err != nil {
		t.Fatal(err)
	}
	var plain Counts
	json.Unmarshal(out.Bytes(), &plain)
	var timeline []struct {
		Year  int `json:"year"`
		Count int `json:"count"`
	}
	getJSON("/api/timeline", &timeline)
	sum := 0
	for _, y := range timeline {
		sum += y.Count
		if got := plain.Years[strconv.Itoa(y.Year)]; got != y.Count {
			t.Errorf("timeline %d: plain Bleve %d, /api/timeline %d", y.Year, got, y.Count)
		}
	}
	if sum != int(plain.DocCount) || sum == 0 {
		t.Errorf("the timeline counts %d posts, the index holds %d", sum, plain.DocCount)
	}
}
