package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/freerange/weeknotes/indexer/testsoup"
)

// The incremental index's targets (issue 11), at 100,000 posts: a run over
// an unchanged soup at most 5 s, a run after 100 edits at most 10 s. The
// benchmarks run only when WEEKNOTES_BENCH_SOUP names a soup folder:
//
//	WEEKNOTES_BENCH_SOUP=../shared/bench/soups go test ./cmd/weeknotes -run '^$' -bench 'BenchmarkIndex' -benchtime 5x
//
// They copy the soup once, build its index once (both untimed, shared by
// the two), then time `weeknotes index` runs of the real binary.

// benchSoup is the copy of WEEKNOTES_BENCH_SOUP and its index.
type benchSoup struct {
	soup, dir string
	posts     []string // source files of the posts the index serves
	err       error
}

var (
	benchOnce  sync.Once
	benchFixed *benchSoup
)

func benchFixture(b *testing.B) *benchSoup {
	b.Helper()
	src := os.Getenv("WEEKNOTES_BENCH_SOUP")
	if src == "" {
		b.Skip("set WEEKNOTES_BENCH_SOUP to a soup folder to run the index benchmarks")
	}
	if info, err := os.Stat(src); err != nil || !info.IsDir() {
		b.Fatalf("WEEKNOTES_BENCH_SOUP=%s: not a folder", src)
	}
	bin := binary(b)
	benchOnce.Do(func() {
		f := &benchSoup{}
		benchFixed = f
		tmp, err := os.MkdirTemp("", "weeknotes-bench-")
		if err != nil {
			f.err = err
			return
		}
		f.soup, f.dir = filepath.Join(tmp, "soup"), filepath.Join(tmp, "index")
		start := time.Now()
		testsoup.CopyTree(b, src, f.soup)
		copied := time.Since(start)
		cmd := exec.Command(bin, "index", "--posts", f.soup, "--index", f.dir)
		cmd.Env = cleanEnv()
		if out, err := cmd.CombinedOutput(); err != nil {
			f.err = fmt.Errorf("first build: %v\n%s", err, lastLines(out, 20))
			return
		}
		built := time.Since(start) - copied
		for src := range indexPosts(b, f.dir) {
			f.posts = append(f.posts, src)
		}
		slices.Sort(f.posts)
		b.Logf("soup %s: %d posts copied in %s, first build %s", src, len(f.posts), copied.Round(time.Millisecond), built.Round(time.Millisecond))
	})
	if benchFixed.err != nil {
		b.Fatal(benchFixed.err)
	}
	return benchFixed
}

func lastLines(out []byte, n int) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// indexRun times one `weeknotes index` over the fixture and returns its
// output.
func (f *benchSoup) indexRun(b *testing.B) (time.Duration, string) {
	b.Helper()
	cmd := exec.Command(binary(b), "index", "--posts", f.soup, "--index", f.dir)
	cmd.Env = cleanEnv()
	start := time.Now()
	out, err := cmd.CombinedOutput()
	took := time.Since(start)
	if err != nil {
		b.Fatalf("weeknotes index: %v\n%s", err, lastLines(out, 20))
	}
	return took, string(out)
}

func reportSeconds(b *testing.B, total time.Duration, target time.Duration) {
	b.Helper()
	per := total.Seconds() / float64(b.N)
	b.ReportMetric(per, "s/op")
	if per > target.Seconds() {
		b.Logf("%.2f s per run: over the %s target", per, target)
	}
}

// weeknotes index over a soup it has indexed, nothing changed.
func BenchmarkIndexUnchanged(b *testing.B) {
	f := benchFixture(b)
	f.indexRun(b) // whatever another benchmark left to apply
	var total time.Duration
	b.ResetTimer()
	for range b.N {
		took, out := f.indexRun(b)
		total += took
		if !strings.Contains(out, "the index is up to date") {
			b.Fatalf("a run over an unchanged soup changed the index:\n%s", lastLines([]byte(out), 5))
		}
	}
	reportSeconds(b, total, 5*time.Second)
}

// weeknotes index after 100 posts were edited (a new word in each, saved
// as an editor saves); the edits themselves are not timed.
func BenchmarkIndexAfter100Edits(b *testing.B) {
	f := benchFixture(b)
	f.indexRun(b)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 0))
	if len(f.posts) < 100 {
		b.Fatalf("the soup has %d posts, fewer than 100", len(f.posts))
	}
	var total time.Duration
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		for k, j := range rng.Perm(len(f.posts))[:100] {
			p := filepath.Join(f.soup, filepath.FromSlash(f.posts[j]))
			data, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			title, rest, _ := strings.Cut(string(data), "\n")
			saveLikeAnEditor(b, p, fmt.Sprintf("%s\nzqxbench%dx%d\n%s", title, i, k, rest))
		}
		b.StartTimer()
		took, out := f.indexRun(b)
		total += took
		if !strings.Contains(out, "updated the index: 100 posts added or changed, 0 removed") {
			b.Fatalf("the run after 100 edits did not apply them as 100 changed posts:\n%s", lastLines([]byte(out), 5))
		}
	}
	reportSeconds(b, total, 10*time.Second)
}
