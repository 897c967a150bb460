package main

// Helpers for the tests that run the binary over a copy of the real
// archive and change it under a running process (kills, SIGTERM, benchmarks).

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/freerange/weeknotes/indexer"
	"github.com/freerange/weeknotes/search"
)

// indexPosts opens the index under dir as a reader would and returns its
// posts, source file -> name. It fails the test when the index does not
// open or Bleve and the posts table disagree.
func indexPosts(t testing.TB, dir string) map[string]string {
	t.Helper()
	ix, err := search.Open(dir)
	if err != nil {
		t.Fatalf("open the index: %v", err)
	}
	defer ix.Close()
	n, err := ix.DocCount()
	if err != nil {
		t.Fatalf("count the index: %v", err)
	}
	out := map[string]string{}
	for _, p := range ix.Posts() {
		out[p.Source] = p.Name
	}
	if int(n) != len(out) {
		t.Fatalf("Bleve holds %d posts, the posts table %d", n, len(out))
	}
	return out
}

// names is the sorted names of posts (source -> name).
func names(posts map[string]string) []string {
	var out []string
	for _, n := range posts {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// indexNames is the sorted names of the posts the index under dir serves.
func indexNames(t testing.TB, dir string) []string { return names(indexPosts(t, dir)) }

// diffNames says which names a has that b lacks and the other way round,
// a few of each.
func diffNames(a, b []string) string {
	var only, missing []string
	for _, n := range a {
		if _, ok := slices.BinarySearch(b, n); !ok {
			only = append(only, n)
		}
	}
	for _, n := range b {
		if _, ok := slices.BinarySearch(a, n); !ok {
			missing = append(missing, n)
		}
	}
	cut := func(s []string) []string { return s[:min(len(s), 5)] }
	return fmt.Sprintf("%d extra %v, %d missing %v", len(only), cut(only), len(missing), cut(missing))
}

// checkConverged fails unless the index under dir holds exactly the posts
// a full load of the soup makes, each as the load makes it (metadata, text,
// HTML, source file).
func checkConverged(t testing.TB, dir, soup string) {
	t.Helper()
	a, err := indexer.Load(context.Background(), indexer.Options{Root: soup, Aliases: corpusAliases})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, p := range a.Posts {
		want = append(want, p.Name)
	}
	slices.Sort(want)
	ix, err := search.Open(dir)
	if err != nil {
		t.Fatalf("open the index: %v", err)
	}
	defer ix.Close()
	var got []string
	for _, p := range ix.Posts() {
		got = append(got, p.Name)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("the index holds other posts than the soup: %s", diffNames(got, want))
	}
	stale := 0
	for _, p := range a.Posts {
		if !ix.Same(p) {
			if stale++; stale <= 3 {
				t.Errorf("post %s (%s) is not indexed as the soup has it now", p.Name, p.Source)
			}
		}
	}
	if stale > 0 {
		t.Errorf("%d of %d posts differ from the soup", stale, len(a.Posts))
	}
}

// noTemps fails when a half-made build is left in the index folder.
func noTemps(t testing.TB, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(filepath.Join(dir, "builds"))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "tmp-") {
			t.Errorf("a half-made build is left: builds/%s", e.Name())
		}
	}
}

// runBin runs the binary to the end and fails the test if it fails;
// it returns how long the run took.
func runBin(t testing.TB, bin string, args ...string) time.Duration {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = cleanEnv()
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out)
	}
	return time.Since(start)
}

var nameLine = regexp.MustCompile(`(?m)^:name: *(.*)$`)

// snipName is the name a post's file gives it: its :name:, else its file
// name.
func snipName(path string, data []byte) string {
	if m := nameLine.FindSubmatch(data); m != nil {
		return strings.TrimSpace(string(m[1]))
	}
	base := filepath.Base(path)
	base = strings.TrimSuffix(base, ".snip.markdown")
	return strings.TrimSuffix(base, ".markdown")
}

// renamed is a post's file under a new name (the :name: line rewritten; a
// file without one is named by the file it is written to).
func renamed(data []byte, name string) []byte {
	if nameLine.Match(data) {
		return nameLine.ReplaceAllLiteral(data, []byte(":name: "+name))
	}
	return data
}

