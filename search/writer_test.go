package search

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/facet"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/freerange/weeknotes/search/accel"
	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/querylang"
	"github.com/freerange/weeknotes/search/store"
	"github.com/freerange/weeknotes/search/store/folder"
	"github.com/freerange/weeknotes/search/store/schema"
)

// Many small updates in a row, while Bleve merges segments under them:
// after each one every post is found by its own word, a deleted one by
// none, and the in-memory table's counts are the index's. This holds the
// renumbering of documents across snapshots (search/store/fence) to the plain
// lookup it saves.
func TestUpdatesKeepEveryPostFindable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := fixture()
	for i := range 300 {
		a.Posts = append(a.Posts, archive.Post{Name: fmt.Sprintf("p-%d", i), Title: fmt.Sprintf("Post %d", i), Kind: "blog",
			Author: archive.Term{Slug: "chris-roos", Label: "Chris Roos"}, Created: date("2019-01-01").AddDate(0, 0, i),
			Text: fmt.Sprintf("zword%d common text.", i)})
	}
	a.BatchSize = 50 // several segments to start with
	if err := store.Build(dir, a, nil); err != nil {
		t.Fatal(err)
	}
	w, err := OpenWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	rng := rand.New(rand.NewPCG(3, 4))
	word := map[string]string{} // post -> its word now; "" when deleted
	for i := range 300 {
		word[fmt.Sprintf("p-%d", i)] = fmt.Sprintf("zword%d", i)
	}
	find := func(ix *Index, q string) (int, string) {
		t.Helper()
		r := querylang.Request{Query: q}
		if err := r.Normalize(); err != nil {
			t.Fatal(err)
		}
		res, err := ix.Search(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		if res.Corrected || res.Total == 0 {
			return 0, ""
		}
		return res.Total, res.Hits[0].Name
	}
	carried := 0 // updates whose accelerator was carried over from the one before
	defer func() {
		if carried == 0 {
			t.Error("no update carried its accelerator over: the test misses that path")
		}
	}()
	for round := range 40 {
		var u store.Update
		for k := range 1 + rng.IntN(4) {
			name := fmt.Sprintf("p-%d", rng.IntN(300))
			if rng.IntN(5) == 0 {
				u.Delete = append(u.Delete, name)
				word[name] = ""
				continue
			}
			w := fmt.Sprintf("zedit%dx%d", round, k)
			u.Put = append(u.Put, archive.Post{Name: name, Title: "Edited " + name, Kind: "blog",
				Author: archive.Term{Slug: "james-mead", Label: "James Mead"}, Created: date("2020-01-01"), Text: w + " common text."})
			word[name] = w
		}
		ix, err := w.Apply(context.Background(), u)
		if err == nil {
			if ix.table.Carried() {
				carried++
			}
			sameTable(t, round, ix.table, accel.New(ix.Snapshot, nil))
		}
		if err != nil {
			t.Fatal(err)
		}
		live := 0
		for name, w := range word {
			if w == "" {
				continue
			}
			live++
			if n, hit := find(ix, w); n != 1 || hit != name {
				t.Fatalf("round %d: %s's word %s finds %d posts, first %s", round, name, w, n, hit)
			}
			if _, err := ix.Get(context.Background(), name); err != nil {
				t.Fatalf("round %d: %s: %v", round, name, err)
			}
		}
		if n, _ := find(ix, "common"); n != live {
			t.Fatalf("round %d: %d posts have the common word, want %d", round, n, live)
		}
		bleveCounts := bleveAuthors(t, ix)
		r := querylang.Request{}
		r.Normalize()
		res, _ := ix.Search(context.Background(), r)
		for _, v := range res.Facets["author"] {
			if bleveCounts[v.Value] != v.Count {
				t.Fatalf("round %d: author %s: table %d, Bleve %d", round, v.Value, v.Count, bleveCounts[v.Value])
			}
		}
		ix.Close()
		time.Sleep(time.Duration(rng.IntN(20)) * time.Millisecond) // let the merger work
	}

	// The vocabulary kept up to date update by update is the one counted
	// afresh from the index.
	last := w.Snapshot()
	kept, err := vocabCounts(last)
	last.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	build, _ := folder.Current(dir)
	for _, f := range []string{"posts.gob", "text.dat", "words.fst", "cache.json", "caches.log"} {
		os.Remove(filepath.Join(build, f))
	}
	fresh, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	counted, err := vocabCounts(fresh)
	if err != nil {
		t.Fatal(err)
	}
	if len(kept) != len(counted) {
		t.Errorf("the updated vocabulary has %d words, counted afresh %d", len(kept), len(counted))
	}
	for word, n := range counted {
		if kept[word] != n {
			t.Errorf("%q: %d posts in the updated vocabulary, %d counted afresh", word, kept[word], n)
		}
	}
}

