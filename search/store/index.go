package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/store/caches"
	"github.com/freerange/weeknotes/search/store/catalog"
	"github.com/freerange/weeknotes/search/store/fence"
	"github.com/freerange/weeknotes/search/store/folder"
	"github.com/freerange/weeknotes/search/store/schema"
)

// The Bleve index holds everything: each post is a document (its text,
// facet fields, date, week, stored metadata and HTML), and the catalog
// (people, projects, source, the files seen) and a generation number are
// in its internal store. Every other file of a build is a cache (package
// caches) that Open rebuilds from Bleve when it is missing or describes
// another generation. Where builds live and how one is swapped in is
// package folder's.

// DefaultBatchSize is how many posts go to Bleve at a time: each batch
// becomes a segment, merged into one when the build finishes. Since posts
// carry their stored text and HTML, a batch's segment is what a build's
// peak memory grows with: 1,000 costs more CPU than 3,000 but keeps a
// large build's memory below what it was before posts were stored
// (README, Performance).
const DefaultBatchSize = 1000

// Contents is what Build writes: every post, person and project.
type Contents struct {
	Posts    []archive.Post
	People   []archive.Entity
	Projects []archive.Entity
	Source   catalog.Source
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
	return b.Finish(context.Background(), a.People, a.Projects, a.Source, a.Files)
}

// Builder writes a new build post by post, so no more than a batch of
// rendered posts is ever held in memory: Bleve gets the text, html.dat and
// text.dat the page and the plain text, and only each post's metadata is
// kept for posts.gob. Nothing under dir changes until Finish swaps the
// build in; Abort, or a crash, leaves only a tmp- directory behind.
type Builder struct {
	dir, tmp   string
	start      time.Time
	idx        bleve.Index
	prep       *schema.Preparer
	batch      *bleve.Batch
	writers    *fence.BatchWriters
	text       *caches.SpanWriter
	posts      caches.Posts
	lock       *os.File // the index directory's writer lock
	mem        *memoryLimit
	finished   bool
	textLength uint64 // see catalog.Catalog.TextLength
	// BatchSize is how many posts go to Bleve at a time (DefaultBatchSize).
	BatchSize int
}

// NewBuilder starts a build under dir.
func NewBuilder(dir string) (*Builder, error) {
	b := &Builder{dir: dir, start: time.Now(), BatchSize: DefaultBatchSize}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("index directory: %w", err)
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
	b.tmp, b.lock = tmp, lock
	// Unsafe batches, made safe by waiting for each to persist: see
	// fence.BatchWriters.
	m := schema.Mapping()
	if b.prep, err = schema.NewPreparer(m); err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("create index: %w", err)
	}
	b.idx, err = bleve.NewUsing(folder.BleveDir(tmp), m, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, fence.BuildConfig())
	if err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("create index: %w", err)
	}
	b.batch = b.idx.NewBatch()
	b.writers = fence.NewBatchWriters(b.idx)
	if b.text, err = caches.NewSpanWriter(filepath.Join(tmp, caches.TextFile)); err != nil {
		b.Abort()
		return nil, fmt.Errorf("create index: %w", err)
	}
	b.mem = limitMemory()
	return b, nil
}

// Prepared is a post analysed for the index by Builder.Prepare, ready
// for Builder.AddPrepared.
type Prepared struct {
	post archive.Post
	doc  *schema.Prepared
}

// Prepare analyses p for the index ahead of AddPrepared. Unlike Add it is
// safe for concurrent use, so a caller with posts arriving from several
// goroutines can spread analysis, most of a build's work, over them.
func (b *Builder) Prepare(p archive.Post) *Prepared {
	return &Prepared{post: p, doc: b.prep.Prepare(p)}
}

// Add prepares and writes one post. Builder is not safe for concurrent
// use.
func (b *Builder) Add(p archive.Post) error { return b.AddPrepared(b.Prepare(p)) }

// AddPrepared writes one post that Prepare analysed.
func (b *Builder) AddPrepared(pr *Prepared) error {
	p := pr.post
	pr.post = archive.Post{}
	b.textLength += uint64(pr.doc.Length)
	if err := b.batch.IndexAdvanced(pr.doc.Doc); err != nil {
		return fmt.Errorf("index %s: %w", p.Source, err)
	}
	pr.doc = nil
	ts, err := b.text.Write(p.Text)
	if err != nil {
		return fmt.Errorf("write %s: %w", caches.TextFile, err)
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
	if err := b.writers.Write(b.batch); err != nil {
		return err
	}
	b.batch = b.idx.NewBatch()
	return nil
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
		b.writers.Wait()
	}
	if b.idx != nil {
		b.idx.Close()
	}
	b.text.Close()
	os.RemoveAll(b.tmp)
	b.lock.Close()
	b.mem.restore()
}

// Finish completes the build, reads it back, and makes it current.
// files are the soup's files that are not posts (see Catalog.Files).
// Cancelling ctx stops the final merge (at 100,000 posts, 15 s of one
// core) and throws the build away.
func (b *Builder) Finish(ctx context.Context, people, projects []archive.Entity, src catalog.Source, files map[string]archive.FileStamp) error {
	if b.finished {
		return errors.New("build already finished")
	}
	ok := false
	defer func() {
		if !ok {
			b.Abort()
		}
	}()
	cat := catalog.Catalog{
		Schema:     schema.Version,
		BuiltAt:    time.Now().UTC(),
		Source:     src,
		Posts:      len(b.posts.Posts),
		People:     people,
		Projects:   projects,
		Files:      files,
		Took:       time.Since(b.start),
		TextLength: b.textLength,
	}
	if err := catalog.Put(b.batch, &cat); err != nil {
		return err
	}
	if err := b.flush(); err != nil {
		return err
	}
	if err := b.writers.Wait(); err != nil {
		return err
	}
	// The merge maps every segment's file, and RSS counts the pages it
	// reads (800 MB at 100,000 posts): hand the heap the posts left behind
	// back to the system first, so the two do not add up.
	debug.FreeOSMemory()
	if err := fence.Merge(ctx, b.idx, folder.BleveDir(b.tmp)); err != nil {
		return err
	}
	idx := b.idx
	b.idx = nil
	if err := idx.Close(); err != nil {
		return fmt.Errorf("close index: %w", err)
	}
	if err := safeMeta(folder.BleveDir(b.tmp)); err != nil {
		return err
	}
	// Reopen and count: a build is only swapped in when it reads back whole.
	if err := checkCount(folder.BleveDir(b.tmp), len(b.posts.Posts)); err != nil {
		return err
	}
	if err := b.text.Finish(); err != nil {
		return fmt.Errorf("write %s: %w", caches.TextFile, err)
	}
	c := caches.Set{Generation: cat.Generation, Posts: b.posts, Vocab: b.prep.Vocabulary(), Catalog: cat}
	if err := c.Write(b.tmp); err != nil {
		return err
	}
	ok, b.finished = true, true
	b.mem.restore()
	defer b.lock.Close()
	return folder.Publish(b.dir, b.tmp)
}

// safeMeta takes the build's own settings (fence.BuildConfig: unsafe
// batches, no merging) out of a finished build's index metadata, where
// Bleve recorded them: whoever opens the index to write to it next,
// Weeknotes or plain Bleve, gets safe batches and Bleve's merging.
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
		for key := range fence.BuildConfig() {
			delete(cfg, key)
		}
	}
	if data, err = json.Marshal(meta); err != nil {
		return fmt.Errorf("index metadata: %w", err)
	}
	return caches.WriteFileSync(file, data)
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
