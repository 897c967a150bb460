package fence

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// internals are the import paths of Bleve's index internals: scorch and
// its segments, and the index API, whose internal IDs are document
// numbers.
var internals = []string{
	"github.com/blevesearch/bleve/v2/index/",
	"github.com/blevesearch/scorch_segment_api",
	"github.com/blevesearch/zapx/",
	"github.com/blevesearch/bleve_index_api",
}

// allowed says whether a file of the module (slash path from its root)
// may import path. Package analysis builds Bleve's token frequencies,
// which are index API types, but never sees a document.
func allowed(file, path string) bool {
	if strings.HasPrefix(file, "search/store/") {
		return true
	}
	return path == "github.com/blevesearch/bleve_index_api" && strings.HasPrefix(file, "search/analysis/")
}

// TestOnlyTheStoreSeesIndexInternals holds the fence of issue 11: only
// search/store/... imports scorch or Bleve's index API, or reads a
// match's internal ID (a document number), tests included; everyone else
// speaks in rows and post names. It reads every Go file of the module.
func TestOnlyTheStoreSeesIndexInternals(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("no module root at %s: %v", root, err)
	}
	files := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); path != root && (strings.HasPrefix(n, ".") || n == "testdata" || n == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files++
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			for _, in := range internals {
				if (p == strings.TrimSuffix(in, "/") || strings.HasPrefix(p, in)) && !allowed(rel, p) {
					t.Errorf("%s imports %s: only search/store/... may", rel, p)
				}
			}
		}
		if strings.HasPrefix(rel, "search/store/") {
			return nil
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && (sel.Sel.Name == "IndexInternalID" || sel.Sel.Name == "InternalID") {
				t.Errorf("%s reads a Bleve document number (.%s): only search/store/... may", rel, sel.Sel.Name)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 100 {
		t.Fatalf("read only %d Go files under %s", files, root)
	}
}
