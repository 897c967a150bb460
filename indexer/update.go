package indexer

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"

	"github.com/freerange/weeknotes/indexer/render"
	"github.com/freerange/weeknotes/indexer/scan"
	"github.com/freerange/weeknotes/indexer/snip"
	"github.com/freerange/weeknotes/indexer/terms"
	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/store"
)

// Changes is what an update found: the store.Update that brings the
// index to the soup as it is now, and what it decided about each file.
type Changes struct {
	Update    store.Update
	Read      int       // files read (changed since the index last saw them)
	Warnings  []Warning // of the files read
	Missing   []Missing // pictures the posts put (or, when Full, every post, person and project) name that the images folder lacks
	Kept      []Kept    // broken posts whose last good version stays
	Withdrawn []Kept    // posts taken out on purpose (now a draft, another :kind:)
	Full      bool      // people, projects, the alias or topic table changed, or a new topic refolds others: every post was read again
}

// Kept is a post an update left as it was, or withdrew, and why.
type Kept struct {
	File, Post, Reason string
}

// Diff compares the soup at opts.Root with what ix holds and works out the
// update: only files whose size or modification time changed are read
// (and of those, only ones whose bytes changed are rendered). A change to
// a person, a project or the alias table can change how any post renders
// (signatures, project mentions), so then every post is rendered again and
// only those that come out different are put.
//
// A post whose file breaks (it now loads with a warning, or silently
// stops being a post: emptied, metadata lost) keeps its last good version
// in the index, which is what the index holds already; the file's old
// stamp stays too, so it is read again, and reported again, until fixed.
func Diff(ctx context.Context, opts Options, ix *search.Index) (*Changes, error) {
	return DiffPaths(ctx, opts, ix, nil)
}

