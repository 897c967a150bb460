package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/freerange/weeknotes/indexer"
	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/web"
)

const (
	// debounce is how long the soup must be quiet before a rebuild starts:
	// an editor's save (temp file, rename) or a git checkout is one change.
	debounce = 250 * time.Millisecond
	// maxDelay caps the wait when changes never stop.
	maxDelay = time.Second
	// drainLimit is how long shutdown waits for replaced indexes to drain.
	drainLimit = 5 * time.Second
)

// live keeps a web.Server on the newest build under the index directory.
// With --watch it rebuilds when the soup changes; always, it picks up
// builds that another process (weeknotes index) made current.
//
// Replacing an index: the server's pointer is swapped atomically, so a
// request sees either the old build or the new one, both whole. The old
// one is closed once every request that started before the swap has
// finished: requests are counted by generation (track), a swap starts a
// new generation, and the old index waits for the generations before it.
// No timer is involved, so a slow request never sees a closed index and
// an idle server closes the old build at once.
type live struct {
	srv *web.Server
	b   *builder
	log *slog.Logger

	mu      sync.Mutex
	gen     *generation   // requests that started since the last swap
	drained chan struct{} // closed when every earlier generation has finished

	retiring sync.WaitGroup // closers of replaced indexes
}

type generation struct{ wg sync.WaitGroup }

func newLive(srv *web.Server, b *builder, log *slog.Logger) *live {
	done := make(chan struct{})
	close(done)
	return &live{srv: srv, b: b, log: log, gen: &generation{}, drained: done}
}

// track counts h's requests in the current generation.
func (l *live) track(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		g := l.gen
		g.wg.Add(1)
		l.mu.Unlock()
		defer g.wg.Done()
		h.ServeHTTP(w, r)
	})
}

// swap serves ix from now on and closes the index it replaces once no
// request can still be using it. A request in the new generation began
// after the pointer was stored, so it can only load ix.
func (l *live) swap(ix *search.Index) error {
	old, err := l.srv.Swap(ix)
	if err != nil {
		ix.Close()
		return err
	}
	l.mu.Lock()
	g, before := l.gen, l.drained
	l.gen = &generation{}
	mine := make(chan struct{})
	l.drained = mine
	l.mu.Unlock()
	l.retiring.Add(1)
	go func() {
		defer l.retiring.Done()
		start := time.Now()
		g.wg.Wait()
		<-before
		close(mine)
		if err := old.Close(); err != nil {
			l.log.Warn("closing a replaced index", "index", old.Path, "err", err)
			return
		}
		l.log.Debug("closed a replaced index", "index", old.Path, "drained_in", time.Since(start))
	}()
	return nil
}

// close waits (a little) for replaced indexes to drain, then closes them
// and the current one. Call it after the HTTP server has shut down.
func (l *live) close() error {
	done := make(chan struct{})
	go func() { l.retiring.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(drainLimit):
		l.log.Warn("replaced indexes still in use at shutdown")
	}
	return l.srv.Index().Close()
}

// reload serves the current build under the index directory if it isn't
// the one being served.
func (l *live) reload() (bool, error) {
	cat, err := search.ReadCatalog(l.b.dir)
	if err != nil {
		return false, err
	}
	if cur := l.srv.Index().Catalog; cat.BuiltAt.Equal(cur.BuiltAt) && cat.Posts == cur.Posts {
		return false, nil
	}
	ix, err := search.Open(l.b.dir)
	if err != nil {
		return false, err
	}
	if err := l.swap(ix); err != nil {
		return false, err
	}
	return true, nil
}

