package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/querylang"
	"github.com/freerange/weeknotes/search/store"
	"github.com/freerange/weeknotes/search/store/catalog"
	"github.com/freerange/weeknotes/search/store/folder"
	"github.com/freerange/weeknotes/search/store/schema"
)

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

var people = map[string]string{"chris-roos": "Chris Roos", "james-mead": "James Mead", "chris-lowis": "Chris Lowis"}

// fixture is a small archive written by hand, so each test knows exactly
// which posts hold which words.
func fixture() store.Contents {
	post := func(name, title, author, day, text string, topics, projects []archive.Term) archive.Post {
		return archive.Post{
			Name: name, Title: title, Author: archive.Term{Slug: author, Label: people[author]},
			Created: date(day), Updated: date(day), Kind: "blog", Text: text, Summary: strings.SplitN(text, ".", 2)[0] + ".",
			Topics: topics, Projects: projects, HTML: "<p>" + text + "</p>",
		}
	}
	redis := archive.Term{Slug: "redis", Label: "Redis"}
	cotech := archive.Term{Slug: "cotech", Label: "CoTech"}
	mocha := archive.Term{Slug: "mocha", Label: "Mocha"}
	return store.Contents{
		Posts: []archive.Post{
			post("week-100", "Week 100", "chris-roos", "2017-03-03", "We migrated the queue to Redis. The migration went well.", []archive.Term{redis}, nil),
			post("week-101", "Week 101", "james-mead", "2017-03-10", "Released a new version of Mocha. Redis was mentioned in passing.", []archive.Term{}, []archive.Term{mocha}),
			post("redis-notes", "Notes on Redis", "chris-roos", "2018-01-05", "Some thoughts on memory limits.", []archive.Term{redis}, nil),
			post("week-200", "Week 200", "chris-lowis", "2018-02-09", "A CoTech meeting about co-operatives. <script>alert(1)</script> was not run.", []archive.Term{cotech}, nil),
			post("week-201", "Week 201", "chris-roos", "2018-02-16", "More CoTech work and a queue of invoices.", []archive.Term{cotech}, []archive.Term{mocha}),
		},
		Projects: []archive.Entity{{Slug: "mocha", Name: "Mocha"}},
		Source:   catalog.Source{Dir: "/fixture"},
	}
}

