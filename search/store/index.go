package store

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/freerange/weeknotes/search/archive"
)

// Layout of an index directory:
//
//	DIR/current               symbolic link to the build being served
//	DIR/builds/ID/index       the Bleve index: the archive itself
//	DIR/builds/ID/posts.gob   cache: every post's metadata, for the in-memory table
//	DIR/builds/ID/text.dat    cache: every post's indexed plain text, for snippets
//	DIR/builds/ID/words.fst   cache: the vocabulary, for suggestions (see vocabFile)
//	DIR/builds/ID/catalog.json cache: the catalog, readable without opening Bleve
//	DIR/builds/ID/cache.json  which generation of the index the caches describe
//
// The Bleve index holds everything: each post is a document (its text,
// facet fields, date, week, stored metadata and HTML), and the catalog
// (people, projects, source, the files seen) and a generation number are
// in its internal store. Every other file is a cache that Open rebuilds
// from Bleve when it is missing or describes another generation.
//
// A full build is written under DIR/builds/tmp-*, checked, renamed and then
// made current by renaming a new link over DIR/current, which is atomic: a
// build that fails or is killed leaves the previous one serving. Updates
// (Writer) are Bleve batches applied to an open build.
const (
	currentLink = "current"
	buildsDir   = "builds"
	indexSub    = "index"
	catalogFile = "catalog.json"
	postsFile   = "posts.gob"
	textFile    = "text.dat"
	cacheFile   = "cache.json"
	// resultCacheSize is how many recent results an Index keeps. A result
	// is one page: ten posts' metadata and snippets and the facets, a few
	// kilobytes, so this is a few megabytes at most.
	resultCacheSize = 1024
)

// Keys of the Bleve index's internal store.
var (
	internalCatalog    = []byte("weeknotes.catalog")
	internalGeneration = []byte("weeknotes.generation")
)

// DefaultBatchSize is how many posts go to Bleve at a time: each batch
// becomes a segment, merged into one when the build finishes. Since posts
// carry their stored text and HTML, a batch's segment is what a build's
// peak memory grows with: 1,000 costs more CPU than 3,000 but keeps a
// large build's memory below what it was before posts were stored
// (README, Performance).
const DefaultBatchSize = 1000

// Source describes what an index was built from, so a caller can tell
// whether it is stale. The search package doesn't interpret it.
type Source struct {
	Dir    string `json:"dir"`
	Drafts bool   `json:"drafts"`
}

// Catalog is what an index knows besides its documents: the archive's
// people and projects and the labels of facet values.
type Catalog struct {
	Schema   int                          `json:"schema"`
	BuiltAt  time.Time                    `json:"built_at"`
	Took     time.Duration                `json:"took"`
	Source   Source                       `json:"source"`
	Posts    int                          `json:"posts"`
	People   []archive.Entity             `json:"people"`
	Projects []archive.Entity             `json:"projects"`
	Labels   map[string]map[string]string `json:"labels"` // facet -> slug -> label; computed from the posts
	// Files are the soup's files that are not posts in the index (people,
	// projects, pages, drafts, broken files), as last read, so an update
	// can tell what changed. Posts carry their own stamps.
	Files      map[string]archive.FileStamp `json:"files,omitempty"`
	Generation uint64                       `json:"generation"` // updates applied since the build; from Bleve
}

// Label returns the display label of a facet value, or the value itself.
func (c *Catalog) Label(facet, value string) string {
	if l := c.Labels[facet][value]; l != "" {
		return l
	}
	return value
}

// Contents is what Build writes: every post, person and project.
type Contents struct {
	Posts    []archive.Post
	People   []archive.Entity
	Projects []archive.Entity
	Source   Source
	Files    map[string]archive.FileStamp // see Catalog.Files
	// BatchSize is how many posts go to Bleve at a time; 0 means
	// DefaultBatchSize (tests make builds of several small batches).
	BatchSize int
}