// DiffPaths is Diff when only the files at hints (slash-separated, under
// opts.Root) can have changed, as a watcher's events say: nothing else is
// walked or looked at. A hint that is a folder, or a path that vanished
// with files under it, makes it walk the whole soup as Diff does. With no
// hints it walks the whole soup.
func DiffPaths(ctx context.Context, opts Options, ix *search.Index, hints []string) (*Changes, error) {
	if _, err := os.Stat(opts.Root); err != nil {
		return nil, fmt.Errorf("posts directory %s: %w", opts.Root, scan.Cause(err))
	}
	a := &Archive{}
	paths, whole := hinted(opts.Root, hints, ix)
	if whole {
		var ws []Warning
		paths, ws = scan.Walk(opts.Root)
		a.Warnings = append(a.Warnings, ws...)
	}
	c := &Changes{Warnings: a.Warnings}
	folder := imagesOf(opts)
	var changed []string
	// redraw are posts whose pictures came, went or changed in the images
	// folder: rendered again though their files are as they were.
	redraw := map[string]bool{}
	if whole {
		for _, p := range ix.Posts() {
			if picturesChanged(folder, p.Images) {
				redraw[p.Source] = true
			}
		}
	}
	entityChanged := false
	entitySources := map[string]bool{}
	for _, e := range append(append([]archive.Entity(nil), ix.Catalog.People...), ix.Catalog.Projects...) {
		entitySources[e.Source] = true
	}
	for _, p := range paths {
		info, err := os.Stat(filepath.Join(opts.Root, filepath.FromSlash(p)))
		if err != nil {
			changed = append(changed, p)
			continue
		}
		if old, ok := ix.Stamp(p); !ok || !old.Same(archive.FileStamp{Size: info.Size(), ModTime: info.ModTime()}) || redraw[p] {
			changed = append(changed, p)
		}
	}
	if whole {
		for _, e := range append(append([]archive.Entity(nil), ix.Catalog.People...), ix.Catalog.Projects...) {
			pics := e.Gallery
			if e.Image != nil {
				pics = append([]archive.Picture{*e.Image}, pics...)
			}
			entityChanged = entityChanged || picturesChanged(folder, pics)
		}
	}
	// Deleted: known files the walk didn't find, or, with hints, hinted
	// files that are gone.
	var deleted []string
	if whole {
		seen := map[string]bool{aliasKey: true, topicKey: true}
		for _, p := range paths {
			seen[p] = true
		}
		for p := range ix.Stamps() {
			if !seen[p] {
				deleted = append(deleted, p)
			}
		}
	} else {
		for _, h := range hints {
			if _, known := ix.Stamp(h); known {
				if _, err := os.Lstat(filepath.Join(opts.Root, filepath.FromSlash(h))); err != nil {
					deleted = append(deleted, h)
				}
			}
		}
	}
	for _, p := range deleted {
		entityChanged = entityChanged || entitySources[p]
	}
	sort.Strings(deleted)
	st, hasAliases := aliasStamp(opts)
	if old, had := ix.Stamp(aliasKey); had != hasAliases || hasAliases && (!old.Same(st) || old.Hash != st.Hash) {
		entityChanged = true
	}
	tst := terms.TopicTableStamp(opts.Root, opts.Topics)
	if old, had := ix.Stamp(topicKey); !had || !old.Same(tst) || old.Hash != tst.Hash {
		entityChanged = true
	}

	snips := make([]*snip.Snip, len(changed))
	warnings := make([][]Warning, len(changed))
	parallel(ctx, runtimeWorkers(opts), len(changed), func(i int) {
		snips[i], warnings[i] = scan.Read(opts.Root, changed[i])
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c.Read = len(changed)
	badFile := map[string][]string{}
	for _, ws := range warnings {
		for _, w := range ws {
			c.Warnings = append(c.Warnings, w)
			badFile[w.File] = append(badFile[w.File], w.Message)
		}
	}
	var fresh []*snip.Snip // changed in their bytes
	for _, s := range snips {
		if s == nil {
			continue
		}
		if old, ok := ix.Stamp(s.Path); ok && old.Hash == s.File.Hash && old.Hash != "" && !redraw[s.Path] {
			continue // touched, not changed
		}
		fresh = append(fresh, s)
		k := scan.Classify(s)
		entityChanged = entityChanged || k == scan.Person || k == scan.Project || entitySources[s.Path]
	}
	if entityChanged {
		return fullDiff(ctx, opts, ix, c)
	}
	topicAliases, _ := terms.LoadTopicTable(opts.Root, opts.Topics)
	tf, written, refold := foldWithIndex(topicAliases, ix, fresh, deleted, opts.Drafts)
	if refold {
		return fullDiff(ctx, opts, ix, c)
	}

	// Only posts and pages changed: render them with the archive's people
	// and projects as the index has them.
	people := map[string]string{}
	for _, p := range ix.Catalog.People {
		people[p.Slug] = p.Name
	}
	aliases, _ := terms.LoadProjectAliases(opts.Root, opts.Aliases)
	r := render.New(people, folder.Picture)
	pm := terms.NewProjectMatcher(ix.Catalog.Projects, aliases)
	files := map[string]archive.FileStamp{}
	for f, s := range ix.Catalog.Files {
		files[f] = s
	}
	// A table's stamp read back from the catalog has lost its time's
	// location, so an unchanged one is kept as the index has it: written
	// afresh it would differ, and every update would rewrite the catalog.
	for key, now := range map[string]archive.FileStamp{aliasKey: st, topicKey: tst} {
		if key == aliasKey && !hasAliases {
			continue
		}
		if old, had := ix.Stamp(key); had && old.Same(now) && old.Hash == now.Hash {
			now = old
		}
		files[key] = now
	}
	u := &c.Update
	put := map[string]bool{}
	for _, p := range deleted {
		delete(files, p)
		if old, ok := ix.PostBySource(p); ok {
			u.Delete = append(u.Delete, old.Name)
		}
	}
	for i, p := range changed {
		if snips[i] == nil {
			if old, ok := ix.PostBySource(p); ok {
				c.Kept = append(c.Kept, Kept{p, old.Name, strings.Join(badFile[p], "; ")})
			}
		}
	}
	for _, s := range fresh {
		// Rendering is most of an update's work: a SIGTERM stops it here.
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		old, wasPost := ix.PostBySource(s.Path)
		why := badFile[s.Path]
		k := scan.Classify(s)
		isPost := k == scan.Post && (!s.Draft || opts.Drafts)
		switch {
		case wasPost && s.Draft && !opts.Drafts:
			// A decision, even beside a typo: never keep publishing it.
			c.Withdrawn = append(c.Withdrawn, Kept{s.Path, old.Name, "it is now a draft"})
			u.Delete = append(u.Delete, old.Name)
			files[s.Path] = s.File
			continue
		case isPost && len(why) > 0 && wasPost:
			c.Kept = append(c.Kept, Kept{s.Path, old.Name, strings.Join(why, "; ")})
			continue
		case !isPost && wasPost && len(why) > 0:
			c.Kept = append(c.Kept, Kept{s.Path, old.Name, strings.Join(why, "; ")})
			continue
		case !isPost && wasPost:
			reason, broken := whyGone(s, opts.Drafts)
			if broken {
				c.Kept = append(c.Kept, Kept{s.Path, old.Name, reason})
				continue
			}
			c.Withdrawn = append(c.Withdrawn, Kept{s.Path, old.Name, reason})
			u.Delete = append(u.Delete, old.Name)
			files[s.Path] = s.File
			continue
		case !isPost:
			files[s.Path] = s.File
			continue
		}
		p, ws := buildPost(s, written[s.Path], r, pm, tf, people)
		c.Missing = append(c.Missing, missing(p.Source, p.Name, p.Images, folder)...)
		for _, w := range ws {
			c.Warnings = append(c.Warnings, w)
			badFile[w.File] = append(badFile[w.File], w.Message)
		}
		if len(ws) > 0 && wasPost {
			c.Kept = append(c.Kept, Kept{s.Path, old.Name, strings.Join(badFile[s.Path], "; ")})
			continue
		}
		if other, taken := ix.Post(p.Name); taken && other.Source != s.Path && !put[p.Name] {
			// Two snips with one name: the non-draft, then the later
			// updated, as a full load decides.
			if other.Draft == p.Draft && !p.Updated.After(other.Updated) || !other.Draft && p.Draft {
				c.Warnings = append(c.Warnings, Warning{File: s.Path, Message: fmt.Sprintf("another snip is also named %q (%s); kept that one", p.Name, other.Source)})
				files[s.Path] = s.File
				continue
			}
			c.Warnings = append(c.Warnings, Warning{File: other.Source, Message: fmt.Sprintf("another snip is also named %q (%s); kept that one", p.Name, s.Path)})
		}
		if wasPost && old.Name != p.Name {
			u.Delete = append(u.Delete, old.Name)
		}
		delete(files, s.Path)
		put[p.Name] = true
		u.Put = append(u.Put, p)
	}
	if len(u.Put) > 0 || len(u.Delete) > 0 || !sameStamps(files, ix.Catalog.Files) {
		u.Files = files
	}
	return c, nil
}

// hinted picks the files among hints that could be snips. whole says the
// hints can't be trusted alone (a folder changed) and the soup must be
// walked.
func hinted(root string, hints []string, ix *search.Index) (paths []string, whole bool) {
	if hints == nil {
		return nil, true
	}
	var dirs []string
	for _, h := range hints {
		h = path.Clean(h)
		if h == "." || strings.HasPrefix(h, "../") {
			return nil, true
		}
		info, err := os.Lstat(filepath.Join(root, filepath.FromSlash(h)))
		switch {
		case err != nil:
			if _, ok := ix.Stamp(h); !ok {
				dirs = append(dirs, h+"/") // maybe a folder that held snips
			}
		case info.IsDir():
			return nil, true
		case !scan.Skipped(h):
			paths = append(paths, h)
		}
	}
	if len(dirs) == 0 {
		return paths, false
	}
	for p := range ix.Stamps() {
		for _, d := range dirs {
			if strings.HasPrefix(p, d) {
				return nil, true
			}
		}
	}
	return paths, false
}

func sameStamps(a, b map[string]archive.FileStamp) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// fullDiff renders the whole soup and puts only the posts that differ from
// the index's.
func fullDiff(ctx context.Context, opts Options, ix *search.Index, c *Changes) (*Changes, error) {
	a, err := Load(ctx, opts)
	if err != nil {
		return nil, err
	}
	c.Full = true
	c.Read = a.Files
	c.Warnings = a.Warnings
	c.Missing = a.Missing
	bad := map[string][]string{}
	for _, w := range a.Warnings {
		bad[w.File] = append(bad[w.File], w.Message)
	}
	u := &c.Update
	u.People, u.Projects = a.People, a.Projects
	if u.People == nil {
		u.People = []archive.Entity{}
	}
	if u.Projects == nil {
		u.Projects = []archive.Entity{}
	}
	u.Files = a.Stamps
	now := map[string]bool{}
	for _, p := range a.Posts {
		now[p.Name] = true
	}
	bySource := map[string]bool{}
	for _, p := range a.Posts {
		bySource[p.Source] = true
	}
	for _, old := range ix.Posts() {
		if now[old.Name] {
			continue
		}
		full := filepath.Join(opts.Root, filepath.FromSlash(old.Source))
		if _, err := os.Stat(full); err == nil && !bySource[old.Source] {
			if s, _ := scan.Read(opts.Root, old.Source); s == nil || !(s.Draft && !opts.Drafts) && func() bool { _, b := whyGone(s, opts.Drafts); return b }() {
				c.Kept = append(c.Kept, Kept{old.Source, old.Name, strings.Join(bad[old.Source], "; ")})
				delete(u.Files, old.Source)
				continue
			}
		}
		u.Delete = append(u.Delete, old.Name)
	}
	for _, p := range a.Posts {
		if old, ok := ix.Post(p.Name); ok && len(bad[p.Source]) > 0 && old.Source == p.Source {
			c.Kept = append(c.Kept, Kept{p.Source, p.Name, strings.Join(bad[p.Source], "; ")})
			continue
		}
		if ix.Same(p) {
			continue
		}
		u.Put = append(u.Put, p)
	}
	return c, nil
}

// whyGone says why a snip that was a post is none now, and whether that
// looks like breakage rather than a decision: a draft flag or another
// :kind: is a decision; a file emptied or stripped of its metadata (a
// half-written save) is breakage.
func whyGone(s *snip.Snip, drafts bool) (reason string, broken bool) {
	switch kind := s.Meta["kind"]; {
	case s.Draft && !drafts:
		return "it is now a draft", false
	case kind == "":
		return "it has no :kind: any more (metadata block missing or unreadable)", true
	case kind != "blog" && kind != "show-and-tell":
		return fmt.Sprintf("its :kind: is now %q", kind), false
	}
	return "it no longer loads as a post", true
}

func runtimeWorkers(opts Options) int {
	if opts.Workers > 0 {
		return opts.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// foldWithIndex is the folder for an update: it knows the topics the
// posts' headings write once the update is made (terms.Recount of the
// index's count, the old versions of the changed and deleted posts and the
// changed posts as they are now), as a full load would. written are the
// topics each changed post writes, by path; refold: see terms.Recount.
func foldWithIndex(aliases map[string]archive.Term, ix *search.Index, fresh []*snip.Snip, deleted []string, drafts bool) (tf *terms.Folder, written map[string][]string, refold bool) {
	tf = terms.NewFolder(aliases, ix.Catalog.Projects)
	var gone, came [][]string
	for _, source := range append(slices.Clone(deleted), paths(fresh)...) {
		if old, ok := ix.PostBySource(source); ok {
			gone = append(gone, old.WrittenTopics)
		}
	}
	written = map[string][]string{}
	for _, s := range fresh {
		if scan.Classify(s) == scan.Post && (!s.Draft || drafts) {
			written[s.Path] = tf.Written(terms.ScanHeadings(s.Content))
			came = append(came, written[s.Path])
		}
	}
	after, refold := terms.Recount(ix.Catalog.Written, gone, came)
	for slug := range after {
		tf.Know(slug)
	}
	return tf, written, refold
}

func paths(snips []*snip.Snip) []string {
	out := make([]string, len(snips))
	for i, s := range snips {
		out[i] = s.Path
	}
	return out
}
