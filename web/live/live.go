// Package live keeps a web.Server on the newest version of the index
// while it runs: it applies the soup's changes in place (Updater, for
// serve --watch), picks up builds another process made current, and
// swaps each new snapshot in so that a request sees one whole index and
// no request ever uses a closed one (Server.Track, Server.Swap). The
// caller owns the HTTP server and the flags; this package owns the
// index's lifecycle while serving.
package live

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/freerange/weeknotes/indexer"
	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/store/folder"
	"github.com/freerange/weeknotes/web"
)

const (
	// debounce is how long the soup must be quiet before an update starts:
	// an editor's save (temp file, rename) or a git checkout is one change.
	// A save's events come within milliseconds, and an update costs only
	// what changed, so the wait can be short.
	debounce = 100 * time.Millisecond
	// maxDelay caps the wait when changes never stop.
	maxDelay = time.Second
)

// Server keeps a web.Server on the newest build under the index directory.
// With --watch it rebuilds when the soup changes; always, it picks up
// builds that another process (weeknotes index) made current.
//
// Replacing an index: the web server holds it in a search.Holder, so a
// request takes one whole snapshot when it starts and keeps it to the
// end; the old snapshot closes when the last request on it has finished.
// No timer is involved, so a slow request never sees a closed index and
// an idle server closes the old build at once.
type Server struct {
	srv *web.Server
	b   *Updater
	log *slog.Logger
}

// New keeps srv on the newest build. b updates the index and names its
// directory; nil, it only serves what it was given (no Watch).
func New(srv *web.Server, b *Updater, log *slog.Logger) *Server {
	return &Server{srv: srv, b: b, log: log}
}

// Swap serves ix from now on; the index it replaces closes once no
// request has it. A refused ix (see web.Server.Swap) is closed.
func (l *Server) Swap(ix *search.Index) error {
	if err := l.srv.Swap(ix); err != nil {
		ix.Close()
		return err
	}
	return nil
}

// Close lets go of the index being served, then closes the writer, if
// any (its snapshots close with the last request that has one). Call it
// after the HTTP server has shut down.
func (l *Server) Close() error {
	err := l.srv.Close()
	if l.b != nil && l.b.Writer != nil {
		if werr := l.b.Writer.Close(); err == nil {
			err = werr
		}
	}
	return err
}

// served runs f on the index being served, if any.
func (l *Server) served(f func(ix *search.Index)) {
	if ix := l.srv.Take(); ix != nil {
		defer ix.Close()
		f(ix)
	}
}

// reload serves the current build under the index directory if it isn't
// the one being served (a build another process made current).
func (l *Server) reload() (bool, error) {
	if l.b == nil || l.b.Writer != nil {
		return false, nil // this server writes the index; no one else can
	}
	build, err := folder.Current(l.b.Dir)
	if err != nil {
		return false, err
	}
	same := false
	l.served(func(ix *search.Index) { same = build == ix.Path })
	if same {
		return false, nil
	}
	ix, err := search.OpenBuild(build)
	if err != nil {
		return false, err
	}
	if err := l.Swap(ix); err != nil {
		return false, err
	}
	return true, nil
}

// rebuild applies the soup's changes to the index and serves the result.
func (l *Server) rebuild(ctx context.Context, hints []string) {
	start := time.Now()
	ix, c, err := l.b.Update(ctx, hints)
	if ctx.Err() != nil {
		if ix != nil {
			ix.Close()
		}
		return // shutting down
	}
	if err == nil && ix != nil {
		err = l.Swap(ix)
	}
	took := time.Since(start)
	if ix == nil && err == nil {
		return // nothing changed
	}
	l.srv.RecordReindex(took, err)
	if err != nil {
		l.log.Error("update failed; the previous version is still served", "err", err, "took", took)
		return
	}
	l.log.Info("updated", "put", len(c.Update.Put), "deleted", len(c.Update.Delete), "files_read", c.Read,
		"every_post", c.Full, "warnings", len(c.Warnings), "took", took, "posts", ix.Catalog.Posts)
}

