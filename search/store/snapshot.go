package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/store/caches"
	"github.com/freerange/weeknotes/search/store/catalog"
	"github.com/freerange/weeknotes/search/store/fence"
	"github.com/freerange/weeknotes/search/store/folder"
	"github.com/freerange/weeknotes/search/store/schema"
	"github.com/freerange/weeknotes/search/suggest"
)

// ErrNoIndex means the directory holds no finished build.
var ErrNoIndex = folder.ErrNoIndex

// ErrLocked means another process is writing to the index.
var ErrLocked = folder.ErrLocked

// ErrClosed means the Snapshot was closed.
var ErrClosed = errors.New("the index is closed")

// ErrNotFound means no post has that name.
var ErrNotFound = errors.New("not found")

// handle is one open Bleve index of a build, shared by the snapshots read
// from it and the writer that updates it, and closed with the last of them.
type handle struct {
	build     string
	idx       bleve.Index
	text      *os.File             // text.dat, for reading
	summaries []caches.SummaryFile // the posts.gob files its snapshots read summaries from
	refs      atomic.Int64
}

func openHandle(build string, readOnly bool) (*handle, error) {
	// A build was written with unsafe batches, which Bleve records in the
	// index's metadata and would apply to every later writer: updates are
	// always safe batches, on disk before Batch returns.
	cfg := map[string]interface{}{"read_only": readOnly, "bolt_timeout": "2s", "unsafe_batch": false}
	idx, err := bleve.OpenUsing(folder.BleveDir(build), cfg)
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", build, err)
	}
	h := &handle{build: build, idx: idx}
	h.refs.Store(1)
	return h, nil
}

func (h *handle) acquire() { h.refs.Add(1) }

func (h *handle) release() error {
	if h.refs.Add(-1) != 0 {
		return nil
	}
	if h.text != nil {
		h.text.Close()
	}
	for _, f := range h.summaries {
		f.Close()
	}
	return h.idx.Close()
}

// reopenText opens text.dat again (after a cache rebuild replaced it).
func (h *handle) reopenText() error {
	f, err := os.Open(filepath.Join(h.build, caches.TextFile))
	if err != nil {
		return err
	}
	if h.text != nil {
		h.text.Close()
	}
	h.text = f
	return nil
}

// snapshot reads the index as it is now: from the caches when they are of
// this generation, else from Bleve, rewriting them. Caches of this
// generation whose posts Bleve does not hold (a crash between an update's
// batch and its journal record could leave them so) are stale all the
// same: they are rebuilt from Bleve, which is the index.
func (h *handle) snapshot() (*Snapshot, error) {
	s, stale, err := h.snapshotFrom(false)
	if stale {
		s, _, err = h.snapshotFrom(true)
	}
	return s, err
}

// snapshotFrom is snapshot, from Bleve if rebuild says so; stale reports
// caches read that Bleve disagrees with.
func (h *handle) snapshotFrom(rebuild bool) (_ *Snapshot, stale bool, _ error) {
	adv, err := h.idx.Advanced()
	if err != nil {
		return nil, false, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, false, err
	}
	cat, err := catalog.Of(r)
	if err != nil {
		r.Close()
		return nil, false, fmt.Errorf("open index %s: %w", h.build, err)
	}
	if cat.Schema != schema.Version {
		r.Close()
		return nil, false, fmt.Errorf("%w: index schema %d, this weeknotes reads %d", ErrNoIndex, cat.Schema, schema.Version)
	}
	var pt caches.Posts
	var v *suggest.Vocab
	cached := false
	if !rebuild {
		pt, v, err = caches.Read(h.build, cat.Generation)
		cached = err == nil
	}
	if !cached {
		if pt, v, err = rebuildCaches(h.build, r, cat); err != nil {
			r.Close()
			return nil, false, fmt.Errorf("open index %s: rebuild caches: %w", h.build, err)
		}
		if h.text != nil {
			h.text.Close()
			h.text = nil
		}
	}
	if h.text == nil {
		if err := h.reopenText(); err != nil {
			r.Close()
			v.Close()
			pt.Close()
			return nil, false, fmt.Errorf("open index %s: %w", h.build, err)
		}
	}
	s, err := h.newSnapshot(r, pt, v, cat, catalog.Count(pt.Posts), nil, nil)
	if err != nil {
		pt.Close()
		return nil, cached, err
	}
	if pt.Summaries != nil {
		h.summaries = append(h.summaries, pt.Summaries) // closed with h
	}
	return s, false, nil
}

