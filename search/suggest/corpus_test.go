package suggest

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusFiles reads the Markdown files of the shared corpus, skipping the
// test when it is absent.
func corpusFiles(t testing.TB) [][]byte {
	t.Helper()
	root := filepath.Join("..", "..", "..", "shared", "corpus", "soups")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("no corpus at %s: %v", root, err)
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
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skipf("no .markdown files under %s", root)
	}
	return files
}
