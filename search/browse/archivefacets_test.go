package browse

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/store"
	"github.com/freerange/weeknotes/search/store/catalog"
	"github.com/freerange/weeknotes/search/store/schema"
)

// openFixture is a small archive: three people, topics and projects over
// three months of two years.
func openFixture(t *testing.T) *search.Index {
	t.Helper()
	term := func(s string) archive.Term { return archive.Term{Slug: s, Label: strings.ToUpper(s[:1]) + s[1:]} }
	post := func(name, author, day string, topics, projects []archive.Term) archive.Post {
		d, err := time.Parse("2006-01-02", day)
		if err != nil {
			t.Fatal(err)
		}
		return archive.Post{Name: name, Title: name, Author: term(author), Created: d, Updated: d, Kind: "blog",
			Text: "Notes of " + name + ".", Summary: "Notes.", Topics: topics, Projects: projects, HTML: "<p>Notes.</p>"}
	}
	redis, cotech, mocha := term("redis"), term("cotech"), term("mocha")
	dir := t.TempDir()
	err := store.Build(dir, store.Contents{Posts: []archive.Post{
		post("week-1", "chris", "2017-03-03", []archive.Term{redis}, nil),
		post("week-2", "james", "2017-03-10", nil, []archive.Term{mocha}),
		post("week-3", "chris", "2018-01-05", []archive.Term{redis, cotech}, nil),
		post("week-4", "ben", "2018-02-09", []archive.Term{cotech}, []archive.Term{mocha}),
	}, Source: catalog.Source{Dir: "/fixture"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// counts is what the browse pages show: posts per month and the counts of
// /people, /tags and /projects.
func counts(b *Browse) map[string]int {
	out := map[string]int{}
	for _, m := range b.Months() {
		if m.Count > 0 {
			out["month "+m.Month] = m.Count
		}
	}
	for _, y := range b.Timeline() {
		out["year "+strconv.Itoa(y.Year)] = y.Count
	}
	for _, f := range []archive.Facet{archive.FacetAuthor, archive.FacetTopic, archive.FacetProject} {
		for _, c := range b.Terms(f, false) {
			out[f.Name()+" "+c.Slug] = c.Count
		}
	}
	return out
}

// fixtureCounts is counts of the fixture, each count plus mark and each
// year's plus mark for each of its months with posts.
func fixtureCounts(mark int) map[string]int {
	return map[string]int{
		"month 2017-03": 2 + mark, "month 2018-01": 1 + mark, "month 2018-02": 1 + mark,
		"year 2017": 2 + mark, "year 2018": 2 + 2*mark,
		"author chris": 2 + mark, "author james": 1 + mark, "author ben": 1 + mark,
		"topic redis": 2 + mark, "topic cotech": 2 + mark,
		"project mocha": 2 + mark,
	}
}

func logTo(buf *bytes.Buffer) *slog.Logger { return slog.New(slog.NewTextHandler(buf, nil)) }

// The archive-wide counts are Bleve's own facets: the counts the pages
// show are what Bleve's facet request gave (here marked, so that counts
// from the accelerator would show unmarked), and the request itself
// agrees with the posts. Nothing is logged.
func TestArchiveCountsAreBleves(t *testing.T) {
	t.Parallel()
	ix := openFixture(t)
	var log bytes.Buffer
	b := New(ix, logTo(&log))
	a, err := archiveFacets(context.Background(), ix)
	if err != nil {
		t.Fatal(err)
	}
	if a.Total != 4 || a.Years[2017] != 2 || a.Months["2018-02"] != 1 || a.Terms[schema.FieldTopics]["cotech"] != 2 || a.Terms[schema.FieldKind]["blog"] != 4 {
		t.Errorf("Bleve's facets: %+v", a)
	}
	const mark = 1000
	b.countArchive = func(ctx context.Context, ix *search.Index) (*ArchiveFacets, error) {
		a, err := archiveFacets(ctx, ix)
		if err != nil {
			return nil, err
		}
		for y := range a.Years {
			a.Years[y] += mark
		}
		for m := range a.Months {
			a.Months[m] += mark
		}
		for _, byValue := range a.Terms {
			for v := range byValue {
				byValue[v] += mark
			}
		}
		return a, nil
	}
	if diff := cmp.Diff(fixtureCounts(mark), counts(b)); diff != "" {
		t.Errorf("counts are not Bleve's (-marked Bleve +shown):\n%s", diff)
	}
	if log.Len() > 0 {
		t.Errorf("logged: %s", log.String())
	}
}

// Should Bleve's facet request fail, the pages count from the accelerator
// (the same numbers) and the log says so, once, with the reason.
func TestArchiveCountsFallBackLoudly(t *testing.T) {
	t.Parallel()
	ix := openFixture(t)
	var log bytes.Buffer
	b := New(ix, logTo(&log))
	b.countArchive = func(context.Context, *search.Index) (*ArchiveFacets, error) {
		return nil, errors.New("facet request failed")
	}
	for range 3 {
		if diff := cmp.Diff(fixtureCounts(0), counts(b)); diff != "" {
			t.Errorf("accelerator's counts (-want +shown):\n%s", diff)
		}
	}
	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], "level=ERROR") || !strings.Contains(lines[0], "accelerator") || !strings.Contains(lines[0], "facet request failed") {
		t.Errorf("log %q, want one error naming the accelerator and the reason", log.String())
	}
}
