package web_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/freerange/weeknotes/indexer"
	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/web"
)

// corpusServer serves ../shared/corpus through the real router; it skips
// the test or benchmark when the corpus is absent.
func corpusServer(tb testing.TB) http.Handler {
	tb.Helper()
	if _, err := os.Stat(corpusSoups); err != nil {
		tb.Skipf("no corpus at %s", corpusSoups)
	}
	dir := tb.TempDir()
	opts := indexer.Options{Root: corpusSoups, Aliases: "../data/aliases.yml"}
	if _, err := indexer.Build(context.Background(), opts, dir, nil); err != nil {
		tb.Fatal(err)
	}
	ix, err := search.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	srv, err := web.New(web.Config{Index: ix, BaseURL: "http://example.com", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		tb.Fatal(err)
	}
	return srv.Handler()
}

var hrefRE = regexp.MustCompile(`href="([^"]*)"`)

// TestCrawlCorpus renders every page of the sitemap (every post, person,
// project, topic and month) and follows every internal link on them once:
// none may fail with a 5xx, and none naming a post, person or project of
// the archive may be a 404.
func TestCrawlCorpus(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("crawl: skipped with -short")
	}
	h := corpusServer(t)
	_, body, _ := get(t, h, "/sitemap.xml")
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(body), &sm); err != nil {
		t.Fatal(err)
	}
	// What the archive holds, to tell a broken link from one to a page
	// the original site had and we don't.
	held := map[string]bool{}
	var posts []string
	for _, target := range []string{"/api/people", "/api/projects"} {
		var cs []struct{ Slug string }
		_, b, _ := get(t, h, target)
		json.Unmarshal([]byte(b), &cs)
		for _, c := range cs {
			held["/"+c.Slug] = true
		}
	}
	var pages []string
	for _, u := range sm.URLs {
		p := strings.TrimPrefix(u.Loc, "http://example.com")
		pages = append(pages, p)
		if strings.Count(p, "/") == 1 && p != "/" && !slices.Contains([]string{"/timeline", "/tags", "/people", "/projects", "/help"}, p) {
			held[p] = true
			posts = append(posts, p)
		}
	}
	if len(posts) < 100 {
		t.Fatalf("sitemap lists %d posts, people and projects", len(posts))
	}

	seen := map[string]bool{}
	links := map[string]string{} // link -> a page it is on
	var missing []string
	start := time.Now()
	for _, p := range pages {
		seen[p] = true
		code, body, _ := get(t, h, p)
		if code != 200 {
			t.Errorf("%s: status %d", p, code)
			continue
		}
		for _, m := range hrefRE.FindAllStringSubmatch(body, -1) {
			href := html.UnescapeString(m[1])
			if !strings.HasPrefix(href, "/") || strings.HasPrefix(href, "//") {
				continue
			}
			if i := strings.IndexByte(href, '#'); i >= 0 {
				href = href[:i] // browsers don't send the fragment
			}
			if _, ok := links[href]; !ok {
				links[href] = p
			}
		}
	}
	for href, from := range links {
		if seen[href] || strings.HasPrefix(href, "/static/") {
			continue
		}
		seen[href] = true
		code, _, _ := get(t, h, href)
		u, err := url.Parse(href)
		if err != nil {
			t.Errorf("%s on %s: %v", href, from, err)
			continue
		}
		switch {
		case code >= 500:
			t.Errorf("%s (linked from %s): status %d", href, from, code)
		case code == 404 && held[strings.TrimSuffix(u.Path, "/")]:
			t.Errorf("%s (linked from %s): 404 for a page of the archive", href, from)
		case code == 404:
			missing = append(missing, u.Path)
		}
	}
	sort.Strings(missing)
	missing = slices.Compact(missing)
	t.Logf("%d pages and %d further links in %v; %d link to pages the archive lacks: %v",
		len(pages), len(seen)-len(pages), time.Since(start).Round(time.Millisecond), len(missing), missing[:min(20, len(missing))])
}
