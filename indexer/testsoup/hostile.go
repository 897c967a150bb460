//go:build unix

package testsoup

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// AddHostileFiles adds to root, which must have a blog folder, files no
// soup should hold and git can't: binary files, bytes that aren't UTF-8, a
// FIFO and a link to it, and a folder of links that loop. It returns the
// warning each file should bring, by its path under root.
func AddHostileFiles(t testing.TB, root string) map[string][]string {
	t.Helper()
	write := func(rel string, data []byte) {
		if err := os.WriteFile(filepath.Join(root, rel), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("blog/image.snip.markdown", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"))
	write("blog/utf16.snip.markdown", []byte("\xff\xfeW\x00e\x00e\x00k\x00"))
	random := make([]byte, 4096) // high bytes, no NUL: not UTF-8, not "binary"
	for i := range random {
		random[i] = byte(0x80 + (i*37)%0x80)
	}
	write("blog/random.snip.markdown", random)
	// A FIFO with no writer would block a read for ever, directly or
	// through a link.
	if err := syscall.Mkfifo(filepath.Join(root, "blog/fifo.snip.markdown"), 0o644); err != nil {
		t.Fatal(err)
	}
	Link(t, root, "fifo.snip.markdown", "blog/fifo-link.snip.markdown")
	if err := os.MkdirAll(filepath.Join(root, "loop"), 0o755); err != nil {
		t.Fatal(err)
	}
	Link(t, root, "b", "loop/a") // a -> b -> a
	Link(t, root, "a", "loop/b")
	Link(t, root, "..", "loop/up") // a folder link to its parent

	// Editor temporaries and backups beside the post they shadow: skipped
	// as hidden files are, no warning, good-post keeps its saved text.
	unsaved := []byte("Unsaved\n=======\n\nHalf-typed text.\n\n:name: good-post\n:kind: blog\n:author: chris-roos\n:updated_at: 2030-01-01\n")
	for _, name := range []string{"#good-post.snip.markdown#", "good-post.snip.markdown~", ".#good-post.snip.markdown",
		"good-post.snip.markdown.swp", "good-post.snip.markdown.tmp", "#real.snip.markdown#"} {
		write("blog/"+name, unsaved)
	}
	// Lists nested 2,500 levels by indentation (6 MB): plain text, quickly.
	write("blog/nested.snip.markdown", NestedList("nested", 2500))

	loop := "broken symbolic link: too many levels of symbolic links"
	return map[string][]string{
		"blog/image.snip.markdown":     {"skipped: binary file (contains NUL bytes)"},
		"blog/utf16.snip.markdown":     {"skipped: binary file (contains NUL bytes)"},
		"blog/random.snip.markdown":    {"invalid UTF-8; bad bytes replaced with U+FFFD", "no metadata block (no :kind:); counted as a page, not indexed"},
		"blog/fifo.snip.markdown":      {"not a regular file"},
		"blog/fifo-link.snip.markdown": {"symbolic link to something that is not a regular file"},
		"loop/a":                       {loop},
		"loop/b":                       {loop},
		"loop/up":                      {"symbolic link to a folder is not followed"},
		"blog/nested.snip.markdown":    {"lists or quotes nest 33 or more levels deep, over the limit of 32; shown as preformatted text, not Markdown"},
	}
}
