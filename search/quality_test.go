package search_test

import (
	"bufio"
	"context"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/freerange/weeknotes/indexer"
	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/querylang"
)

// The real archive, shared with the other engineers' peers. It is not in
// this repository: the suites that need it skip when it is absent.
const (
	archiveRoot    = "../../shared/corpus/soups"
	archiveAliases = "../data/aliases.yml"
)

// realArchive is the real archive, indexed once per test binary (an external
// test package, because indexer imports search), and loaded a second time
// with indexer.Load for counts made without the index.
var realArchive struct {
	once  sync.Once
	dir   string
	ix    *search.Index
	posts []archive.Post
	err   error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if realArchive.ix != nil {
		realArchive.ix.Close()
	}
	if realArchive.dir != "" {
		os.RemoveAll(realArchive.dir)
	}
	os.Exit(code)
}

// openArchive returns the index of the real realArchive and its posts.
func openArchive(t testing.TB) (*search.Index, []archive.Post) {
	t.Helper()
	if _, err := os.Stat(archiveRoot); err != nil {
		t.Skipf("%s is absent", archiveRoot)
	}
	realArchive.once.Do(func() {
		ctx := context.Background()
		opts := indexer.Options{Root: archiveRoot, Aliases: archiveAliases}
		realArchive.dir, realArchive.err = os.MkdirTemp("", "weeknotes-quality-")
		if realArchive.err != nil {
			return
		}
		if _, err := indexer.Build(ctx, opts, realArchive.dir, nil); err != nil {
			realArchive.err = err
			return
		}
		if realArchive.ix, realArchive.err = search.Open(realArchive.dir); realArchive.err != nil {
			return
		}
		a, err := indexer.Load(ctx, opts)
		if err != nil {
			realArchive.err = fmt.Errorf("load %s: %w", archiveRoot, err)
			return
		}
		realArchive.posts = a.Posts
	})
	if realArchive.err != nil {
		t.Fatal(realArchive.err)
	}
	return realArchive.ix, realArchive.posts
}

// run normalises r and searches.
func run(t testing.TB, ix *search.Index, r querylang.Request) *search.Result {
	t.Helper()
	if err := r.Normalize(); err != nil {
		t.Fatalf("Normalize(%+v): %v", r, err)
	}
	res, err := ix.Search(context.Background(), r)
	if err != nil {
		t.Fatalf("Search(%+v): %v", r, err)
	}
	return res
}

// every pages through every result of r, MaxPerPage at a time.
func every(t testing.TB, ix *search.Index, r querylang.Request) []search.Hit {
	t.Helper()
	var all []search.Hit
	r.PerPage = querylang.MaxPerPage
	for r.Page = 1; ; r.Page++ {
		res := run(t, ix, r)
		all = append(all, res.Hits...)
		if len(res.Hits) < r.PerPage || len(all) >= res.Total {
			if len(all) != res.Total {
				t.Fatalf("%+v: paged through %d hits, Total %d", r, len(all), res.Total)
			}
			return all
		}
	}
}

func hitNames(hits []search.Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Name
	}
	return out
}

// qualityCase is one line of testdata/quality.txt.
type qualityCase struct {
	line  int
	kind  string // top, every, count, match, without, corrected, suggest, none
	n     int    // for top: how many hits to look at
	query string
	arg   string
	req   querylang.Request
}

func (c qualityCase) String() string {
	return fmt.Sprintf("quality.txt:%d %s %q", c.line, c.kind, c.query)
}

