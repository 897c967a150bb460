package web_test

// Pictures (issue 14): people's photos and links, the small photos of
// /people, their JSON, how /images/ serves, pictures in feeds, and, in a
// browser, a post of pictures that never moves as they load.

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/freerange/weeknotes/indexer"
	"github.com/freerange/weeknotes/indexer/images"
	"github.com/freerange/weeknotes/indexer/testsoup"
	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/web"
)

// siteServer serves the site testsoup.Site lays out, its images folder
// found beside the soups as serve finds it.
func siteServer(t *testing.T) http.Handler {
	t.Helper()
	soups := filepath.Join(testsoup.Site(t), "soups")
	dir := t.TempDir()
	if _, err := indexer.Build(context.Background(), indexer.Options{Root: soups}, dir, nil); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	srv, err := web.New(web.Config{Index: ix, Images: images.Find(soups), BaseURL: testBaseURL,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return srv.Handler()
}

func fetch(t *testing.T, h http.Handler, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("GET", target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestPersonAndProjectPictures(t *testing.T) {
	t.Parallel()
	h := siteServer(t)
	for _, tt := range []struct {
		path          string
		want, notWant []string
	}{
		{"/jo-bloggs", []string{
			`<img class="photo" src="/images/people/jo-bloggs.jpg?v=`, `width="128" height="128" alt="Photo of Jo Bloggs"`,
			`<a href="https://jobloggs.example.org" rel="me" class="link-site">jobloggs.example.org</a>`,
			`<a href="https://twitter.com/jobloggs" class="link-twitter">@jobloggs</a>`,
			`<a href="https://github.com/jo-bloggs" class="link-github">github.com/jo-bloggs</a>`,
		}, nil},
		// Sam's photo is not in the folder: no picture, no link to one.
		{"/sam-smith", []string{"<h1>Sam Smith</h1>"}, []string{"<img", "entity-links"}},
		{"/widget", []string{
			`<img class="logo" src="/images/projects/widget.png?v=`, `width="320" height="160" alt="Widget"`,
			`<a href="https://widget.example.org/" class="link-url">widget.example.org</a>`,
			`<div class="gallery"><img class="gallery" src="/images/projects/widget-1.png?v=`, `width="160" height="100" alt="Widget, picture 1" decoding="async" loading="lazy">`,
		}, []string{"widget-2"}},
		{"/search?q=stand-up", []string{`<li class="hit has-thumb">`,
			`<a class="thumb" href="/week-100" tabindex="-1" aria-hidden="true"><img src="/images/blog/standup.jpg?v=`, `width="96" height="72" alt="" loading="lazy"`,
		}, nil},
		{"/search?q=invoices", []string{`<li class="hit">`}, []string{"thumb"}},
		{"/people", []string{
			`<a href="/jo-bloggs"><img class="avatar" src="/images/people/jo-bloggs.jpg?v=`, `width="32" height="32" alt=""`,
			`<a href="/sam-smith"><span class="avatar none" aria-hidden="true"></span>Sam Smith</a>`,
		}, nil},
	} {
		rec := fetch(t, h, tt.path)
		body := rec.Body.String()
		if rec.Code != 200 {
			t.Errorf("%s: %d", tt.path, rec.Code)
			continue
		}
		for _, s := range tt.want {
			if !strings.Contains(body, s) {
				t.Errorf("%s lacks %s", tt.path, s)
			}
		}
		for _, s := range tt.notWant {
			if strings.Contains(body, s) {
				t.Errorf("%s has %s", tt.path, s)
			}
		}
	}

	type picture struct {
		URL           string
		Width, Height int
	}
	type entity struct {
		Slug, Label string
		Count       int
		Image       *picture
		Gallery     []picture
		Links       []struct{ Kind, URL, Label string }
		HTML        string
	}
	decode := func(path string, v any) {
		t.Helper()
		rec := fetch(t, h, path)
		if rec.Code != 200 {
			t.Fatalf("%s: %d", path, rec.Code)
		}
		if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	var people []entity
	decode("/api/people", &people)
	bySlug := map[string]entity{}
	for _, p := range people {
		bySlug[p.Slug] = p
	}
	jo := bySlug["jo-bloggs"]
	if jo.Image == nil || !strings.HasPrefix(jo.Image.URL, "/images/people/jo-bloggs.jpg?v=") || jo.Image.Width != 400 || jo.Image.Height != 400 || len(jo.Links) != 3 || jo.Count != 1 {
		t.Errorf("/api/people: Jo is %+v", jo)
	}
	if sam := bySlug["sam-smith"]; sam.Image != nil || sam.Links != nil {
		t.Errorf("/api/people: Sam is %+v", sam)
	}
	var projects []entity
	decode("/api/projects", &projects)
	if len(projects) != 1 || projects[0].Image == nil || len(projects[0].Gallery) != 1 || projects[0].Links[0].URL != "https://widget.example.org/" {
		t.Errorf("/api/projects: %+v", projects)
	}
	var one entity
	decode("/api/people/jo-bloggs", &one)
	if one.Image == nil || one.Image.URL != jo.Image.URL || !strings.Contains(one.HTML, "runs the stand-up") {
		t.Errorf("/api/people/jo-bloggs: %+v", one)
	}
	if rec := fetch(t, h, "/api/people/nobody"); rec.Code != 404 {
		t.Errorf("/api/people/nobody: %d", rec.Code)
	}
}

var srcRE = regexp.MustCompile(`src="(/images/[^"]+)"`)

// Pictures go out with their type and are cached: for a year at the
// versioned URL pages name, revalidated (ETag, 304) at any other.
func TestPicturesServed(t *testing.T) {
	t.Parallel()
	h := siteServer(t)
	page := fetch(t, h, "/week-100").Body.String()
	srcs := srcRE.FindAllStringSubmatch(page, -1)
	if len(srcs) != 5 {
		t.Fatalf("week-100 shows %d pictures from the folder, want 5:\n%s", len(srcs), page)
	}
	types := map[string]string{".jpg": "image/jpeg", ".png": "image/png", ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp"}
	for _, m := range srcs {
		u := strings.ReplaceAll(m[1], "&amp;", "&")
		rec := fetch(t, h, u)
		ext := filepath.Ext(strings.SplitN(u, "?", 2)[0])
		if rec.Code != 200 || rec.Header().Get("Content-Type") != types[ext] {
			t.Errorf("%s: %d %s", u, rec.Code, rec.Header().Get("Content-Type"))
		}
		if cc := rec.Header().Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("%s: Cache-Control %q", u, cc)
		}
		etag := rec.Header().Get("ETag")
		if etag == "" || rec.Header().Get("Last-Modified") == "" {
			t.Errorf("%s: no ETag or Last-Modified", u)
		}
		if again := fetch(t, h, u, "If-None-Match", etag); again.Code != 304 || again.Body.Len() != 0 {
			t.Errorf("%s with If-None-Match: %d, %d bytes", u, again.Code, again.Body.Len())
		}
		bare := strings.SplitN(u, "?", 2)[0]
		for _, other := range []string{bare, bare + "?v=old"} {
			rec := fetch(t, h, other)
			if rec.Code != 200 || rec.Header().Get("Cache-Control") != "public, no-cache" || rec.Header().Get("ETag") != etag {
				t.Errorf("%s: %d, Cache-Control %q, ETag %q", other, rec.Code, rec.Header().Get("Cache-Control"), rec.Header().Get("ETag"))
			}
		}
	}
	for _, bad := range []string{"/images/blog/lost.png", "/images/blog/", "/images/../soups/weeknotes/week-100.snip.markdown", "/images/blog"} {
		if rec := fetch(t, h, bad); rec.Code != 404 {
			t.Errorf("%s: %d, want 404", bad, rec.Code)
		}
	}
}

// An Atom entry's pictures and links work away from the site.
func TestFeedPicturesAbsolute(t *testing.T) {
	t.Parallel()
	h := siteServer(t)
	body := fetch(t, h, "/feed.xml").Body.String()
	for _, s := range []string{
		`src=&#34;https://notes.example.org/images/blog/standup.jpg?v=`,
		`href=&#34;https://notes.example.org/widget&#34;`,
		`href=&#34;https://notes.example.org/images/blog/photo.webp?v=`,
	} {
		if !strings.Contains(body, s) {
			t.Errorf("feed lacks %s", s)
		}
	}
	if strings.Contains(body, `src=&#34;/images`) || strings.Contains(body, `href=&#34;/`) {
		t.Errorf("feed keeps a URL relative to the site:\n%s", body)
	}
}

// A post of pictures, loaded in a browser with the pictures slow to come
// (as over a real network), does not move as they arrive, and shows none
// broken: layout-shift entries (PerformanceObserver) add up to 0 at 1280
// and at 390 px; on wide screens a hit shows the post's first picture as
// a thumbnail, on phones it neither shows nor fetches it. A picture inserted without a size, as a control, must
// shift the page, or the measure measures nothing.
func TestBrowserPicturesDoNotShift(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("browser test: no %s", chromiumPath)
	}
	h := siteServer(t)
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/images/") {
			time.Sleep(400 * time.Millisecond)
		}
		h.ServeHTTP(w, r)
	})
	ts := httptest.NewServer(slow)
	defer ts.Close()
	ctx := newBrowser(t)
	consoleProblems := watchConsole(ctx)
	eval := func(expr string) string {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		v, err := chromedp.Run(sctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
		if err != nil {
			fail(t, ctx, "evaluate %s: %v", expr, err)
		}
		return v
	}
	// Observe shifts from the start; scroll each picture into view (they
	// load lazily) and wait until every one has loaded or failed.
	const observe = `window.__shift = 0; new PerformanceObserver(function (l) {
		l.getEntries().forEach(function (e) { if (!e.hadRecentInput) window.__shift += e.value; });
	}).observe({type: "layout-shift", buffered: true});`
	const settle = `(async function () {
		var imgs = Array.from(document.querySelectorAll("img"));
		for (var i = 0; i < imgs.length; i++) {
			imgs[i].scrollIntoView({block: "center"});
			await new Promise(function (r) { setTimeout(r, 50); });
		}
		await Promise.all(imgs.map(function (im) {
			return im.complete ? null : new Promise(function (r) { im.addEventListener("load", r); im.addEventListener("error", r); });
		}));
		await new Promise(function (r) { requestAnimationFrame(function () { setTimeout(r, 100); }); });
		var broken = imgs.filter(function (im) { return !im.naturalWidth; }).map(function (im) { return im.src; });
		return JSON.stringify({n: imgs.length, broken: broken, shift: window.__shift, figures: document.querySelectorAll("figure figcaption").length});
	})()`
	for _, width := range []int64{390, 1280} {
		sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		if err := chromedp.Do(sctx, chromedp.EmulateViewport(width, 900)); err != nil {
			cancel()
			t.Fatal(err)
		}
		cancel()
		// Results: a hit with pictures shows its first as a thumbnail on
		// wide screens, and phones neither show nor fetch it.
		loadPage(t, ctx, "search", chromedp.Navigate(ts.URL+"/search?q=stand-up"))
		eval(observe + " 'ok'")
		thumb := eval(`(async function () {
			await new Promise(function (r) { setTimeout(r, 900); });
			var im = document.querySelector(".hit .thumb img");
			var fetched = performance.getEntriesByType("resource").some(function (e) { return e.name.indexOf("/images/") >= 0; });
			return [im ? im.offsetWidth + "x" + im.offsetHeight : "none", im && im.complete && im.naturalWidth > 0, fetched, window.__shift].join(" ");
		})()`)
		want := "96x72 true true 0"
		if width < 500 { // first, so nothing is cached yet
			want = "0x0 false false 0"
		}
		if thumb != want {
			fail(t, ctx, "at %d px: thumbnail (size, loaded, fetched, shift) = %s, want %s", width, thumb, want)
		}

		loadPage(t, ctx, "open week-100", chromedp.Navigate(ts.URL+"/week-100"))
		eval(observe + " 'ok'")
		var got struct {
			N       int
			Broken  []string
			Shift   float64
			Figures int
		}
		if err := json.Unmarshal([]byte(eval(settle)), &got); err != nil {
			t.Fatal(err)
		}
		if got.N != 5 || len(got.Broken) > 0 || got.Figures != 4 {
			fail(t, ctx, "at %d px: %d pictures, broken %v, %d captions; want 5, none, 4", width, got.N, got.Broken, got.Figures)
		}
		if got.Shift != 0 {
			fail(t, ctx, "at %d px: layout shift %.4f as the pictures loaded, want 0", width, got.Shift)
		}
		// The control: a picture with no size, at the top, arriving late.
		control := eval(`(async function () {
			window.scrollTo(0, 0);
			await new Promise(function (r) { setTimeout(r, 600); });
			window.__shift = 0;
			var im = document.createElement("img");
			im.src = document.querySelector(".body img").src.replace(/\?.*/, "") + "?control=` + time.Now().Format("150405.000") + `";
			document.querySelector(".body").prepend(im);
			await new Promise(function (r) { im.onload = r; im.onerror = r; });
			await new Promise(function (r) { requestAnimationFrame(function () { setTimeout(r, 100); }); });
			return String(window.__shift);
		})()`)
		if control == "0" {
			fail(t, ctx, "at %d px: a picture without a size shifted nothing: the measure is blind", width)
		}
	}
	for _, p := range consoleProblems() {
		t.Errorf("console: %s", p)
	}
}
