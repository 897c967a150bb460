package caches

import (
	"bytes"
	"encoding/gob"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/freerange/weeknotes/search/archive"
)

func samplePosts() []archive.Post {
	return []archive.Post{
		{Name: "a", Title: "A", Summary: "The first post's summary.", Author: archive.Term{Slug: "chris-roos", Label: "Chris Roos"},
			Topics: []archive.Term{{Slug: "redis", Label: "Redis"}}},
		{Name: "b", Title: "B", Summary: "", Author: archive.Term{Slug: "chris-roos", Label: "Chris Roos"},
			Topics: []archive.Term{{Slug: "redis", Label: "Redis"}}},
		{Name: "c", Title: "C", Summary: "Ünïcode — and <html> & more.", Author: archive.Term{Slug: "james-mead", Label: "James Mead"}},
	}
}

func summaries(t *testing.T, pt *Posts) []string {
	t.Helper()
	var out []string
	for i := range pt.Posts {
		s, err := pt.SummaryOf(i)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// Summaries written to posts.gob are read back from the file, not kept in
// the posts, and a set written from posts read that way (as a writer's
// compaction does) keeps them.
func TestSummariesLiveInPostsFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	posts := samplePosts()
	want := []string{posts[0].Summary, posts[1].Summary, posts[2].Summary}
	in := Posts{Posts: posts, Text: make([]Span, len(posts))}
	if err := writePosts(dir, in); err != nil {
		t.Fatal(err)
	}
	if posts[0].Summary == "" {
		t.Fatal("writing changed the caller's posts")
	}
	pt, err := readPosts(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer pt.Close()
	for _, p := range pt.Posts {
		if p.Summary != "" {
			t.Errorf("post %s holds its summary in memory: %q", p.Name, p.Summary)
		}
	}
	if got := summaries(t, &pt); !slices.Equal(got, want) {
		t.Errorf("summaries %q, want %q", got, want)
	}
	// Written again from what was read, into another folder, the old
	// file open meanwhile; then the new posts.gob replaces the old one.
	dir2 := t.TempDir()
	if err := writePosts(dir2, pt); err != nil {
		t.Fatal(err)
	}
	pt2, err := readPosts(dir2)
	if err != nil {
		t.Fatal(err)
	}
	defer pt2.Close()
	if got := summaries(t, &pt2); !slices.Equal(got, want) {
		t.Errorf("rewritten: summaries %q, want %q", got, want)
	}
	if err := writePosts(dir, pt2); err != nil {
		t.Fatal(err)
	}
	if got := summaries(t, &pt); !slices.Equal(got, want) {
		t.Errorf("after posts.gob was replaced, the posts read before read %q, want %q", got, want)
	}
}

// A posts.gob written before summaries moved out (one gob of Posts) still
// reads, its summaries in the posts.
func TestOldPostsFileReads(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	posts := samplePosts()
	var buf bytes.Buffer
	old := struct {
		Generation uint64
		Posts      []archive.Post
		Text       []Span
	}{7, posts, make([]Span, len(posts))}
	if err := gob.NewEncoder(&buf).Encode(old); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, PostsFile), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	pt, err := readPosts(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer pt.Close()
	if pt.Generation != 7 || pt.Summaries != nil || pt.Summary != nil {
		t.Fatalf("generation %d, summaries file %v, spans %v", pt.Generation, pt.Summaries, pt.Summary)
	}
	if got, want := summaries(t, &pt), []string{posts[0].Summary, posts[1].Summary, posts[2].Summary}; !slices.Equal(got, want) {
		t.Errorf("summaries %q, want %q", got, want)
	}
}

// A posts.gob cut short is an error naming the file, never a panic.
func TestTruncatedPostsFileIsAnError(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := writePosts(dir, Posts{Posts: samplePosts(), Text: make([]Span, 3)}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, PostsFile)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 5, 16, len(data) / 2, len(data) - 1} {
		if err := os.WriteFile(path, data[:n], 0o644); err != nil {
			t.Fatal(err)
		}
		if pt, err := readPosts(dir); err == nil {
			pt.Close()
			t.Errorf("posts.gob cut to %d of %d bytes read without an error", n, len(data))
		}
	}
}

// Interned posts share one copy of a repeated string and list.
func TestInternSharesRepeats(t *testing.T) {
	t.Parallel()
	posts := samplePosts()
	Intern(posts)
	if &posts[0].Topics[0] != &posts[1].Topics[0] {
		t.Error("the same topics are two lists")
	}
	if posts[0].Author.Label != "Chris Roos" || posts[2].Author.Label != "James Mead" || posts[1].Topics[0].Slug != "redis" {
		t.Errorf("interning changed the values: %+v", posts)
	}
}
