// Package testsoup puts soups on disk for tests: copies of committed
// trees, and the hostile files that can't be committed (binary files, a
// FIFO, link loops). It is shared by the indexer's tests and the command's,
// which run the same bad input through Load and through the real binary;
// and UnsafeHTML, the check that rendered HTML cannot run script.
package testsoup

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// NestedList is a post named name whose list nests depth levels by
// indentation, two spaces a level: 2,500 levels are 6 MB.
func NestedList(name string, depth int) []byte {
	var b strings.Builder
	b.WriteString("Nested\n======\n\n")
	for i := 0; i < depth; i++ {
		b.WriteString(strings.Repeat("  ", i))
		b.WriteString("- level\n")
	}
	b.WriteString("\nThe deepest word is bathyscaphe.\n\n:name: " + name +
		"\n:kind: blog\n:author: chris-roos\n:created_at: 2019-01-01 10:00:00 +00:00\n")
	return []byte(b.String())
}

// Laughs is a :tags: entry of nested anchors, a "billion laughs": levels
// lists of nine, each item an alias of the list before, so 9^levels
// scalars once expanded.
func Laughs(levels int) string {
	var b strings.Builder
	b.WriteString(":tags:\n  - &a0 [" + strings.TrimSuffix(strings.Repeat("lol, ", 9), ", ") + "]\n")
	for i := 1; i < levels; i++ {
		fmt.Fprintf(&b, "  - &a%d [", i)
		for j := 0; j < 9; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	return b.String()
}

// CopyTree copies the folders and regular files under src into dst,
// keeping each file's modification time (a post without a date is dated
// by it). Links and other special files are not copied.
func CopyTree(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if err := os.WriteFile(target, data, 0o644); err != nil {
			return err
		}
		return os.Chtimes(target, info.ModTime(), info.ModTime())
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Link makes root/rel a symbolic link to target.
func Link(t testing.TB, root, target, rel string) {
	t.Helper()
	if err := os.Symlink(target, filepath.Join(root, rel)); err != nil {
		t.Fatal(err)
	}
}

// CorpusFiles reads every Markdown file under root (the shared corpus, as
// a test reaches it), skipping the test when there is none.
func CorpusFiles(tb testing.TB, root string) [][]byte {
	tb.Helper()
	if _, err := os.Stat(root); err != nil {
		tb.Skipf("no corpus at %s: %v", root, err)
	}
	var files [][]byte
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".markdown") {
			return err
		}
		b, err := os.ReadFile(path)
		files = append(files, b)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	if len(files) == 0 {
		tb.Skipf("no .markdown files under %s", root)
	}
	return files
}

// Post is a post snip with a title, one paragraph and the metadata a post
// needs.
func Post(title, body, date, author string) string {
	return fmt.Sprintf("%s\n%s\n\n%s\n\n:created_at: %s\n:kind: blog\n:author: %s\n", title, strings.Repeat("=", len(title)), body, date, author)
}

// Person is a person snip (for people/NAME.snip.markdown).
func Person(name string) string {
	return fmt.Sprintf("Writes things.\n\n:display_name: %s\n", name)
}

// Write writes data at path, making its folders.
func Write(t testing.TB, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
