package indexer

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/freerange/weeknotes/indexer/render"
	"github.com/freerange/weeknotes/indexer/scan"
	"github.com/freerange/weeknotes/indexer/snip"
	"github.com/freerange/weeknotes/indexer/terms"
	"github.com/freerange/weeknotes/search/archive"
)

// MaxSnipBytes is the largest file read as a snip (scan.MaxSnipBytes).
const MaxSnipBytes = scan.MaxSnipBytes

// Warning is a problem with one file. It never stops a load.
type Warning = scan.Warning

// Options says which soup to load and how.
type Options struct {
	Root    string // the soup root, walked recursively
	Drafts  bool   // include posts marked :draft: true
	Aliases string // alias table; "" means Root/aliases.yml when present
	Topics  string // topic alias table; "" means Root/topics.yml when present, else the built-in one
	// Images is the images folder posts' pictures come from; "" means
	// the one images.Find finds beside Root, if any. Without one every
	// picture shows as its alt text.
	Images   string
	Workers  int                   // parallel parsers; 0 means one per CPU
	Progress func(done, total int) // called as posts are rendered; may be nil
	// Prepare, when set, is called on each rendered post in the renderers'
	// goroutines, before emit: a builder's per-post work (analysis) then
	// runs in parallel. It must be safe for concurrent use.
	Prepare func(*archive.Post)
	// afterScan, when set, runs between the scan and the renders (tests:
	// a file that changes in between).
	afterScan func()
}

// Archive is a loaded soup.
type Archive struct {
	Posts         []archive.Post   // newest first
	People        []archive.Entity // by slug
	Projects      []archive.Entity // by slug
	Pages         int              // snips that are neither posts nor entities
	DraftsSkipped int              // drafts left out (Options.Drafts off)
	// DraftFiles are the files of the posts left out as drafts, in
	// order: a watcher withdraws these rather than keep an older version,
	// even when the file has warnings too.
	DraftFiles []string
	Files      int // snips read
	Warnings   []Warning
	// Missing are the pictures posts, people and projects name that the
	// images folder lacks; Pictures counts the posts' pictures.
	Missing  []Missing
	Pictures PictureCount
	// Stamps are the snips read that are not among the posts (people,
	// projects, pages, drafts, duplicates), for updates (catalog.Catalog.Files).
	Stamps map[string]archive.FileStamp
}

