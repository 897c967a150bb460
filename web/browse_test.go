package web_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/freerange/weeknotes/indexer"
	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/web"
)

// browseServer serves testdata/browse: testdata/soup and week 14, so that
// the series has a gap. Weeks 10, 11 and 14 of 2019 (12 is a draft, 13
// never written) and "Launching Lantern" in June 2020.
func browseServer(t *testing.T, drafts bool) http.Handler {
	t.Helper()
	dir := t.TempDir()
	if _, err := indexer.Build(context.Background(), indexer.Options{Root: "testdata/browse", Drafts: drafts}, dir, nil); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	srv, err := web.New(web.Config{Index: ix, Drafts: drafts, BaseURL: "http://example.com", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return srv.Handler()
}

func TestBrowsePages(t *testing.T) {
	t.Parallel()
	h := browseServer(t, false)
	tests := []pageCase{
		{"/timeline", 200, []string{"4 posts from 2019 to 2020", `<span class="week">week 10</span> to <span class="week">week 14</span>; 2 week numbers are missing`,
			`<svg class="months has-years"`, `<ol class="years-chart"><li><a href="/timeline/2019">`, `<table class="heatmap">`, `<td class="heat-4"><a href="/timeline/2019/03"`, `href="/timeline/2019/03"`, `href="/timeline/2020"`, "Posts per month as a table", "March 2019: 2 posts"}, []string{"Week 12"}},
		{"/timeline/2019", 200, []string{"<h1>2019</h1>", "3 posts, 3 of them numbered weeks", "Missing from the series: 12, 13.",
			"Weeks 12 and 13 are missing", `href="/week-10"`, `href="/week-14"`, `rel="next" href="/timeline/2020"`, `href="/timeline/2019/04"`}, []string{"Week 12</a>", "Secret"}},
		{"/timeline/2019/03", 200, []string{"<h1>March 2019</h1>", "Week 10", "Week 11", "We moved the job queue onto Redis this week.",
			`rel="next" href="/timeline/2019/04"`, `href="/timeline/2019"`, "Weeks 12 and 13 are missing"}, []string{"Week 14", "Secret"}},
		{"/timeline/2020/06", 200, []string{"Launching Lantern", `rel="prev" href="/timeline/2019/04"`}, []string{`rel="next"`}},
		{"/timeline/2019/13", 404, []string{"There is no page"}, nil},
		{"/timeline/2019/3", 404, nil, nil},
		{"/timeline/1999", 404, nil, nil},
		{"/timeline/abcd", 404, nil, nil},
		{"/tags", 200, []string{`href="/tags/show-and-tell"`, "Show &amp; Tell", `href="/tags?sort=name"`}, nil},
		{"/tags?sort=name", 200, []string{"2 topics used by at least two posts", `href="/tags?all=1&amp;sort=name"`, "all 4 topics"}, []string{`href="/tags/lantern"`}},
		{"/tags?sort=name&all=1", 200, []string{`href="/tags/lantern">Lantern</a> <span class="count">1`, `<a class="also-project" href="/lantern"`, `href="/tags/writing"`}, nil},
		{"/tags?q=SHOW", 200, []string{`href="/tags/show-and-tell"`, "matching “SHOW”", `value="SHOW"`, `href="/tags">clear the filter`}, []string{`href="/tags/redis"`}},
		{"/tags?q=lant", 200, []string{"0 topics matching “lant”", `href="/tags?all=1&amp;q=lant"`, "all 1 matching topics"}, nil},
		{"/tags?all=yes", 400, []string{"all:"}, nil},
		{"/tags/lantern", 200, []string{"Lantern is also a project: <a href=\"/lantern\">Lantern</a>"}, nil},
		{"/tags/redis", 200, nil, []string{"is also a project"}},
		{"/tags?sort=random", 400, []string{"sort:"}, nil},
		{"/tags/show-and-tell", 200, []string{"2 posts", `href="/week-10"`, `href="/week-11"`, `href="/jo-bloggs"`, `href="/sam-smith"`,
			`href="/tags/redis"`, `<link rel="alternate" type="application/atom+xml"`, `href="/feed.xml?topic=show-and-tell"`, "<svg"}, nil},
		{"/tags/no-such-topic", 404, nil, nil},
		{"/people", 200, []string{`href="/jo-bloggs"`, "Jo Bloggs", `href="/sam-smith"`}, nil},
		{"/projects", 200, []string{`href="/lantern"`, "Lantern"}, nil},
		{"/jo-bloggs", 200, []string{"<h1>Jo Bloggs</h1>", "Jo writes the dashboards.", "3 posts", "Launching Lantern", `href="/week-14"`,
			`href="/tags/redis"`, `href="/lantern"`, `href="/feed.xml?author=jo-bloggs"`}, []string{"Week 11"}},
		{"/sam-smith", 200, []string{"<h1>Sam Smith</h1>", "1 post", `href="/week-11"`}, nil},
		{"/lantern", 200, []string{"<h1>Lantern</h1>", "Lantern is a dashboard", "When did we work on it?", "<mark>Lantern</mark>",
			"Who wrote about it", `href="/jo-bloggs"`, `href="/feed.xml?project=lantern"`}, nil},
		{"/week-10", 200, []string{`href="/jo-bloggs"`, `href="/tags/redis"`, `href="/lantern"`, `href="/timeline/2019/03"`,
			`class="next-week" href="/week-11"`, "Related posts", `href="/week-14"`}, []string{`rel="prev"`}},
		{"/week-11", 200, []string{`rel="prev" class="prev-week" href="/week-10"`, `rel="next" class="next-week" href="/week-14"`}, []string{"Week 12"}},
		{"/week-14", 200, []string{"Previous post and week", `<code`, `id="redis"`}, nil},
		{"/launch", 200, []string{`class="prev-week" href="/week-14"`}, nil},
		{"/contact", 404, []string{`href="/search?q=contact"`}, nil},
		{"/week-12", 404, nil, []string{"Secret"}},
	}
	runPages(t, h, tests)
}

func TestBrowseDraftsMarked(t *testing.T) {
	t.Parallel()
	h := browseServer(t, true)
	for _, target := range []string{"/timeline/2019/03", "/jo-bloggs", "/timeline/2019"} {
		_, body, _ := get(t, h, target)
		if !strings.Contains(body, `href="/week-12"`) || !strings.Contains(body, `badge draft`) {
			t.Errorf("%s with drafts: the draft should be listed and marked", target)
		}
	}
}

func TestBrowseAPI(t *testing.T) {
	t.Parallel()
	h := browseServer(t, false)
	type count struct {
		Slug  string `json:"slug"`
		Label string `json:"label"`
		Count int    `json:"count"`
	}
	type month struct {
		Month int `json:"month"`
		Count int `json:"count"`
	}
	type year struct {
		Year   int     `json:"year"`
		Count  int     `json:"count"`
		Months []month `json:"months"`
	}
	decode := func(target string, v any) {
		t.Helper()
		code, body, _ := get(t, h, target)
		if code != 200 {
			t.Fatalf("%s: status %d: %s", target, code, body)
		}
		if err := json.Unmarshal([]byte(body), v); err != nil {
			t.Fatalf("%s: %v", target, err)
		}
	}
	months := func(set map[int]int) []month {
		out := make([]month, 12)
		for i := range out {
			out[i] = month{Month: i + 1, Count: set[i+1]}
		}
		return out
	}
	var tl []year
	decode("/api/timeline", &tl)
	want := []year{{2019, 3, months(map[int]int{3: 2, 4: 1})}, {2020, 1, months(map[int]int{6: 1})}}
	if d := cmp.Diff(want, tl); d != "" {
		t.Errorf("/api/timeline (-want +got):\n%s", d)
	}
	for target, want := range map[string][]count{
		"/api/tags":           {{"redis", "Redis", 2}, {"show-and-tell", "Show & Tell", 2}, {"lantern", "Lantern", 1}, {"writing", "Writing", 1}},
		"/api/tags?sort=name": {{"lantern", "Lantern", 1}, {"redis", "Redis", 2}, {"show-and-tell", "Show & Tell", 2}, {"writing", "Writing", 1}},
		"/api/people":         {{"jo-bloggs", "Jo Bloggs", 3}, {"sam-smith", "Sam Smith", 1}},
		"/api/projects":       {{"lantern", "Lantern", 3}},
	} {
		var got []count
		decode(target, &got)
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s (-want +got):\n%s", target, d)
		}
	}

	type ref struct {
		Name string `json:"name"`
		URL  string `json:"url"`
		Week *int   `json:"week"`
	}
	var post struct {
		ref
		Title    string `json:"title"`
		Author   struct{ Slug, Name string }
		HTML     string `json:"html"`
		Topics   []count
		Prev     *ref  `json:"prev"`
		Next     *ref  `json:"next"`
		PrevWeek *ref  `json:"prev_week"`
		NextWeek *ref  `json:"next_week"`
		Related  []ref `json:"related"`
	}
	decode("/api/posts/week-11", &post)
	if post.Name != "week-11" || post.Title != "Week 11" || post.Author.Slug != "sam-smith" || !strings.Contains(post.HTML, "<b>bold</b>") ||
		post.Prev == nil || post.Prev.Name != "week-10" || post.Next == nil || post.Next.Name != "week-14" ||
		post.PrevWeek == nil || post.PrevWeek.Name != "week-10" || post.NextWeek == nil || post.NextWeek.URL != "/week-14" || len(post.Related) == 0 {
		t.Errorf("/api/posts/week-11 = %+v", post)
	}
	for _, target := range []string{"/api/posts/week-12", "/api/posts/jo-bloggs", "/api/posts/nothing"} {
		code, body, _ := get(t, h, target)
		if code != 404 || !strings.Contains(body, `"error"`) {
			t.Errorf("%s: %d %s, want a 404 in JSON", target, code, body)
		}
	}
}

// atomFeed is what RFC 4287 requires of a feed, read with encoding/xml.
type atomFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Authors []struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Links []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Authors []struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Links []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Content struct {
			Type string `xml:"type,attr"`
			Body string `xml:",chardata"`
		} `xml:"content"`
	} `xml:"entry"`
}

