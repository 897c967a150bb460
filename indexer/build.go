package indexer

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/freerange/weeknotes/search"
)

// Summary reports one build.
type Summary struct {
	*Archive
	Indexed int // posts indexed (Archive.Posts is empty: they were streamed)
	Took    time.Duration
}

// Build loads the soup at opts.Root and writes it as a new index under
// indexDir, swapped in atomically. Posts stream from the renderers into the
// index as they are ready (see Stream), so memory holds the soup's raw
// snips and one batch of rendered posts, never the whole rendered archive.
// progress, when set, follows the posts written (it replaces
// opts.Progress).
func Build(ctx context.Context, opts Options, indexDir string, progress func(done, total int)) (*Summary, error) {
	if progress != nil {
		opts.Progress = progress
	}
	start := time.Now()
	src, err := Stamp(opts.Root, opts.Drafts)
	if err != nil {
		return nil, err
	}
	b, err := search.NewBuilder(indexDir)
	if err != nil {
		return nil, fmt.Errorf("build index in %s: %w", indexDir, err)
	}
	opts.Prepare = b.Prepare
	a, err := Stream(ctx, opts, b.Add)
	if err != nil {
		b.Abort()
		return nil, err
	}
	if err := b.Finish(a.People, a.Projects, src); err != nil {
		return nil, fmt.Errorf("build index in %s: %w", indexDir, err)
	}
	return &Summary{Archive: a, Indexed: b.Count(), Took: time.Since(start)}, nil
}

// Stamp describes the soup as it is now: its newest modification time
// (folders included, so a deletion counts) and its number of files.
func Stamp(root string, drafts bool) (search.Source, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return search.Source{}, fmt.Errorf("posts directory: %w", err)
	}
	s := search.Source{Dir: abs, Drafts: drafts}
	err = filepath.WalkDir(abs, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == abs {
				return err
			}
			return nil // reported by Load
		}
		if p != abs && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() && EditorFile(d.Name()) {
			return nil // not a snip: Load skips it too
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		if !d.IsDir() {
			s.Files++
		}
		if info.ModTime().After(s.Newest) {
			s.Newest = info.ModTime()
		}
		return nil
	})
	if err != nil {
		return search.Source{}, fmt.Errorf("posts directory %s: %w", root, unwrapPathError(err))
	}
	return s, nil
}

// Stale says why the index under indexDir must be rebuilt for the soup at
// root, or "" when it is current.
func Stale(indexDir, root string, drafts bool) (string, error) {
	cat, err := search.ReadCatalog(indexDir)
	if err != nil {
		return "no index yet", nil
	}
	now, err := Stamp(root, drafts)
	if err != nil {
		return "", err
	}
	switch {
	case cat.Schema != search.SchemaVersion:
		return "the index was built by another version of weeknotes", nil
	case cat.Source.Dir != now.Dir:
		return fmt.Sprintf("the index was built from %s", cat.Source.Dir), nil
	case cat.Source.Drafts != drafts:
		return "the index was built with a different --drafts", nil
	case now.Newest.After(cat.Source.Newest) || now.Files != cat.Source.Files:
		return "posts have changed since the index was built", nil
	}
	return "", nil
}