func readQualityCases(t *testing.T, path string) []qualityCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []qualityCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		c := qualityCase{line: n, kind: fields[0]}
		want := 3
		switch {
		case c.kind == "first":
			c.kind, c.n = "top", 1
		case strings.HasPrefix(c.kind, "top"):
			c.n, err = strconv.Atoi(strings.TrimPrefix(c.kind, "top"))
			if err != nil || c.n < 1 {
				t.Fatalf("%s:%d: %q is not topN", path, n, c.kind)
			}
			c.kind = "top"
		case c.kind == "none":
			want = 2
		case !slices.Contains([]string{"every", "count", "match", "without", "corrected", "suggest"}, c.kind):
			t.Fatalf("%s:%d: unknown kind %q", path, n, c.kind)
		}
		if len(fields) < want || len(fields) > want+1 {
			t.Fatalf("%s:%d: %s takes %d or %d tab-separated fields, not %d", path, n, fields[0], want, want+1, len(fields))
		}
		c.query = fields[1]
		if want == 3 {
			c.arg = fields[2]
		}
		c.req = querylang.Request{Query: c.query}
		if len(fields) > want {
			if c.req, err = requestFor(c.query, fields[want]); err != nil {
				t.Fatalf("%s:%d: %v", path, n, err)
			}
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// requestFor builds the Request the search page sends for q and the
// parameters of its URL.
func requestFor(q, params string) (querylang.Request, error) {
	v, err := url.ParseQuery(params)
	if err != nil {
		return querylang.Request{}, err
	}
	r := querylang.Request{
		Query: q, Authors: v["author"], Projects: v["project"], Topics: v["topic"], Years: v["year"],
		Months: v["month"], Kinds: v["kind"], After: v.Get("after"), Before: v.Get("before"), Sort: v.Get("sort"),
	}
	for _, w := range v["week"] {
		n, err := strconv.Atoi(w)
		if err != nil {
			return r, fmt.Errorf("week=%q", w)
		}
		r.Weeks = append(r.Weeks, n)
	}
	for k := range v {
		if !slices.Contains([]string{"author", "project", "topic", "year", "month", "kind", "week", "after", "before", "sort"}, k) {
			return r, fmt.Errorf("unknown parameter %q", k)
		}
	}
	return r, nil
}

// carries says whether p has the value of field: author=chris-roos,
// year=2018, month=2018-02, project=mocha, topic=cotech, week=474,
// kind=blog, after=2018-03 (created then or later), before=2018-06.
func carries(p archive.Post, field, value string) (bool, error) {
	has := func(ts []archive.Term) bool {
		return slices.ContainsFunc(ts, func(t archive.Term) bool { return t.Slug == value })
	}
	switch field {
	case "author":
		return p.Author.Slug == value, nil
	case "year":
		return strconv.Itoa(p.Created.Year()) == value, nil
	case "month":
		return p.Created.Format("2006-01") == value, nil
	case "project":
		return has(p.Projects), nil
	case "topic":
		return has(p.Topics), nil
	case "week":
		return strconv.Itoa(p.Week) == value, nil
	case "kind":
		return p.Kind == value, nil
	case "after", "before":
		t, err := querylang.ParsePeriod(value)
		if err != nil {
			return false, err
		}
		return p.Created.Before(t) == (field == "before"), nil
	}
	return false, fmt.Errorf("unknown field %q", field)
}

// TestQuality runs the cases of testdata/quality.txt over the real
// realArchive: what a reader of the team's weeknotes would type, and what they
// should find. A ranking or matching regression fails it.
func TestQuality(t *testing.T) {
	cases := readQualityCases(t, "testdata/quality.txt")
	ix, _ := openArchive(t)
	for _, c := range cases {
		t.Run(fmt.Sprintf("%d_%s", c.line, c.query), func(t *testing.T) {
			switch c.kind {
			case "top":
				r := c.req
				r.PerPage = c.n
				res := run(t, ix, r)
				got := hitNames(res.Hits)
				for _, name := range strings.Split(c.arg, ",") {
					if !slices.Contains(got, name) {
						t.Errorf("%v: %s is not in the first %d hits %v (of %d)", c, name, c.n, got, res.Total)
					}
				}
				if res.Corrected {
					t.Errorf("%v: the hits are for the correction %q", c, res.Suggestion.Query)
				}

			case "every":
				hits := every(t, ix, c.req)
				if len(hits) == 0 {
					t.Fatalf("%v: matches nothing", c)
				}
				for _, check := range strings.Fields(c.arg) {
					field, values, ok := strings.Cut(check, "=")
					if !ok {
						t.Fatalf("%v: check %q is not field=value", c, check)
					}
					for _, h := range hits {
						ok := false
						for _, v := range strings.Split(values, "|") {
							has, err := carries(h.Post, field, v)
							if err != nil {
								t.Fatalf("%v: %v", c, err)
							}
							ok = ok || has
						}
						if !ok {
							t.Errorf("%v: hit %s (%s, %s, week %d, projects %v, topics %v) lacks %s",
								c, h.Name, h.Author.Slug, h.Created.Format("2006-01-02"), h.Week, h.Projects, h.Topics, check)
						}
					}
				}

			case "count":
				want, err := strconv.Atoi(c.arg)
				if err != nil {
					t.Fatalf("%v: count %q", c, c.arg)
				}
				if res := run(t, ix, c.req); res.Total != want {
					t.Errorf("%v: Total = %d, want %d", c, res.Total, want)
				}

			case "match", "without":
				got := hitNames(every(t, ix, c.req))
				for _, name := range strings.Split(c.arg, ",") {
					if slices.Contains(got, name) != (c.kind == "match") {
						t.Errorf("%v: %s in the hits is %v, want %v (hits %v)", c, name, !(c.kind == "match"), c.kind == "match", got)
					}
				}

			case "corrected", "suggest":
				res := run(t, ix, c.req)
				if res.Suggestion == nil {
					t.Fatalf("%v: no suggestion, want %q", c, c.arg)
				}
				if res.Suggestion.Query != c.arg {
					t.Errorf("%v: suggestion %q, want %q", c, res.Suggestion.Query, c.arg)
				}
				if res.Corrected != (c.kind == "corrected") {
					t.Errorf("%v: Corrected = %v", c, res.Corrected)
				}
				if res.Suggestion.Total == 0 || c.kind == "corrected" && (res.Total != res.Suggestion.Total || len(res.Hits) == 0) {
					t.Errorf("%v: Total %d, suggestion's total %d, %d hits", c, res.Total, res.Suggestion.Total, len(res.Hits))
				}

			case "none":
				res := run(t, ix, c.req)
				if res.Total != 0 || len(res.Hits) != 0 {
					t.Errorf("%v: Total %d, hits %v, want none", c, res.Total, hitNames(res.Hits))
				}
			}
		})
	}
}

// Following a suggestion finds what it promised: the search page links
// "Did you mean" to q=Suggestion.Query, so typed filters must survive in
// it, or its Total counts posts the link won't show.
func TestSuggestionKeepsTypedFilters(t *testing.T) {
	ix, _ := openArchive(t)
	for _, q := range []string{"asset manger year:2018", `harmona author:"james mead"`, "raspbery pi after:2025"} {
		res := run(t, ix, querylang.Request{Query: q})
		if res.Suggestion == nil {
			t.Errorf("%q: no suggestion", q)
			continue
		}
		again := run(t, ix, querylang.Request{Query: res.Suggestion.Query})
		if again.Total != res.Suggestion.Total {
			t.Errorf("%q: suggestion %q promises %d posts; searching for it finds %d", q, res.Suggestion.Query, res.Suggestion.Total, again.Total)
		}
	}
}
