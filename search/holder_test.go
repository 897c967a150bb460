package search

import (
	"context"
	"sync"
	"testing"

	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/querylang"
	"github.com/freerange/weeknotes/search/store"
)

// Requests take the held index while updates swap new ones in as fast as
// they can: every request searches a whole, open snapshot (no error, the
// fixture's count), and a reference taken before a swap keeps working
// after it until closed.
func TestHolderNeverHandsOutAClosedIndex(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := store.Build(dir, fixture(), nil); err != nil {
		t.Fatal(err)
	}
	w, err := OpenWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	h := NewHolder(w.Snapshot())
	r := querylang.Request{Query: "redis"}
	if err := r.Normalize(); err != nil {
		t.Fatal(err)
	}
	before := h.Take()

	var wg sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan error, 8)
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				ix := h.Take()
				ix.SetCacheSize(0)
				res, err := ix.Search(context.Background(), r)
				if err == nil && res.Total != 3 {
					t.Errorf("redis: %d posts, want 3", res.Total)
				}
				if _, derr := ix.DocCount(); err == nil {
					err = derr
				}
				ix.Close()
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	p := fixture().Posts[4] // week-201: not a redis post
	for i := range 30 {
		p.Summary = string(rune('a' + i))
		next, err := w.Apply(context.Background(), store.Update{Put: []archive.Post{p}})
		if err != nil {
			t.Fatal(err)
		}
		h.Swap(next)
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("a request failed on the held index: %v", err)
	}
	if n, err := before.DocCount(); err != nil || n != 5 {
		t.Errorf("a reference taken before 30 swaps: %d, %v", n, err)
	}
	before.Close()
	if err := h.Close(); err != nil {
		t.Error(err)
	}
	if ix := h.Take(); ix != nil {
		t.Error("a closed holder hands out an index")
	}
}
