package web_test

// The edges of HTTP (issue 10, points 1, 6 and 9): files under images/ and
// static/, methods, request headers that must not shape a response, posts
// whose names collide with routes, and the responses net/http writes on its
// own.

import (
	"bufio"
	"context"
	"encoding/xml"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/freerange/weeknotes/indexer"
	"github.com/freerange/weeknotes/indexer/testsoup"
	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/web"
	"github.com/freerange/weeknotes/web/ops"
)

const testBaseURL = "https://notes.example.org"

// edgeServer copies testdata/soup, lets add put more files in the copy,
// indexes it and serves it with testBaseURL as its base URL.
func edgeServer(t *testing.T, add func(root string)) http.Handler {
	t.Helper()
	root := filepath.Join(t.TempDir(), "soup")
	testsoup.CopyTree(t, "testdata/soup", root)
	if add != nil {
		add(root)
	}
	dir := t.TempDir()
	if _, err := indexer.Build(context.Background(), indexer.Options{Root: root}, dir, nil); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	srv, err := web.New(web.Config{Index: ix, Images: filepath.Join(root, "images"), BaseURL: testBaseURL,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return srv.Handler()
}

func writeFile(t *testing.T, root, rel, data string) {
	t.Helper()
	p := filepath.Join(root, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// imageSoup adds an images/ folder holding two images, a folder, files that
// are not images and links of every kind.
func imageSoup(t *testing.T) func(root string) {
	return func(root string) {
		writeFile(t, root, "images/logo.png", "PNG logo")
		writeFile(t, root, "images/blog/pic.jpg", "JPEG pic")
		writeFile(t, root, "images/page.html", "<script src=/images/x.js></script>")
		writeFile(t, root, "images/x.js", "alert(1)")
		writeFile(t, root, "images/.hidden.png", "hidden")
		writeFile(t, root, "secret.png", "outside images")
		testsoup.Link(t, root, "/", "images/root")
		testsoup.Link(t, root, "/etc/passwd", "images/passwd.png")
		testsoup.Link(t, root, "../secret.png", "images/up.png")
		testsoup.Link(t, root, "..", "images/parent")
		testsoup.Link(t, root, "blog", "images/folder.png")
		testsoup.Link(t, root, "logo.png", "images/alias.png")
		testsoup.Link(t, root, "nowhere.png", "images/dangling.png")
	}
}

// Files outside images/ are never served, through links or otherwise; a
// folder is never listed. A link that stays inside images/ and ends at a
// regular file is served like that file.
func TestImagesServeOnlyRegularFilesInside(t *testing.T) {
	t.Parallel()
	h := edgeServer(t, imageSoup(t))
	for _, tt := range []struct {
		target string
		status int
		body   string
	}{
		{"/images/logo.png", 200, "PNG logo"},
		{"/images/blog/pic.jpg", 200, "JPEG pic"},
		{"/images/alias.png", 200, "PNG logo"},          // a link inside the folder
		{"/images/folder.png/pic.jpg", 200, "JPEG pic"}, // through a link to a folder inside
		{"/images/root/etc/passwd", 404, ""},            // a link to /
		{"/images/passwd.png", 404, ""},                 // a link to /etc/passwd
		{"/images/up.png", 404, ""},                     // a link to a file beside images/
		{"/images/parent/secret.png", 404, ""},          // a link to the soup
		{"/images/parent/people/jo-bloggs.snip.markdown", 404, ""},
		{"/images/folder.png", 404, ""}, // a link to a folder
		{"/images/dangling.png", 404, ""},
		{"/images/blog", 404, ""}, // folders are not listed
		{"/images/blog/", 404, ""},
		{"/images/", 404, ""},
		{"/images", 404, ""},
		{"/images/../secret.png", 404, ""},
		{"/images/blog/../../secret.png", 404, ""},
		{"/images/%2e%2e/secret.png", 404, ""},
		{"/images/page.html", 404, ""}, // not an image: no script from images/
		{"/images/x.js", 404, ""},
		{"/images/.hidden.png", 404, ""},
		{"/images/nothing.png", 404, ""},
	} {
		t.Run(tt.target, func(t *testing.T) {
			rec := do(t, h, "GET", tt.target, nil)
			body := rec.Body.String()
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d\n%.300s", rec.Code, tt.status, body)
			}
			if tt.status == 200 && body != tt.body {
				t.Errorf("body %q, want %q", body, tt.body)
			}
			for _, leak := range []string{"root:", "outside images", "Jo writes", ">pic.jpg<", "JPEG pic", "PNG logo"} {
				if tt.status != 200 && strings.Contains(body, leak) {
					t.Errorf("body has %q:\n%.300s", leak, body)
				}
			}
		})
	}
}

// /static/ serves its files and lists nothing.
func TestStaticListsNothing(t *testing.T) {
	t.Parallel()
	h := edgeServer(t, nil)
	for _, tt := range []struct {
		target string
		status int
	}{
		{"/static/style.css", 200},
		{"/static/search.js", 200},
		{"/static/favicon.svg", 200},
		{"/static/", 404},
		{"/static", 404},
		{"/static/.", 404},
		{"/static/../templates/layout.html", 404},
		{"/static/nothing.css", 404},
	} {
		t.Run(tt.target, func(t *testing.T) {
			rec := do(t, h, "GET", tt.target, nil)
			if rec.Code != tt.status {
				t.Errorf("status %d, want %d", rec.Code, tt.status)
			}
			if tt.status != 200 && strings.Contains(rec.Body.String(), ">style.css<") {
				t.Errorf("lists the folder:\n%.300s", rec.Body)
			}
		})
	}
}

// getRoutes is one URL for every GET route, with the status GET answers.
var getRoutes = []struct {
	target string
	status int
}{
	{"/", 200},
	{"/search?q=redis", 200},
	{"/help", 200},
	{"/week-10", 200},
	{"/jo-bloggs", 200},
	{"/healthz", 200},
	{"/readyz", 200},
	{"/metrics", 200},
	{"/api/search?q=redis", 200},
	{"/api/suggest?q=lan", 200},
	{"/api/timeline", 200},
	{"/api/tags", 200},
	{"/api/people", 200},
	{"/api/projects", 200},
	{"/api/posts/week-10", 200},
	{"/timeline", 200},
	{"/timeline/2019", 200},
	{"/timeline/2019/03", 200},
	{"/tags", 200},
	{"/tags/redis", 200},
	{"/people", 200},
	{"/projects", 200},
	{"/feed.xml", 200},
	{"/opensearch.xml", 200},
	{"/sitemap.xml", 200},
	{"/static/style.css", 200},
	{"/images/logo.png", 200},
	{"/no-such-post", 404},
	{"/search/", 301},
}

// HEAD answers wherever GET does, with GET's status and headers and no
// body; any other method on a GET route is a 405 naming GET and HEAD.
func TestMethods(t *testing.T) {
	t.Parallel()
	h := edgeServer(t, imageSoup(t))
	for _, tt := range getRoutes {
		t.Run(tt.target, func(t *testing.T) {
			g := do(t, h, "GET", tt.target, nil)
			if g.Code != tt.status {
				t.Fatalf("GET: status %d, want %d", g.Code, tt.status)
			}
			hd := do(t, h, "HEAD", tt.target, nil)
			if hd.Code != g.Code {
				t.Errorf("HEAD: status %d, GET %d", hd.Code, g.Code)
			}
			if hd.Body.Len() != 0 {
				t.Errorf("HEAD: %d bytes of body", hd.Body.Len())
			}
			for _, k := range []string{"Content-Type", "Location", "Content-Security-Policy"} {
				if hd.Header().Get(k) != g.Header().Get(k) {
					t.Errorf("HEAD: %s %q, GET %q", k, hd.Header().Get(k), g.Header().Get(k))
				}
			}
			if tt.status != 200 {
				return
			}
			for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS"} {
				rec := do(t, h, m, tt.target, nil)
				if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
					t.Errorf("%s: status %d, Allow %q; want 405, %q", m, rec.Code, rec.Header().Get("Allow"), "GET, HEAD")
				}
			}
		})
	}
	// The API answers a 405 in JSON, like its other errors.
	rec := do(t, h, "POST", "/api/search?q=redis", nil)
	if !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") || !strings.Contains(rec.Body.String(), `"error"`) {
		t.Errorf("POST /api/search: %q %s", rec.Header().Get("Content-Type"), rec.Body)
	}
}