// Build writes a into a new build under dir and makes it current. progress,
// if set, is called after each batch with the number of posts written.
func Build(dir string, a Contents, progress func(done, total int)) error {
	b, err := NewBuilder(dir)
	if err != nil {
		return err
	}
	if a.BatchSize > 0 {
		b.BatchSize = a.BatchSize
	}
	batchSize := b.BatchSize
	// Posts are analysed a batch at a time on every core, then added in
	// their order.
	window := make([]*Prepared, 0, batchSize)
	for start := 0; start < len(a.Posts); start += batchSize {
		posts := a.Posts[start:min(start+batchSize, len(a.Posts))]
		window = window[:len(posts)]
		var wg sync.WaitGroup
		next := make(chan int)
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				for i := range next {
					window[i] = b.Prepare(posts[i])
				}
			})
		}
		for i := range window {
			next <- i
		}
		close(next)
		wg.Wait()
		for _, pr := range window {
			if err := b.AddPrepared(pr); err != nil {
				b.Abort()
				return err
			}
		}
		if progress != nil {
			progress(start+len(window), len(a.Posts))
		}
	}
	if progress != nil {
		progress(len(a.Posts), len(a.Posts))
	}
	return b.Finish(a.People, a.Projects, a.Source, a.Files)
}

// Builder writes a new build post by post, so no more than a batch of
// rendered posts is ever held in memory: Bleve gets the text, html.dat and
// text.dat the page and the plain text, and only each post's metadata is
// kept for posts.gob. Nothing under dir changes until Finish swaps the
// build in; Abort, or a crash, leaves only a tmp- directory behind.
type Builder struct {
	dir, tmp string
	start    time.Time
	idx      bleve.Index
	prep     *preparer
	batch    *bleve.Batch
	writers  *batchWriters
	text     *spanWriter
	posts    postsTable
	lock     *os.File // the index directory's writer lock
	finished bool
	// BatchSize is how many posts go to Bleve at a time (DefaultBatchSize).
	BatchSize int
}

// NewBuilder starts a build under dir.
func NewBuilder(dir string) (*Builder, error) {
	b := &Builder{dir: dir, start: time.Now(), BatchSize: DefaultBatchSize}
	builds := filepath.Join(dir, buildsDir)
	if err := os.MkdirAll(builds, 0o755); err != nil {
		return nil, fmt.Errorf("index directory: %w", err)
	}
	lock, err := lockFile(dir)
	if err != nil {
		return nil, err
	}
	RemoveStaleTemps(dir)
	tmp, err := os.MkdirTemp(builds, "tmp-")
	if err != nil {
		lock.Close()
		return nil, fmt.Errorf("index directory: %w", err)
	}
	b.tmp, b.lock = tmp, lock
	// Unsafe batches, made safe by waiting for each to persist: see
	// batchWriters.
	m := buildMapping()
	if b.prep, err = newPreparer(m); err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("create index: %w", err)
	}
	b.idx, err = bleve.NewUsing(filepath.Join(tmp, indexSub), m, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, map[string]interface{}{"unsafe_batch": true})
	if err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("create index: %w", err)
	}
	b.batch = b.idx.NewBatch()
	b.writers = newBatchWriters(b.idx)
	if b.text, err = newSpanWriter(filepath.Join(tmp, textFile)); err != nil {
		b.Abort()
		return nil, fmt.Errorf("create index: %w", err)
	}
	return b, nil
}

// Prepared is a post analysed for the index by Builder.Prepare, ready
// for Builder.AddPrepared.
type Prepared struct {
	post archive.Post
	*prepared
}

// Prepare analyses p for the index ahead of AddPrepared. Unlike Add it is
// safe for concurrent use, so a caller with posts arriving from several
// goroutines can spread analysis, most of a build's work, over them.
func (b *Builder) Prepare(p archive.Post) *Prepared {
	return &Prepared{post: p, prepared: b.prep.prepare(p)}
}

// Add prepares and writes one post. Builder is not safe for concurrent
// use.
func (b *Builder) Add(p archive.Post) error { return b.AddPrepared(b.Prepare(p)) }

