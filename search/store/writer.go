package store

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/store/caches"
	"github.com/freerange/weeknotes/search/store/catalog"
	"github.com/freerange/weeknotes/search/store/folder"
	"github.com/freerange/weeknotes/search/store/schema"
)

// Update is one set of changes to an open index, applied as one Bleve
// batch: posts to add or replace (by name), posts to delete, and the
// catalog's new state.
type Update struct {
	Put      []archive.Post
	Delete   []string                     // post names
	People   []archive.Entity             // nil: unchanged
	Projects []archive.Entity             // nil: unchanged
	Files    map[string]archive.FileStamp // nil: unchanged; else the catalog's new Files
	Source   *catalog.Source              // nil: unchanged
}

// Empty reports whether u changes nothing.
func (u Update) Empty() bool {
	return len(u.Put) == 0 && len(u.Delete) == 0 && u.People == nil && u.Projects == nil && u.Files == nil && u.Source == nil
}

// Writer applies updates to one build's Bleve index in place, each as a
// Bleve batch, and hands out a new snapshot (Index) after each. Only one
// Writer may be open on an index directory at a time (a lock file says
// so); readers in other processes are locked out of that build by Bleve
// while it is open, which is why a server that writes (serve --watch)
// does its own updates and `weeknotes index` beside a read-only server
// writes a copy of the build (CloneWriter).
type Writer struct {
	dir   string // the index directory
	build string
	clone bool // a copy under builds/tmp-*, made current by Commit
	lock  *os.File
	h     *handle
	prep  *schema.Preparer
	text  *os.File // text.dat, appended to
	off   int64

	mu    sync.Mutex
	cur   *Snapshot // the latest snapshot; the writer's own reference
	vocab map[string]uint32
	tally catalog.Tally // the latest snapshot's posts counted, kept up to date update by update
	words []string      // vocab's words, sorted

	journaled   int            // journal records since the caches were written whole
	journalLost bool           // an update's record failed to reach the journal
	saving      sync.Mutex     // one cache write at a time
	bg          sync.WaitGroup // cache writes under way
}

// OpenWriter opens the current build under dir for updating in place.
func OpenWriter(dir string) (*Writer, error) {
	build, err := folder.Current(dir)
	if err != nil {
		return nil, err
	}
	lock, err := folder.Lock(dir)
	if err != nil {
		return nil, err
	}
	folder.RemoveStaleTemps(dir) // no build can be under way: this holds the lock
	w, err := openWriter(dir, build, lock)
	if err != nil {
		lock.Close()
		return nil, err
	}
	return w, nil
}

// CloneWriter copies the current build under dir into a new build and
// opens the copy for updating; Commit makes it current. The copy links
// the build's segment files (Bleve never changes one once written), so it
// costs little whatever the archive's size.
func CloneWriter(dir string) (*Writer, error) {
	build, err := folder.Current(dir)
	if err != nil {
		return nil, err
	}
	if cat, err := catalog.ReadFile(build); err == nil && cat.Schema != schema.Version {
		return nil, fmt.Errorf("%w: index schema %d, this weeknotes reads %d", ErrNoIndex, cat.Schema, schema.Version)
	}
	lock, err := folder.Lock(dir)
	if err != nil {
		return nil, err
	}
	folder.RemoveStaleTemps(dir)
	tmp, err := folder.NewTemp(dir)
	if err != nil {
		lock.Close()
		return nil, err
	}
	if err := folder.Clone(build, tmp); err != nil {
		os.RemoveAll(tmp)
		lock.Close()
		return nil, fmt.Errorf("copy build %s: %w", build, err)
	}
	w, err := openWriter(dir, tmp, lock)
	if err != nil {
		os.RemoveAll(tmp)
		lock.Close()
		return nil, err
	}
	w.clone = true
	return w, nil
}

func openWriter(dir, build string, lock *os.File) (*Writer, error) {
	h, err := openHandle(build, false)
	if err != nil {
		return nil, err
	}
	cur, err := h.snapshot() // h's reference is the writer's
	if err != nil {
		h.release()
		return nil, err
	}
	prep, err := schema.NewPreparer(schema.Mapping())
	if err != nil {
		cur.Close()
		return nil, err
	}
	vocabulary, err := caches.VocabMap(cur.snap.vocab)
	if err != nil {
		cur.Close()
		return nil, err
	}
	text, err := os.OpenFile(filepath.Join(build, caches.TextFile), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		cur.Close()
		return nil, err
	}
	fi, err := text.Stat()
	if err != nil {
		text.Close()
		cur.Close()
		return nil, err
	}
	words := make([]string, 0, len(vocabulary))
	for w := range vocabulary {
		words = append(words, w)
	}
	slices.Sort(words)
	return &Writer{words: words, dir: dir, build: build, lock: lock, h: h, prep: prep, text: text, off: fi.Size(), cur: cur, vocab: vocabulary, tally: catalog.Count(cur.docs.posts)}, nil
}

