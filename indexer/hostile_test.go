//go:build unix

package indexer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/freerange/weeknotes/indexer/testsoup"
)

// hostileSoup is a soup of small bad snips beside good posts. Things that
// can't be committed (binary files, links, a FIFO, an oversized file) are
// made by addHostileFiles.
const hostileSoup = "testdata/hostile"

// addHostileFiles adds to root the hostile files that are made, not
// committed, and returns the warning each should bring: testsoup's, an
// oversized file and a dangling link.
func addHostileFiles(t *testing.T, root string) map[string][]string {
	t.Helper()
	want := testsoup.AddHostileFiles(t, root)
	// Over the size limit: sparse, so it costs no disk; skipped by its size.
	over := filepath.Join(root, "blog/over-limit.snip.markdown")
	if err := os.WriteFile(over, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(over, MaxSnipBytes+1<<20); err != nil {
		t.Fatal(err)
	}
	testsoup.Link(t, root, "no-such-file", "loop/dangling")
	want["blog/over-limit.snip.markdown"] = []string{fmt.Sprintf("skipped: %d bytes is over the 32 MiB limit for a snip", MaxSnipBytes+1<<20)}
	want["loop/dangling"] = []string{"broken symbolic link: no such file or directory"}
	return want
}

// hostileWarnings is what each committed file of testdata/hostile brings.
var hostileWarnings = map[string][]string{
	"archive/dup-two.snip.markdown": nil, // the later updated of two named "twin"
	"blog/all-nines.snip.markdown": {
		`:created_at: "9999-99-99" is not a date; using the file's modification time`,
		`:updated_at: "9999-99-99 99:99:99 +99:99" is not a date; using the file's modification time`,
	},
	"blog/blank.snip.markdown": {"skipped: empty file"},
	"blog/broken-yaml.snip.markdown": {
		"metadata :page_title: is not valid YAML (yaml: found unexpected end of stream); using it as plain text",
		"metadata :tags: is not valid YAML (yaml: line 1: did not find expected ',' or ']'); using it as plain text",
	},
	"blog/crlf-bom.snip.markdown": nil,
	"blog/dup-one.snip.markdown":  {`another snip is also named "twin" (archive/dup-two.snip.markdown); kept that one`},
	"blog/empty.snip.markdown":    {"skipped: empty file"},
	"blog/far-future.snip.markdown": {
		`:created_at: "9999-12-31 23:59:59 +14:00" is before 1990 or more than a year from now; using the file's modification time`,
	},
	"blog/feb-30.snip.markdown": {
		`:created_at: "2018-02-30 10:00:00 +00:00" is not a date; using the file's modification time`,
	},
	"blog/good-post.snip.markdown": nil,
	"blog/laughs.snip.markdown":    {"metadata :tags: expands to over 1000 values (aliases followed); left out"},
	"blog/year-one.snip.markdown": {
		`:created_at: "0001-01-01" is before 1990 or more than a year from now; using the file's modification time`,
	},
	"blog/before-1990.snip.markdown": {
		`:created_at: "1989-12-31 23:59:59 +00:00" is before 1990 or more than a year from now; using the file's modification time`,
	},
	"blog/draft-yes.snip.markdown":    nil, // :draft: Yes
	"blog/draft-upper.snip.markdown":  nil, // :draft: YES
	"blog/draft-on.snip.markdown":     nil, // :draft: on
	"blog/draft-y.snip.markdown":      nil, // :draft: y
	"blog/draft-key.snip.markdown":    nil, // :Draft: true
	"blog/draft-groups.snip.markdown": nil, // :draft: true above a group of unknown keys
	"blog/draft-maybe.snip.markdown":  {`metadata :draft: "maybe" is neither true nor false; held back as a draft`},
	"blog/draft-broken.snip.markdown": {
		"metadata :tags: is not valid YAML (yaml: line 1: did not find expected ',' or ']'); using it as plain text",
	},
	"blog/draft-no.snip.markdown":   nil,
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
	"blog/author-markup.snip.markdown":           nil,
	"people/chris-roos.snip.markdown":            nil,
	"blog/latin1.snip.markdown":                  {"invalid UTF-8; bad bytes replaced with U+FFFD"},
	"blog/no-metadata.snip.markdown":             {"no metadata block (no :kind:); counted as a page, not indexed"},
	"notes/x.snip.markdown/inside.snip.markdown": nil, // a folder named like a snip is walked
	"weeknotes/week-100.snip.markdown":           nil,
	"weeknotes/week-101.snip.markdown":           nil,
}

// hostileDrafts are the files of testdata/hostile held back as drafts.
var hostileDrafts = []string{
	"blog/draft-broken.snip.markdown", "blog/draft-groups.snip.markdown", "blog/draft-key.snip.markdown",
	"blog/draft-maybe.snip.markdown", "blog/draft-on.snip.markdown", "blog/draft-upper.snip.markdown",
	"blog/draft-y.snip.markdown", "blog/draft-yes.snip.markdown",
}

// hostilePosts are the posts of testdata/hostile, by name.
var hostilePosts = map[string]string{ // name -> title
	"all-nines":          "All nines",
	"broken-yaml":        "Broken YAML",
	"crlf-bom":           "A post with a byte-order mark and CRLF lines",
	"far-future":         "The far future",
	"feb-30":             "The thirtieth of February",
	"good-post":          "A good post beside bad ones",
	"inside-snip-folder": "Inside a folder named like a snip",
	"latin1":             "Latin1",
	"twin":               "Twin",
	"author-markup":      "Author markup",
	"before-1990":        "Before 1990",
	"chris-roos-post":    "Named after a person",
	"draft-no":           "Published draft-no",
	"etc-passwd":         "Named traversal",
	"evil.example-x":     "Named offsite",
	"laughs":             "Laughs",
	"nested":             "Nested",
	"search-post":        "Named search",
	"year-one":           "Year one",
	"week-100":           "Week 100",
	"week-101":           "Week 101",
}

// TestLoadHostileSoup loads bad files beside good posts: each bad file is
// one warning (or a few) naming it, every good post loads, nothing blocks.
func TestLoadHostileSoup(t *testing.T) {
	root := t.TempDir()
	testsoup.CopyTree(t, hostileSoup, root)
	want := addHostileFiles(t, root)
	for file, ws := range hostileWarnings {
		want[file] = ws
	}

	type result struct {
		a   *Archive
		err error
	}
	done := make(chan result, 1)
	go func() {
		a, err := Load(context.Background(), Options{Root: root, Workers: 4})
		done <- result{a, err}
	}()
	var a *Archive
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatalf("Load: %v", r.err)
		}
		a = r.a
	case <-time.After(time.Minute):
		t.Fatal("Load has not returned after a minute: something blocks the walk or a read")
	}

	got := map[string][]string{}
	for _, w := range a.Warnings {
		if _, ok := want[w.File]; !ok {
			t.Errorf("warning for a file with none expected: %s", w)
		}
		got[w.File] = append(got[w.File], w.Message)
	}
	files := make([]string, 0, len(want))
	for f := range want {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			g := append([]string(nil), got[file]...)
			sort.Strings(g)
			w := append([]string(nil), want[file]...)
			sort.Strings(w)
			if diff := cmp.Diff(w, g); diff != "" {
				t.Errorf("warnings mismatch (-want +got):\n%s", diff)
			}
		})
	}

	gotPosts := map[string]string{}
	for _, p := range a.Posts {
		gotPosts[p.Name] = p.Title
		if strings.ContainsAny(p.Title+p.Text, "\x00\uFEFF") {
			t.Errorf("post %s holds a NUL or a byte-order mark: title %q", p.Name, p.Title)
		}
		if p.Name == "twin" && p.Source != "archive/dup-two.snip.markdown" {
			t.Errorf("twin from %s, want the later updated archive/dup-two.snip.markdown", p.Source)
		}
		if p.Created.IsZero() {
			t.Errorf("post %s has no date", p.Name)
		}
	}
	if diff := cmp.Diff(hostilePosts, gotPosts); diff != "" {
		t.Errorf("posts mismatch (-want +got):\n%s", diff)
	}
	// Read: the posts, twin's loser, the two pages (no-metadata, random),
	// the drafts and the person.
	if a.Pages != 2 || a.Files != len(hostilePosts)+3+len(hostileDrafts)+1 {
		t.Errorf("Pages, Files = %d, %d; want 2, %d", a.Pages, a.Files, len(hostilePosts)+3+len(hostileDrafts)+1)
	}
	drafts := append([]string(nil), a.DraftFiles...)
	sort.Strings(drafts)
	if diff := cmp.Diff(hostileDrafts, drafts); diff != "" || a.DraftsSkipped != len(hostileDrafts) {
		t.Errorf("DraftsSkipped %d, DraftFiles mismatch (-want +got):\n%s", a.DraftsSkipped, diff)
	}
	for _, p := range a.Posts {
		switch p.Name {
		case "year-one", "before-1990", "far-future":
			info, err := os.Stat(filepath.Join(root, p.Source))
			if err != nil {
				t.Fatal(err)
			}
			if !p.Created.Equal(info.ModTime()) {
				t.Errorf("%s: Created %s, want the file's modification time %s", p.Name, p.Created, info.ModTime())
			}
		case "author-markup":
			if p.Author.Slug != "script-alert-1-script" {
				t.Errorf("author-markup: author slug %q, want it slugged", p.Author.Slug)
			}
		}
	}
	if len(a.People) != 1 || a.People[0].Slug != "chris-roos" {
		t.Errorf("people %v, want chris-roos, who keeps /chris-roos", a.People)
	}
}
