package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/freerange/weeknotes/indexer/testsoup"
	"github.com/freerange/weeknotes/web/ops"
)

// TestServeEdges runs the real binary: absolute URLs come from --base-url
// (by default the listen address), never from the request's Host, and
// the responses net/http writes itself carry the security headers.
func TestServeEdges(t *testing.T) {
	t.Parallel()
	soup := filepath.Join(t.TempDir(), "soup")
	testsoup.CopyTree(t, "../../web/testdata/soup", soup)
	index := filepath.Join(t.TempDir(), "index")
	for _, tt := range []struct {
		name string
		args []string
		want string // "" for the listen address
	}{
		{"default", nil, ""},
		{"flag", []string{"--base-url", "https://Notes.Example.org/"}, "https://notes.example.org"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := startServe(t, append([]string{"--posts", soup, "--index", index}, tt.args...)...)
			defer s.stop(t)
			want := tt.want
			if want == "" {
				want = s.url
			}
			for _, target := range []string{"/sitemap.xml", "/feed.xml", "/opensearch.xml"} {
				req, _ := http.NewRequest("GET", s.url+target, nil)
				req.Host = "evil.example"
				req.Header.Set("X-Forwarded-Host", "evil.example")
				resp, err := client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || strings.Contains(string(body), "evil.example") || !strings.Contains(string(body), want+"/") {
					t.Errorf("%s: %d, want URLs under %s and none under evil.example:\n%.400s", target, resp.StatusCode, want, body)
				}
			}
			addr := strings.TrimPrefix(s.url, "http://")
			for _, raw := range []string{
				"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
				"GET / HTTP/1.1\r\nHost: a b\r\n\r\n",
				"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 80<<10) + "\r\n\r\n",
			} {
				c, err := net.Dial("tcp", addr)
				if err != nil {
					t.Fatal(err)
				}
				c.SetDeadline(time.Now().Add(10 * time.Second))
				io.WriteString(c, raw)
				resp, err := http.ReadResponse(bufio.NewReader(c), nil)
				c.Close()
				if err != nil {
					t.Fatalf("%.30q: %v", raw, err)
				}
				if resp.Header.Get("Content-Security-Policy") != ops.ContentSecurityPolicy {
					t.Errorf("%.30q: %s without the security headers", raw, resp.Status)
				}
			}
		})
	}
	out, err := exec.Command(binary(t), "serve", "--posts", soup, "--index", index, "--base-url", "notes.example.org").CombinedOutput()
	if code := exitCode(err); code != 2 || !strings.Contains(string(out), "--base-url") {
		t.Errorf("a bad --base-url: status %d, want 2 and a message naming the flag:\n%s", code, out)
	}
}

func exitCode(err error) int {
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}
