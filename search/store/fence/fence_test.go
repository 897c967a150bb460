package fence

import (
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/blevesearch/bleve/v2"
)

// TestScorchNumbering holds the assumptions Layout and Renumberer rest on,
// on a real scorch index on disk: documents are numbered segment by
// segment in segment order, and a batch leaves the segments it doesn't
// merge away as they were, so Renumber gives the number in the next
// snapshot of every document whose segment stayed, and never a wrong one.
// A Bleve upgrade that numbers documents otherwise fails here.
func TestScorchNumbering(t *testing.T) {
	t.Parallel()
	idx, err := bleve.NewUsing(t.TempDir(), bleve.NewIndexMapping(), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore,
		nil)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	batch := func(put []int, del ...int) {
		t.Helper()
		b := idx.NewBatch()
		for _, i := range put {
			if err := b.Index(fmt.Sprintf("d%d", i), map[string]string{"text": fmt.Sprintf("word%d", i)}); err != nil {
				t.Fatal(err)
			}
		}
		for _, i := range del {
			b.Delete(fmt.Sprintf("d%d", i))
		}
		if err := idx.Batch(b); err != nil {
			t.Fatal(err)
		}
	}
	numbers := func() (map[string]uint64, []Segment) {
		t.Helper()
		adv, err := idx.Advanced()
		if err != nil {
			t.Fatal(err)
		}
		r, err := adv.Reader()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		layout := Layout(r)
		out := map[string]uint64{}
		for i := range 30 {
			id := fmt.Sprintf("d%d", i)
			iid, err := r.InternalID(id)
			if err != nil {
				t.Fatal(err)
			}
			if iid != nil {
				out[id] = binary.BigEndian.Uint64(iid)
			}
		}
		return out, layout
	}
	span := func(from, to int) []int {
		var out []int
		for i := from; i < to; i++ {
			out = append(out, i)
		}
		return out
	}
	// dense checks that a snapshot numbers its documents segment by
	// segment: every number inside one segment's span, the spans end to
	// end from 0.
	dense := func(nums map[string]uint64, layout []Segment) {
		t.Helper()
		var next uint64
		for _, s := range layout {
			if s.offset != next {
				t.Errorf("segments %+v: not end to end from 0", layout)
			}
			next += s.count
		}
		for id, n := range nums {
			if n >= next {
				t.Errorf("%s is number %d, past the segments' %d documents", id, n, next)
			}
		}
	}
	// renumbers checks Renumber from one snapshot to the next: never a
	// wrong number, and a number for each document whose segment is in
	// both (Bleve may merge segments away at any time).
	renumbers := func(before, after map[string]uint64, lb, la []Segment) {
		t.Helper()
		kept := map[uint64]bool{}
		for _, s := range la {
			kept[s.id] = true
		}
		r := NewRenumberer(lb, la)
		for id, old := range before {
			now, alive := after[id]
			got, ok := r.Renumber(old)
			stayed := false
			for _, s := range lb {
				stayed = stayed || old >= s.offset && old < s.offset+s.count && kept[s.id]
			}
			switch {
			case ok && alive && got != now:
				t.Errorf("%s: Renumber(%d) = %d; its number now is %d", id, old, got, now)
			case !ok && stayed:
				t.Errorf("%s: Renumber(%d) found no number though its segment is in both snapshots (%+v, %+v)", id, old, lb, la)
			}
		}
	}
	batch(span(0, 10))
	batch(span(10, 20))
	n1, l1 := numbers()
	dense(n1, l1)
	batch(span(20, 25)) // adds a segment, changes none
	n2, l2 := numbers()
	dense(n2, l2)
	renumbers(n1, n2, l1, l2)
	batch(span(25, 30), 3, 15) // deletes: Bleve may merge segments away
	n3, l3 := numbers()
	dense(n3, l3)
	renumbers(n2, n3, l2, l3)
	if _, ok := n3["d3"]; ok {
		t.Error("d3 still found after its deletion")
	}
}