// newSnapshot makes a Snapshot of the Bleve snapshot r with the posts pt;
// it takes over r and v and a reference to h. tally is the posts'
// (catalog.Count); prev and fresh: see newDocs.
func (h *handle) newSnapshot(r index.IndexReader, pt caches.Posts, v *suggest.Vocab, cat catalog.Catalog, tally catalog.Tally, prev *docs, fresh map[string]bool) (*Snapshot, error) {
	tally.Fill(&cat)
	cat.Posts = len(pt.Posts)
	d, err := newDocs(r, pt, prev, fresh)
	if err != nil {
		r.Close()
		v.Close()
		return nil, fmt.Errorf("open index %s: %w", h.build, err)
	}
	h.acquire()
	sn := &snap{h: h, reader: r, vocab: v}
	sn.refs.Store(1)
	return &Snapshot{snap: sn, Catalog: cat, Path: h.build, docs: d, fresh: fresh}, nil
}

// snap is what a Snapshot holds open: a Bleve snapshot, its vocabulary and
// a reference to the index. Shared by a Snapshot and its copies (Share),
// and closed with the last of them.
type snap struct {
	refs   atomic.Int64
	h      *handle
	reader index.IndexReader
	vocab  *suggest.Vocab
}

func (s *snap) release() error {
	if s.refs.Add(-1) != 0 {
		return nil
	}
	s.vocab.Close()
	s.reader.Close()
	return s.h.release()
}

// Snapshot is one state of a build, as it stood when taken: the Bleve
// snapshot for matching and scoring, every post's metadata in Bleve's
// document order (post i of Posts is document row i), where each post's
// plain text lies, and the vocabulary. It never changes; an update makes
// a new one (Writer.Apply). Rows are the only document numbers other
// packages see: the Bleve numbering behind them stays in this package
// (see package fence).
type Snapshot struct {
	Catalog catalog.Catalog
	Path    string // the build directory
	snap    *snap
	docs    *docs
	fresh   map[string]bool // the posts the update that made it put; nil: every post is new
	closed  atomic.Bool
}

// docs is a snapshot's posts in Bleve's document order. A search visits
// its matches in that order and reads each one's columns (date, facet
// values) to filter and count; with rows in the same order those reads
// run through memory rather than jump about it, which at 100,000 posts
// made a common word's search markedly faster (README, Performance).
type docs struct {
	posts      []archive.Post // without HTML and text, and without the summaries in summaries
	text       []caches.Span  // posts[i]'s plain text in text.dat
	summary    []caches.Span  // where posts[i]'s summary lies in summaries (Len 0: in posts[i]); nil: all in posts
	summaries  caches.SummaryFile
	internal   []uint64        // row -> Bleve's internal doc number
	byInternal []int32         // Bleve's internal doc number -> row; -1 for none
	segments   []fence.Segment // the snapshot's segments (see fence.Layout)
	byName     map[string]int32
	// bySource maps the post's file to its row. Only updates ask (Stamp,
	// PostBySource), so it is made the first time one does: a server
	// that never updates saves its 4 MB at 100,000 posts.
	bySourceOnce sync.Once
	bySource     map[string]int32
}

// newDocs lays out the posts pt for the Bleve snapshot r.
//
// fresh names the posts new to this snapshot (nil: all of them): the
// others have their Bleve document numbers worked out from prev's where
// their segment is in both snapshots (see package fence), which saves looking
// up every post's number after a small update.
func newDocs(r index.IndexReader, pt caches.Posts, prev *docs, fresh map[string]bool) (*docs, error) {
	posts := pt.Posts
	segments := fence.Layout(r)
	var renum *fence.Renumberer
	if prev != nil && fresh != nil {
		renum = fence.NewRenumberer(prev.segments, segments)
	}
	internal := make([]uint64, len(posts))
	for i, p := range posts {
		if renum != nil && !fresh[p.Name] {
			if row, ok := prev.byName[p.Name]; ok {
				if n, ok := renum.Renumber(prev.internal[row]); ok {
					internal[i] = n
					continue
				}
			}
		}
		iid, err := r.InternalID(p.Name)
		if err != nil || len(iid) != 8 {
			return nil, fmt.Errorf("post %s is in the table but not in the index", p.Name)
		}
		internal[i] = binary.BigEndian.Uint64(iid)
	}
	order := make([]int, len(posts))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return internal[order[a]] < internal[order[b]] })
	d := &docs{posts: permute(posts, order), text: permute(pt.Text, order), internal: permute(internal, order), summaries: pt.Summaries,
		segments: segments, byName: make(map[string]int32, len(posts))}
	if pt.Summary != nil {
		d.summary = permute(pt.Summary, order)
	}
	var maxInternal uint64
	for i, p := range d.posts {
		maxInternal = max(maxInternal, d.internal[i])
		d.byName[p.Name] = int32(i)
	}
	if n, _ := r.DocCount(); int(n) != len(posts) {
		return nil, fmt.Errorf("index holds %d posts, the table %d", n, len(posts))
	}
	if maxInternal > uint64(4*len(posts)+1024) {
		return nil, fmt.Errorf("index document numbers run to %d for %d posts", maxInternal, len(posts))
	}
	d.byInternal = make([]int32, maxInternal+1)
	for i := range d.byInternal {
		d.byInternal[i] = -1
	}
	for i, n := range d.internal {
		d.byInternal[n] = int32(i)
	}
	return d, nil
}

