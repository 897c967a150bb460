package web

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/freerange/weeknotes/indexer"
	"github.com/freerange/weeknotes/search"
)

// ReservedNames is exactly the first path segments of the routes, so the
// indexer's list can't fall behind the router's.
func TestReservedNamesAreTheRoutes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, err := indexer.Build(context.Background(), indexer.Options{Root: "testdata/soup"}, dir, nil); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	s, err := New(Config{Index: ix, Images: "testdata/soup/images", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range s.engine.Routes() {
		if r.Method != "GET" {
			t.Errorf("%s %s: every route is a GET route (HEAD and the 405s rely on it)", r.Method, r.Path)
		}
		seg, _, _ := strings.Cut(strings.TrimPrefix(r.Path, "/"), "/")
		if seg != "" && seg[0] != ':' && !slices.Contains(got, seg) {
			got = append(got, seg)
		}
	}
	slices.Sort(got)
	if want := ReservedNames(); !slices.Equal(got, want) {
		t.Errorf("first segments of the routes %q, ReservedNames() %q", got, want)
	}
	ReservedNames()[0] = "changed"
	if ReservedNames()[0] == "changed" {
		t.Errorf("ReservedNames shares its slice")
	}
}