// A build writes with unsafe batches, and Bleve records that in the
// index's metadata for every later writer; the finished build must not
// keep it, or an update closed straight after could be lost (as one was).
func TestBuildLeavesSafeBatches(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := store.Build(dir, fixture(), nil); err != nil {
		t.Fatal(err)
	}
	build, _ := folder.Current(dir)
	data, err := os.ReadFile(filepath.Join(folder.BleveDir(build), "index_meta.json"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "unsafe_batch") {
		t.Errorf("index_meta.json keeps unsafe batches: %s", data)
	}
	for round := range 5 {
		w, err := CloneWriter(dir)
		if err != nil {
			t.Fatal(err)
		}
		p := fixture().Posts[0]
		p.Text = fmt.Sprintf("zround%d", round)
		ix, err := w.Apply(context.Background(), store.Update{Put: []archive.Post{p}})
		if err != nil {
			t.Fatal(err)
		}
		ix.Close()
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		cur, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		r := querylang.Request{Query: p.Text}
		r.Normalize()
		res, err := cur.Search(context.Background(), r)
		if err != nil || res.Total != 1 || cur.Generation() != uint64(round+1) {
			t.Errorf("round %d: the update was lost: %d posts, generation %d (%v)", round, res.Total, cur.Generation(), err)
		}
		cur.Close()
	}
}

// vocabCounts is the vocabulary of ix: word -> posts.
func vocabCounts(ix *Index) (map[string]uint64, error) {
	out := map[string]uint64{}
	return out, ix.Vocab().Each(func(w string, n uint64) { out[w] = n })
}

// bleveAuthors counts the snapshot's posts by author with Bleve's own
// terms facet over every document.
func bleveAuthors(t *testing.T, ix *Index) map[string]int {
	t.Helper()
	ctx := context.Background()
	s, err := query.NewMatchAllQuery().Searcher(ctx, ix.Reader(), ix.Mapping(), bsearch.SearcherOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fb := bsearch.NewFacetsBuilder(ix.Reader())
	fb.Add(schema.FieldAuthor, facet.NewTermsFacetBuilder(schema.FieldAuthor, 100))
	coll := collector.NewTopNCollector(0, 0, bsearch.SortOrder{&bsearch.SortScore{Desc: true}})
	coll.SetFacetsBuilder(fb)
	if err := coll.Collect(ctx, s, ix.Reader()); err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, tf := range coll.FacetResults()[schema.FieldAuthor].Terms.Terms() {
		out[tf.Term] = tf.Count
	}
	return out
}

// sameTable holds an accelerator carried over from the one before to one
// built afresh from the same snapshot: each row's facet values (by slug:
// ids may differ), and the rows of every title and heading term.
func sameTable(t *testing.T, round int, got, want *accel.Table) {
	t.Helper()
	if len(got.Rows) != len(want.Rows) {
		t.Fatalf("round %d: %d rows, afresh %d", round, len(got.Rows), len(want.Rows))
	}
	for i := range want.Rows {
		for f := range archive.NumFacets {
			var g, w []string
			for _, v := range got.Values(int32(i), f) {
				g = append(g, got.Dicts[f].Slugs[v])
			}
			for _, v := range want.Values(int32(i), f) {
				w = append(w, want.Dicts[f].Slugs[v])
			}
			if !slices.Equal(g, w) || got.Rows[i].Unix != want.Rows[i].Unix {
				t.Fatalf("round %d: row %d (%s) facet %d: %v, afresh %v", round, i, want.Rows[i].Name, f, g, w)
			}
		}
	}
	for _, pair := range [][2]map[string][]int32{{got.TitleIndex, want.TitleIndex}, {got.HeadingIndex, want.HeadingIndex},
		{got.TitleForms, want.TitleForms}, {got.HeadingForms, want.HeadingForms}} {
		if !maps.EqualFunc(pair[0], pair[1], slices.Equal[[]int32]) {
			t.Fatalf("round %d: term index differs from one built afresh", round)
		}
	}
	if !slices.Equal(got.TitleWords, want.TitleWords) || !slices.Equal(got.Months, want.Months) {
		t.Fatalf("round %d: title words or months differ", round)
	}
}
