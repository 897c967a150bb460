package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/freerange/weeknotes/indexer"
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
	fs.StringVar(&f.aliases, "aliases", "", "project alias table (YAML `FILE`; default DIR/aliases.yml)")
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
	p := newProgress(w)
	opts := f.options()
	start := time.Now()
	sum, changes, err := indexer.Update(ctx, opts, f.index, full, p.step("indexing posts"))
	p.finish()
	if err != nil {
		return err
	}
	if sum != nil {
		printSummary(w, sum)
	} else {
		printChanges(w, changes, time.Since(start))
	}
	if build, err := folder.Current(f.index); err == nil {
		fmt.Fprintf(w, "the Bleve index is %s\n", folder.BleveDir(build))
	}
	return nil
}

// printChanges reports an update in place.
func printChanges(w io.Writer, c *indexer.Changes, took time.Duration) {
	u := c.Update
	if u.Empty() {
		fmt.Fprintf(w, "the index is up to date (%d changed files read) in %s\n", c.Read, took.Round(time.Millisecond))
	} else {
		how := "changed files"
		if c.Full {
			how = "every post, as people, projects or aliases changed"
		}
		fmt.Fprintf(w, "updated the index: %d posts added or changed, %d removed, from %d files read (%s) in %s\n",
			len(u.Put), len(u.Delete), c.Read, how, took.Round(time.Millisecond))
	}
	for _, k := range c.Kept {
		fmt.Fprintf(w, "  %s: post %s is broken; its last good version stays: %s\n", k.File, k.Post, k.Reason)
	}
	for _, k := range c.Withdrawn {
		fmt.Fprintf(w, "  %s: post %s withdrawn: %s\n", k.File, k.Post, k.Reason)
	}
	printWarnings(w, c.Warnings)
}

func printSummary(w io.Writer, s *indexer.Summary) {
	fmt.Fprintf(w, "indexed %d posts, %d people, %d projects in %s\n",
		s.Indexed, len(s.People), len(s.Projects), s.Took.Round(time.Millisecond))
	fmt.Fprintf(w, "  %d drafts left out, %d pages skipped, %d files read\n", s.DraftsSkipped, s.Pages, s.Files)
	printWarnings(w, s.Warnings)
}

func printWarnings(w io.Writer, warnings []indexer.Warning) {
	if len(warnings) == 0 {
		return
	}
	byFile := map[string][]string{}
	for _, warn := range warnings {
		byFile[warn.File] = append(byFile[warn.File], warn.Message)
	}
	files := make([]string, 0, len(byFile))
	for file := range byFile {
		files = append(files, file)
	}
	sort.Strings(files)
	fmt.Fprintf(w, "%d warnings in %d files:\n", len(warnings), len(files))
	for _, file := range files {
		for _, m := range byFile[file] {
			fmt.Fprintf(w, "  %s: %s\n", file, m)
		}
	}
}

// progress shows how a build is going: a bar on a terminal, otherwise a line
// every few seconds so logs stay readable.
type progress struct {
	w     io.Writer
	tty   bool
	mu    sync.Mutex
	bar   *progressbar.ProgressBar
	phase string
	last  time.Time
}

func newProgress(w io.Writer) *progress {
	f, ok := w.(*os.File)
	return &progress{w: w, tty: ok && term.IsTerminal(int(f.Fd())), last: time.Now()}
}

func (p *progress) step(phase string) func(done, total int) {
	return func(done, total int) {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.tty {
			if p.phase != phase {
				if p.bar != nil {
					p.bar.Finish()
					fmt.Fprintln(p.w)
				}
				p.phase = phase
				p.bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(p.w),
					progressbar.OptionSetDescription(phase), progressbar.OptionShowCount(),
					progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
			}
			p.bar.Set(done)
			return
		}
		if time.Since(p.last) >= 3*time.Second || done == total && total > 1000 {
			fmt.Fprintf(p.w, "%s: %d/%d\n", phase, done, total)
			p.last = time.Now()
		}
	}
}

func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.bar.Finish()
		p.bar = nil
	}
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
		printChanges(w, c, time.Since(start))
	}
	return err
}