// rebuild indexes the soup again and serves the result.
func (l *live) rebuild(ctx context.Context) {
	start := time.Now()
	a, err := l.b.build(ctx)
	if ctx.Err() != nil {
		return // shutting down; a half-done build was never made current
	}
	if err == nil {
		_, err = l.reload()
	}
	took := time.Since(start)
	l.srv.RecordReindex(took, err)
	if err != nil {
		l.log.Error("reindex failed; the previous build is still served", "err", err, "took", took)
		return
	}
	l.log.Info("reindexed", "posts", len(a.Posts), "people", len(a.People), "projects", len(a.Projects),
		"warnings", len(a.Warnings), "took", took, "index", l.srv.Index().Path)
}

// watch starts watching the index directory (for builds made elsewhere)
// and, when soup is set, every folder of the soup. It returns a channel
// closed once the watcher has stopped, after ctx ends.
func (l *live) watch(ctx context.Context, soup bool) (<-chan struct{}, error) {
	stopped := make(chan struct{})
	indexDir, err := filepath.Abs(l.b.dir)
	if err != nil {
		return nil, err
	}
	root, err := filepath.Abs(l.b.opts.Root)
	if err != nil {
		return nil, err
	}
	fw, err := fsnotify.NewWatcher()
	if err == nil {
		err = fw.Add(indexDir)
		if err != nil {
			fw.Close()
		}
	}
	if err != nil {
		err = fmt.Errorf("watch %s: %w", indexDir, err)
		if soup {
			return nil, err
		}
		l.log.Warn("builds made by other processes won't be picked up", "err", err)
		close(stopped)
		return stopped, nil
	}
	w := &watcher{live: l, fw: fw, root: root, indexDir: indexDir, soup: soup,
		kick: make(chan struct{}, 1), reload: make(chan struct{}, 1)}
	if indexDir != root && within(indexDir, root) {
		w.skip = indexDir // an index inside the soup is not part of it
	}
	if soup {
		if err := w.sync(); err != nil {
			fw.Close()
			return nil, err
		}
		l.log.Info("watching for changes", "posts", root, "folders", len(fw.WatchList())-1)
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); w.events(ctx) }()
	go func() { defer wg.Done(); w.work(ctx) }()
	go func() { wg.Wait(); fw.Close(); close(stopped) }()
	return stopped, nil
}

type watcher struct {
	*live
	fw             *fsnotify.Watcher
	root, indexDir string
	skip           string // the index directory when it lies inside the soup
	soup           bool
	kick           chan struct{} // a rebuild is due
	reload         chan struct{} // DIR/current changed
}

// events turns file events into rebuild and reload requests: debounced,
// coalesced (a rebuild asked for during a rebuild runs once, after it).
func (w *watcher) events(ctx context.Context) {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	var first time.Time // of the changes waiting for the timer
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case ev, ok := <-w.fw.Events:
			if !ok {
				return
			}
			if filepath.Dir(ev.Name) == w.indexDir {
				if ev.Has(fsnotify.Create) && !hidden(ev.Name) {
					notify(w.reload)
				}
				continue
			}
			if !w.soup || !w.relevant(ev) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					w.addTree(ev.Name) // a new folder: watch it and whatever is already in it
				}
			}
			now := time.Now()
			if first.IsZero() {
				first = now
			}
			wait := debounce
			if left := maxDelay - now.Sub(first); left < wait {
				wait = max(left, 0)
			}
			timer.Reset(wait)
		case <-timer.C:
			first = time.Time{}
			notify(w.kick)
		case err, ok := <-w.fw.Errors:
			if !ok {
				return
			}
			w.log.Warn("watching files", "err", err)
			if errors.Is(err, fsnotify.ErrEventOverflow) && w.soup {
				notify(w.kick) // events were lost: rebuild to be sure
			}
		}
	}
}

// work runs rebuilds and reloads one at a time.
func (w *watcher) work(ctx context.Context) {
	if w.soup && w.b.good == nil {
		// The index was current at start: learn which posts are good now,
		// so a file broken later keeps its present version.
		if err := w.b.seed(ctx); err != nil && ctx.Err() == nil {
			w.log.Warn("reading the posts", "err", err)
		}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-w.kick:
			w.rebuild(ctx)
			if err := w.sync(); err != nil {
				w.log.Warn("watching the posts", "err", err)
			}
		case <-w.reload:
			swapped, err := w.live.reload()
			switch {
			case err != nil:
				w.log.Error("opening a new build", "err", err)
			case swapped:
				ix := w.srv.Index()
				w.log.Info("serving a build made by another process", "index", ix.Path, "posts", ix.Catalog.Posts)
			}
		}
	}
}