// checkAtom checks the elements RFC 4287 requires (4.1.1, 4.1.2) and
// returns the entries' ids.
func checkAtom(t *testing.T, target, body string) []string {
	t.Helper()
	var f atomFeed
	if err := xml.Unmarshal([]byte(body), &f); err != nil {
		t.Fatalf("%s: %v\n%s", target, err, body)
	}
	isTime := func(s string) bool { _, err := time.Parse(time.RFC3339, s); return err == nil }
	if f.ID == "" || f.Title == "" || !isTime(f.Updated) {
		t.Errorf("%s: feed id %q, title %q, updated %q", target, f.ID, f.Title, f.Updated)
	}
	self := false
	for _, l := range f.Links {
		self = self || l.Rel == "self"
	}
	if !self {
		t.Errorf("%s: no link rel=self", target)
	}
	var ids []string
	for _, e := range f.Entries {
		if e.ID == "" || e.Title == "" || !isTime(e.Updated) {
			t.Errorf("%s: entry id %q, title %q, updated %q", target, e.ID, e.Title, e.Updated)
		}
		if len(f.Authors) == 0 && (len(e.Authors) == 0 || e.Authors[0].Name == "") {
			t.Errorf("%s: entry %s has no author and neither has the feed", target, e.ID)
		}
		alt := false
		for _, l := range e.Links {
			alt = alt || (l.Rel == "alternate" && l.Href != "")
		}
		if !alt {
			t.Errorf("%s: entry %s has no link rel=alternate", target, e.ID)
		}
		if _, err := url.Parse(e.ID); err != nil {
			t.Errorf("%s: entry id %q is not an IRI", target, e.ID)
		}
		ids = append(ids, strings.TrimPrefix(e.ID, "http://example.com"))
	}
	if len(f.Entries) == 0 && len(f.Authors) == 0 {
		t.Errorf("%s: a feed without entries needs its own author", target)
	}
	return ids
}

