package indexer

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/store"
	"github.com/freerange/weeknotes/search/store/catalog"
	"github.com/freerange/weeknotes/search/store/folder"
	"github.com/freerange/weeknotes/search/store/schema"
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
	b, err := store.NewBuilder(indexDir)
	if err != nil {
		return nil, fmt.Errorf("build index in %s: %w", indexDir, err)
	}
	a, err := StreamPrepared(ctx, opts, b.Prepare, b.AddPrepared)
	if err == nil {
		err = ctx.Err() // a SIGTERM as the last posts went in: no merge, no swap
	}
	if err != nil {
		b.Abort()
		return nil, err
	}
	if err := b.Finish(ctx, a.People, a.Projects, src, a.Stamps); err != nil {
		return nil, fmt.Errorf("build index in %s: %w", indexDir, err)
	}
	return &Summary{Archive: a, Indexed: b.Count(), Took: time.Since(start)}, nil
}

// Stamp describes the soup an index is built from: where it is and
// whether drafts are in. What changed inside it is each file's own stamp
// (see Diff), so nothing here needs a walk of the soup.
func Stamp(root string, drafts bool) (catalog.Source, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return catalog.Source{}, fmt.Errorf("posts directory: %w", err)
	}
	// Checked before anything is written: a mistyped --posts leaves no
	// index folder behind.
	if fi, err := os.Stat(abs); err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return catalog.Source{}, fmt.Errorf("posts directory %s: %w", root, err)
	} else if !fi.IsDir() {
		return catalog.Source{}, fmt.Errorf("posts directory %s: not a directory", root)
	}
	return catalog.Source{Dir: abs, Drafts: drafts}, nil
}

// Stale says why the index under indexDir must be built afresh for the
// soup at root, or "" when an update in place will do: no index yet, one
// of another schema, another soup or another --drafts.
func Stale(indexDir, root string, drafts bool) (string, error) {
	cat, err := catalog.Read(indexDir)
	if err != nil {
		return "no index yet", nil
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return "", fmt.Errorf("posts directory: %w", err)
	}
	switch {
	case cat.Schema != schema.Version:
		return "the index was built by another version of weeknotes", nil
	case cat.Source.Dir != abs:
		return fmt.Sprintf("the index was built from %s", cat.Source.Dir), nil
	case cat.Source.Drafts != drafts:
		return "the index was built with a different --drafts", nil
	}
	return "", nil
}

// Update brings the index under indexDir up to date with the soup: a
// fresh build when Stale says so (or full is set), else the changes alone
// (Diff), applied as one Bleve batch to a copy of the current build that
// then becomes current. It returns the summary of a build, or the changes
// of an update (nil Summary).
func Update(ctx context.Context, opts Options, indexDir string, full bool, progress func(done, total int)) (*Summary, *Changes, error) {
	why, err := Stale(indexDir, opts.Root, opts.Drafts)
	if err != nil {
		return nil, nil, err
	}
	if full || why != "" {
		sum, err := Build(ctx, opts, indexDir, progress)
		return sum, nil, err
	}
	// Work out the changes on the build as it is, read-only: most runs
	// find none, and then no copy is made.
	if err := folder.CheckWriter(indexDir); err != nil {
		return nil, nil, fmt.Errorf("update index in %s: %w", indexDir, err)
	}
	cur, err := search.Open(indexDir)
	if err != nil {
		return nil, nil, fmt.Errorf("update index in %s: %w", indexDir, err)
	}
	c, err := Diff(ctx, opts, cur)
	gen, built := cur.Generation(), cur.Catalog.BuiltAt
	cur.Close()
	if err != nil {
		return nil, nil, err
	}
	if c.Update.Empty() {
		return nil, c, nil
	}
	w, err := search.CloneWriter(indexDir)
	if err != nil {
		return nil, nil, fmt.Errorf("update index in %s: %w", indexDir, err)
	}
	if ix := w.Snapshot(); ix.Generation() != gen || !ix.Catalog.BuiltAt.Equal(built) {
		// Another process updated the index in between: diff again.
		c, err = Diff(ctx, opts, ix)
		ix.Close()
		if err != nil {
			w.Abort()
			return nil, nil, err
		}
		if c.Update.Empty() {
			w.Abort()
			return nil, c, nil
		}
	} else {
		ix.Close()
	}
	next, err := w.Apply(ctx, c.Update)
	if err != nil {
		w.Abort()
		return nil, nil, fmt.Errorf("update index in %s: %w", indexDir, err)
	}
	next.Close()
	// A SIGTERM during the batch (which Bleve can't cancel) still stops
	// the run: the copy is dropped and the index stays as it was.
	if err := ctx.Err(); err != nil {
		w.Abort()
		return nil, nil, err
	}
	if err := w.Commit(); err != nil {
		return nil, nil, fmt.Errorf("update index in %s: %w", indexDir, err)
	}
	return nil, c, nil
}
