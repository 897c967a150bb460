//go:build unix

package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/freerange/weeknotes/indexer/testsoup"
)

// TestIndexHostileSoup runs the real binary over indexer/testdata/hostile
// plus files made here (a 20 MB post, a post of 100,000 lines, binary
// files, link loops, a FIFO, unreadable files): every bad file is reported
// with its reason, every good post is indexed, the exit status is 0, and
// nothing panics or hangs.
func TestIndexHostileSoup(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the binary and indexes 26 MB of posts")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "weeknotes")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	soup := filepath.Join(dir, "soup")
	testsoup.CopyTree(t, "../../indexer/testdata/hostile", soup)
	want := map[string][]string{ // file -> warnings, beyond the committed ones
		"blog/all-nines.snip.markdown": {
			`:created_at: "9999-99-99" is not a date; using the file's modification time`,
			`:updated_at: "9999-99-99 99:99:99 +99:99" is not a date; using the file's modification time`,
		},
		"blog/blank.snip.markdown": {"skipped: empty file"},
		"blog/broken-yaml.snip.markdown": {
			"metadata :page_title: is not valid YAML (yaml: found unexpected end of stream); using it as plain text",
			"metadata :tags: is not valid YAML (yaml: line 1: did not find expected ',' or ']'); using it as plain text",
		},
		"blog/dup-one.snip.markdown": {`another snip is also named "twin" (archive/dup-two.snip.markdown); kept that one`},
		"blog/empty.snip.markdown":   {"skipped: empty file"},
		"blog/far-future.snip.markdown": {
			`:created_at: "9999-12-31 23:59:59 +14:00" is before 1990 or more than a year from now; using the file's modification time`,
		},
		"blog/feb-30.snip.markdown": {
			`:created_at: "2018-02-30 10:00:00 +00:00" is not a date; using the file's modification time`,
		},
		"blog/latin1.snip.markdown":      {"invalid UTF-8; bad bytes replaced with U+FFFD"},
		"blog/no-metadata.snip.markdown": {"no metadata block (no :kind:); counted as a page, not indexed"},
		// A billion laughs in :tags: costs 1,000 steps, not 9^9.
		"blog/laughs.snip.markdown": {"metadata :tags: expands to over 1000 values (aliases followed); left out"},
		// Dates outside 1990 to a year from now.
		"blog/year-one.snip.markdown": {
			`:created_at: "0001-01-01" is before 1990 or more than a year from now; using the file's modification time`,
		},
		"blog/before-1990.snip.markdown": {
			`:created_at: "1989-12-31 23:59:59 +00:00" is before 1990 or more than a year from now; using the file's modification time`,
		},
		// Drafts: Yes, YES, on, y, :Draft:, a draft above unknown keys are
		// silent; an unclear value and a YAML error beside a draft warn.
		"blog/draft-maybe.snip.markdown": {`metadata :draft: "maybe" is neither true nor false; held back as a draft`},
		"blog/draft-broken.snip.markdown": {
			"metadata :tags: is not valid YAML (yaml: line 1: did not find expected ',' or ']'); using it as plain text",
		},
		// Names: slugged, moved off a route and off a person's page.
		"blog/name-route.snip.markdown": {`name "search" is the site's own /search; the post is at /search-post`},
		"blog/name-traversal.snip.markdown": {
			`name "../../etc/passwd" is not a slug (lower-case letters, digits, -, _ and inner dots); using "etc-passwd"`,
		},
		"blog/name-offsite.snip.markdown": {
			`name "/evil.example/x" is not a slug (lower-case letters, digits, -, _ and inner dots); using "evil.example-x"`,
		},
		"blog/name-person.snip.markdown": {
			`name "chris-roos" is taken by the person page (people/chris-roos.snip.markdown); the post is at /chris-roos-post`,
		},
	}
	drafts := []string{"draft-yes", "draft-upper", "draft-on", "draft-y", "draft-key", "draft-groups", "draft-maybe", "draft-broken"}
	for file, ws := range makeHostileFiles(t, soup) {
		want[file] = ws
	}
	goodPosts := []string{"all-nines", "broken-yaml", "crlf-bom", "far-future", "feb-30", "good-post",
		"inside-snip-folder", "latin1", "twin", "week-100", "week-101", "huge", "long",
		"laughs", "year-one", "before-1990", "draft-no", "search-post", "etc-passwd", "evil.example-x",
		"chris-roos-post", "author-markup", "nested"}

	// As root, permissions don't stop a read: run as nobody when we can.
	var asUser []string
	unreadable := ""
	switch setpriv, err := exec.LookPath("setpriv"); {
	case os.Geteuid() != 0:
		unreadable = "permissions apply to this user"
	case err == nil && exec.Command(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "true").Run() == nil:
		asUser = []string{setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"}
		unreadable = "run as nobody (uid 65534)"
		// nobody must reach the binary and the soup, and write the index.
		for p := dir; p != "/" && p != filepath.Dir(os.TempDir()); p = filepath.Dir(p) {
			if err := os.Chmod(p, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		chmodTree(t, soup)
	}
	if unreadable != "" {
		if err := os.WriteFile(filepath.Join(soup, "blog/secret.snip.markdown"), []byte("Secret.\n\n:kind: blog\n"), 0o000); err != nil {
			t.Fatal(err)
		}
		if err := os.Mkdir(filepath.Join(soup, "private"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(soup, "private/hidden.snip.markdown"), []byte("Hidden.\n\n:kind: blog\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(filepath.Join(soup, "private"), 0o000); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(filepath.Join(soup, "private"), 0o755) }) // so it can be removed
		want["blog/secret.snip.markdown"] = []string{"cannot read: permission denied"}
		want["private"] = []string{"cannot read: permission denied"}
	}
	index := filepath.Join(dir, "index")
	if err := os.Mkdir(index, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(index, 0o777); err != nil { // past the umask
		t.Fatal(err)
	}

	var maxRSS int64 // KiB, of the last run
	run := func(args ...string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
		defer cancel()
		argv := append(append([]string(nil), asUser...), append([]string{bin}, args...)...)
		cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
		cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGKILL) }
		cmd.WaitDelay = 5 * time.Second
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		start := time.Now()
		err := cmd.Run()
		if ctx.Err() != nil {
			t.Fatalf("weeknotes %s did not finish in %s (a read blocks?):\n%s", strings.Join(args, " "), time.Since(start), out.String())
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			maxRSS = ru.Maxrss
		}
		t.Logf("weeknotes %s: %s, peak RSS %d MiB", strings.Join(args, " "), time.Since(start).Round(time.Millisecond), maxRSS>>10)
		return out.String(), err
	}

	out, err := run("index", "--posts", soup, "--index", index)
	if err != nil {
		t.Fatalf("index: %v (want exit status 0):\n%s", err, out)
	}
	if strings.Contains(out, "panic") || strings.Contains(out, "goroutine ") {
		t.Fatalf("index panicked:\n%s", out)
	}
	// Before the bounds, the billion laughs alone took 8 GB and the
	// 2,500-level list 43 s; the whole soup (its 20 MB post most) now stays under 2 GiB.
	if maxRSS > 2048<<10 {
		t.Errorf("index peaked at %d MiB, want under 2,048", maxRSS>>10)
	}
	// Read: the posts, twin's loser, two pages (no-metadata, random), the
	// drafts and one person.
	summary := fmt.Sprintf("indexed %d posts, 1 people, 0 projects in ", len(goodPosts))
	pages := fmt.Sprintf("  %d drafts left out, 2 pages skipped, %d files read\n", len(drafts), len(goodPosts)+3+len(drafts)+1)
	if !strings.Contains(out, summary) || !strings.Contains(out, pages) {
		t.Errorf("summary lacks %q or %q:\n%s", summary, pages, out)
	}
	var lines []string
	nwarn := 0
	for file, ws := range want {
		nwarn += len(ws)
		for _, w := range ws {
			lines = append(lines, "  "+file+": "+w)
		}
	}
	if head := fmt.Sprintf("%d warnings in %d files:\n", nwarn, len(want)); !strings.Contains(out, head) {
		t.Errorf("summary lacks %q:\n%s", head, out)
	}
	for _, l := range lines {
		if !strings.Contains(out, l+"\n") {
			t.Errorf("summary lacks the warning\n%s\n", l)
		}
	}
	t.Run("unreadable", func(t *testing.T) {
		if unreadable == "" {
			t.Skip("running as root without setpriv: permissions don't stop root reading a file")
		}
		t.Logf("unreadable file and folder: %s", unreadable)
		for _, f := range []string{"blog/secret.snip.markdown", "private"} {
			if !strings.Contains(out, "  "+f+": cannot read: permission denied\n") {
				t.Errorf("no warning for %s:\n%s", f, out)
			}
		}
	})

	// Every good post is in the index, the large ones found by a word.
	out, err = run("search", "--posts", soup, "--index", index, "-n", "100", "--sort", "newest")
	if err != nil {
		t.Fatalf("search: %v:\n%s", err, out)
	}
	if strings.Contains(out, "building the index") {
		t.Errorf("search rebuilt the index:\n%s", out)
	}
	for _, name := range goodPosts {
		if !strings.Contains(out, "  /"+name+"\n") {
			t.Errorf("post /%s is not in the index:\n%s", name, out)
		}
	}
	for _, name := range drafts {
		if strings.Contains(out, "  /"+name+"\n") {
			t.Errorf("draft /%s is in the index:\n%s", name, out)
		}
	}
	for _, name := range []string{"search", "chris-roos", "../../etc/passwd", "/evil.example/x", "#real", "#good-post"} {
		if strings.Contains(out, "  /"+name+"\n") {
			t.Errorf("a post is at /%s:\n%s", name, out)
		}
	}
	for word, name := range map[string]string{"zanzibarite": "huge", "quillwort": "long", "bathyscaphe": "nested"} {
		out, err := run("search", "--posts", soup, "--index", index, word)
		if err != nil || !strings.Contains(out, "1 posts match") || !strings.Contains(out, "  /"+name+"\n") {
			t.Errorf("search %s: %v, want /%s:\n%s", word, err, name, out)
		}
	}
}

// makeHostileFiles adds to root the files that can't be committed
// (testsoup's, and a 20 MB post and a post of 100,000 lines made here) and
// returns the warning each should bring.
func makeHostileFiles(t *testing.T, root string) map[string][]string {
	t.Helper()
	write := func(rel string, data []byte) {
		if err := os.WriteFile(filepath.Join(root, rel), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	meta := func(name string) string {
		return "\n:name: " + name + "\n:kind: blog\n:author: chris-roos\n:created_at: 2019-01-01 10:00:00 +00:00\n"
	}
	words := strings.Fields("redis queue deploy asset manager mocha pairing kettle retrospective review release postgres")
	sentence := func(i, n int) string {
		var b strings.Builder
		for j := 0; j < n; j++ {
			b.WriteString(words[(i*7+j*3)%len(words)])
			b.WriteByte(' ')
		}
		return b.String()
	}

	// A 20 MB post: paragraphs under a heading every fifty.
	var b strings.Builder
	b.WriteString("Huge\n====\n\n")
	for i := 0; b.Len() < 20<<20; i++ {
		if i%50 == 0 {
			fmt.Fprintf(&b, "## Part %d\n\n", i/50)
		}
		b.WriteString(sentence(i, 120))
		b.WriteString("\n\n")
	}
	b.WriteString("The last word is zanzibarite.\n")
	write("blog/huge.snip.markdown", []byte(b.String()+meta("huge")))

	// A post of 100,000 lines: list items and lines of one paragraph.
	b.Reset()
	b.WriteString("Long\n====\n\n")
	for i := 3; i < 100_000-6; i++ {
		if i%3 == 0 {
			fmt.Fprintf(&b, "* item %d %s\n", i, sentence(i, 6))
		} else {
			fmt.Fprintf(&b, "line %d %s\n", i, sentence(i, 8))
		}
	}
	b.WriteString("quillwort\n")
	write("blog/long.snip.markdown", []byte(b.String()+meta("long")))

	return testsoup.AddHostileFiles(t, root)
}

// chmodTree makes the folders under root readable by everyone (t.TempDir
// makes them 0700), leaving links alone.
func chmodTree(t *testing.T, root string) {
	t.Helper()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		return os.Chmod(p, 0o755)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestServeWatchHostileSoup serves the hostile soup with --watch: every
// good post is served, drafts, routes and people are not taken over, and a
// hostile file saved while serving (an alias bomb, a 2,500-level list, an
// editor's autosave) is a warning naming it while every good post stays.
func TestServeWatchHostileSoup(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dir := t.TempDir()
	soup := filepath.Join(dir, "soup")
	testsoup.CopyTree(t, "../../indexer/testdata/hostile", soup)
	s := startServe(t, "--posts", soup, "--index", filepath.Join(dir, "index"), "--watch")
	defer s.stop(t)

	get := func(path string) (int, string) {
		resp, err := client.Get(s.url + path)
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		return resp.StatusCode, b.String()
	}
	good := map[string]string{ // path -> text on the page
		"/good-post": "A good post beside bad ones", "/laughs": "Laughs", "/year-one": "Year one",
		"/draft-no": "Published draft-no", "/search-post": "Named search", "/etc-passwd": "Named traversal",
		"/evil.example-x": "Named offsite", "/chris-roos-post": "Named after a person", "/twin": "Twin",
	}
	check := func(t *testing.T) {
		t.Helper()
		for path, text := range good {
			if code, body := get(path); code != 200 || !strings.Contains(body, text) {
				t.Errorf("GET %s: %d, want 200 with %q", path, code, text)
			}
		}
	}
	t.Run("served", func(t *testing.T) {
		check(t)
		for _, name := range []string{"draft-yes", "draft-upper", "draft-on", "draft-y", "draft-key", "draft-groups", "draft-maybe", "draft-broken"} {
			if code, _ := get("/" + name); code != 404 {
				t.Errorf("draft /%s: %d, want 404", name, code)
			}
		}
		if code, body := get("/chris-roos"); code != 200 || !strings.Contains(body, "A person.") {
			t.Errorf("/chris-roos: %d, want the person's page", code)
		}
		if code, body := get("/search?q=kettle"); code != 200 || strings.Contains(body, "A post that would take /search") {
			t.Errorf("/search is not the search page: %d", code)
		}
	})

	t.Run("saved while serving", func(t *testing.T) {
		write(t, filepath.Join(soup, "blog/laughs-two.snip.markdown"),
			"Laughs two\n==========\n\nAgain.\n\n:name: laughs-two\n:kind: blog\n:author: chris-roos\n"+testsoup.Laughs(9))
		write(t, filepath.Join(soup, "blog/nested.snip.markdown"), string(testsoup.NestedList("nested", 2500)))
		write(t, filepath.Join(soup, "blog/#good-post.snip.markdown#"),
			"Unsaved\n=======\n\nHalf-typed.\n\n:name: good-post\n:kind: blog\n:author: chris-roos\n:updated_at: 2030-01-01\n")
		eventuallyWithin(t, time.Minute, "the saved posts are served", func() bool {
			a, _ := get("/laughs-two")
			b, _ := get("/nested")
			return a == 200 && b == 200
		})
		for file, msg := range map[string]string{
			"blog/laughs-two.snip.markdown": "metadata :tags: expands to over 1000 values (aliases followed); left out",
			"blog/nested.snip.markdown":     "lists or quotes nest 33 or more levels deep, over the limit of 32; shown as preformatted text, not Markdown",
		} {
			// Any line naming the file with the message in some attribute.
			found := false
			for _, l := range s.logs() {
				for _, v := range l {
					found = found || l["file"] == file && v == msg
				}
			}
			if !found {
				t.Errorf("no warning for %s: %q in %v", file, msg, s.logs())
			}
		}
		check(t)
		// "#good-post" differs from good-post only in punctuation: a near
		// miss, led to the saved post, never to the autosave.
		if code, body := get("/%23good-post"); code != 200 || !strings.Contains(body, "A good post beside bad ones") || strings.Contains(body, "Half-typed") {
			t.Errorf("/#good-post: %d; want the saved good-post, not the autosave", code)
		}
	})

	t.Run("a draft saved with a YAML error is withdrawn", func(t *testing.T) {
		// indexer marks it (Snip.Draft) and the update withdraws it
		// rather than keep its last good version.
		write(t, filepath.Join(soup, "blog/draft-no.snip.markdown"),
			"Published draft-no\n==================\n\nNow a draft.\n\n:name: draft-no\n:kind: blog\n:author: chris-roos\n:tags: [a, b\n:draft: true\n")
		eventuallyWithin(t, time.Minute, "/draft-no withdrawn", func() bool {
			code, _ := get("/draft-no")
			return code == 404
		})
	})
}
