// Package report prints what indexing did for a person at a terminal or
// reading a log: Progress as it goes (a bar on a terminal, a line every
// few seconds otherwise), then a summary of a build or an update and its
// warnings, grouped by file.
package report

import (
	"fmt"
	"io"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/freerange/weeknotes/indexer"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Changes reports an update in place and how long it took.
func Changes(w io.Writer, c *indexer.Changes, took time.Duration) {
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
	Warnings(w, c.Warnings)
	Missing(w, c.Missing)
}

// Summary reports a fresh build.
func Summary(w io.Writer, s *indexer.Summary) {
	fmt.Fprintf(w, "indexed %d posts, %d people, %d projects in %s\n",
		s.Indexed, len(s.People), len(s.Projects), s.Took.Round(time.Millisecond))
	fmt.Fprintf(w, "  %d drafts left out, %d pages skipped, %d files read\n", s.DraftsSkipped, s.Pages, s.Files)
	pc := s.Pictures
	fmt.Fprintf(w, "  pictures: %d shown in %d posts, %d linked to, %d missing\n", pc.Shown, pc.Posts, pc.Linked, pc.Missing)
	Warnings(w, s.Warnings)
	Missing(w, s.Missing)
}

// Missing lists the pictures posts, people and projects name that the
// images folder lacks: each is shown as its alt text.
func Missing(w io.Writer, missing []indexer.Missing) {
	if len(missing) == 0 {
		return
	}
	sorted := append([]indexer.Missing(nil), missing...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].File != sorted[j].File {
			return sorted[i].File < sorted[j].File
		}
		return sorted[i].Image < sorted[j].Image
	})
	fmt.Fprintf(w, "%d pictures missing (shown as their alt text):\n", len(sorted))
	for _, m := range sorted {
		fmt.Fprintf(w, "  %s\n", m)
	}
}

// Warnings lists warnings by file.
func Warnings(w io.Writer, warnings []indexer.Warning) {
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

// Progress shows how a build is going: a bar on a terminal, otherwise a line
// every few seconds so logs stay readable.
type Progress struct {
	w     io.Writer
	tty   bool
	mu    sync.Mutex
	bar   *progressbar.ProgressBar
	phase string
	last  time.Time
}

// NewProgress reports to w.
func NewProgress(w io.Writer) *Progress {
	f, ok := w.(*os.File)
	return &Progress{w: w, tty: ok && term.IsTerminal(int(f.Fd())), last: time.Now()}
}

// Step is the progress callback of one phase.
func (p *Progress) Step(phase string) func(done, total int) {
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

// Finish ends the bar, if any.
func (p *Progress) Finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.bar.Finish()
		p.bar = nil
	}
}
