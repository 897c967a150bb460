package search

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// Layout of an index directory:
//
//	DIR/current             symbolic link to the build being served
//	DIR/builds/ID/index     the Bleve index
//	DIR/builds/ID/catalog.json  people, projects, labels, source stamp
//	DIR/builds/ID/posts.gob     every post's metadata, for the in-memory table
//	DIR/builds/ID/html.dat      every post's rendered HTML, end to end
//	DIR/builds/ID/text.dat      every post's indexed plain text, for snippets
//
// A build is written under DIR/builds/tmp-*, checked, renamed and then
// made current by renaming a new link over DIR/current, which is atomic: a
// build that fails or is killed leaves the previous one serving.
const (
	currentLink = "current"
	buildsDir   = "builds"
	indexSub    = "index"
	catalogFile = "catalog.json"
	postsFile   = "posts.gob"
	htmlFile    = "html.dat"
	textFile    = "text.dat"
	batchSize   = 1000
	// resultCacheSize is how many recent results an Index keeps. A result
	// is one page: ten posts' metadata and snippets and the facets, a few
	// kilobytes, so this is a few megabytes at most.
	resultCacheSize = 1024
)

// Source describes what an index was built from, so a caller can tell
// whether it is stale. The search package doesn't interpret it.
type Source struct {
	Dir    string    `json:"dir"`
	Drafts bool      `json:"drafts"`
	Newest time.Time `json:"newest"` // newest modification time under Dir
	Files  int       `json:"files"`
}

// Catalog is what an index knows besides its documents: the archive's
// people and projects and the labels of facet values.
type Catalog struct {
	Schema   int                          `json:"schema"`
	BuiltAt  time.Time                    `json:"built_at"`
	Took     time.Duration                `json:"took"`
	Source   Source                       `json:"source"`
	Posts    int                          `json:"posts"`
	People   []Entity                     `json:"people"`
	Projects []Entity                     `json:"projects"`
	Labels   map[string]map[string]string `json:"labels"` // facet -> slug -> label
}

// Label returns the display label of a facet value, or the value itself.
func (c *Catalog) Label(facet, value string) string {
	if l := c.Labels[facet][value]; l != "" {
		return l
	}
	return value
}

// Archive is what Build writes: every post, person and project.
type Archive struct {
	Posts    []Post
	People   []Entity
	Projects []Entity
	Source   Source
}