// AddPrepared writes one post that Prepare analysed.
func (b *Builder) AddPrepared(pr *Prepared) error {
	p := pr.post
	pr.post = archive.Post{}
	if err := b.batch.IndexAdvanced(pr.doc); err != nil {
		return fmt.Errorf("index %s: %w", p.Source, err)
	}
	pr.prepared = nil
	ts, err := b.text.write(p.Text)
	if err != nil {
		return fmt.Errorf("write %s: %w", textFile, err)
	}
	p.HTML, p.Text = "", ""
	b.posts.Posts = append(b.posts.Posts, p)
	b.posts.Text = append(b.posts.Text, ts)
	if b.batch.Size() >= b.BatchSize {
		return b.flush()
	}
	return nil
}

// flush hands the batch to a writer and starts a new one.
func (b *Builder) flush() error {
	if b.batch.Size() == 0 {
		return nil
	}
	if err := b.writers.write(b.batch); err != nil {
		return err
	}
	b.batch = b.idx.NewBatch()
	return nil
}

// batchWriters write batches on two goroutines. Bleve builds each batch's
// segment inside Batch, on the caller's goroutine, and that is the largest
// single cost of a build; Batch is safe for concurrent use, so two at a
// time keep both cores of a small machine busy while the next batch fills.
//
// The index is opened with unsafe batches: Batch returns once its segment
// is in memory rather than on disk, so writers never wait on the
// persister (with safe batches they did, and the renderers stalled behind
// them). Every batch gets a persisted callback, and wait returns only when
// all have fired, so the index is whole on disk before it is closed.
// BLEVE.md's warning about unsafe batches was an index closed before its
// last segments were persisted; this wait, and the count Finish checks on
// reopening, are what make them safe here.
type batchWriters struct {
	idx       bleve.Index
	todo      chan *bleve.Batch
	wg        sync.WaitGroup
	persisted sync.WaitGroup
	mu        sync.Mutex
	err       error
}

const parallelBatches = 2

func newBatchWriters(idx bleve.Index) *batchWriters {
	todo := make(chan *bleve.Batch)
	w := &batchWriters{idx: idx, todo: todo}
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

func (w *batchWriters) fail(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		w.err = err
	}
}

func (w *batchWriters) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// write queues a batch, waiting while both writers are busy. It reports
// an earlier batch's failure.
func (w *batchWriters) write(batch *bleve.Batch) error {
	if err := w.failed(); err != nil {
		return err
	}
	w.todo <- batch
	return nil
}

// wait lets the writers finish, waits until every batch is on disk, and
// reports the first failure. It may be called more than once.
func (w *batchWriters) wait() error {
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
			if n := persistErrors(w.idx); n > 0 {
				w.fail(fmt.Errorf("write index: persisting failed %d times", n))
				return w.failed()
			}
		}
	}
}

// persistErrors is how many times Bleve's persister has failed.
func persistErrors(idx bleve.Index) uint64 { return scorchStat(idx, "TotPersistLoopErr") }

func scorchStat(idx bleve.Index, name string) uint64 {
	stats, _ := idx.StatsMap()["index"].(map[string]interface{})
	n, _ := stats[name].(uint64)
	return n
}

