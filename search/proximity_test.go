package search

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/store"
)

// occurrences, read from the index's term vectors, place each term where
// analysing the post's title and text places it, with the length of the
// word there ("queues" is not "queue"), for every row of a
// snapshot of several segments after an update (so rows and document
// numbers no longer start together): the fast path held to the obvious one.
func TestOccurrencesAreTheAnalysedPositions(t *testing.T) {
	dir := t.TempDir()
	a := fixture()
	for i := range 60 {
		a.Posts = append(a.Posts, archive.Post{Name: fmt.Sprintf("p-%d", i), Title: fmt.Sprintf("Queue %d", i), Kind: "blog",
			Author: archive.Term{Slug: "chris-roos", Label: "Chris Roos"}, Created: date("2019-01-01").AddDate(0, 0, i),
			Text: fmt.Sprintf("The redis queue %d was migrated; queues of Redis, migrating again and the queue.", i)})
	}
	a.BatchSize = 20
	if err := store.Build(dir, a, nil); err != nil {
		t.Fatal(err)
	}
	w, err := OpenWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	changed := a.Posts[7]
	changed.Text = "Now the queue is elsewhere: redis, redis and a queue."
	ix, err := w.Apply(context.Background(), store.Update{Put: []archive.Post{changed}, Delete: []string{"p-3"}})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	rows := make([]int32, ix.Len())
	for i := range rows {
		rows[i] = int32(i)
	}
	// positions is what occurrences gives for term in each of rows: each
	// place and the length of its word.
	positions := func(term string, rows []int32) [][][2]uint64 {
		out := make([][][2]uint64, len(rows))
		if err := ix.occurrences(context.Background(), term, rows, func(i int, pos uint64, n int) { out[i] = append(out[i], [2]uint64{pos, uint64(n)}) }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, term := range []string{"queue", "redi", "migrat", "nowhere"} {
		got := positions(term, rows)
		for _, row := range rows {
			p := ix.At(row)
			text, err := ix.Text(row)
			if err != nil {
				t.Fatal(err)
			}
			var want [][2]uint64
			for _, tok := range ix.analyzer().Analyze([]byte(p.Title + "\n\n" + text)) {
				if string(tok.Term) == term {
					want = append(want, [2]uint64{uint64(tok.Position), uint64(tok.End - tok.Start)})
				}
			}
			if !slices.Equal(got[row], want) {
				t.Errorf("%s in %s: term vectors %v, analysed %v", term, p.Name, got[row], want)
			}
		}
		// Some of the rows, in order, as a search asks.
		some := []int32{2, 9, 10, int32(len(rows) - 1)}
		part := positions(term, some)
		for i, row := range some {
			if !slices.Equal(part[i], got[row]) {
				t.Errorf("%s in row %d asked with others: %v, alone %v", term, row, part[i], got[row])
			}
		}
	}
}