func notify(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// relevant: a change under the soup worth a rebuild. Hidden files (editor
// swap files, .git) are not snips; bare permission changes change nothing.
func (w *watcher) relevant(ev fsnotify.Event) bool {
	if ev.Op == fsnotify.Chmod || hidden(ev.Name) || w.skip != "" && within(ev.Name, w.skip) {
		return false
	}
	return ev.Name == w.root || within(ev.Name, w.root)
}

func hidden(p string) bool { return strings.HasPrefix(filepath.Base(p), ".") }

// within reports whether p is dir or below it.
func within(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, dir+string(filepath.Separator))
}

// addTree watches dir and every visible folder below it.
func (w *watcher) addTree(dir string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if p != w.root && hidden(p) || w.skip != "" && within(p, w.skip) {
			return fs.SkipDir
		}
		if err := w.fw.Add(p); err != nil {
			w.log.Warn("can't watch a folder; changes in it need a restart", "dir", p, "err", err)
		}
		return nil
	})
}

// sync makes the watch list match the soup's folders: folders renamed or
// moved in are added, vanished ones dropped.
func (w *watcher) sync() error {
	if _, err := os.Stat(w.root); err != nil {
		return fmt.Errorf("posts directory %s: %w", w.root, err)
	}
	w.addTree(w.root)
	for _, p := range w.fw.WatchList() {
		if p == w.indexDir {
			continue
		}
		if info, err := os.Stat(p); err != nil || !info.IsDir() {
			w.fw.Remove(p)
		}
	}
	return nil
}

// builder writes builds of the soup for serve. Unlike indexer.Build it
// remembers each post's last good version: when an edit breaks a post
// (its file now has a warning, or silently stopped being a post), the
// last good version stays in the index and the reason is logged.
type builder struct {
	opts indexer.Options
	dir  string
	log  *slog.Logger

	good   map[string]search.Post // by file; nil until the soup was first loaded
	warned map[indexer.Warning]bool
	broken map[string]string // file -> why, as last logged: said once, not at every build
}

// build loads the soup and makes a new build of it current.
func (b *builder) build(ctx context.Context) (*indexer.Archive, error) {
	src, err := indexer.Stamp(b.opts.Root, b.opts.Drafts)
	if err != nil {
		return nil, err
	}
	a, err := indexer.Load(ctx, b.opts)
	if err != nil {
		return nil, err
	}
	kept := b.keepGood(a)
	err = search.Build(b.dir, search.Archive{Posts: a.Posts, People: a.People, Projects: a.Projects, Source: src}, nil)
	if err != nil {
		return nil, fmt.Errorf("build index in %s: %w", b.dir, err)
	}
	b.remember(a, kept)
	return a, nil
}

// seed loads the soup only to learn which posts are good.
func (b *builder) seed(ctx context.Context) error {
	a, err := indexer.Load(ctx, b.opts)
	if err != nil {
		return err
	}
	b.remember(a, nil)
	return nil
}

// remember records the good posts of a load and logs warnings not seen
// in the one before.
func (b *builder) remember(a *indexer.Archive, kept map[string]bool) {
	bad := map[string]bool{}
	warned := map[indexer.Warning]bool{}
	for _, w := range a.Warnings {
		bad[w.File] = true
		warned[w] = true
		if !b.warned[w] {
			b.log.Warn("warning", "file", w.File, "msg", w.Message)
		}
	}
	b.warned = warned
	b.good = map[string]search.Post{}
	for _, p := range a.Posts {
		if !bad[p.Source] || kept[p.Source] {
			b.good[p.Source] = p
		}
	}
}