func TestFeeds(t *testing.T) {
	t.Parallel()
	h := browseServer(t, false)
	rng, _ := filepath.Abs("testdata/atom.rng")
	xmllint, lintErr := exec.LookPath("xmllint")
	tests := []struct {
		target string
		want   []string
	}{
		{"/feed.xml", []string{"/launch", "/week-14", "/week-11", "/week-10"}},
		{"/feed.xml?topic=show-and-tell", []string{"/week-11", "/week-10"}},
		{"/feed.xml?author=jo-bloggs", []string{"/launch", "/week-14", "/week-10"}},
		{"/feed.xml?project=lantern", []string{"/launch", "/week-11", "/week-10"}},
		{"/feed.xml?q=redis", []string{"/week-14", "/week-10"}},
		{"/feed.xml?q=" + url.QueryEscape(`<script>&"nothing"`), nil},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			code, body, hdr := get(t, h, tt.target)
			if code != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/atom+xml") {
				t.Fatalf("status %d, type %q", code, hdr.Get("Content-Type"))
			}
			if strings.Contains(body, "<script>") {
				t.Errorf("unescaped input in the feed")
			}
			if d := cmp.Diff(tt.want, checkAtom(t, tt.target, body)); d != "" {
				t.Errorf("entries (-want +got):\n%s", d)
			}
			if lintErr != nil {
				return
			}
			f := filepath.Join(t.TempDir(), "feed.xml")
			os.WriteFile(f, []byte(body), 0o644)
			if out, err := exec.Command(xmllint, "--noout", "--relaxng", rng, f).CombinedOutput(); err != nil {
				t.Errorf("xmllint: %v\n%s", err, out)
			}
		})
	}
	if lintErr != nil {
		t.Log("xmllint not installed: Atom checked against RFC 4287's required elements only")
	}

	// Every page links its feed and the OpenSearch description.
	for _, target := range []string{"/", "/search?q=redis&page=1", "/week-10", "/timeline"} {
		_, body, _ := get(t, h, target)
		if !strings.Contains(body, `rel="search" type="application/opensearchdescription+xml"`) || !strings.Contains(body, `type="application/atom+xml"`) {
			t.Errorf("%s: no feed or OpenSearch link in the head", target)
		}
	}
	if _, body, _ := get(t, h, "/search?q=redis&page=1"); !strings.Contains(body, `href="/feed.xml?q=redis"`) {
		t.Errorf("the search page should link its own feed")
	}
}