// Load reads every snip under opts.Root. It fails only when the root itself
// can't be read; each broken file becomes a Warning and the rest load.
func Load(ctx context.Context, opts Options) (*Archive, error) {
	var posts []archive.Post
	a, err := Stream(ctx, opts, func(p archive.Post) error {
		posts = append(posts, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(posts, func(i, j int) bool {
		if !posts[i].Created.Equal(posts[j].Created) {
			return posts[i].Created.After(posts[j].Created)
		}
		return posts[i].Name < posts[j].Name
	})
	a.Posts = posts
	return a, nil
}

// rendered is one post off the renderers: its snip's path, what prepare
// made of it, and its warnings.
type rendered[T any] struct {
	source  string
	v       T
	ws      []Warning
	missing []Missing
	images  []archive.Picture
	skipped bool // the file changed between the scan and the render (see reread)
}

// scanned is what the scan keeps of a snip besides its metadata: its name
// as the file gives it (before FixName and renames) and, for a post, its
// headings, from which the topic folder learns the archive's topics.
type scanned struct {
	name       string
	headings   []string
	contentLen int // of the post's Content, for reread
}

// reread reads a post's file again for rendering: the scan (StreamPrepared)
// kept only its metadata. The same bytes (by hash) render as scanned; the
// scan reported their warnings. A file that changed in between is indexed
// as it is now when it is still, as far as the scan's decisions go, the
// same post (readable without warnings, a post, the same name as written
// and the same draft status), with the stamp of what was rendered; else it
// is left out with a warning and its stamp is not recorded, so the next
// update reads it again. rawName is the name the scan read, contentLen
// the length of the content it parsed (unparsed again when the bytes are
// the same: scan.ReadAgain).
func reread(root string, seen *snip.Snip, rawName string, contentLen int) (*snip.Snip, []Warning) {
	s, ws := scan.ReadAgain(root, seen.Path, seen, contentLen)
	switch {
	case s != nil && s.File.Hash == seen.File.Hash:
		s.Name = seen.Name
		return s, nil
	case s != nil && len(ws) == 0 && scan.Classify(s) == scan.Post && s.Name == rawName && s.Draft == seen.Draft:
		s.Name = seen.Name
		return s, nil
	}
	return nil, append(ws, Warning{File: seen.Path, Message: "changed while the index was being built into something other than the post it was; left out until the next update reads it again"})
}

// Stream reads the soup as Load does but hands each post to emit as soon
// as it is rendered, from one goroutine, in no set order, and keeps none:
// the Archive it returns has no Posts. Rendering runs on opts.Workers
// goroutines while emit works, so a build's CPU-heavy halves overlap.
// An error from emit stops the load and is returned.
func Stream(ctx context.Context, opts Options, emit func(archive.Post) error) (*Archive, error) {
	return StreamPrepared(ctx, opts, func(p archive.Post) archive.Post { return p }, emit)
}

// StreamPrepared is Stream with a step between rendering and emit:
// prepare runs on each rendered post in the renderers' goroutines, so a
// builder's per-post work (analysis) runs in parallel, and emit gets what
// it returns. prepare must be safe for concurrent use.
func StreamPrepared[T any](ctx context.Context, opts Options, prepare func(archive.Post) T, emit func(T) error) (*Archive, error) {
	info, err := os.Stat(opts.Root)
	if err != nil {
		return nil, fmt.Errorf("posts directory %s: %w", opts.Root, scan.Cause(err))
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("posts directory %s: not a directory", opts.Root)
	}
	if _, err := os.ReadDir(opts.Root); err != nil {
		return nil, fmt.Errorf("posts directory %s: %w", opts.Root, scan.Cause(err))
	}
	workers := runtimeWorkers(opts)
	a := &Archive{}
	aliases, err := terms.LoadProjectAliases(opts.Root, opts.Aliases)
	if err != nil {
		a.warn(err.(*terms.TableError).File, "%s", err)
	}
	topicAliases, err := terms.LoadTopicTable(opts.Root, opts.Topics)
	if err != nil {
		a.warn(err.(*terms.TableError).File, "%s", err)
	}

	// The scan reads every file once for what the whole soup must be
	// known by before a post renders (names, kinds, drafts, stamps,
	// topics) and keeps no post's content: the renderers read each post
	// again (reread), so memory never holds the soup.
	paths, walkWarnings := scan.Walk(opts.Root)
	a.Warnings = append(a.Warnings, walkWarnings...)
	snips := make([]*snip.Snip, len(paths))
	warnings := make([][]Warning, len(paths))
	scans := make([]scanned, len(paths))
	parallel(ctx, workers, len(paths), func(i int) {
		s, ws := scan.Read(opts.Root, paths[i])
		snips[i], warnings[i] = s, ws
		if s == nil {
			return
		}
		scans[i] = scanned{name: s.Name}
		switch scan.Classify(s) {
		case scan.Person, scan.Project: // rendered from the scan, below
		case scan.Post:
			scans[i].headings = terms.ScanHeadings(s.Content)
			scans[i].contentLen = len(s.Content)
			s.Content = ""
		default:
			s.Content = ""
		}
	})
	scanOf := make(map[*snip.Snip]scanned, len(paths))
	for i, s := range snips {
		if s != nil {
			scanOf[s] = scans[i]
		}
	}
	scans = nil
	for _, w := range warnings {
		a.Warnings = append(a.Warnings, w...)
	}
	a.Stamps = map[string]archive.FileStamp{}
	for _, s := range snips {
		if s != nil {
			a.Stamps[s.Path] = s.File
		}
	}
	if st, ok := aliasStamp(opts); ok {
		a.Stamps[aliasKey] = st
	}
	a.Stamps[topicKey] = terms.TopicTableStamp(opts.Root, opts.Topics)
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	var posts []*snip.Snip
	for _, s := range snips {
		if s == nil {
			continue
		}
		a.Files++
		kind := scan.Classify(s)
		if kind == scan.Page {
			a.Pages++
			continue
		}
		what := map[scan.Kind]string{scan.Post: "post", scan.Person: "person", scan.Project: "project"}[kind]
		msg, ok := snip.FixName(s, what)
		if msg != "" {
			a.warn(s.Path, "%s", msg)
		}
		if !ok {
			continue
		}
		switch kind {
		case scan.Post:
			posts = append(posts, s)
		case scan.Person:
			a.People = append(a.People, archive.Entity{Slug: s.Name, Name: entityName(s), Source: s.Path})
		case scan.Project:
			a.Projects = append(a.Projects, archive.Entity{Slug: s.Name, Name: entityName(s), Source: s.Path})
		}
	}
	a.People = a.dedupeEntities(a.People, "person")
	a.Projects = a.dedupeEntities(a.Projects, "project")
	posts = a.yieldToEntities(posts)
	posts = a.dedupe(posts)

	people := map[string]string{}
	for _, p := range a.People {
		people[p.Slug] = p.Name
	}
	folder := imagesOf(opts)
	r := render.New(people, folder.Picture)
	pm := terms.NewProjectMatcher(a.Projects, aliases)
	for i := range a.Projects {
		a.Projects[i].Names = pm.Names(a.Projects[i].Slug)
	}

	// Entities are few; render them here. Posts go through the workers.
	bySlug := map[string]*snip.Snip{}
	for _, s := range snips {
		if s != nil {
			bySlug[s.Path] = s
		}
	}
	for _, list := range [][]archive.Entity{a.People, a.Projects} {
		for i := range list {
			a.Missing = append(a.Missing, describeEntity(&list[i], bySlug[list[i].Source], r, folder)...)
		}
	}

	var kept []*snip.Snip
	for _, s := range posts {
		if s.Draft && !opts.Drafts {
			a.DraftsSkipped++
			a.DraftFiles = append(a.DraftFiles, s.Path)
			continue
		}
		kept = append(kept, s)
	}
	snips, bySlug = nil, nil
	tf := terms.NewFolder(topicAliases, a.Projects)
	written := make([][]string, len(kept))
	rawNames := make([]string, len(kept))
	contentLens := make([]int, len(kept))
	for i, s := range kept {
		written[i] = tf.Written(scanOf[s].headings)
		for _, slug := range written[i] {
			tf.Know(slug)
		}
		rawNames[i], contentLens[i] = scanOf[s].name, scanOf[s].contentLen
	}
	scanOf = nil

	if opts.afterScan != nil {
		opts.afterScan()
	}
	out := make(chan rendered[T], 4*workers)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		parallel(ctx, workers, len(kept), func(i int) {
			s, ws := reread(opts.Root, kept[i], rawNames[i], contentLens[i])
			source := kept[i].Path
			kept[i] = nil
			var res rendered[T]
			if s == nil {
				res = rendered[T]{source: source, ws: ws, skipped: true}
			} else {
				p, pws := buildPost(s, written[i], r, pm, tf, people)
				res = rendered[T]{p.Source, prepare(p), append(ws, pws...), missing(p.Source, p.Name, p.Images, folder), p.Images, false}
			}
			select {
			case out <- res:
			case <-ctx.Done():
			}
		})
		close(out)
	}()
	done := 0
	var emitErr error
	for r := range out {
		a.Warnings = append(a.Warnings, r.ws...)
		a.Missing = append(a.Missing, r.missing...)
		a.Pictures.add(archive.Post{Images: r.images})
		delete(a.Stamps, r.source) // a post's stamp is its own (Post.File); a skipped one's is not recorded
		if !r.skipped && emitErr == nil {
			if emitErr = emit(r.v); emitErr != nil {
				cancel()
			}
		}
		done++
		if opts.Progress != nil {
			opts.Progress(done, len(kept))
		}
	}
	if emitErr != nil {
		return nil, emitErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return a, nil
}

func (a *Archive) warn(file, format string, args ...any) {
	a.Warnings = append(a.Warnings, Warning{File: file, Message: fmt.Sprintf(format, args...)})
}

// parallel runs fn(0..n-1) on workers goroutines, stopping early when ctx ends.
func parallel(ctx context.Context, workers, n int, fn func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// MinYear is the earliest year a post may be dated: a :created_at: or
// :updated_at: before it, or more than a year after now, is a warning and
// the post is dated by its file. One post dated 0001 or 9999 would
// otherwise stretch every timeline over millennia.
const MinYear = 1990

func saneDate(t time.Time) bool {
	return t.Year() >= MinYear && !t.After(time.Now().AddDate(1, 0, 0))
}

// yieldToEntities renames the posts named as a person or project: the
// person's or project's page keeps /NAME and the post moves to
// /NAME-post, with a warning.
func (a *Archive) yieldToEntities(posts []*snip.Snip) []*snip.Snip {
	taken := map[string]string{}
	for _, e := range a.People {
		taken[e.Slug] = "the person page (" + e.Source + ")"
	}
	for _, e := range a.Projects {
		if _, ok := taken[e.Slug]; !ok {
			taken[e.Slug] = "the project page (" + e.Source + ")"
		}
	}
	for _, s := range posts {
		if by, ok := taken[s.Name]; ok {
			renamed := s.Name + "-post"
			a.warn(s.Path, "name %q is taken by %s; the post is at /%s", s.Name, by, renamed)
			s.Name = renamed
		}
	}
	return posts
}

func entityName(s *snip.Snip) string {
	if n := s.Meta["display_name"]; n != "" {
		return n
	}
	return snip.DisplayName(s.Name)
}

// dedupe keeps one post per name: the non-draft, then the later updated.
func (a *Archive) dedupe(posts []*snip.Snip) []*snip.Snip {
	best := map[string]*snip.Snip{}
	var order []string
	for _, s := range posts {
		cur, seen := best[s.Name]
		if !seen {
			best[s.Name] = s
			order = append(order, s.Name)
			continue
		}
		winner, loser := cur, s
		if better(s, cur) {
			winner, loser = s, cur
		}
		best[s.Name] = winner
		a.warn(loser.Path, "another snip is also named %q (%s); kept that one", s.Name, winner.Path)
	}
	out := make([]*snip.Snip, 0, len(order))
	for _, n := range order {
		out = append(out, best[n])
	}
	return out
}

func better(s, than *snip.Snip) bool {
	if s.Draft != than.Draft {
		return !s.Draft
	}
	return updated(s).After(updated(than))
}

func updated(s *snip.Snip) time.Time {
	for _, k := range []string{"updated_at", "created_at"} {
		if t, err := snip.ParseDate(s.Meta[k]); err == nil && saneDate(t) {
			return t
		}
	}
	return s.ModTime
}

func (a *Archive) dedupeEntities(list []archive.Entity, what string) []archive.Entity {
	sort.SliceStable(list, func(i, j int) bool { return list[i].Slug < list[j].Slug })
	out := list[:0]
	for _, e := range list {
		if len(out) > 0 && out[len(out)-1].Slug == e.Slug {
			a.warn(e.Source, "another %s is also named %q (%s); kept that one", what, e.Slug, out[len(out)-1].Source)
			continue
		}
		out = append(out, e)
	}
	return out
}

var (
	weekInName  = regexp.MustCompile(`(?i)^weeks?-(\d+)`)
	weekInTitle = regexp.MustCompile(`(?i)\bweeks?\s+(\d+)`)
)

// WeekNumber reads the week number from a post's name or title:
// "week-474" -> 474, "Weeks 520 to 524" -> 520; 0 when there is none.
func WeekNumber(name, title string) int {
	for _, m := range [][]string{weekInName.FindStringSubmatch(name), weekInTitle.FindStringSubmatch(title)} {
		if m != nil {
			if n, err := strconv.Atoi(m[1]); err == nil && n > 0 && n < 1_000_000 {
				return n
			}
		}
	}
	return 0
}

// buildPost renders one post snip into the document the index stores;
// written are the topics its headings write (terms.Folder.Written).
func buildPost(s *snip.Snip, written []string, r *render.Renderer, pm *terms.ProjectMatcher, tf *terms.Folder, people map[string]string) (archive.Post, []Warning) {
	var ws []Warning
	date := func(key string) (time.Time, bool) {
		v := s.Meta[key]
		if v == "" {
			return time.Time{}, false
		}
		t, err := snip.ParseDate(v)
		if err != nil {
			ws = append(ws, Warning{File: s.Path, Message: fmt.Sprintf(":%s: %q is not a date; using the file's modification time", key, v)})
			return time.Time{}, false
		}
		if !saneDate(t) {
			ws = append(ws, Warning{File: s.Path, Message: fmt.Sprintf(":%s: %q is before %d or more than a year from now; using the file's modification time", key, v, MinYear)})
			return time.Time{}, false
		}
		return t, true
	}
	created, ok := date("created_at")
	if !ok {
		created = s.ModTime
	}
	updatedAt, ok := date("updated_at")
	if !ok {
		updatedAt = created
	}

	title := s.Meta["page_title"]
	out := r.Render(s.Content, title)
	if out.Warning != "" {
		ws = append(ws, Warning{File: s.Path, Message: out.Warning})
	}
	if title == "" {
		title = out.Title
	}
	if title == "" {
		for _, h := range out.Headings {
			if h.Text != "" {
				title = h.Text
				break
			}
		}
	}
	if title == "" {
		title = snip.DisplayName(s.Name)
	}
	// The author is a facet value: slugged as tags are, so markup or
	// spaces in it never reach a facet or a URL.
	author := archive.Slug(s.Meta["author"])
	switch {
	case s.Meta["author"] == "":
		ws = append(ws, Warning{File: s.Path, Message: "no :author:"})
	case author == "":
		ws = append(ws, Warning{File: s.Path, Message: fmt.Sprintf(":author: %q has no letter or digit; the post has no author", s.Meta["author"])})
	}
	authorName := people[author]
	if authorName == "" {
		authorName = snip.DisplayName(author)
	}

	p := archive.Post{
		Name:          s.Name,
		Title:         title,
		Author:        archive.Term{Slug: author, Label: authorName},
		Created:       created,
		Updated:       updatedAt,
		Kind:          s.Meta["kind"],
		Week:          WeekNumber(s.Name, title),
		Draft:         s.Draft,
		HTML:          out.HTML,
		Text:          out.Text,
		Sections:      out.Sections,
		Code:          out.Code,
		Summary:       out.Summary,
		Source:        s.Path,
		File:          s.File,
		Topics:        []archive.Term{},
		WrittenTopics: written,
		Projects:      pm.Match(out),
		Links:         terms.LocalLinks(out.Links),
		Images:        out.Images,
	}
	seen := map[string]bool{}
	for _, h := range out.Headings {
		if h.Level < 2 || h.Level > 3 {
			continue
		}
		t, ok := terms.Topic(h.Text)
		if !ok {
			continue
		}
		if t = tf.Fold(t); !seen[t.Slug] {
			seen[t.Slug] = true
			p.Topics = append(p.Topics, t)
		}
	}
	return p, ws
}

// aliasKey is the alias table's entry among the stamps: not a path in the
// soup, as the table may lie outside it.
const aliasKey = ":aliases"

// aliasStamp is the alias table's stamp (terms.AliasTableStamp): no hash
// for a file, whose size and time are enough to notice an edit.
func aliasStamp(opts Options) (archive.FileStamp, bool) {
	return terms.AliasTableStamp(opts.Root, opts.Aliases)
}

// topicKey is the topic table's entry among the stamps, as aliasKey is the
// project alias table's.
const topicKey = ":topics"
