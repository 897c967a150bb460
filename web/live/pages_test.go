package live

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/freerange/weeknotes/indexer"
	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/web"
)

// The server keeps search pages per snapshot (web/searching/pagecache.go). An update
// applied in place, as --watch applies it, is a new snapshot of the same
// build: the same URL then shows the updated post, never the kept page.
func TestSearchPageFollowsUpdatesInPlace(t *testing.T) {
	t.Parallel()
	soup, dir := t.TempDir(), t.TempDir()
	const date = "2020-01-01 10:00:00 +00:00"
	write(t, filepath.Join(soup, "people", "ann-lee.snip.markdown"), person("Ann Lee"))
	write(t, filepath.Join(soup, "a.snip.markdown"), snip("A", "Apples.", date, "ann-lee"))
	opts := indexer.Options{Root: soup}
	if _, err := indexer.Build(context.Background(), opts, dir, nil); err != nil {
		t.Fatal(err)
	}
	w, err := search.OpenWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := web.New(web.Config{Index: w.Snapshot(), Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	page := func() string {
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/search?q=quinces", nil))
		return rec.Body.String()
	}
	if before := page(); !strings.Contains(before, "No posts match") || page() != before {
		t.Fatalf("before the update:\n%.400s", before)
	}
	write(t, filepath.Join(soup, "a.snip.markdown"), snip("A", "Apples and quinces.", date, "ann-lee"))
	u := &Updater{Options: opts, Dir: dir, Writer: w, Log: log}
	ix, _, err := u.Update(context.Background(), nil)
	if err != nil || ix == nil {
		t.Fatalf("update: %v, %v", ix, err)
	}
	if err := srv.Swap(ix); err != nil {
		t.Fatal(err)
	}
	if after := page(); !strings.Contains(after, `href="/a"`) {
		t.Errorf("after the update in place the page is the old snapshot's:\n%.600s", after)
	}
}
