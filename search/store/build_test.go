package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/store/catalog"
	"github.com/freerange/weeknotes/search/store/fence"
	"github.com/freerange/weeknotes/search/store/folder"
)

// TestBuildLeavesOneSegmentAndBleveDefaults: a build of several batches
// ends as one Bleve segment (a search opens every segment's dictionary
// for each word) in one file, and its index metadata keeps none of the build's own
// settings (unsafe batches, no merging), so whoever writes to the index
// next gets safe batches and Bleve's merging.
func TestBuildLeavesOneSegmentAndBleveDefaults(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var posts []archive.Post
	for i := range 250 {
		posts = append(posts, archive.Post{Name: fmt.Sprintf("p-%d", i), Title: fmt.Sprintf("Post %d", i), Kind: "blog",
			Author:  archive.Term{Slug: "chris-roos", Label: "Chris Roos"},
			Created: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i),
			Text:    fmt.Sprintf("word%d common text.", i)})
	}
	if err := Build(dir, Contents{Posts: posts, BatchSize: 20}, nil); err != nil {
		t.Fatal(err)
	}
	build, err := folder.Current(dir)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(folder.BleveDir(build), "index_meta.json"))
	if err != nil {
		t.Fatal(err)
	}
	var meta struct{ Config map[string]any }
	if err := json.Unmarshal(data, &meta); err != nil {
		t.Fatal(err)
	}
	for key := range fence.BuildConfig() {
		if _, kept := meta.Config[key]; kept {
			t.Errorf("index_meta.json keeps the build's %s: %s", key, data)
		}
	}
	idx, err := bleve.OpenUsing(folder.BleveDir(build), map[string]interface{}{"read_only": true})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	adv, err := idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if n := len(fence.Layout(r)); n != 1 {
		t.Errorf("the build left %d segments, want 1", n)
	}
	// And one segment file on disk: the batches' files, merged, are
	// gone (at 100,000 posts they doubled the index's 720 MB).
	zaps, _ := filepath.Glob(filepath.Join(folder.BleveDir(build), "store", "*.zap"))
	if len(zaps) != 1 {
		t.Errorf("the build left %d segment files, want 1: %v", len(zaps), zaps)
	}
	if n, _ := idx.DocCount(); n != 250 {
		t.Errorf("%d posts in the index, want 250", n)
	}
}

// TestFinishStopsWhenCancelled: a build stopped (SIGTERM) as its last
// posts went in merges nothing and swaps nothing in: the index folder
// keeps the build it had, and no temporary build is left.
func TestFinishStopsWhenCancelled(t *testing.T) {
	dir := t.TempDir()
	posts := func(n int) []archive.Post {
		var out []archive.Post
		for i := range n {
			out = append(out, archive.Post{Name: fmt.Sprintf("p-%d", i), Title: fmt.Sprintf("Post %d", i), Kind: "blog",
				Created: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i), Text: fmt.Sprintf("word%d common text.", i)})
		}
		return out
	}
	if err := Build(dir, Contents{Posts: posts(3)}, nil); err != nil {
		t.Fatal(err)
	}
	before, err := folder.Current(dir)
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewBuilder(dir)
	if err != nil {
		t.Fatal(err)
	}
	b.BatchSize = 10
	for _, p := range posts(60) {
		if err := b.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := b.Finish(ctx, nil, nil, catalog.Source{}, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("Finish after a cancel: %v, want context.Canceled", err)
	}
	if now, err := folder.Current(dir); err != nil || now != before {
		t.Errorf("current build %s (%v), want %s, as before", now, err, before)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "builds"))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "tmp-") {
			t.Errorf("a cancelled build left %s", e.Name())
		}
	}
}

// TestOpenRebuildsCachesBleveDisagreesWith: caches that vouch for the
// index's generation yet list posts Bleve does not hold are stale all the
// same: Open rebuilds them from Bleve and serves what Bleve holds, rather
// than refusing to open.
func TestOpenRebuildsCachesBleveDisagreesWith(t *testing.T) {
	t.Parallel()
	posts := func(n int) []archive.Post {
		var out []archive.Post
		for i := range n {
			out = append(out, archive.Post{Name: fmt.Sprintf("p-%d", i), Title: fmt.Sprintf("Post %d", i), Kind: "blog",
				Created: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i), Text: fmt.Sprintf("word%d common text.", i)})
		}
		return out
	}
	more, fewer := t.TempDir(), t.TempDir()
	if err := Build(more, Contents{Posts: posts(3)}, nil); err != nil {
		t.Fatal(err)
	}
	if err := Build(fewer, Contents{Posts: posts(2)}, nil); err != nil {
		t.Fatal(err)
	}
	from, _ := folder.Current(more)
	to, _ := folder.Current(fewer)
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries { // every cache of the 3-post build over the 2-post one's
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Open(fewer)
	if err != nil {
		t.Fatalf("open with caches Bleve disagrees with: %v", err)
	}
	defer s.Close()
	if s.Len() != 2 {
		t.Errorf("%d posts served, want Bleve's 2", s.Len())
	}
}