// Snapshot is the index as it stands, for reading; the caller closes it.
func (w *Writer) Snapshot() *Snapshot {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.cur.Share()
}

// Apply writes u as one Bleve batch, waits until it is on disk, and
// returns the new snapshot (the caller closes it). The caches are written
// afterwards, in the background; a crash before that only means the next
// Open rebuilds them from Bleve.
func (w *Writer) Apply(ctx context.Context, u Update) (*Snapshot, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	old := w.cur
	cat := old.Catalog
	cat.Generation++
	if u.People != nil {
		cat.People = u.People
	}
	if u.Projects != nil {
		cat.Projects = u.Projects
	}
	if u.Files != nil {
		cat.Files = u.Files
	}
	if u.Source != nil {
		cat.Source = *u.Source
	}
	cat.BuiltAt = time.Now().UTC()

	gone := map[string]bool{}
	for _, name := range u.Delete {
		gone[name] = true
	}
	for _, p := range u.Put {
		gone[p.Name] = true
	}
	batch := w.h.idx.NewBatch()
	delta := map[string]int{}
	for name := range gone {
		if _, ok := old.docs.byName[name]; !ok {
			continue
		}
		batch.Delete(name)
		p, _ := old.Post(name)
		if text, err := old.Text(old.docs.byName[name]); err == nil {
			for term := range w.prep.DistinctTerms(schema.TextValue(p.Title, text)) {
				delta[term]--
			}
			cat.TextLength -= min(cat.TextLength, uint64(w.prep.Length(p.Title, text)))
		}
	}
	// The new posts' text goes to the end of text.dat first: a crash
	// after it and before the batch leaves unused bytes, never a span
	// that points at nothing.
	var spans []caches.Span
	for i := range u.Put {
		// Preparing the posts takes as long as Bleve's batch (1 s for
		// 1,600 posts): a SIGTERM stops it here, before anything changed
		// but unused bytes at the end of text.dat.
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p := u.Put[i]
		for term := range w.prep.DistinctTerms(schema.TextValue(p.Title, p.Text)) {
			delta[term]++
		}
		prep := w.prep.Prepare(p)
		cat.TextLength += uint64(prep.Length)
		if err := batch.IndexAdvanced(prep.Doc); err != nil {
			return nil, fmt.Errorf("index %s: %w", p.Source, err)
		}
		n, err := io.WriteString(w.text, p.Text)
		if err != nil {
			return nil, fmt.Errorf("write %s: %w", caches.TextFile, err)
		}
		spans = append(spans, caches.Span{Off: w.off, Len: int64(n)})
		w.off += int64(n)
	}
	if err := w.text.Sync(); err != nil {
		return nil, fmt.Errorf("write %s: %w", caches.TextFile, err)
	}
	if err := catalog.Put(batch, &cat); err != nil {
		return nil, err
	}
	if err := w.h.idx.Batch(batch); err != nil {
		return nil, fmt.Errorf("write batch: %w", err)
	}

	// The new snapshot: the old posts but those gone, then the new ones.
	pt := caches.Posts{Summaries: old.docs.summaries}
	for i := range old.docs.posts {
		if p := &old.docs.posts[i]; !gone[p.Name] {
			pt.Posts = append(pt.Posts, *p)
			pt.Text = append(pt.Text, old.docs.text[i])
			if old.docs.summary != nil {
				pt.Summary = append(pt.Summary, old.docs.summary[i])
			}
		}
	}
	for i, p := range u.Put {
		p.HTML, p.Text = "", ""
		pt.Posts = append(pt.Posts, p)
		pt.Text = append(pt.Text, spans[i])
		if old.docs.summary != nil {
			pt.Summary = append(pt.Summary, caches.Span{}) // in p
		}
	}
	for term, d := range delta {
		n := int(w.vocab[term]) + d
		_, had := w.vocab[term]
		if n > 0 {
			w.vocab[term] = uint32(n)
		} else {
			delete(w.vocab, term)
		}
		// Keep the words in order as they come and go, so the transducer
		// is rebuilt in one pass, without sorting the whole vocabulary.
		if i, found := slices.BinarySearch(w.words, term); n > 0 && !had && !found {
			w.words = slices.Insert(w.words, i, term)
		} else if n <= 0 && found {
			w.words = slices.Delete(w.words, i, i+1)
		}
	}
	v, err := caches.VocabFromSorted(w.words, w.vocab)
	if err != nil {
		return nil, err
	}
	adv, err := w.h.idx.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	fresh := map[string]bool{}
	for _, p := range u.Put {
		fresh[p.Name] = true
	}
	for name := range gone {
		if p, ok := old.Post(name); ok {
			w.tally.Remove(p)
		}
	}
	for _, p := range u.Put {
		w.tally.Add(p)
	}
	next, err := w.h.newSnapshot(r, pt, v, cat, w.tally, old.docs, fresh)
	if err != nil {
		return nil, err
	}
	w.cur = next
	old.Close()
	// The caches follow by a record in their journal, not a rewrite; a
	// crash before it only means the next Open rebuilds them from Bleve.
	rec := caches.Record{Generation: cat.Generation, Put: pt.Posts[len(pt.Posts)-len(u.Put):], Text: spans,
		Vocab: delta}
	for name := range gone { // deleted and replaced alike
		rec.Delete = append(rec.Delete, name)
	}
	if err := caches.AppendJournal(w.build, rec); err == nil {
		w.journaled++
	} else {
		w.journalLost = true
	}
	c := cat
	c.Labels = nil
	if data, err := json.MarshalIndent(c, "", "  "); err == nil {
		caches.WriteFileSync(filepath.Join(w.build, caches.CatalogFile), data)
	}
	if w.journaled >= journalCompactAfter {
		w.journaled = 0
		w.bg.Add(1)
		go w.compact(next.Share())
	}
	return next.Share(), nil
}

