package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/freerange/weeknotes/indexer"
	"github.com/freerange/weeknotes/indexer/images"
	"github.com/freerange/weeknotes/indexer/report"
	"github.com/freerange/weeknotes/search/store/folder"
)

// defaultIndexDir is where serve and search look for the index; .gitignore
// lists it.
const defaultIndexDir = ".weeknotes-index"

// soupFlags are the flags every command that reads a soup shares.
type soupFlags struct {
	posts, index, aliases string
	drafts                bool
	images                string // --images as given
	imagesDir             string // the folder used (findImages): --images, else the one beside the posts, else ""
}

func (f *soupFlags) register(fs *flag.FlagSet, postsDefault, indexDefault string) {
	fs.StringVar(&f.posts, "posts", postsDefault, "soup `DIR` to read posts from")
	fs.StringVar(&f.index, "index", indexDefault, "`DIR` holding the index")
	fs.StringVar(&f.aliases, "aliases", "", "project alias table (YAML `FILE`; default DIR/aliases.yml, else the table built in, a copy of data/aliases.yml)")
	fs.BoolVar(&f.drafts, "drafts", false, "include draft posts")
	fs.StringVar(&f.images, "images", "", "images `DIR` of the posts' pictures and people's photos (default DIR/images, else DIR/../app/assets/images, when there)")
}

// findImages settles the images folder: --images when given (it must be
// a folder), else the one beside the posts, if any.
func (f *soupFlags) findImages() error {
	if f.images == "" {
		f.imagesDir = images.Find(f.posts)
		return nil
	}
	info, err := os.Stat(f.images)
	if err != nil {
		return fmt.Errorf("images directory %s: %w", f.images, errors.Unwrap(err))
	}
	if !info.IsDir() {
		return fmt.Errorf("images directory %s: not a directory", f.images)
	}
	f.imagesDir = filepath.Clean(f.images)
	return nil
}

func (f *soupFlags) options() indexer.Options {
	return indexer.Options{Root: f.posts, Drafts: f.drafts, Aliases: f.aliases, Images: f.imagesDir}
}

func runIndex(ctx context.Context, args []string, env lookupEnv, stderr io.Writer) error {
	fs := flag.NewFlagSet("index", flag.ContinueOnError)
	var f soupFlags
	f.register(fs, "", "")
	full := fs.Bool("full", false, "build the index afresh rather than apply only what changed")
	rest, err := parseFlags(fs, args, env)
	if err != nil {
		return err
	}
	if err := noArgs(fs, rest); err != nil {
		return err
	}
	if f.posts == "" || f.index == "" {
		return &usageError{"index: --posts DIR and --index DIR are both required"}
	}
	if err := f.findImages(); err != nil {
		return err
	}
	return update(ctx, f, *full, stderr)
}

// update brings the index up to date with the soup (a fresh build when it
// must be), reporting progress and a summary on w.
func update(ctx context.Context, f soupFlags, full bool, w io.Writer) error {
	p := report.NewProgress(w)
	opts := f.options()
	start := time.Now()
	sum, changes, err := indexer.Update(ctx, opts, f.index, full, p.Step("indexing posts"))
	p.Finish()
	if err != nil && ctx.Err() != nil {
		// Interrupted (SIGTERM, Ctrl-C): nothing half-done became current.
		return fmt.Errorf("stopped after %s; the index in %s is as it was", time.Since(start).Round(time.Millisecond), f.index)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "images from %s\n", images.Describe(f.imagesDir))
	if sum != nil {
		report.Summary(w, sum)
	} else {
		report.Changes(w, changes, time.Since(start))
	}
	if build, err := folder.Current(f.index); err == nil {
		fmt.Fprintf(w, "the Bleve index is %s\n", folder.BleveDir(build))
	}
	return nil
}

// ensureIndex brings the index up to date with the posts.
func ensureIndex(ctx context.Context, f soupFlags, w io.Writer) error {
	why, err := indexer.Stale(f.index, f.posts, f.drafts)
	if err != nil {
		return err
	}
	if why != "" {
		fmt.Fprintf(w, "building the index in %s: %s\n", f.index, strings.TrimSpace(why))
	}
	start := time.Now()
	_, c, err := indexer.Update(ctx, f.options(), f.index, false, nil)
	if err == nil && c != nil && !c.Update.Empty() {
		report.Changes(w, c, time.Since(start))
	}
	return err
}
