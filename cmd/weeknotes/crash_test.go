package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/freerange/weeknotes/indexer/testsoup"
	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/querylang"
)

// Updates killed with SIGKILL at random moments, 30 times over: 15 runs
// of `weeknotes index` applying edits to a copy of the build, and 15
// watching servers applying them in place. After each kill the index opens
// and holds every post it held before (an edited one in its old version
// or its new one, never lost), and once the last kill is over a run
// converges to the soup: every edit is found.
func TestUpdatesSurviveSIGKILL(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("-short")
	}
	if _, err := os.Stat(corpus); err != nil {
		t.Skip("../shared/corpus is absent")
	}
	bin := binary(t)
	soup := filepath.Join(t.TempDir(), "soup")
	testsoup.CopyTree(t, corpus, soup)
	dir := filepath.Join(t.TempDir(), "index")
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = cleanEnv()
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	indexArgs := []string{"index", "--posts", soup, "--index", dir, "--aliases", corpusAliases}
	run(indexArgs...)
	names := func() []string {
		t.Helper()
		ix, err := search.Open(dir)
		if err != nil {
			t.Fatalf("open after a kill: %v", err)
		}
		defer ix.Close()
		n, err := ix.DocCount()
		if err != nil {
			t.Fatalf("count after a kill: %v", err)
		}
		var out []string
		for _, p := range ix.Posts() {
			out = append(out, p.Name)
		}
		if int(n) != len(out) {
			t.Fatalf("Bleve holds %d posts, the table %d", n, len(out))
		}
		sort.Strings(out)
		return out
	}
	want := strings.Join(names(), " ")

	var posts []string
	filepath.WalkDir(filepath.Join(soup, "weeknotes"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".snip.markdown") {
			// Drafts are not searchable, so an edit of one is never found.
			if data, err := os.ReadFile(p); err == nil && !strings.Contains(string(data), ":draft: true") {
				posts = append(posts, p)
			}
		}
		return nil
	})
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	t.Logf("%d posts; seed %d", len(posts), seed)
	// edit puts a new word into a few posts (above their metadata, so they
	// stay posts) and returns the words.
	var words []string
	edit := func(round int) {
		for k := range 3 {
			p := posts[rng.IntN(len(posts))]
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			word := fmt.Sprintf("zqxkill%dx%d", round, k)
			title, rest, _ := strings.Cut(string(data), "\n")
			saveLikeAnEditor(t, p, title+"\n"+word+"\n"+rest)
			words = append(words, word)
		}
	}
	kills := 0
	for round := range 30 {
		edit(round)
		var cmd *exec.Cmd
		if round%2 == 0 {
			cmd = exec.Command(bin, indexArgs...)
		} else {
			cmd = exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--watch", "--posts", soup, "--index", dir, "--aliases", corpusAliases)
		}
		cmd.Env = cleanEnv()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(1500 * time.Millisecond))))
		if cmd.Process.Signal(syscall.SIGKILL) == nil {
			kills++
		}
		cmd.Wait()
		if got := strings.Join(names(), " "); got != want {
			t.Fatalf("kill %d: the index holds other posts than before", round)
		}
	}
	if kills < 25 {
		t.Errorf("only %d of 30 processes were still running to be killed", kills)
	}

	// Converge: one more run applies whatever the kills cut short.
	run(indexArgs...)
	if got := strings.Join(names(), " "); got != want {
		t.Fatal("the index holds other posts than the soup")
	}
	ix, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, w := range words {
		req := querylang.Request{Query: w}
		if err := req.Normalize(); err != nil {
			t.Fatal(err)
		}
		res, err := ix.Search(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 1 {
			t.Errorf("the edit %q is in %d posts after the last run, want 1", w, res.Total)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "builds"))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "tmp-") {
			t.Errorf("a killed update's %s is left after the next run", e.Name())
		}
	}
}

// SIGTERM while serve builds its first index (the real archive and three
// copies of each of its posts: seconds of work) stops it (its time logged;
// see stopLimit) with status 0, before it serves, and leaves no half-made
// build behind.
func TestServeStopsDuringFirstBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	t.Parallel()
	bin := binary(t)
	soup, first, served := corpusIndex(t, bin)
	os.RemoveAll(first)
	addCopies(t, soup, served, 3)
	for _, delay := range []time.Duration{300 * time.Millisecond, 1000 * time.Millisecond} {
		dir := filepath.Join(t.TempDir(), "index")
		took, out, ps := mustTermAfter(t, delay, bin, "serve", "--addr", "127.0.0.1:0", "--posts", soup, "--index", dir, "--aliases", corpusAliases)
		t.Logf("SIGTERM %s into the first build: stopped in %s", delay, took.Round(time.Millisecond))
		if ps.ExitCode() != 0 || !strings.Contains(out, "stopped before the index was built") || strings.Contains(out, "msg=serving") {
			t.Errorf("SIGTERM %s into the first build: status %d, want 0 and a stop before serving:\n%s", delay, ps.ExitCode(), out)
		}
		noTemps(t, dir)
	}
}

// While serve --watch keeps an index up to date, weeknotes index beside it
// says so and changes nothing.
func TestIndexBesideAWatchingServer(t *testing.T) {
	t.Parallel()
	soup := filepath.Join(t.TempDir(), "soup")
	testsoup.CopyTree(t, "../../data", soup)
	dir := filepath.Join(t.TempDir(), "index")
	s := startServe(t, "--posts", soup, "--index", dir, "--watch")
	cmd := exec.Command(binary(t), "index", "--posts", soup, "--index", dir)
	cmd.Env = cleanEnv()
	out, err := cmd.CombinedOutput()
	if exitCode(err) != 1 || !strings.Contains(string(out), "a server with --watch keeps it up to date") {
		t.Errorf("index beside a watching server: %v\n%s", err, out)
	}
	if r, err := s.search(""); err != nil || r.Total == 0 {
		t.Errorf("the watching server after: %v, %d posts", err, r.Total)
	}
	s.stop(t)
}