// rowOfSource is the row of the post read from the file at path.
func (d *docs) rowOfSource(path string) (int32, bool) {
	d.bySourceOnce.Do(func() {
		d.bySource = make(map[string]int32, len(d.posts))
		for i := range d.posts {
			d.bySource[d.posts[i].Source] = int32(i)
		}
	})
	i, ok := d.bySource[path]
	return i, ok
}

// permute returns xs in the given order: out[i] = xs[order[i]].
func permute[T any](xs []T, order []int) []T {
	out := make([]T, len(order))
	for i, j := range order {
		out[i] = xs[j]
	}
	return out
}

// Share is another reference to the same snapshot, closed on its own.
func (s *Snapshot) Share() *Snapshot {
	s.snap.refs.Add(1)
	return &Snapshot{snap: s.snap, Catalog: s.Catalog, Path: s.Path, docs: s.docs, fresh: s.fresh}
}

// TryShare is Share unless the snapshot has already been let go of by
// every holder (then false): a reader that found s through a pointer that
// may since have been swapped uses it to take s only while it is open.
func (s *Snapshot) TryShare() (*Snapshot, bool) {
	for {
		n := s.snap.refs.Load()
		if n <= 0 {
			return nil, false
		}
		if s.snap.refs.CompareAndSwap(n, n+1) {
			return &Snapshot{snap: s.snap, Catalog: s.Catalog, Path: s.Path, docs: s.docs, fresh: s.fresh}, true
		}
	}
}

// Is reports whether s and o are the same snapshot (shares of one).
func (s *Snapshot) Is(o *Snapshot) bool { return o != nil && s.snap == o.snap }

// Close releases the snapshot (and the index, with its last snapshot).
// Closing twice is safe.
func (s *Snapshot) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	return s.snap.release()
}

// Put reports whether the update that made this snapshot put the post of
// that name (true for every post of a snapshot not made by an update): a
// post not put is as it was in the snapshot before.
func (s *Snapshot) Put(name string) bool { return s.fresh == nil || s.fresh[name] }

// Reader is the Bleve snapshot, for searchers.
func (s *Snapshot) Reader() index.IndexReader { return s.snap.reader }

// Mapping is the index's mapping, for searchers and facet builders.
func (s *Snapshot) Mapping() mapping.IndexMapping { return s.snap.h.idx.Mapping() }

// Vocab is the vocabulary: every indexed term with its number of posts.
func (s *Snapshot) Vocab() *suggest.Vocab { return s.snap.vocab }

// Generation counts the updates applied to the build since it was made.
func (s *Snapshot) Generation() uint64 { return s.Catalog.Generation }

// DocCount is the number of posts in the Bleve snapshot.
func (s *Snapshot) DocCount() (uint64, error) {
	if s.closed.Load() {
		return 0, ErrClosed
	}
	return s.snap.reader.DocCount()
}

// Len is the number of posts (rows).
func (s *Snapshot) Len() int { return len(s.docs.posts) }

// At is the post of a row, without HTML and text, and without its summary
// (see Summary) unless the post was put since the caches were last
// written whole. Callers must not change it.
func (s *Snapshot) At(row int32) *archive.Post { return &s.docs.posts[row] }

// Summary is a row's summary: most are read from the caches when asked
// for, not kept in memory (see caches.Posts). A summary that cannot be
// read is "".
func (s *Snapshot) Summary(row int32) string {
	sum, _ := caches.ReadSummary(s.docs.summaries, s.docs.summary, s.docs.posts, int(row))
	return sum
}

