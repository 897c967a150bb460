// Package fence is the fence around Bleve's scorch internals: the only
// code of Weeknotes that depends on how scorch numbers documents, persists
// batches and merges segments, so that a Bleve upgrade that changes any of
// it fails here, loudly, and nowhere else.
//
// Its contract:
//
//   - Layout and Renumberer: a snapshot's segments and the document
//     numbers they cover, and how a document's number in one snapshot
//     maps to its number in a later one that shares its segment (package
//     store keeps its rows in Bleve's document order with these).
//   - BatchWriters: batches of an index opened with unsafe batches
//     (BuildConfig) written on two goroutines, each waited for until it
//     is on disk (Wait), a persister that keeps failing reported rather
//     than waited on for ever.
//   - Merge: a finished build's segments merged into one, on disk.
//   - BuildConfig: how a fresh build opens its index (unsafe batches, no
//     merging while posts arrive).
package fence

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	index "github.com/blevesearch/bleve_index_api"
)

// How scorch numbers documents, which Layout and Renumberer depend on
// (fence_test.go holds each assumption):
//
//   - A snapshot numbers its documents segment by segment, in segment
//     order: a document's internal number is the count of documents
//     (deleted ones included) in the segments before its own, plus its
//     number inside its segment.
//   - A batch adds segments after those a snapshot had; it never changes
//     a segment, only marks its documents deleted. A merge replaces
//     segments with a new one, and so renumbers.
//
// So a document in a segment that two snapshots share has, in the second,
// its number in the first less that segment's place in the first plus
// its place in the second.

// Segment is one segment of a snapshot: its ID and the document
// numbers it covers.
type Segment struct{ id, offset, count uint64 }

// Layout is the snapshot's segments in order; nil when r is not a
// scorch snapshot.
func Layout(r index.IndexReader) []Segment {
	is, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil
	}
	var out []Segment
	var offset uint64
	for _, s := range is.Segments() {
		n := s.Segment().Count()
		out = append(out, Segment{id: s.Id(), offset: offset, count: n})
		offset += n
	}
	return out
}

// Renumberer maps document numbers of a snapshot laid out as before to
// one laid out as now, for documents whose segment both have.
type Renumberer struct {
	before []Segment
	now    map[uint64]uint64 // segment ID -> its offset now
}

func NewRenumberer(before, now []Segment) *Renumberer {
	if before == nil || now == nil {
		return nil
	}
	r := &Renumberer{before: before, now: make(map[uint64]uint64, len(now))}
	for _, s := range now {
		r.now[s.id] = s.offset
	}
	return r
}

func (r *Renumberer) Renumber(n uint64) (uint64, bool) {
	if r == nil {
		return 0, false
	}
	i, _ := slices.BinarySearchFunc(r.before, n, func(s Segment, n uint64) int {
		switch {
		case n < s.offset:
			return 1
		case n >= s.offset+s.count:
			return -1
		}
		return 0
	})
	if i >= len(r.before) || n < r.before[i].offset || n >= r.before[i].offset+r.before[i].count {
		return 0, false
	}
	off, ok := r.now[r.before[i].id]
	if !ok {
		return 0, false
	}
	return n - r.before[i].offset + off, true
}

// BatchWriters write batches on two goroutines. Bleve builds each batch's
// segment inside Batch, on the caller's goroutine, and that is the largest
// single cost of a build; Batch is safe for concurrent use, so two at a
// time keep both cores of a small machine busy while the next batch fills.
//
// The index is opened with unsafe batches: Batch returns once its segment
// is in memory rather than on disk, so writers never wait on the
// persister (with safe batches they did, and the renderers stalled behind
// them). Every batch gets a persisted callback, and Wait returns only when
// all have fired, so the index is whole on disk before it is closed.
// BLEVE.md's warning about unsafe batches was an index closed before its
// last segments were persisted; this wait, and the count a build checks on
// reopening, are what make them safe here.
type BatchWriters struct {
	idx       bleve.Index
	todo      chan *bleve.Batch
	wg        sync.WaitGroup
	persisted sync.WaitGroup
	mu        sync.Mutex
	err       error
}

const parallelBatches = 2

func NewBatchWriters(idx bleve.Index) *BatchWriters {
	todo := make(chan *bleve.Batch)
	w := &BatchWriters{idx: idx, todo: todo}
	for range parallelBatches {
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			for batch := range todo { // not w.todo: wait sets that to nil
				if w.failed() != nil {
					continue
				}
				w.persisted.Add(1)
				// Once: a batch that fails must not count twice should
				// Bleve have registered its callback before failing.
				var once sync.Once
				persisted := func() { once.Do(w.persisted.Done) }
				batch.SetPersistedCallback(func(error) { persisted() })
				if err := idx.Batch(batch); err != nil {
					persisted()
					w.fail(fmt.Errorf("write batch: %w", err))
				}
			}
		}()
	}
	return w
}

func (w *BatchWriters) fail(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		w.err = err
	}
}

func (w *BatchWriters) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// write queues a batch, waiting while both writers are busy. It reports
// an earlier batch's failure.
func (w *BatchWriters) Write(batch *bleve.Batch) error {
	if err := w.failed(); err != nil {
		return err
	}
	w.todo <- batch
	return nil
}

