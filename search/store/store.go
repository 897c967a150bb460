package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	index "github.com/blevesearch/bleve_index_api"

	"github.com/freerange/weeknotes/search/store/caches"
	"github.com/freerange/weeknotes/search/store/catalog"
	"github.com/freerange/weeknotes/search/store/folder"
	"github.com/freerange/weeknotes/search/store/schema"
	"github.com/freerange/weeknotes/search/suggest"
)

// rebuildCaches writes every cache of build afresh from the Bleve snapshot
// r: each post's metadata and text from its stored fields, the vocabulary
// by analysing that text again.
func rebuildCaches(build string, r index.IndexReader, cat catalog.Catalog) (caches.Posts, *suggest.Vocab, error) {
	var pt caches.Posts
	pr, err := schema.NewPreparer(schema.Mapping())
	if err != nil {
		return pt, nil, err
	}
	tw, err := caches.TempSpanWriter(build, "."+caches.TextFile+"-*")
	if err != nil {
		return pt, nil, err
	}
	defer os.Remove(tw.Name())
	ids, err := r.DocIDReaderAll()
	if err != nil {
		tw.Close()
		return pt, nil, err
	}
	defer ids.Close()
	vocabulary := map[string]uint32{}
	for {
		iid, err := ids.Next()
		if err != nil {
			tw.Close()
			return pt, nil, err
		}
		if iid == nil {
			break
		}
		p, err := schema.ReadPost(r, iid, true)
		if err != nil {
			tw.Close()
			return pt, nil, err
		}
		for term := range pr.DistinctTerms(schema.TextValue(p.Title, p.Text)) {
			vocabulary[term]++
		}
		sp, err := tw.Write(p.Text)
		if err != nil {
			tw.Close()
			return pt, nil, err
		}
		p.Text = ""
		pt.Posts = append(pt.Posts, p)
		pt.Text = append(pt.Text, sp)
	}
	if err := tw.Finish(); err != nil {
		return pt, nil, err
	}
	// The old caches' spans point into the old text.dat: take away the
	// stamp that vouches for them first, so a crash from here on means
	// another rebuild, never old spans read against new text.
	if err := os.Remove(filepath.Join(build, caches.StampFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return pt, nil, err
	}
	if err := os.Rename(tw.Name(), filepath.Join(build, caches.TextFile)); err != nil {
		return pt, nil, err
	}
	caches.Intern(pt.Posts)
	c := caches.Set{Generation: cat.Generation, Posts: pt, Vocab: vocabulary, Catalog: cat}
	if err := c.Write(build); err != nil {
		return pt, nil, err
	}
	v, err := suggest.OpenVocab(filepath.Join(build, caches.VocabFile))
	return pt, v, err
}

// Open opens the current build under dir for reading.
func Open(dir string) (*Snapshot, error) {
	build, err := folder.Current(dir)
	if err != nil {
		return nil, err
	}
	return OpenBuild(build)
}

// OpenBuild opens one build for reading.
func OpenBuild(build string) (*Snapshot, error) {
	if cat, err := catalog.ReadFile(build); err == nil && cat.Schema != schema.Version {
		return nil, fmt.Errorf("%w: index schema %d, this weeknotes reads %d", ErrNoIndex, cat.Schema, schema.Version)
	}
	h, err := openHandle(build, true)
	if err != nil {
		return nil, err
	}
	defer h.release() // the snapshot holds its own
	return h.snapshot()
}