// keepGood puts back into a the last good version of every post whose
// file is broken now, and logs why. It returns the files it kept.
func (b *builder) keepGood(a *indexer.Archive) map[string]bool {
	if b.good == nil {
		return nil
	}
	reasons := map[string][]string{}
	for _, w := range a.Warnings {
		reasons[w.File] = append(reasons[w.File], w.Message)
	}
	at := map[string]int{}       // file -> index in a.Posts
	owner := map[string]string{} // post name -> file
	for i, p := range a.Posts {
		at[p.Source] = i
		owner[p.Name] = p.Source
	}
	files := make([]string, 0, len(b.good))
	for f := range b.good {
		files = append(files, f)
	}
	sort.Strings(files)
	kept := map[string]bool{}
	broken := map[string]string{}
	defer func() { b.broken = broken }()
	for _, file := range files {
		old := b.good[file]
		i, isPost := at[file]
		why := reasons[file]
		if isPost && len(why) == 0 {
			continue // fine
		}
		full := filepath.Join(b.opts.Root, filepath.FromSlash(file))
		if _, err := os.Stat(full); err != nil {
			continue // deleted or renamed: gone on purpose
		}
		if !isPost && len(why) == 0 {
			reason, broken := b.whyGone(full, file)
			if !broken {
				b.log.Info("post withdrawn", "file", file, "post", old.Name, "reason", reason)
				continue
			}
			why = []string{reason}
		}
		if other, taken := owner[old.Name]; taken && other != file {
			b.log.Warn("post is broken and its last good version can't be kept: another file has its name",
				"file", file, "post", old.Name, "other", other, "reason", strings.Join(why, "; "))
			continue
		}
		if isPost {
			delete(owner, a.Posts[i].Name)
			a.Posts[i] = old
		} else {
			a.Posts = append(a.Posts, old)
		}
		owner[old.Name] = file
		kept[file] = true
		reason := strings.Join(why, "; ")
		broken[file] = reason
		level := slog.LevelWarn
		if b.broken[file] == reason {
			level = slog.LevelDebug // logged when it broke
		}
		b.log.Log(context.Background(), level, "post is broken; serving its last good version", "file", file, "post", old.Name,
			"reason", reason)
	}
	if len(kept) > 0 {
		sort.SliceStable(a.Posts, func(i, j int) bool { // as indexer.Load orders them
			if !a.Posts[i].Created.Equal(a.Posts[j].Created) {
				return a.Posts[i].Created.After(a.Posts[j].Created)
			}
			return a.Posts[i].Name < a.Posts[j].Name
		})
	}
	return kept
}

// whyGone says why a file that was a post loaded as none, without a
// warning, and whether that looks like breakage rather than a decision:
// a draft flag or another :kind: is a decision; a file emptied or stripped
// of its metadata (a half-written save) is breakage.
func (b *builder) whyGone(full, file string) (reason string, broken bool) {
	data, err := os.ReadFile(full)
	if err != nil {
		return fmt.Sprintf("cannot read: %v", err), true
	}
	if strings.TrimSpace(string(data)) == "" {
		return "the file is empty", true
	}
	info, err := os.Stat(full)
	if err != nil {
		return fmt.Sprintf("cannot read: %v", err), true
	}
	s, _ := indexer.ParseSnip(file, data, info.ModTime())
	draft, _ := strconv.ParseBool(strings.ToLower(s.Meta["draft"]))
	switch kind := s.Meta["kind"]; {
	case (draft || s.Meta["draft"] == "yes") && !b.opts.Drafts:
		return "it is now a draft", false
	case kind == "":
		return "it has no :kind: any more (metadata block missing or unreadable)", true
	case kind != "blog" && kind != "show-and-tell":
		return fmt.Sprintf("its :kind: is now %q", kind), false
	}
	return "it no longer loads as a post", true
}
