package indexer

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/freerange/weeknotes/indexer/snip"
)

// TestPostNames: a name that isn't a slug is slugged, one the server's
// routes use moves aside, one a person or project has goes to them; each
// is a warning naming the file.
func TestPostNames(t *testing.T) {
	root := t.TempDir()
	write := func(rel, body string) {
		t.Helper()
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	post := func(name string) string { return "Body.\n\n:name: " + name + "\n:kind: blog\n:author: chris-roos\n" }
	for i, r := range snip.Routes {
		write("blog/route-"+string(rune('a'+i))+".snip.markdown", post(r))
	}
	write("people/chris-roos.snip.markdown", "A person.\n")
	write("projects/mocha.snip.markdown", "A project.\n")
	write("blog/person.snip.markdown", post("chris-roos"))
	write("blog/project.snip.markdown", post("mocha"))
	write("blog/unicode.snip.markdown", post("☕"))        // nothing to slug: the file name's
	write("blog/☕.snip.markdown", post("☕☕"))             // nothing at all: skipped
	write("people/Bad Name.snip.markdown", "A person.\n") // entities too

	a, err := Load(context.Background(), Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range a.Posts {
		got[p.Name] = p.Source
	}
	want := map[string]string{
		"chris-roos-post": "blog/person.snip.markdown",
		"mocha-post":      "blog/project.snip.markdown",
		"unicode":         "blog/unicode.snip.markdown",
	}
	for i, r := range snip.Routes {
		want[r+"-post"] = "blog/route-" + string(rune('a'+i)) + ".snip.markdown"
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("posts mismatch (-want +got):\n%s", diff)
	}
	warned := map[string]string{}
	for _, w := range a.Warnings {
		warned[w.File] += w.Message
	}
	for file, msg := range map[string]string{
		"blog/route-a.snip.markdown":    `name "api" is the site's own /api; the post is at /api-post`,
		"blog/person.snip.markdown":     `name "chris-roos" is taken by the person page (people/chris-roos.snip.markdown); the post is at /chris-roos-post`,
		"blog/project.snip.markdown":    `name "mocha" is taken by the project page (projects/mocha.snip.markdown); the post is at /mocha-post`,
		"blog/unicode.snip.markdown":    `name "☕" is not a slug (lower-case letters, digits, -, _ and inner dots); using "unicode"`,
		"blog/☕.snip.markdown":          `name "☕☕" is not a slug (lower-case letters, digits, -, _ and inner dots) and none can be made of it; skipped`,
		"people/Bad Name.snip.markdown": `name "Bad Name" is not a slug (lower-case letters, digits, -, _ and inner dots); using "bad-name"`,
	} {
		if warned[file] != msg {
			t.Errorf("%s: warning %q, want %q", file, warned[file], msg)
		}
	}
	if len(a.People) != 2 || a.People[0].Slug != "bad-name" || a.People[1].Slug != "chris-roos" {
		t.Errorf("people %v", a.People)
	}
}
