package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/freerange/weeknotes/indexer"
	"github.com/freerange/weeknotes/indexer/testsoup"
	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/web"
)

func request(t *testing.T, h http.Handler, method, target string, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func decoded(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	if rec.Header().Get("Content-Encoding") != "gzip" {
		return rec.Body.String()
	}
	zr, err := gzip.NewReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatalf("Content-Encoding gzip, but: %v", err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var gzipHeader = map[string]string{"Accept-Encoding": "gzip, deflate, br"}

// Text answers come gzipped to a browser that asks, and decode to what
// a client that doesn't ask gets; pictures are left alone.
func TestCompressedAnswers(t *testing.T) {
	t.Parallel()
	h := edgeServer(t, imageSoup(t))
	for _, target := range []string{"/search?q=redis", "/search?q=redis", "/api/search?q=redis", "/tags", "/week-10", "/feed.xml", "/sitemap.xml", "/static/style.css", "/help"} {
		plain := request(t, h, "GET", target, nil)
		zipped := request(t, h, "GET", target, gzipHeader)
		if plain.Code != 200 || zipped.Code != 200 {
			t.Fatalf("%s: status %d, %d", target, plain.Code, zipped.Code)
		}
		if plain.Header().Get("Content-Encoding") != "" {
			t.Errorf("%s: encoded for a client that didn't ask", target)
		}
		if zipped.Header().Get("Content-Encoding") != "gzip" {
			t.Errorf("%s: not gzipped for a client that asked (%d bytes)", target, plain.Body.Len())
			continue
		}
		took := regexp.MustCompile(`"took_ms":[0-9.e-]+`) // the one part that differs
		if got := decoded(t, zipped); took.ReplaceAllString(got, "") != took.ReplaceAllString(plain.Body.String(), "") {
			t.Errorf("%s: gzipped answer decodes to %d bytes, the plain one is %d", target, len(got), plain.Body.Len())
		}
		if zipped.Body.Len()*2 > plain.Body.Len() {
			t.Errorf("%s: %d bytes gzipped from %d", target, zipped.Body.Len(), plain.Body.Len())
		}
		for _, rec := range []*httptest.ResponseRecorder{plain, zipped} {
			if !strings.Contains(strings.Join(rec.Header().Values("Vary"), ","), "Accept-Encoding") {
				t.Errorf("%s: no Vary: Accept-Encoding", target)
			}
		}
	}
	if rec := request(t, h, "GET", "/images/logo.png", gzipHeader); rec.Code != 200 || rec.Header().Get("Content-Encoding") != "" {
		t.Errorf("a picture: status %d, Content-Encoding %q", rec.Code, rec.Header().Get("Content-Encoding"))
	}
}

var staticLink = regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`)

// Pages link static files by content-hashed names a browser keeps for a
// year; the plain names answer with an ETag and a 304 for a browser that
// has the file.
func TestStaticHashedNames(t *testing.T) {
	t.Parallel()
	h := newServer(t, false)
	_, page, _ := get(t, h, "/")
	links := staticLink.FindAllStringSubmatch(page, -1)
	if len(links) < 4 {
		t.Fatalf("the home page links %d static files, want the stylesheets, icon and script", len(links))
	}
	for _, m := range links {
		link := m[1]
		if !regexp.MustCompile(`^/static/[a-z]+\.[0-9a-f]{12}\.[a-z]+$`).MatchString(link) {
			t.Errorf("%s is not a content-hashed name", link)
			continue
		}
		hashed := request(t, h, "GET", link, nil)
		if hashed.Code != 200 || hashed.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("GET %s: %d, Cache-Control %q", link, hashed.Code, hashed.Header().Get("Cache-Control"))
		}
		plainName := regexp.MustCompile(`\.[0-9a-f]{12}\.`).ReplaceAllString(link, ".")
		plain := request(t, h, "GET", plainName, nil)
		etag := plain.Header().Get("ETag")
		if plain.Code != 200 || etag == "" || plain.Header().Get("Cache-Control") != "no-cache" || plain.Body.String() != hashed.Body.String() {
			t.Errorf("GET %s: %d, ETag %q, Cache-Control %q, same bytes as %s: %v", plainName, plain.Code, etag,
				plain.Header().Get("Cache-Control"), link, plain.Body.String() == hashed.Body.String())
		}
		if again := request(t, h, "GET", plainName, map[string]string{"If-None-Match": etag}); again.Code != http.StatusNotModified || again.Body.Len() != 0 {
			t.Errorf("GET %s with If-None-Match %s: %d and %d bytes, want 304 and none", plainName, etag, again.Code, again.Body.Len())
		}
		if head := request(t, h, "HEAD", link, nil); head.Code != 200 || head.Body.Len() != 0 || head.Header().Get("Content-Length") != hashed.Header().Get("Content-Length") {
			t.Errorf("HEAD %s: %d, %d bytes, Content-Length %q", link, head.Code, head.Body.Len(), head.Header().Get("Content-Length"))
		}
	}
	if rec := request(t, h, "GET", "/static/style.000000000000.css", nil); rec.Code != 404 {
		t.Errorf("a hash that is no file's: %d, want 404", rec.Code)
	}
}

// A search page is kept for its URL, and only for the snapshot it was made
// from: after a swap to an index with one more matching post the same URL
// shows it.
func TestSearchPageKeptPerSnapshot(t *testing.T) {
	t.Parallel()
	build := func(root string) *search.Index {
		dir := t.TempDir()
		if _, err := indexer.Build(context.Background(), indexer.Options{Root: root}, dir, nil); err != nil {
			t.Fatal(err)
		}
		ix, err := search.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		return ix
	}
	root := filepath.Join(t.TempDir(), "soup")
	testsoup.CopyTree(t, "testdata/soup", root)
	srv, err := web.New(web.Config{Index: build(root), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	h := srv.Handler()
	const target = "/search?q=quokka"
	first := request(t, h, "GET", target, nil).Body.String()
	if !strings.Contains(first, "No posts match") {
		t.Fatalf("before: %s", first)
	}
	if again := request(t, h, "GET", target, nil).Body.String(); again != first {
		t.Errorf("the same URL on the same snapshot gave another page")
	}
	if zipped := request(t, h, "GET", target, gzipHeader); decoded(t, zipped) != first {
		t.Errorf("the kept page, gzipped, decodes to another page")
	}
	if head := request(t, h, "HEAD", target, nil); head.Code != 200 || head.Body.Len() != 0 {
		t.Errorf("HEAD %s: %d, %d bytes", target, head.Code, head.Body.Len())
	}

	writeFile(t, root, "weeknotes/week-13.snip.markdown", testsoup.Post("Week 13", "We met a quokka.", "2019-04-05 10:00:00 +00:00", "jo-bloggs"))
	if err := srv.Swap(build(root)); err != nil {
		t.Fatal(err)
	}
	after := request(t, h, "GET", target, nil).Body.String()
	if !strings.Contains(after, `href="/week-13"`) || strings.Contains(after, "No posts match") {
		t.Errorf("after the swap the page is the old snapshot's:\n%.600s", after)
	}
}