// Build writes a into a new build under dir and makes it current. progress,
// if set, is called after each batch with the number of posts written.
func Build(dir string, a Archive, progress func(done, total int)) error {
	start := time.Now()
	builds := filepath.Join(dir, buildsDir)
	if err := os.MkdirAll(builds, 0o755); err != nil {
		return fmt.Errorf("index directory: %w", err)
	}
	removeStaleTemps(builds)
	tmp, err := os.MkdirTemp(builds, "tmp-")
	if err != nil {
		return fmt.Errorf("index directory: %w", err)
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()

	if err := writeIndex(filepath.Join(tmp, indexSub), a.Posts, progress); err != nil {
		return err
	}
	cat := Catalog{
		Schema:   SchemaVersion,
		BuiltAt:  time.Now().UTC(),
		Source:   a.Source,
		Posts:    len(a.Posts),
		People:   a.People,
		Projects: a.Projects,
		Labels:   labels(a),
	}
	cat.Took = time.Since(start)
	if err := writePosts(tmp, a.Posts); err != nil {
		return fmt.Errorf("posts table: %w", err)
	}
	data, err := json.MarshalIndent(cat, "", "  ")
	if err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	if err := writeFileSync(filepath.Join(tmp, catalogFile), data); err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	id := time.Now().UTC().Format("20060102T150405.000000000")
	final := filepath.Join(builds, id)
	if err := os.Rename(tmp, final); err != nil {
		return fmt.Errorf("index directory: %w", err)
	}
	ok = true
	if err := swapCurrent(dir, filepath.Join(buildsDir, id)); err != nil {
		return err
	}
	pruneBuilds(dir, id)
	return nil
}

func writeIndex(path string, posts []Post, progress func(done, total int)) error {
	// Safe batches: with {"unsafe_batch": true} a closed small index read
	// back empty here (the count check below caught it), as BLEVE.md warns.
	idx, err := bleve.NewUsing(path, buildMapping(), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, nil)
	if err != nil {
		return fmt.Errorf("create index: %w", err)
	}
	b := idx.NewBatch()
	for i, p := range posts {
		if err := b.Index(p.Name, document(p)); err != nil {
			idx.Close()
			return fmt.Errorf("index %s: %w", p.Source, err)
		}
		if b.Size() >= batchSize || i == len(posts)-1 {
			if err := idx.Batch(b); err != nil {
				idx.Close()
				return fmt.Errorf("write batch: %w", err)
			}
			b.Reset()
			if progress != nil {
				progress(i+1, len(posts))
			}
		}
	}
	if err := idx.Close(); err != nil {
		return fmt.Errorf("close index: %w", err)
	}
	// Reopen and count: a build is only swapped in when it reads back whole.
	check, err := bleve.OpenUsing(path, map[string]interface{}{"read_only": true})
	if err != nil {
		return fmt.Errorf("reopen new index: %w", err)
	}
	defer check.Close()
	n, err := check.DocCount()
	if err != nil {
		return fmt.Errorf("count new index: %w", err)
	}
	if int(n) != len(posts) {
		return fmt.Errorf("new index holds %d posts, expected %d", n, len(posts))
	}
	return nil
}

// document is the map Bleve indexes for one post. Its metadata is not
// stored in Bleve: posts.gob holds it for the in-memory table.
func document(p Post) map[string]interface{} {
	slugs := func(ts []Term) []string {
		out := make([]string, len(ts))
		for i, t := range ts {
			out[i] = t.Slug
		}
		return out
	}
	d := map[string]interface{}{
		fieldText:     p.Title + "\n\n" + p.Text,
		fieldAuthor:   p.Author.Slug,
		fieldTopics:   slugs(p.Topics),
		fieldProjects: slugs(p.Projects),
		fieldKind:     p.Kind,
		fieldYear:     strconv.Itoa(p.Created.Year()),
		fieldMonth:    p.Created.Format("2006-01"),
		fieldDate:     p.Created,
		fieldWords:    p.Title + "\n" + p.Text,
	}
	if p.Week > 0 {
		d[fieldWeek] = float64(p.Week)
	}
	return d
}

// labels picks each facet value's label: the one most posts use.
func labels(a Archive) map[string]map[string]string {
	counts := map[string]map[string]map[string]int{}
	add := func(facet string, t Term) {
		if t.Slug == "" {
			return
		}
		if counts[facet] == nil {
			counts[facet] = map[string]map[string]int{}
		}
		if counts[facet][t.Slug] == nil {
			counts[facet][t.Slug] = map[string]int{}
		}
		counts[facet][t.Slug][t.Label]++
	}
	for _, p := range a.Posts {
		add(fieldAuthor, p.Author)
		for _, t := range p.Topics {
			add(fieldTopics, t)
		}
		for _, t := range p.Projects {
			add(fieldProjects, t)
		}
	}
	out := map[string]map[string]string{}
	for facet, bySlug := range counts {
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

func writeFileSync(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
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
// it; a server may still be reading the one before.
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
		os.RemoveAll(filepath.Join(dir, buildsDir, done[i]))
	}
}

// removeStaleTemps clears builds that were killed before they finished.
// Only old ones: another process may be building beside this one.
func removeStaleTemps(builds string) {
	entries, _ := os.ReadDir(builds)
	for _, e := range entries {
		info, err := e.Info()
		if err == nil && strings.HasPrefix(e.Name(), "tmp-") && time.Since(info.ModTime()) > time.Hour {
			os.RemoveAll(filepath.Join(builds, e.Name()))
		}
	}
}

// ErrNoIndex means the directory holds no finished build.
var ErrNoIndex = errors.New("no index has been built")

// Index is an open, read-only build: the Bleve index for matching and
// scoring, and an in-memory table of every post's metadata for filters,
// facet counts, sorting and result lists. A build never changes once
// written, so nothing derived from it (the table, caches) goes stale.
type Index struct {
	bleve    bleve.Index
	Catalog  Catalog
	Path     string // the build directory
	table    *table
	html     *os.File // html.dat
	textFile *os.File // text.dat
	cache    *resultCache
}

// ReadCatalog reads the current build's catalog without opening the index.
func ReadCatalog(dir string) (Catalog, error) {
	var c Catalog
	target, err := os.Readlink(filepath.Join(dir, currentLink))
	if err != nil {
		return c, ErrNoIndex
	}
	data, err := os.ReadFile(filepath.Join(dir, target, catalogFile))
	if err != nil {
		return c, fmt.Errorf("%w: %v", ErrNoIndex, err)
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return c, fmt.Errorf("catalog %s: %w", filepath.Join(dir, target, catalogFile), err)
	}
	return c, nil
}

// Open opens the current build under dir for reading.
func Open(dir string) (*Index, error) {
	target, err := os.Readlink(filepath.Join(dir, currentLink))
	if err != nil {
		return nil, ErrNoIndex
	}
	build := filepath.Join(dir, target)
	cat, err := ReadCatalog(dir)
	if err != nil {
		return nil, err
	}
	if cat.Schema != SchemaVersion {
		return nil, fmt.Errorf("%w: index schema %d, this weeknotes reads %d", ErrNoIndex, cat.Schema, SchemaVersion)
	}
	b, err := bleve.OpenUsing(filepath.Join(build, indexSub), map[string]interface{}{"read_only": true})
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", build, err)
	}
	posts, err := readPosts(build)
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("open index %s: %w", build, err)
	}
	t, err := newTable(b, posts, &cat)
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("open index %s: %w", build, err)
	}
	html, err := os.Open(filepath.Join(build, htmlFile))
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("open index %s: %w", build, err)
	}
	text, err := os.Open(filepath.Join(build, textFile))
	if err != nil {
		html.Close()
		b.Close()
		return nil, fmt.Errorf("open index %s: %w", build, err)
	}
	return &Index{bleve: b, Catalog: cat, Path: build, table: t, html: html, textFile: text, cache: newResultCache(resultCacheSize)}, nil
}

// Close releases the index.
func (ix *Index) Close() error {
	ix.html.Close()
	ix.textFile.Close()
	return ix.bleve.Close()
}

// SetCacheSize changes how many recent results the index keeps; 0 turns
// the cache off (benchmarks of the uncached path use it).
func (ix *Index) SetCacheSize(n int) { ix.cache = newResultCache(n) }

// DocCount is the number of posts in the index.
func (ix *Index) DocCount() (uint64, error) { return ix.bleve.DocCount() }