// mergeSegments merges a finished build's segments into one and waits
// until that is on disk. A search opens every segment's dictionary for
// each word it looks up: at 100,000 posts the six segments a build left
// had the server map in 156 MB of index after 60 searches, one segment
// 38 MB (README, Performance). It costs a few seconds of the build.
func mergeSegments(idx bleve.Index) error {
	adv, err := idx.Advanced()
	if err != nil {
		return err
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	done := make(chan error, 1)
	go func() { done <- sc.ForceMerge(context.Background(), nil) }()
	// Bleve reports a failed merge only in its statistics, and retries.
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for merged := false; !merged; {
		select {
		case err := <-done:
			if err != nil {
				return fmt.Errorf("merge index: %w", err)
			}
			merged = true
		case <-tick.C:
			if n := scorchStat(idx, "TotFileMergeLoopErr"); n > 0 {
				return fmt.Errorf("merge index: failed %d times", n)
			}
		}
	}
	// The merged segment is in use; one more (empty) batch, once persisted,
	// says the snapshot that uses it is on disk too.
	w := newBatchWriters(idx)
	if err := w.write(idx.NewBatch()); err != nil {
		return err
	}
	return w.wait()
}

// Count is the number of posts added so far.
func (b *Builder) Count() int { return len(b.posts.Posts) }

// Abort throws the build away.
func (b *Builder) Abort() {
	if b.finished {
		return
	}
	b.finished = true
	if b.writers != nil {
		b.writers.wait()
	}
	if b.idx != nil {
		b.idx.Close()
	}
	b.text.close()
	os.RemoveAll(b.tmp)
	b.lock.Close()
}

// Finish completes the build, reads it back, and makes it current.
// files are the soup's files that are not posts (see Catalog.Files).
func (b *Builder) Finish(people, projects []archive.Entity, src Source, files map[string]archive.FileStamp) error {
	if b.finished {
		return errors.New("build already finished")
	}
	ok := false
	defer func() {
		if !ok {
			b.Abort()
		}
	}()
	cat := Catalog{
		Schema:   SchemaVersion,
		BuiltAt:  time.Now().UTC(),
		Source:   src,
		Posts:    len(b.posts.Posts),
		People:   people,
		Projects: projects,
		Files:    files,
		Took:     time.Since(b.start),
	}
	if err := putCatalog(b.batch, &cat); err != nil {
		return err
	}
	if err := b.flush(); err != nil {
		return err
	}
	if err := b.writers.wait(); err != nil {
		return err
	}
	if err := mergeSegments(b.idx); err != nil {
		return err
	}
	idx := b.idx
	b.idx = nil
	if err := idx.Close(); err != nil {
		return fmt.Errorf("close index: %w", err)
	}
	if err := safeMeta(filepath.Join(b.tmp, indexSub)); err != nil {
		return err
	}
	// Reopen and count: a build is only swapped in when it reads back whole.
	if err := checkCount(filepath.Join(b.tmp, indexSub), len(b.posts.Posts)); err != nil {
		return err
	}
	if err := b.text.finish(); err != nil {
		return fmt.Errorf("write %s: %w", textFile, err)
	}
	c := caches{posts: b.posts, vocab: b.prep.vocabulary(), catalog: cat}
	if err := c.write(b.tmp); err != nil {
		return err
	}
	id := time.Now().UTC().Format("20060102T150405.000000000")
	if err := os.Rename(b.tmp, filepath.Join(b.dir, buildsDir, id)); err != nil {
		return fmt.Errorf("index directory: %w", err)
	}
	ok, b.finished = true, true
	defer b.lock.Close()
	if err := swapCurrent(b.dir, filepath.Join(buildsDir, id)); err != nil {
		return err
	}
	pruneBuilds(b.dir, id)
	return nil
}

// safeMeta takes unsafe batches out of a finished build's index metadata,
// where Bleve recorded them: whoever opens the index to write to it next,
// Weeknotes or plain Bleve, gets safe batches.
func safeMeta(path string) error {
	file := filepath.Join(path, "index_meta.json")
	data, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("index metadata: %w", err)
	}
	var meta map[string]any
	if err := json.Unmarshal(data, &meta); err != nil {
		return fmt.Errorf("index metadata: %w", err)
	}
	if cfg, ok := meta["config"].(map[string]any); ok {
		delete(cfg, "unsafe_batch")
	}
	if data, err = json.Marshal(meta); err != nil {
		return fmt.Errorf("index metadata: %w", err)
	}
	return writeFileSync(file, data)
}