// openContents builds a into a new index and opens it, for the test.
func openContents(t *testing.T, a store.Contents) *Index {
	t.Helper()
	dir := t.TempDir()
	if err := store.Build(dir, a, nil); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func openFixture(t *testing.T) *Index {
	t.Helper()
	return openContents(t, fixture())
}

func names(res *Result) []string {
	out := []string{}
	for _, h := range res.Hits {
		out = append(out, h.Name)
	}
	return out
}

func TestSearch(t *testing.T) {
	t.Parallel()
	ix := openFixture(t)
	tests := []struct {
		name string
		req  querylang.Request
		want []string
	}{
		{"empty query lists every post newest first", querylang.Request{}, []string{"week-201", "week-200", "redis-notes", "week-101", "week-100"}},
		{"oldest first", querylang.Request{Sort: querylang.SortOldest}, []string{"week-100", "week-101", "redis-notes", "week-200", "week-201"}},
		{"title match ranks above body matches", querylang.Request{Query: "redis"}, []string{"redis-notes", "week-100", "week-101"}},
		{"every word must match", querylang.Request{Query: "redis queue"}, []string{"week-100"}},
		{"stemming: migrating finds migrated and migration", querylang.Request{Query: "migrating"}, []string{"week-100"}},
		{"case does not matter", querylang.Request{Query: "COTECH"}, []string{"week-201", "week-200"}},
		{"author filter", querylang.Request{Query: "redis", Authors: []string{"chris-roos"}}, []string{"redis-notes", "week-100"}},
		{"two authors combine with OR", querylang.Request{Authors: []string{"james-mead", "chris-lowis"}}, []string{"week-200", "week-101"}},
		{"project filter", querylang.Request{Projects: []string{"mocha"}}, []string{"week-201", "week-101"}},
		{"topic and year filters combine with AND", querylang.Request{Topics: []string{"redis"}, Years: []string{"2018"}}, []string{"redis-notes"}},
		{"only stop words match nothing", querylang.Request{Query: "the and of"}, []string{}},
		{"no match", querylang.Request{Query: "kubernetes"}, []string{}},
		{"paging", querylang.Request{PerPage: 2, Page: 2}, []string{"redis-notes", "week-101"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.req
			if err := r.Normalize(); err != nil {
				t.Fatal(err)
			}
			res, err := ix.Search(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, names(res)); diff != "" {
				t.Errorf("hits (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFacets(t *testing.T) {
	t.Parallel()
	ix := openFixture(t)
	r := querylang.Request{Query: "redis"}
	r.Normalize()
	res, err := ix.Search(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 3 {
		t.Errorf("total = %d, want 3", res.Total)
	}
	want := map[string][]FacetValue{
		"author":  {{"chris-roos", "Chris Roos", 2, false}, {"james-mead", "James Mead", 1, false}},
		"project": {{"mocha", "Mocha", 1, false}},
		"topic":   {{"redis", "Redis", 2, false}},
		"year":    {{"2018", "2018", 1, false}, {"2017", "2017", 2, false}},
	}
	if diff := cmp.Diff(want, res.Facets); diff != "" {
		t.Errorf("facets (-want +got):\n%s", diff)
	}
}

func TestSnippets(t *testing.T) {
	t.Parallel()
	ix := openFixture(t)
	for _, tt := range []struct{ q, name, contains string }{
		{"migration", "week-100", "<mark>migration</mark>"},
		{"alert", "week-200", "&lt;script&gt;"},
	} {
		r := querylang.Request{Query: tt.q}
		r.Normalize()
		res, err := ix.Search(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 || res.Hits[0].Name != tt.name {
			t.Fatalf("%q: hits %v, want %s first", tt.q, names(res), tt.name)
		}
		if s := res.Hits[0].Snippet; !strings.Contains(s, tt.contains) || strings.Contains(s, "<script") {
			t.Errorf("%q: snippet %q should contain %q and no raw <script", tt.q, s, tt.contains)
		}
	}
}

func TestNormalizeNamesTheParameter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		req   querylang.Request
		param string
	}{
		{querylang.Request{Query: strings.Repeat("a", querylang.MaxQueryBytes+1)}, "q"},
		{querylang.Request{Query: "\xff"}, "q"},
		{querylang.Request{Sort: "sideways"}, "sort"},
		{querylang.Request{Page: -1}, "page"},
		{querylang.Request{Page: querylang.MaxPage + 1}, "page"},
		{querylang.Request{PerPage: querylang.MaxPerPage + 1}, "per_page"},
		{querylang.Request{Years: []string{"twenty"}}, "year"},
		{querylang.Request{Authors: []string{""}}, "author"},
		{querylang.Request{Topics: []string{strings.Repeat("t", 101)}}, "topic"},
		{querylang.Request{Months: []string{"2018-13"}}, "month"},
		{querylang.Request{After: "last week"}, "after"},
		{querylang.Request{Cursor: "nonsense"}, "cursor"},
		{querylang.Request{Query: "year:soon"}, "q"},
	}
	for _, tt := range tests {
		err := tt.req.Normalize()
		var inv *querylang.InvalidError
		if !errors.As(err, &inv) || inv.Param != tt.param {
			t.Errorf("Normalize(%+v) = %v, want an querylang.InvalidError naming %q", tt.req, err, tt.param)
		}
	}
}

func TestGet(t *testing.T) {
	t.Parallel()
	ix := openFixture(t)
	p, err := ix.Get(context.Background(), "week-101")
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Week 101" || !strings.Contains(p.HTML, "Mocha") || p.Author.Label != "James Mead" {
		t.Errorf("Get(week-101) = %+v", p)
	}
	if _, err := ix.Get(context.Background(), "week-999"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(week-999) error = %v, want ErrNotFound", err)
	}
}

// A new build is swapped in whole; an unfinished one (left by a killed
// process) never replaces the one being served, and an open index keeps
// answering after a rebuild.
func TestBuildSwapsAtomically(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := fixture()
	if err := store.Build(dir, a, nil); err != nil {
		t.Fatal(err)
	}
	old, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()

	// A killed build leaves a tmp- directory behind.
	if err := os.MkdirAll(filepath.Join(dir, "builds", "tmp-killed", "index"), 0o755); err != nil {
		t.Fatal(err)
	}
	a.Posts = a.Posts[:2]
	if err := store.Build(dir, a, nil); err != nil {
		t.Fatal(err)
	}
	cur, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer cur.Close()
	if n, _ := cur.DocCount(); n != 2 {
		t.Errorf("new build holds %d posts, want 2", n)
	}
	if n, _ := old.DocCount(); n != 5 {
		t.Errorf("old handle holds %d posts, want 5", n)
	}
	r := querylang.Request{Query: "cotech"}
	r.Normalize()
	if res, err := old.Search(context.Background(), r); err != nil || res.Total != 2 {
		t.Errorf("old handle search: %v, %v", res, err)
	}
	if cur.Catalog.Posts != 2 || cur.Catalog.Schema != schema.Version {
		t.Errorf("catalog = %+v", cur.Catalog)
	}
}

func TestOpenWithoutIndex(t *testing.T) {
	t.Parallel()
	if _, err := Open(t.TempDir()); !errors.Is(err, store.ErrNoIndex) {
		t.Errorf("Open(empty) = %v, want ErrNoIndex", err)
	}
}

// A request that skipped Normalize is normalised, not a panic.
func TestSearchNormalisesForTheCaller(t *testing.T) {
	t.Parallel()
	ix := openFixture(t)
	res, err := ix.Search(context.Background(), querylang.Request{Query: "redis"})
	if err != nil || res.Total != 3 || len(res.Hits) != 3 {
		t.Fatalf("Search without Normalize = %+v, %v", res, err)
	}
	if _, err := ix.Search(context.Background(), querylang.Request{Sort: "sideways"}); err == nil {
		t.Error("an invalid request must still be an error")
	}
}

// Splitting a search into two halves of the rows (as big
// archives do) finds exactly what one searcher finds, with the same scores.
func TestParallelSplitMatchesOneSearcher(t *testing.T) {
	t.Parallel()
	ix := openFixture(t)
	ix.SetCacheSize(0)
	queries := []string{"redis", "redis queue", "cotech OR mocha", `"the migration"`, "migrat*", "-redis", "week"}
	run := func() map[string]string {
		out := map[string]string{}
		for _, q := range queries {
			res, err := ix.Search(context.Background(), querylang.Request{Query: q, PerPage: 100})
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, h := range res.Hits {
				b.WriteString(h.Name + " ")
			}
			out[q] = fmt.Sprint(res.Total, " ", b.String())
		}
		return out
	}
	one := run()
	ix.parallelDocs = 1
	if diff := cmp.Diff(one, run()); diff != "" {
		t.Errorf("split search differs (-one searcher +two):\n%s", diff)
	}
}

// A build of several batches is merged into one segment, so searches open
// one dictionary per word; and every post is still found.
func TestBuildMergesBatchesIntoOneSegment(t *testing.T) {
	t.Parallel()
	a := fixture()
	a.BatchSize = 2 // five posts: three batches, three segments before the merge
	ix := openContents(t, a)
	if n := ix.Segments(); n != 1 {
		t.Errorf("index has %d segments, want 1", n)
	}
	res, err := ix.Search(context.Background(), querylang.Request{Query: "redis"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 3 {
		t.Errorf("redis: %d posts, want 3", res.Total)
	}
}

// Stop words are left out of the vocabulary and ignored by searches, so a
// query holding one gets no "did you mean" for a word a letter away.
func TestNoCorrectionForStopWords(t *testing.T) {
	t.Parallel()
	a := fixture()
	for i, name := range []string{"world-1", "world-2", "world-3"} {
		a.Posts = append(a.Posts, archive.Post{Name: name, Title: "World " + name, Author: archive.Term{Slug: "chris-roos", Label: "Chris Roos"},
			Created: date("2019-01-01").AddDate(0, 0, i), Kind: "blog", Text: "Around the world with Redis."})
	}
	ix := openContents(t, a)
	for _, q := range []string{"would redis", "would", "redis wolrd"} {
		r := querylang.Request{Query: q}
		if err := r.Normalize(); err != nil {
			t.Fatal(err)
		}
		res, err := ix.Search(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		want := q == "redis wolrd" // a real typo is still corrected
		if got := res.Suggestion != nil; got != want {
			t.Errorf("%q: suggestion %+v, want one: %v", q, res.Suggestion, want)
		}
	}
}

// Builds made while an old one is open never remove it, however many come
// after; one no one has open goes. A killed build's tmp- directory goes at
// the next build, whatever its age.
func TestPruneKeepsBuildsInUse(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := fixture()
	if err := store.Build(dir, a, nil); err != nil {
		t.Fatal(err)
	}
	served, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer served.Close()
	if err := os.MkdirAll(filepath.Join(dir, "builds", "tmp-killed", "index"), 0o755); err != nil {
		t.Fatal(err)
	}
	var builds []string
	for range 4 {
		if err := store.Build(dir, a, nil); err != nil {
			t.Fatal(err)
		}
		b, _ := folder.Current(dir)
		builds = append(builds, b)
	}
	if _, err := os.Stat(served.Path); err != nil {
		t.Errorf("the build being served was removed: %v", err)
	}
	if _, err := os.Stat(builds[0]); err == nil {
		t.Errorf("an old build no one uses was kept: %s", builds[0])
	}
	if _, err := os.Stat(filepath.Join(dir, "builds", "tmp-killed")); err == nil {
		t.Error("a killed build's tmp- directory was kept")
	}
	if n, err := served.DocCount(); err != nil || n != 5 {
		t.Errorf("the served build answers %d, %v", n, err)
	}
}