func TestOpenSearchAndSitemap(t *testing.T) {
	t.Parallel()
	h := browseServer(t, false)
	code, body, hdr := get(t, h, "/opensearch.xml")
	var os struct {
		XMLName   xml.Name `xml:"http://a9.com/-/spec/opensearch/1.1/ OpenSearchDescription"`
		ShortName string
		URLs      []struct {
			Type     string `xml:"type,attr"`
			Template string `xml:"template,attr"`
		} `xml:"Url"`
	}
	if err := xml.Unmarshal([]byte(body), &os); code != 200 || err != nil || os.ShortName == "" || len(os.URLs) == 0 ||
		os.URLs[0].Template != "http://example.com/search?q={searchTerms}" || !strings.HasPrefix(hdr.Get("Content-Type"), "application/opensearchdescription+xml") {
		t.Errorf("/opensearch.xml: %d %v %+v", code, err, os)
	}

	code, body, _ = get(t, h, "/sitemap.xml")
	var sm struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(body), &sm); code != 200 || err != nil {
		t.Fatalf("/sitemap.xml: %d %v", code, err)
	}
	locs := map[string]bool{}
	for _, u := range sm.URLs {
		locs[strings.TrimPrefix(u.Loc, "http://example.com")] = true
	}
	for _, p := range []string{"/", "/timeline", "/timeline/2019", "/timeline/2019/03", "/week-10", "/launch", "/jo-bloggs", "/sam-smith", "/lantern", "/tags/redis"} {
		if !locs[p] {
			t.Errorf("sitemap lacks %s", p)
		}
	}
	if locs["/week-12"] {
		t.Errorf("sitemap lists the draft")
	}
	// Every URL in the sitemap answers 200.
	for p := range locs {
		if code, _, _ := get(t, h, p); code != 200 {
			t.Errorf("sitemap URL %s: status %d", p, code)
		}
	}
}

