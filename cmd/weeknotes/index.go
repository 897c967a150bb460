package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/freerange/weeknotes/indexer"
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
}

func (f *soupFlags) register(fs *flag.FlagSet, postsDefault, indexDefault string) {
	fs.StringVar(&f.posts, "posts", postsDefault, "soup `DIR` to read posts from")
	fs.StringVar(&f.index, "index", indexDefault, "`DIR` holding the index")
	fs.StringVar(&f.aliases, "aliases", "", "project alias table (YAML `FILE`; default DIR/aliases.yml, else the table built in, a copy of data/aliases.yml)")
	fs.BoolVar(&f.drafts, "drafts", false, "include draft posts")
}

func (f *soupFlags) options() indexer.Options {
	return indexer.Options{Root: f.posts, Drafts: f.drafts, Aliases: f.aliases}
}

func runIndex(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("index", flag.ContinueOnError)
	var f soupFlags
	f.register(fs, "", "")
	full := fs.Bool("full", false, "build the index afresh rather than apply only what changed")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs(fs, rest); err != nil {
		return err
	}
	if f.posts == "" || f.index == "" {
		return &usageError{"index: --posts DIR and --index DIR are both required"}
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
	if err != nil {
		return err
	}
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
