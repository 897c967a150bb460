package search

import (
	"context"
	"sync"

	"github.com/freerange/weeknotes/search/store"
)

// Writer is the store's Writer handing out searchable snapshots: each
// update's new Index reuses what it can of the one before (see newTable).
type Writer struct {
	*store.Writer
	mu   sync.Mutex
	last *Index // the latest Index made (the writer's own reference), whose table the next reuses
}

// OpenWriter opens the current build under dir for updating in place.
func OpenWriter(dir string) (*Writer, error) { return wrap(store.OpenWriter(dir)) }

// CloneWriter copies the current build under dir and opens the copy for
// updating; Commit makes it current (store.CloneWriter).
func CloneWriter(dir string) (*Writer, error) { return wrap(store.CloneWriter(dir)) }

func wrap(w *store.Writer, err error) (*Writer, error) {
	if err != nil {
		return nil, err
	}
	return &Writer{Writer: w}, nil
}

// Snapshot is the index as it stands, for reading; the caller closes it.
func (w *Writer) Snapshot() *Index { return w.index(w.Writer.Snapshot()) }

// Apply writes u as one Bleve batch (store.Writer.Apply) and returns the
// new snapshot, which the caller closes.
func (w *Writer) Apply(ctx context.Context, u store.Update) (*Index, error) {
	s, err := w.Writer.Apply(ctx, u)
	if err != nil {
		return nil, err
	}
	return w.index(s), nil
}

func (w *Writer) index(s *store.Snapshot) *Index {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.last != nil && w.last.Generation() == s.Generation() {
		s.Close()
		return w.last.share()
	}
	ix := newIndex(s, w.last)
	if w.last != nil {
		w.last.Close()
	}
	w.last = ix.share()
	return ix
}

// release lets go of the writer's own reference to its latest Index.
func (w *Writer) release() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.last != nil {
		w.last.Close()
		w.last = nil
	}
}

// Commit finishes the update (store.Writer.Commit).
func (w *Writer) Commit() error {
	w.release()
	return w.Writer.Commit()
}

// Abort throws a cloned build away (store.Writer.Abort).
func (w *Writer) Abort() {
	w.release()
	w.Writer.Abort()
}

// Close closes the writer (store.Writer.Close).
func (w *Writer) Close() error {
	w.release()
	return w.Writer.Close()
}
