package ops

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func gunzip(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestAcceptsGzip(t *testing.T) {
	t.Parallel()
	for header, want := range map[string]bool{
		"":                      false,
		"gzip":                  true,
		"GZIP":                  true,
		"gzip, deflate, br":     true,
		"br;q=1.0, gzip;q=0.8":  true,
		"gzip;q=0":              false,
		"gzip; q=0.0":           false,
		"deflate":               false,
		"identity":              false,
		"*":                     true,
		"*;q=0":                 false,
		"x-gzip":                true,
		"gzip;q=0, *":           false, // gzip named and refused: * does not bring it back
		"deflate, gzip;q=0.001": true,
	} {
		if got := AcceptsGzip(header); got != want {
			t.Errorf("AcceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}

// Each answer is compressed or not as a browser or cache needs: the body
// a client decodes is always the handler's.
func TestCompress(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("<p>Week 474: Asset Manager.</p>\n", 100)
	for _, tt := range []struct {
		name     string
		accept   string
		handler  http.HandlerFunc
		gzipped  bool
		vary     bool
		wantBody string
	}{
		{"html, accepted", "gzip", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, long)
		}, true, true, long},
		{"html, not accepted", "", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, long)
		}, false, true, long},
		{"refused with q=0", "gzip;q=0", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, long)
		}, false, true, long},
		{"many small writes", "gzip", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			for _, line := range strings.SplitAfter(long, "\n") {
				io.WriteString(w, line)
			}
		}, true, true, long},
		{"sniffed type", "gzip", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "<!doctype html>"+long)
		}, true, true, "<!doctype html>" + long},
		{"short", "gzip", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, "ok\n")
		}, false, true, "ok\n"},
		{"a picture", "gzip", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "image/png")
			io.WriteString(w, long)
		}, false, false, long},
		{"already encoded", "gzip", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Encoding", "br")
			io.WriteString(w, long)
		}, false, false, long},
		{"part of a file", "gzip", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/css")
			w.Header().Set("Content-Range", "bytes 0-3199/9000")
			w.WriteHeader(http.StatusPartialContent)
			io.WriteString(w, long)
		}, false, true, long},
		{"not modified", "gzip", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/css")
			w.WriteHeader(http.StatusNotModified)
		}, false, true, ""},
		{"an error page", "gzip", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, long)
		}, true, true, long},
		{"flushed", "gzip", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, "first ")
			w.(http.Flusher).Flush()
			io.WriteString(w, "second")
		}, true, true, "first second"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/", nil)
			if tt.accept != "" {
				req.Header.Set("Accept-Encoding", tt.accept)
			}
			rec := httptest.NewRecorder()
			Compress(tt.handler).ServeHTTP(rec, req)
			h := rec.Header()
			body := rec.Body.String()
			if got := h.Get("Content-Encoding") == "gzip"; got != tt.gzipped {
				t.Errorf("gzipped = %v, want %v (Content-Encoding %q)", got, tt.gzipped, h.Get("Content-Encoding"))
			}
			if tt.gzipped {
				body = gunzip(t, rec.Body.Bytes())
				if h.Get("Content-Length") != "" {
					t.Errorf("gzipped with Content-Length %s", h.Get("Content-Length"))
				}
			}
			if body != tt.wantBody {
				t.Errorf("body decodes to %d bytes %.40q, want %d bytes", len(body), body, len(tt.wantBody))
			}
			if got := strings.Contains(h.Get("Vary"), "Accept-Encoding"); got != tt.vary {
				t.Errorf("Vary %q, want Accept-Encoding: %v", h.Get("Vary"), tt.vary)
			}
		})
	}
}

// A short answer held back for the decision still says how long it is.
func TestCompressShortKeepsLength(t *testing.T) {
	t.Parallel()
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	Compress(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":true}`)
	})).ServeHTTP(rec, req)
	if rec.Header().Get("Content-Length") != "11" || rec.Body.String() != `{"ok":true}` {
		t.Errorf("Content-Length %q, body %q", rec.Header().Get("Content-Length"), rec.Body)
	}
}