func checkCount(path string, want int) error {
	check, err := bleve.OpenUsing(path, map[string]interface{}{"read_only": true})
	if err != nil {
		return fmt.Errorf("reopen new index: %w", err)
	}
	defer check.Close()
	n, err := check.DocCount()
	if err != nil {
		return fmt.Errorf("count new index: %w", err)
	}
	if int(n) != want {
		return fmt.Errorf("new index holds %d posts, expected %d", n, want)
	}
	return nil
}

// spanWriter appends strings to a file and says where each went.
type spanWriter struct {
	f   *os.File
	w   *bufio.Writer
	off int64
}

func newSpanWriter(path string) (*spanWriter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	return &spanWriter{f: f, w: bufio.NewWriterSize(f, 1<<20)}, nil
}

func (w *spanWriter) write(s string) (span, error) {
	sp := span{Off: w.off, Len: int64(len(s))}
	_, err := w.w.WriteString(s)
	w.off += int64(len(s))
	return sp, err
}

func (w *spanWriter) finish() error {
	if err := w.w.Flush(); err != nil {
		return err
	}
	if err := w.f.Sync(); err != nil {
		return err
	}
	return w.f.Close()
}

func (w *spanWriter) close() {
	if w != nil {
		w.f.Close()
	}
}

// labelCounts counts, per facet and value, the labels posts give it.
type labelCounts map[string]map[string]map[string]int

func (lc labelCounts) add(p archive.Post) {
	put := func(facet string, t archive.Term) {
		if t.Slug == "" {
			return
		}
		if lc[facet] == nil {
			lc[facet] = map[string]map[string]int{}
		}
		if lc[facet][t.Slug] == nil {
			lc[facet][t.Slug] = map[string]int{}
		}
		lc[facet][t.Slug][t.Label]++
	}
	put(FieldAuthor, p.Author)
	for _, t := range p.Topics {
		put(FieldTopics, t)
	}
	for _, t := range p.Projects {
		put(FieldProjects, t)
	}
}

// best picks each facet value's label: the one most posts use.
func (lc labelCounts) best() map[string]map[string]string {
	out := map[string]map[string]string{}
	for facet, bySlug := range lc {
		out[facet] = map[string]string{}
		for slug, byLabel := range bySlug {
			best, n := "", -1
			for l, c := range byLabel {
				if c > n || c == n && l < best {
					best, n = l, c
				}
			}
			out[facet][slug] = best
		}
	}
	return out
}

// writeFileSync writes path whole or not at all: a new file, synced, then
// renamed over the old one. A cache is never changed in place, so one
// linked into another build (see Writer) is never changed under it.
func writeFileSync(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// swapCurrent points DIR/current at target by renaming a new link over it.
func swapCurrent(dir, target string) error {
	tmp := filepath.Join(dir, fmt.Sprintf(".current-%d", time.Now().UnixNano()))
	if err := os.Symlink(target, tmp); err != nil {
		return fmt.Errorf("switch to new index: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, currentLink)); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("switch to new index: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// pruneBuilds removes builds older than the current one and the one before
// it; a server may still be reading the one before. A build some process
// has open (Bleve's lock on it says so) is never removed.
func pruneBuilds(dir, current string) {
	entries, err := os.ReadDir(filepath.Join(dir, buildsDir))
	if err != nil {
		return
	}
	var done []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), "tmp-") && e.Name() < current {
			done = append(done, e.Name())
		}
	}
	sort.Strings(done)
	for i := 0; i < len(done)-1; i++ {
		if build := filepath.Join(dir, buildsDir, done[i]); !inUse(build) {
			os.RemoveAll(build)
		}
	}
}

// RemoveStaleTemps clears builds under the index directory dir that were
// killed before they finished. A build under way holds the writer lock,
// so while the lock is free no tmp- directory can be one in progress.
func RemoveStaleTemps(dir string) {
	builds := filepath.Join(dir, buildsDir)
	entries, _ := os.ReadDir(builds)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "tmp-") {
			os.RemoveAll(filepath.Join(builds, e.Name()))
		}
	}
}
