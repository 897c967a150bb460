package search

import "sync/atomic"

// Holder holds the Index a server serves. A request takes it once (Take)
// and closes what it took when done; an update swaps the next one in
// (Swap). Every Index is a counted reference to its snapshot, so a
// snapshot closes when the holder and every request that took it are
// done with it: no request can use a closed index, a request sees one
// snapshot throughout, and Swap or Close never wait for requests.
type Holder struct {
	cur atomic.Pointer[Index] // the holder's own reference
}

// NewHolder holds ix (and will close it).
func NewHolder(ix *Index) *Holder {
	h := &Holder{}
	h.cur.Store(ix)
	return h
}

// Take is a reference to the current Index, which the caller closes;
// nil once the holder is closed.
func (h *Holder) Take() *Index {
	for {
		ix := h.cur.Load()
		if ix == nil {
			return nil
		}
		// The holder lets go of an Index only after swapping it out, so
		// when this one is already let go of, the next Load finds its
		// successor.
		if s, ok := ix.Snapshot.TryShare(); ok {
			return ix.with(s)
		}
		if h.cur.Load() == ix {
			return nil // closed under the holder by its owner: nothing to serve
		}
	}
}

// Swap holds ix from now on and lets go of the Index it replaces, which
// closes once no request has it.
func (h *Holder) Swap(ix *Index) {
	if old := h.cur.Swap(ix); old != nil {
		old.Close()
	}
}

// Close lets go of the current Index; requests that took it keep theirs.
func (h *Holder) Close() error {
	if old := h.cur.Swap(nil); old != nil {
		return old.Close()
	}
	return nil
}
