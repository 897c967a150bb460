package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/freerange/weeknotes/indexer"
	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/store/folder"
	"github.com/freerange/weeknotes/web"
)

// Every file of a build but the Bleve index is a cache: with all of them
// deleted, the index opens (rebuilding them from Bleve) and serves the
// same pages and counts.
func TestCachesRebuildFromBleve(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(corpusSoups); err != nil {
		t.Skipf("no corpus at %s", corpusSoups)
	}
	dir := t.TempDir()
	opts := indexer.Options{Root: corpusSoups, Aliases: "../data/aliases.yml"}
	if _, err := indexer.Build(context.Background(), opts, dir, nil); err != nil {
		t.Fatal(err)
	}
	pages := []string{"/", "/search?q=redis", "/search?q=asset+manager&author=chris-roos", "/search?q=mocha&year=2018",
		"/search?q=harmonai", "/timeline", "/timeline/2018", "/tags", "/tags/cotech", "/people", "/projects",
		"/chris-roos", "/mocha", "/week-474", "/api/search?q=deploy&per_page=50", "/api/timeline", "/api/tags",
		"/api/people", "/api/projects", "/api/posts/week-474", "/api/suggest?q=moc", "/feed.xml", "/sitemap.xml"}
	// Timings differ from run to run.
	took := regexp.MustCompile(`"took_ms":[0-9.e-]+|[0-9.]+ ?(ms|µs)`)
	serve := func() map[string]string {
		t.Helper()
		ix, err := search.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		srv, err := web.New(web.Config{Index: ix, BaseURL: "http://example.com", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, p := range pages {
			code, body, _ := get(t, srv.Handler(), p)
			if code != http.StatusOK {
				t.Fatalf("GET %s: %d", p, code)
			}
			out[p] = took.ReplaceAllString(body, "")
		}
		return out
	}
	before := serve()
	build, err := folder.Current(dir)
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(build)
	removed := 0
	for _, e := range entries {
		if e.Name() != "index" {
			if err := os.RemoveAll(filepath.Join(build, e.Name())); err != nil {
				t.Fatal(err)
			}
			removed++
		}
	}
	if removed < 4 {
		t.Fatalf("removed only %d caches", removed)
	}
	after := serve()
	for _, p := range pages {
		if before[p] != after[p] {
			t.Errorf("GET %s differs once the caches were rebuilt", p)
		}
	}
	for _, f := range []string{"posts.gob", "text.dat", "words.fst", "catalog.json", "cache.json"} {
		if _, err := os.Stat(filepath.Join(build, f)); err != nil {
			t.Errorf("%s was not rebuilt: %v", f, err)
		}
	}
}