// withSummary is a row's post with its summary.
func (s *Snapshot) withSummary(row int32) archive.Post {
	p := s.docs.posts[row]
	p.Summary = s.Summary(row)
	return p
}

// Row is the row of the post of that name.
func (s *Snapshot) Row(name string) (int32, bool) {
	r, ok := s.docs.byName[name]
	return r, ok
}

// Posts is every post of the snapshot, without HTML and text, and
// without the summaries At leaves out.
func (s *Snapshot) Posts() []archive.Post { return append([]archive.Post(nil), s.docs.posts...) }

// Post is the stored post of that name, without HTML and text.
func (s *Snapshot) Post(name string) (archive.Post, bool) {
	i, ok := s.docs.byName[name]
	if !ok {
		return archive.Post{}, false
	}
	return s.withSummary(i), true
}

// PostBySource is the post read from the file at path.
func (s *Snapshot) PostBySource(path string) (archive.Post, bool) {
	i, ok := s.docs.rowOfSource(path)
	if !ok {
		return archive.Post{}, false
	}
	return s.withSummary(i), true
}

// Stamps are the stamps of every file the index has read: its posts' and
// the catalog's other files.
func (s *Snapshot) Stamps() map[string]archive.FileStamp {
	out := make(map[string]archive.FileStamp, len(s.docs.posts)+len(s.Catalog.Files))
	for f, st := range s.Catalog.Files {
		out[f] = st
	}
	for i := range s.docs.posts {
		out[s.docs.posts[i].Source] = s.docs.posts[i].File
	}
	return out
}

// Stamp is the stamp of the file at path (slash-separated, in the soup)
// as the index last read it: a post's, or one of the catalog's Files.
func (s *Snapshot) Stamp(path string) (archive.FileStamp, bool) {
	if i, ok := s.docs.rowOfSource(path); ok {
		return s.docs.posts[i].File, true
	}
	st, ok := s.Catalog.Files[path]
	return st, ok
}

// Text is a post's indexed plain text, from text.dat.
func (s *Snapshot) Text(row int32) (string, error) {
	text, _, err := s.ReadText(row, -1, nil)
	return text, err
}

// ReadText is the first n bytes of a post's text (all of it when n < 0),
// read through buf, which it returns (grown if need be) for the next call.
func (s *Snapshot) ReadText(row int32, n int64, buf []byte) (string, []byte, error) {
	sp := s.docs.text[row]
	if n >= 0 && sp.Len > n {
		sp.Len = n
	}
	if int64(cap(buf)) < sp.Len {
		buf = make([]byte, sp.Len)
	}
	buf = buf[:sp.Len]
	if _, err := s.snap.h.text.ReadAt(buf, sp.Off); err != nil {
		return "", buf, fmt.Errorf("text of %s: %w", s.docs.posts[row].Name, err)
	}
	return string(buf), buf, nil
}

// Get returns the post named name, with its HTML (a stored field).
func (s *Snapshot) Get(ctx context.Context, name string) (archive.Post, error) {
	i, ok := s.docs.byName[name]
	if !ok {
		return archive.Post{}, ErrNotFound
	}
	p := s.withSummary(i)
	doc, err := s.snap.reader.Document(name)
	if err != nil || doc == nil {
		return archive.Post{}, fmt.Errorf("get %q: %v", name, err)
	}
	doc.VisitFields(func(f index.Field) {
		if f.Name() == schema.FieldHTML {
			p.HTML = string(f.Value())
		}
	})
	return p, nil
}

// postsTable is what posts.gob would hold for this snapshot.
func (s *Snapshot) postsTable() caches.Posts {
	return caches.Posts{Generation: s.Catalog.Generation, Posts: s.docs.posts, Text: s.docs.text,
		Summary: s.docs.summary, Summaries: s.docs.summaries}
}

// Same reports whether the snapshot holds p exactly as given: metadata,
// text and HTML.
func (s *Snapshot) Same(p archive.Post) bool {
	row, ok := s.docs.byName[p.Name]
	if !ok {
		return false
	}
	if !bytes.Equal(schema.EncodeMeta(s.withSummary(row)), schema.EncodeMeta(p)) {
		return false
	}
	if text, err := s.Text(row); err != nil || text != p.Text {
		return false
	}
	old, err := s.Get(context.Background(), p.Name)
	return err == nil && old.HTML == p.HTML
}
