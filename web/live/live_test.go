package live

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/freerange/weeknotes/indexer/testsoup"
	"github.com/freerange/weeknotes/search/querylang"

	"github.com/freerange/weeknotes/indexer"
	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/web"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// An edit that breaks a post keeps its last good version and logs why;
// deleting it or making it a draft removes it. Each step runs the way a
// watching server applies it (in place), then again after the server
// restarts, and the way `weeknotes index` beside a server applies it (a
// copy of the build made current): the last good version survives all
// three, because the index itself keeps it.
func TestUpdatesKeepLastGoodVersion(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"watch", "restart", "index"} {
		t.Run(mode, func(t *testing.T) { testLastGoodVersion(t, mode) })
	}
}

func testLastGoodVersion(t *testing.T, mode string) {
	soup, dir := t.TempDir(), t.TempDir()
	const good = "2020-01-01 10:00:00 +00:00"
	write(t, filepath.Join(soup, "people", "ann-lee.snip.markdown"), person("Ann Lee"))
	write(t, filepath.Join(soup, "a.snip.markdown"), snip("A", "Apples.", good, "ann-lee"))
	write(t, filepath.Join(soup, "b.snip.markdown"), snip("B", "Bananas.", good, "ann-lee"))
	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	opts := indexer.Options{Root: soup}
	if _, err := indexer.Build(context.Background(), opts, dir, nil); err != nil {
		t.Fatal(err)
	}
	b := &Updater{Options: opts, Dir: dir, Log: log}
	open := func() {
		t.Helper()
		if mode == "index" {
			return
		}
		w, err := search.OpenWriter(dir)
		if err != nil {
			t.Fatal(err)
		}
		b.Writer = w
	}
	open()
	defer func() {
		if b.Writer != nil {
			b.Writer.Close()
		}
	}()
	snapshot := func() *search.Index {
		t.Helper()
		if mode == "index" {
			ix, err := search.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			return ix
		}
		return b.Writer.Snapshot()
	}
	hits := func(q string) string {
		t.Helper()
		ix := snapshot()
		defer ix.Close()
		req := querylang.Request{Query: q}
		if err := req.Normalize(); err != nil {
			t.Fatal(err)
		}
		res, err := ix.Search(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, h := range res.Hits {
			names = append(names, h.Name)
		}
		return strings.Join(names, " ")
	}
	build := func() {
		t.Helper()
		if mode == "index" {
			_, c, err := indexer.Update(context.Background(), opts, dir, false, nil)
			if err != nil {
				t.Fatal(err)
			}
			b.Report(c)
			return
		}
		ix, _, err := b.Update(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if ix != nil {
			ix.Close()
		}
		if mode == "restart" {
			if err := b.Writer.Close(); err != nil {
				t.Fatal(err)
			}
			b.Writer = nil
			open()
		}
	}

	for _, tt := range []struct {
		name   string
		change func()
		q      string // a search and its hits after the change
		want   string
		log    string // in the log
	}{
		{"bad date", func() {
			write(t, filepath.Join(soup, "a.snip.markdown"), snip("A", "Apricots.", "someday", "ann-lee"))
		}, "apples", "a", `level=WARN msg="post is broken; serving its last good version" file=a.snip.markdown post=a reason=":created_at: \"someday\" is not a date`},
		{"broken version not served", func() {}, "apricots", "", ""},
		{"emptied", func() {
			write(t, filepath.Join(soup, "b.snip.markdown"), "")
		}, "bananas", "b", `file=b.snip.markdown post=b reason="skipped: empty file"`},
		{"metadata gone", func() {
			write(t, filepath.Join(soup, "b.snip.markdown"), "B\n=\n\nBlueberries.\n")
		}, "bananas", "b", `reason="no metadata block (no :kind:)`},
		{"fixed", func() {
			write(t, filepath.Join(soup, "a.snip.markdown"), snip("A", "Apricots.", good, "ann-lee"))
		}, "apricots", "a", ""},
		{"made a draft", func() {
			write(t, filepath.Join(soup, "a.snip.markdown"), snip("A", "Apricots.", good, "ann-lee")+":draft: true\n")
		}, "apricots", "", `msg="post withdrawn" file=a.snip.markdown post=a reason="it is now a draft"`},
		{"deleted while broken", func() {
			os.Remove(filepath.Join(soup, "b.snip.markdown"))
		}, "bananas", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := len(logs.String())
			tt.change()
			build()
			if got := hits(tt.q); got != tt.want {
				t.Errorf("%q finds %q, want %q", tt.q, got, tt.want)
			}
			if got := logs.String()[before:]; !strings.Contains(got, tt.log) {
				t.Errorf("log lacks %s:\n%s", tt.log, got)
			}
		})
	}
}

// A replaced index stays open for a request that took it before the swap,
// and the server hands out the new one from then on.
func TestSwapClosesOldIndexAfterItsRequests(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, err := indexer.Build(context.Background(), indexer.Options{Root: "../../data"}, dir, nil); err != nil {
		t.Fatal(err)
	}
	open := func() *search.Index {
		ix, err := search.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		return ix
	}
	old, next := open(), open()
	srv, err := web.New(web.Config{Index: old, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	l := New(srv, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	running := srv.Take() // a request under way when the swap comes
	if err := l.Swap(next); err != nil {
		t.Fatal(err)
	}
	if n, err := running.DocCount(); err != nil || n == 0 {
		t.Fatalf("the running request's index was closed under it: %d, %v", n, err)
	}
	r := querylang.Request{Query: "redis"}
	if _, err := running.Search(context.Background(), r); err != nil {
		t.Fatalf("the running request can't search: %v", err)
	}
	running.Close()
	now := srv.Take()
	if now == nil || !now.Is(next) {
		t.Error("not serving the new index")
	}
	now.Close()
	if err := l.Close(); err != nil {
		t.Error(err)
	}
	if ix := srv.Take(); ix != nil {
		t.Error("a closed server still hands out its index")
	}
}

func snip(title, body, date, author string) string { return testsoup.Post(title, body, date, author) }

func person(name string) string { return testsoup.Person(name) }

func write(t *testing.T, path, data string) { testsoup.Write(t, path, data) }