// journalCompactAfter is how many journal records the writer lets pile up
// before it writes the caches whole again (in the background), and
// journalCompactBytes how long a journal it leaves behind when it closes.
const (
	journalCompactAfter = 200
	journalCompactBytes = 1 << 20
)

// compact writes the caches of snapshot ix whole, unless a newer one came.
func (w *Writer) compact(ix *Snapshot) {
	defer w.bg.Done()
	defer ix.Close()
	w.saving.Lock()
	defer w.saving.Unlock()
	w.mu.Lock()
	newest := w.cur != nil && w.cur.Catalog.Generation == ix.Catalog.Generation
	var vocabulary map[string]uint32
	if newest {
		vocabulary = make(map[string]uint32, len(w.vocab))
		for k, n := range w.vocab {
			vocabulary[k] = n
		}
	}
	w.mu.Unlock()
	if !newest {
		return
	}
	cat := ix.Catalog
	cat.Labels = nil
	(caches.Set{Generation: cat.Generation, Posts: ix.postsTable(), Vocab: vocabulary, Catalog: cat}).Write(w.build)
}

// Build is the build directory the writer writes.
func (w *Writer) Build() string { return w.build }

// finish stops the writer: waits for background cache writes, writes the
// caches of the latest snapshot and lets go of the index. It returns the
// number of posts.
func (w *Writer) finish() (int, error) {
	w.bg.Wait()
	w.mu.Lock()
	ix := w.cur
	w.cur = nil
	w.mu.Unlock()
	if ix == nil {
		return 0, nil
	}
	// The journal has every update since the caches were last written
	// whole, so they need writing again only when it has grown long (or
	// an update failed to reach it): closing stays quick at any size.
	var err error
	if fi, serr := os.Stat(filepath.Join(w.build, caches.JournalFile)); w.journalLost || serr == nil && fi.Size() > journalCompactBytes {
		cat := ix.Catalog
		cat.Labels = nil
		err = (caches.Set{Generation: cat.Generation, Posts: ix.postsTable(), Vocab: w.vocab, Catalog: cat}).Write(w.build)
	}
	n := ix.Len()
	ix.Close()
	w.text.Close()
	w.h.release()
	return n, err
}

// Commit finishes a cloned build: closes it, reads it back, and makes it
// current. For a writer in place it is Close. Snapshots from the writer
// must be closed first.
func (w *Writer) Commit() error {
	if !w.clone {
		return w.Close()
	}
	defer w.lock.Close()
	n, err := w.finish()
	if err == nil {
		err = checkCount(folder.BleveDir(w.build), n)
	}
	if err != nil {
		os.RemoveAll(w.build)
		return err
	}
	return folder.Publish(w.dir, w.build)
}

// Abort throws a cloned build away; a writer in place only closes.
func (w *Writer) Abort() {
	if !w.clone {
		w.Close()
		return
	}
	w.finish()
	os.RemoveAll(w.build)
	w.lock.Close()
}

// Close writes the caches and closes the writer (not the snapshots it
// handed out: each closes on its own, and the index with the last).
func (w *Writer) Close() error {
	_, err := w.finish()
	w.lock.Close()
	return err
}
