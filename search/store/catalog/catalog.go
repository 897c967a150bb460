// Package catalog is what an index knows besides its documents: the
// archive's people and projects, what it was built from, the files it has
// read that are not posts, the labels of facet values and the generation
// (updates applied since the build). It lives in the Bleve index's
// internal store (Put, Of), with a copy in catalog.json (Read) that can be
// read without opening Bleve.
package catalog

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"time"

	index "github.com/blevesearch/bleve_index_api"

	"github.com/blevesearch/bleve/v2"
	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/store/caches"
	"github.com/freerange/weeknotes/search/store/folder"
	"github.com/freerange/weeknotes/search/store/schema"
)

// Keys of the Bleve index's internal store.
var (
	internalCatalog    = []byte("weeknotes.catalog")
	internalGeneration = []byte("weeknotes.generation")
)

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
	// Written counts the posts whose headings write each topic slug
	// (archive.Post.WrittenTopics); computed from the posts, not stored.
	// Read-only.
	Written map[string]int `json:"-"`
	// Files are the soup's files that are not posts in the index (people,
	// projects, pages, drafts, broken files), as last read, so an update
	// can tell what changed. Posts carry their own stamps.
	Files      map[string]archive.FileStamp `json:"files,omitempty"`
	Generation uint64                       `json:"generation"` // updates applied since the build; from Bleve
	// TextLength is the tokens of every post's text field together: with
	// Posts, the average field length BM25 normalises by (Bleve's own
	// estimate, distinct terms over documents, is some 16 times too short).
	TextLength uint64 `json:"text_length"`
}

// Label returns the display label of a facet value, or the value itself.
func (c *Catalog) Label(facet, value string) string {
	if l := c.Labels[facet][value]; l != "" {
		return l
	}
	return value
}

// LabelCounts counts, per facet and value, the labels posts give it.
type LabelCounts map[string]map[string]map[string]int

func (lc LabelCounts) Add(p archive.Post) {
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
	put(schema.FieldAuthor, p.Author)
	for _, t := range p.Topics {
		put(schema.FieldTopics, t)
	}
	for _, t := range p.Projects {
		put(schema.FieldProjects, t)
	}
}

// Remove takes away what Add(p) counted.
func (lc LabelCounts) Remove(p archive.Post) {
	take := func(facet string, t archive.Term) {
		byLabel := lc[facet][t.Slug]
		if byLabel == nil {
			return
		}
		if byLabel[t.Label]--; byLabel[t.Label] <= 0 {
			delete(byLabel, t.Label)
		}
		if len(byLabel) == 0 {
			delete(lc[facet], t.Slug)
		}
	}
	take(schema.FieldAuthor, p.Author)
	for _, t := range p.Topics {
		take(schema.FieldTopics, t)
	}
	for _, t := range p.Projects {
		take(schema.FieldProjects, t)
	}
}

// Tally is what the catalog counts of the posts, kept up to date update
// by update rather than counted again: the labels posts give facet values,
// and the topic slugs their headings write.
type Tally struct {
	Labels  LabelCounts
	Written map[string]int
}

// Count tallies every post.
func Count(posts []archive.Post) Tally {
	t := Tally{Labels: LabelCounts{}, Written: map[string]int{}}
	for _, p := range posts {
		t.Add(p)
	}
	return t
}

func (t Tally) Add(p archive.Post) {
	t.Labels.Add(p)
	for _, slug := range p.WrittenTopics {
		t.Written[slug]++
	}
}

// Remove takes away what Add(p) counted.
func (t Tally) Remove(p archive.Post) {
	t.Labels.Remove(p)
	for _, slug := range p.WrittenTopics {
		if t.Written[slug]--; t.Written[slug] <= 0 {
			delete(t.Written, slug)
		}
	}
}

// Fill sets c's counted parts (Labels, Written) from t, copied: t goes on
// changing with later updates.
func (t Tally) Fill(c *Catalog) {
	c.Labels = t.Labels.Best()
	c.Written = maps.Clone(t.Written)
}

// best picks each facet value's label: the one most posts use.
func (lc LabelCounts) Best() map[string]map[string]string {
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

// Put stores c in the batch's internal store, with its generation.
// Labels, Written and the post count are derived from the posts, so not
// stored.
func Put(batch *bleve.Batch, c *Catalog) error {
	stored := *c
	stored.Labels = nil
	data, err := json.Marshal(stored)
	if err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	batch.SetInternal(internalCatalog, data)
	batch.SetInternal(internalGeneration, []byte(strconv.FormatUint(c.Generation, 10)))
	return nil
}

// Of reads the catalog from a Bleve snapshot.
func Of(r index.IndexReader) (Catalog, error) {
	var c Catalog
	data, err := r.GetInternal(internalCatalog)
	if err != nil {
		return c, err
	}
	if data == nil {
		return c, errors.New("the index holds no catalog")
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return c, fmt.Errorf("catalog: %w", err)
	}
	gen, err := r.GetInternal(internalGeneration)
	if err != nil {
		return c, err
	}
	c.Generation, _ = strconv.ParseUint(string(gen), 10, 64)
	return c, nil
}

// Read reads the current build's catalog (its cached copy) without
// opening the index.
func Read(dir string) (Catalog, error) {
	var c Catalog
	build, err := folder.Current(dir)
	if err != nil {
		return c, err
	}
	data, err := os.ReadFile(filepath.Join(build, caches.CatalogFile))
	if err != nil {
		return c, fmt.Errorf("%w: %v", folder.ErrNoIndex, err)
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return c, fmt.Errorf("catalog %s: %w", filepath.Join(build, caches.CatalogFile), err)
	}
	return c, nil
}

func ReadFile(build string) (Catalog, error) {
	var c Catalog
	data, err := os.ReadFile(filepath.Join(build, caches.CatalogFile))
	if err != nil {
		return c, err
	}
	return c, json.Unmarshal(data, &c)
}
