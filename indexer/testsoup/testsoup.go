// Package testsoup puts soups on disk for tests: copies of committed
// trees, and the hostile files that can't be committed (binary files, a
// FIFO, link loops). It is shared by the indexer's tests and the command's,
// which run the same bad input through Load and through the real binary.
package testsoup

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

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