// Watch starts watching the index directory (for builds made elsewhere)
// and, when soup is set, every folder of the soup. It returns a channel
// closed once the watcher has stopped, after ctx ends.
func (l *Server) Watch(ctx context.Context, soup bool) (<-chan struct{}, error) {
	stopped := make(chan struct{})
	indexDir, err := filepath.Abs(l.b.Dir)
	if err != nil {
		return nil, err
	}
	root, err := filepath.Abs(l.b.Options.Root)
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
	w := &watcher{Server: l, fw: fw, root: root, indexDir: indexDir, soup: soup,
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
	*Server
	fw             *fsnotify.Watcher
	root, indexDir string
	skip           string // the index directory when it lies inside the soup
	soup           bool
	kick           chan struct{} // a rebuild is due
	reload         chan struct{} // DIR/current changed

	hintsMu sync.Mutex
	hints   map[string]bool // files changed since the last update (soup-relative, slashed)
	walkAll bool            // an event said more than the hints can (a folder, lost events)
}

// hint records a changed path for the next update.
func (w *watcher) hint(p string, all bool) {
	w.hintsMu.Lock()
	defer w.hintsMu.Unlock()
	if all {
		w.walkAll = true
		return
	}
	rel, err := filepath.Rel(w.root, p)
	if err != nil || rel == "." {
		w.walkAll = true
		return
	}
	if w.hints == nil {
		w.hints = map[string]bool{}
	}
	w.hints[filepath.ToSlash(rel)] = true
}

// takeHints hands over the changed paths (nil: walk the whole soup).
func (w *watcher) takeHints() []string {
	w.hintsMu.Lock()
	defer w.hintsMu.Unlock()
	defer func() { w.hints, w.walkAll = nil, false }()
	if w.walkAll {
		return nil
	}
	out := make([]string, 0, len(w.hints))
	for h := range w.hints {
		out = append(out, h)
	}
	return out
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
			dir := false
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					w.addTree(ev.Name) // a new folder: watch it and whatever is already in it
					dir = true
				}
			}
			w.hint(ev.Name, dir)
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
				w.hint("", true)
				notify(w.kick) // events were lost: look at everything
			}
		}
	}
}

// work runs rebuilds and reloads one at a time.
func (w *watcher) work(ctx context.Context) {
	if w.soup {
		w.rebuild(ctx, nil) // what changed while no one watched
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-w.kick:
			w.rebuild(ctx, w.takeHints())
			if err := w.sync(); err != nil {
				w.log.Warn("watching the posts", "err", err)
			}
		case <-w.reload:
			swapped, err := w.Server.reload()
			switch {
			case err != nil:
				w.log.Error("opening a new build", "err", err)
			case swapped:
				w.served(func(ix *search.Index) {
					w.log.Info("serving a build made by another process", "index", ix.Path, "posts", ix.Catalog.Posts)
				})
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

// Updater keeps the index up to date with the soup for serve --watch:
// each change is worked out by indexer.Diff and applied in place, as one
// Bleve batch, by the index's Writer. The index itself keeps a broken
// post's last good version (Diff leaves it alone), so that survives
// restarts and shows the same to every process.
type Updater struct {
	Options indexer.Options
	Dir     string // the index directory
	Log     *slog.Logger
	Writer  *search.Writer // nil when the server doesn't write the index (no --watch)

	warned map[indexer.Warning]bool
	kept   map[string]string // file -> why, as last logged: said once, not at every update
}

// Update applies what changed in the soup and returns the new snapshot,
// or nil when nothing changed.
// hints are the files that changed, when the watcher knows them (nil:
// look at the whole soup).
func (u *Updater) Update(ctx context.Context, hints []string) (*search.Index, *indexer.Changes, error) {
	cur := u.Writer.Snapshot()
	c, err := indexer.DiffPaths(ctx, u.Options, cur, hints)
	cur.Close()
	if err != nil {
		return nil, nil, err
	}
	u.Report(c)
	if c.Update.Empty() {
		return nil, c, nil
	}
	next, err := u.Writer.Apply(ctx, c.Update)
	if err != nil {
		return nil, c, err
	}
	return next, c, nil
}

// Report logs the warnings and decisions of an update not logged before.
func (u *Updater) Report(c *indexer.Changes) {
	warned := map[indexer.Warning]bool{}
	for _, w := range c.Warnings {
		warned[w] = true
		if !u.warned[w] {
			u.Log.Warn("warning", "file", w.File, "reason", w.Message)
		}
	}
	// Only files read this time have warnings; keep the others' memory.
	for w := range u.warned {
		if _, reread := warned[w]; !reread {
			warned[w] = true
		}
	}
	u.warned = warned
	kept := map[string]string{}
	for _, k := range c.Kept {
		kept[k.File] = k.Reason
		level := slog.LevelWarn
		if u.kept[k.File] == k.Reason {
			level = slog.LevelDebug // logged when it broke
		}
		u.Log.Log(context.Background(), level, "post is broken; serving its last good version", "file", k.File, "post", k.Post, "reason", k.Reason)
	}
	u.kept = kept
	for _, k := range c.Withdrawn {
		u.Log.Info("post withdrawn", "file", k.File, "post", k.Post, "reason", k.Reason)
	}
	for _, m := range c.Missing {
		u.Log.Warn("picture missing", "file", m.File, "post", m.Post, "image", m.Image, "reason", m.Reason)
	}
}