// wait lets the writers finish, waits until every batch is on disk, and
// reports the first failure. It may be called more than once.
func (w *BatchWriters) Wait() error {
	if w.todo == nil {
		return w.failed()
	}
	close(w.todo)
	w.todo = nil
	w.wg.Wait()
	done := make(chan struct{})
	go func() {
		w.persisted.Wait()
		close(done)
	}()
	// Bleve retries a failed persist (a full disk) for ever without
	// calling back: watch its error count rather than wait for ever.
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return w.failed()
		case <-tick.C:
			if n := PersistErrors(w.idx); n > 0 {
				w.fail(fmt.Errorf("write index: persisting failed %d times", n))
				return w.failed()
			}
		}
	}
}

// PersistErrors is how many times Bleve's persister has failed.
func PersistErrors(idx bleve.Index) uint64 { return stat(idx, "TotPersistLoopErr") }

func stat(idx bleve.Index, name string) uint64 {
	stats, _ := idx.StatsMap()["index"].(map[string]interface{})
	n, _ := stats[name].(uint64)
	return n
}

// oneSegment is the plan of Merge: every segment into one, in one task.
// Bleve's own single-segment plan merges ten segments a task, so a build
// of a hundred batches was left with several segments, most of its posts
// written twice on the way.
var oneSegment = mergeplan.MergePlanOptions{
	MaxSegmentsPerTier:   1,
	MaxSegmentSize:       mergeplan.MaxSegmentSizeLimit,
	MaxSegmentFileSize:   1 << 40,
	TierGrowth:           1,
	SegmentsPerMergeTask: 1 << 20,
	FloorSegmentSize:     mergeplan.MaxSegmentSizeLimit,
	FloorSegmentFileSize: 1 << 40,
	ReclaimDeletesWeight: 2,
}

// Merge merges a finished build's segments into one and waits
// until that is on disk. A search opens every segment's dictionary for
// each word it looks up: at 100,000 posts the six segments a build left
// had the server map in 156 MB of index after 60 searches, one segment
// 38 MB (README, Performance). It costs a few seconds of the build.
//
// path is the index's directory: Merge then waits for Bleve to remove the
// merged segments' files (see settle).
func Merge(ctx context.Context, idx bleve.Index, path string) error {
	adv, err := idx.Advanced()
	if err != nil {
		return err
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	done := make(chan error, 1)
	go func() { done <- sc.ForceMerge(ctx, &oneSegment) }()
	// Bleve reports a failed merge only in its statistics, and retries.
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for merged := false; !merged; {
		select {
		case err := <-done:
			if err != nil {
				return fmt.Errorf("merge index: %w", err)
			}
			// A cancelled merge ends without an error: say so here.
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("merge index: %w", err)
			}
			merged = true
		case <-tick.C:
			if n := stat(idx, "TotFileMergeLoopErr"); n > 0 {
				return fmt.Errorf("merge index: failed %d times", n)
			}
		}
	}
	// The merged segment is in use; one more (empty) batch, once persisted,
	// says the snapshot that uses it is on disk too.
	if err := emptyBatch(idx); err != nil {
		return err
	}
	settle(idx, path)
	return nil
}

// emptyBatch writes an empty batch and waits until it is persisted.
func emptyBatch(idx bleve.Index) error {
	w := NewBatchWriters(idx)
	if err := w.Write(idx.NewBatch()); err != nil {
		return err
	}
	return w.Wait()
}

// settle waits, a few seconds at most, until the index's directory holds
// only the files of its one segment. Bleve removes the files of merged
// segments when its persister next falls idle, and an index closed
// before that keeps them for ever: at 100,000 posts, 99 batch files
// beside the merged one doubled the build's 720 MB on disk. Each empty
// batch gives the persister another idle moment.
func settle(idx bleve.Index, path string) {
	for try := range settleTries {
		zaps, _ := filepath.Glob(filepath.Join(path, "store", "*.zap"))
		if len(zaps) <= 1 {
			return
		}
		time.Sleep(settleWait)
		if try%4 == 3 && emptyBatch(idx) != nil {
			return // the files are only disk space: never a reason to fail
		}
	}
}

const (
	settleTries = 60
	settleWait  = 50 * time.Millisecond
)

// BuildConfig is how a build opens its Bleve index: unsafe batches (see
// BatchWriters), and no merging while posts arrive. Bleve's merger would
// otherwise merge the batches' segments into ever larger ones as they
// come, writing most posts several times; a build merges once, at the end
// (Merge). Measured at 100,000 posts: 70.7 s against 75.4 s, the
// same peak memory. A new map each call: Bleve writes its own settings
// (the store's path) into the one it is given, so a shared map would
// carry one build's path into another's, and race when two run at once.
func BuildConfig() map[string]interface{} {
	return map[string]interface{}{
		"unsafe_batch": true,
		// A tier as large as any number of segments, its floor the
		// smallest segment: Bleve's default floor (2,000 posts) made a
		// budget of one segment per 2,000 posts, and it merged batches
		// while they came.
		"scorchMergePlanOptions": map[string]interface{}{"MaxSegmentsPerTier": 1 << 20, "SegmentsPerMergeTask": 1 << 20, "FloorSegmentSize": 1, "FloorSegmentFileSize": 1},
	}
}