var wantSecurityHeaders = map[string]string{
	"Content-Security-Policy": ops.ContentSecurityPolicy,
	"X-Content-Type-Options":  "nosniff",
	"Referrer-Policy":         "strict-origin-when-cross-origin",
	"X-Frame-Options":         "DENY",
}

func checkSecurityHeaders(t *testing.T, h http.Header) {
	t.Helper()
	for k, v := range wantSecurityHeaders {
		if got := h.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
}

// Route by route, every response the handler writes carries the security
// headers: pages, JSON, feeds, static files, images, redirects, 404, 405.
func TestSecurityHeadersRouteByRoute(t *testing.T) {
	t.Parallel()
	h := edgeServer(t, imageSoup(t))
	for _, m := range []string{"GET", "HEAD", "POST"} {
		for _, tt := range getRoutes {
			t.Run(m+" "+tt.target, func(t *testing.T) {
				checkSecurityHeaders(t, do(t, h, m, tt.target, nil).Header())
			})
		}
	}
	for _, target := range []string{"/images/passwd.png", "/static/", "/api/nothing", "/a/b/c", "/search?page=0"} {
		t.Run(target, func(t *testing.T) { checkSecurityHeaders(t, do(t, h, "GET", target, nil).Header()) })
	}
}

// Absolute URLs come from the base URL, never from the request: a Host,
// X-Forwarded-Host or X-Forwarded-Proto of an attacker's choosing shows
// nowhere, and a trailing-slash redirect ignores X-Forwarded-Prefix.
func TestAbsoluteURLsFromBaseURLOnly(t *testing.T) {
	t.Parallel()
	h := edgeServer(t, nil)
	evil := http.Header{
		"Host":               {"evil.example"},
		"X-Forwarded-Host":   {"evil.example"},
		"X-Forwarded-Proto":  {"gopher"},
		"X-Forwarded-Prefix": {"/evil.example"},
		"Forwarded":          {"host=evil.example;proto=gopher"},
	}
	for _, target := range []string{"/sitemap.xml", "/feed.xml", "/feed.xml?topic=redis", "/opensearch.xml"} {
		t.Run(target, func(t *testing.T) {
			for i := 0; i < 2; i++ { // the second sitemap comes from its cache
				req := httptest.NewRequest("GET", target, nil)
				for k, v := range evil {
					req.Header[k] = v
				}
				req.Host = "evil.example"
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				body := rec.Body.String()
				if rec.Code != 200 || strings.Contains(body, "evil") || strings.Contains(body, "gopher") {
					t.Fatalf("status %d, body names the request's host:\n%.500s", rec.Code, body)
				}
				if !strings.Contains(body, testBaseURL+"/") {
					t.Errorf("no URL under %s:\n%.500s", testBaseURL, body)
				}
				if err := xml.Unmarshal(rec.Body.Bytes(), new(struct{})); err != nil {
					t.Errorf("not XML: %v", err)
				}
			}
		})
	}
	for _, tt := range []struct{ target, location string }{
		{"/search/", "/search"},
		{"/tags/", "/tags"},
		{"/timeline/2019/", "/timeline/2019"},
	} {
		for _, prefix := range []string{"/evil.example", "//evil.example", "evil.example", "/a/../..//evil.example"} {
			rec := do(t, h, "GET", tt.target, http.Header{"X-Forwarded-Prefix": {prefix}})
			if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != tt.location {
				t.Errorf("%s with X-Forwarded-Prefix %q: %d Location %q, want 301 %q", tt.target, prefix, rec.Code, rec.Header().Get("Location"), tt.location)
			}
		}
	}
	// A request in absolute form is redirected on this site.
	if rec := do(t, h, "GET", "http://evil.example/tags/", nil); rec.Header().Get("Location") != "/tags" {
		t.Errorf("GET http://evil.example/tags/: %d Location %q, want /tags", rec.Code, rec.Header().Get("Location"))
	}
	// A path that starts with two slashes is never redirected off the site.
	for _, target := range []string{"//evil.example/", "//evil.example/x/", "///evil.example/"} {
		rec := do(t, h, "GET", target, nil)
		if loc := rec.Header().Get("Location"); strings.HasPrefix(loc, "//") || strings.Contains(loc, "://") {
			t.Errorf("%s: Location %q leaves the site", target, loc)
		}
	}
}

func TestBaseURL(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, want, err string }{
		{"https://notes.example.org", "https://notes.example.org", ""},
		{"https://notes.example.org/", "https://notes.example.org", ""},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080", ""},
		{"HTTP://Notes.Example.org", "http://notes.example.org", ""},
		{"http://[::1]:8080", "http://[::1]:8080", ""},
		{"notes.example.org", "", "want http:// or https://"},
		{"ftp://notes.example.org", "", "want http:// or https://"},
		{"https://", "", "no host"},
		{"https://notes.example.org/weeknotes", "", "no path"},
		{"https://notes.example.org?x=1", "", "no query"},
		{"https://notes.example.org#top", "", "no fragment"},
		{"https://user:pw@notes.example.org", "", "no user"},
		{"https://notes example.org", "", "invalid"},
	} {
		t.Run(tt.in, func(t *testing.T) {
			got, err := web.ParseBaseURL(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("ParseBaseURL(%q) = %q, %v; want an error with %q", tt.in, got, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("ParseBaseURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

// collidingSoup adds posts whose names are routes, or would make an
// off-site or unreachable URL.
var collidingNames = []string{"search", "help", "tags", "timeline", "people", "feed.xml", "sitemap.xml",
	"healthz", "readyz", "metrics", "api", "static", "images", "/evil.example/x", "//evil.example", "x?q=1", "a/b/c"}

func collidingSoup(t *testing.T) func(root string) {
	return func(root string) {
		for i, name := range collidingNames {
			writeFile(t, root, "blog/collide-"+string(rune('a'+i))+".snip.markdown",
				"Colliding post\n\nThe word zebracollide.\n\n:name: "+name+
					"\n:created_at: 2019-03-20 10:00:00 +00:00\n:kind: blog\n:author: jo-bloggs\n:page_title: Collides "+name+"\n")
		}
	}
}

// A post named like a route never takes the route: the route answers,
// whatever the index holds. And no post URL leaves the site, whatever its
// name: a name starting with "/" is escaped, never "//host".
func TestRoutesWinOverPostNames(t *testing.T) {
	t.Parallel()
	h := edgeServer(t, collidingSoup(t))
	for _, tt := range []struct {
		target string
		status int
		want   string
	}{
		{"/search", 200, "All posts"},
		{"/help", 200, "How to search"},
		{"/tags", 200, "Topics"},
		{"/timeline", 200, "Timeline"},
		{"/people", 200, "People"},
		{"/feed.xml", 200, "<feed"},
		{"/sitemap.xml", 200, "<urlset"},
		{"/healthz", 200, "ok\n"},
		{"/readyz", 200, `"status":"ready"`},
		{"/metrics", 200, "weeknotes_index_documents"},
	} {
		t.Run(tt.target, func(t *testing.T) {
			rec := do(t, h, "GET", tt.target, nil)
			if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.want) {
				t.Errorf("status %d, want %d with %q:\n%.300s", rec.Code, tt.status, tt.want, rec.Body)
			}
			if rec.Header().Get("Content-Type") != "application/atom+xml; charset=utf-8" && strings.Contains(rec.Body.String(), "<h1>Collides") {
				t.Errorf("serves the post instead of the route")
			}
		})
	}
	for _, target := range []string{"/search?q=zebracollide", "/api/search?q=zebracollide&per_page=100",
		"/api/suggest?q=collides", "/feed.xml?q=zebracollide", "/sitemap.xml", "/timeline/2019/03", "/jo-bloggs"} {
		t.Run(target, func(t *testing.T) {
			body := do(t, h, "GET", target, nil).Body.String()
			for _, bad := range []string{`href="//`, `"url":"//`, `<loc>//`, `href="/\`, "://evil.example"} {
				if strings.Contains(body, bad) {
					t.Errorf("has %q:\n%.2000s", bad, body)
				}
			}
		})
	}
}

func TestPostURLStaysOnSite(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"/evil.example/x", "//evil.example", `\evil.example`, "x?q=1", "a/b/c", "#frag", "week-10"} {
		u := archive.Post{Name: name}.URL()
		if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") || strings.ContainsAny(u[1:], `/\?#`) {
			t.Errorf("Post{Name: %q}.URL() = %q: not one path segment on this site", name, u)
		}
	}
	if u := (archive.Post{Name: "week-10"}).URL(); u != "/week-10" {
		t.Errorf("URL() = %q, want /week-10", u)
	}
}

// The few responses net/http writes without calling the handler (a request
// whose headers are too large, a malformed Host, "OPTIONS *") carry the
// security headers too, over a real connection.
func TestSecurityHeadersOnResponsesNetHTTPWrites(t *testing.T) {
	t.Parallel()
	srv, _, _ := opsServer(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: srv.Handler(), MaxHeaderBytes: 4 << 10, ReadHeaderTimeout: 5 * time.Second}
	go ops.Serve(hs, ln)
	t.Cleanup(func() { hs.Close() })
	for _, tt := range []struct {
		name, request string
		status        int
	}{
		{"header too large", "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 16<<10) + "\r\n\r\n", 431},
		{"malformed Host", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400},
		{"no Host", "GET / HTTP/1.1\r\n\r\n", 400},
		{"bad request line", "GET\r\n\r\n", 400},
		{"unsupported version", "GET / HTTP/2.7\r\nHost: x\r\n\r\n", 505},
		{"unsupported transfer encoding", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501},
		{"OPTIONS *", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", 200},
		{"a page", "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 200},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			c.SetDeadline(time.Now().Add(10 * time.Second))
			if _, err := io.WriteString(c, tt.request); err != nil {
				t.Fatal(err)
			}
			res, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != tt.status {
				t.Errorf("status %d, want %d", res.StatusCode, tt.status)
			}
			checkSecurityHeaders(t, res.Header)
			if tt.name == "OPTIONS *" && res.Header.Get("Allow") != "GET, HEAD" {
				t.Errorf("Allow %q, want %q", res.Header.Get("Allow"), "GET, HEAD")
			}
		})
	}
	// A second request on a connection that has served one still gets them.
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: a b\r\n\r\n")
	r := bufio.NewReader(c)
	for _, want := range []int{200, 400} {
		res, err := http.ReadResponse(r, nil)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("status %d, want %d", res.StatusCode, want)
		}
		checkSecurityHeaders(t, res.Header)
	}
}