// soupEditor makes the edits a person makes to a soup (change, add,
// rename, delete posts) and keeps track of the posts the soup should
// serve once they are applied.
type soupEditor struct {
	t      testing.TB
	soup   string
	posts  map[string]string // source (slash-separated) -> name, as the edits leave the soup
	next   int
	random func(n int) int
}

func newSoupEditor(t testing.TB, soup string, served map[string]string, random func(int) int) *soupEditor {
	e := &soupEditor{t: t, soup: soup, posts: map[string]string{}, random: random}
	for src, name := range served {
		e.posts[src] = name
	}
	return e
}

// pick is a served post whose file gives it its name (so a copy or a
// rename names it predictably), and its bytes.
func (e *soupEditor) pick() (src string, data []byte) {
	e.t.Helper()
	srcs := make([]string, 0, len(e.posts))
	for s := range e.posts {
		srcs = append(srcs, s)
	}
	slices.Sort(srcs)
	for range 100 {
		src = srcs[e.random(len(srcs))]
		data, err := os.ReadFile(filepath.Join(e.soup, filepath.FromSlash(src)))
		if err != nil {
			e.t.Fatal(err)
		}
		if snipName(src, data) == e.posts[src] {
			return src, data
		}
	}
	e.t.Fatal("no post in the soup is named as its file says")
	return "", nil
}

func (e *soupEditor) file(src string) string { return filepath.Join(e.soup, filepath.FromSlash(src)) }

// edit changes two posts (a new word under the title, saved as an editor
// does), adds one, renames one (a new file and a new name) and deletes one.
func (e *soupEditor) edit() {
	e.t.Helper()
	e.next++
	for k := range 2 {
		src, data := e.pick()
		title, rest, _ := strings.Cut(string(data), "\n")
		saveLikeAnEditor(e.t, e.file(src), fmt.Sprintf("%s\nzqxedit%dx%d\n%s", title, e.next, k, rest))
	}
	src, data := e.pick()
	name := fmt.Sprintf("%s-added-%d", e.posts[src], e.next)
	added := "weeknotes/" + name + ".snip.markdown"
	write(e.t, e.file(added), string(renamed(data, name)))
	e.posts[added] = name

	src, data = e.pick()
	name = fmt.Sprintf("%s-moved-%d", e.posts[src], e.next)
	moved := path.Join(path.Dir(src), name+".snip.markdown")
	if err := os.Rename(e.file(src), e.file(moved)); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(e.file(moved), renamed(data, name), 0o644); err != nil {
		e.t.Fatal(err)
	}
	delete(e.posts, src)
	e.posts[moved] = name

	src, _ = e.pick()
	if err := os.Remove(e.file(src)); err != nil {
		e.t.Fatal(err)
	}
	delete(e.posts, src)
}

// want is the sorted names the soup serves as edited.
func (e *soupEditor) want() []string { return names(e.posts) }

// addCopies writes n copies of each served post into new folders of the
// soup at once (copies-1, ...), each copy under a name of its own: a big
// change, as a git checkout or an import makes. It returns the posts the
// soup then serves.
func addCopies(t testing.TB, soup string, served map[string]string, n int) map[string]string {
	t.Helper()
	out := map[string]string{}
	for src, name := range served {
		out[src] = name
	}
	for k := 1; k <= n; k++ {
		folder := fmt.Sprintf("copies-%d", k)
		if err := os.MkdirAll(filepath.Join(soup, folder), 0o755); err != nil {
			t.Fatal(err)
		}
		for src, name := range served {
			data, err := os.ReadFile(filepath.Join(soup, filepath.FromSlash(src)))
			if err != nil {
				t.Fatal(err)
			}
			if snipName(src, data) != name {
				continue
			}
			copyName := fmt.Sprintf("%s-copy%d", name, k)
			copySrc := folder + "/" + copyName + ".snip.markdown"
			if err := os.WriteFile(filepath.Join(soup, filepath.FromSlash(copySrc)), renamed(bytes.Clone(data), copyName), 0o644); err != nil {
				t.Fatal(err)
			}
			out[copySrc] = copyName
		}
	}
	return out
}