// The search page puts its Filters control (the facets, a <details>)
// before the results, the chips at the top of the results, and names a
// project once under a hit when a heading has its name too.
func TestSearchPageLayout(t *testing.T) {
	t.Parallel()
	h := browseServer(t, false)
	_, body, _ := get(t, h, "/search?q=charts&author=jo-bloggs&author=sam-smith")
	at := func(s string) int {
		t.Helper()
		i := strings.Index(body, s)
		if i < 0 {
			t.Fatalf("/search?q=charts: no %q", s)
		}
		return i
	}
	if !(at(`<details class="refine" id="refine">`) < at(`<ol class="hits"`) && at(`<ul class="chips"`) < at(`<ol class="hits"`)) {
		t.Errorf("the Filters control and the chips must come before the results")
	}
	if !strings.Contains(body, `<span class="refine-label">Filters</span> <span class="refine-applied">2 applied</span>`) {
		t.Errorf("the Filters control doesn't say 2 filters are applied")
	}
	hit := body[at(`<ol class="hits"`):]
	hit = hit[:strings.Index(hit, "</ol>")]
	// Its pills, that is: the hit's matching section is also Lantern.
	pills := hit[strings.Index(hit, `<ul class="tags"`):]
	if n := strings.Count(pills, ">Lantern</a>"); n != 1 {
		t.Errorf("week 11 (project Lantern, heading Lantern) shows Lantern %d times under it, want once:\n%s", n, hit)
	}
	if !strings.Contains(hit, `<li class="project"><a href="/search?project=lantern" title="Project">`) {
		t.Errorf("the one Lantern pill is not the project's:\n%s", hit)
	}
}

// The chart above the results spans the months that have matches, widened
// to the whole year when they fall in one; it has rows by year for phones
// only when there are more months than a phone fits.
func TestSearchChartZooms(t *testing.T) {
	t.Parallel()
	h := browseServer(t, false)
	tests := []pageCase{
		{"/search", 200, []string{"Posts per month, March 2019 to June 2020: 4 in all", `<ol class="years-chart"><li><a href="/search?year=2019">`,
			`href="/search?month=2019-03"`}, nil},
		{"/search?q=redis", 200, []string{"Matches per month, January 2019 to December 2019: 2 in all", `href="/search?month=2019-03&amp;q=redis"`,
			`<text class="tick-label" x="4.167%" y="63" text-anchor="middle">Jan</text>`}, []string{"years-chart", "2020"}},
		{"/search?year=2020", 200, []string{"Matches per month, January 2020 to December 2020: 1 in all, most in June 2020 (1)."}, []string{"years-chart", `<rect class="bar on"`}},
		{"/search?month=2019-03", 200, []string{`<rect class="bar on"`}, nil},
	}
	runPages(t, h, tests)
}
