package indexer

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSafeName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"week-474", "week-474"},
		{"Week 474", "week-474"},
		{"../../etc/passwd", "etc-passwd"},
		{"..", ""},
		{"/evil.example/x", "evil.example-x"},
		{"x?q=1", "x-q-1"},
		{"a/b/c", "a-b-c"},
		{"api/search", "api-search"},
		{".hidden.", "hidden"},
		{"a..b", "a-b"},
		{"snake_case", "snake_case"},
		{"café ☕", "caf"},
		{"☕", ""},
	}
	for _, tt := range tests {
		got := SafeName(tt.in)
		if got != tt.want {
			t.Errorf("SafeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got != "" && !IsSlug(got) {
			t.Errorf("SafeName(%q) = %q is not a slug", tt.in, got)
		}
	}
}

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
	for i, r := range Routes {
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
	for i, r := range Routes {
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

func TestEditorFile(t *testing.T) {
	for name, want := range map[string]bool{
		"#x.snip.markdown#": true, ".#x.snip.markdown": true, "x.snip.markdown~": true,
		"x.snip.markdown.swp": true, "x.tmp": true, "#": false, "x.snip.markdown": false,
		"c#.snip.markdown": false, "#hashtag.snip.markdown": false,
	} {
		if got := EditorFile(name); got != want {
			t.Errorf("EditorFile(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestNesting(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"text\n", 0},
		{"- a\n  - b\n    - c\n", 3},
		{"- - - x\n", 3},
		{"> > - x\n", 3},
		{"1. a\n   1) b\n", 2},
		{"        code without a marker\n", 0},
		{"-not a marker\n", 0},
		{strings.Repeat("> ", 40) + "x\n", 40},
	}
	for _, tt := range tests {
		if got := nesting([]byte(tt.in), 1000); got != tt.want {
			t.Errorf("nesting(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
	r := testRenderer()
	deep := strings.Repeat("- ", MaxNesting+1) + "x <script>\n"
	out := r.Render(deep, "")
	if out.Warning == "" || !strings.HasPrefix(out.HTML, "<pre>") || strings.Contains(out.HTML, "<script>") || !strings.Contains(out.Text, "x <script>") {
		t.Errorf("too deep: %+v", out)
	}
	if out := r.Render(strings.Repeat("- ", MaxNesting)+"x\n", ""); out.Warning != "" {
		t.Errorf("at the limit: warning %q", out.Warning)
	}
}
