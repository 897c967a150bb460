package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"time"

	"github.com/freerange/weeknotes/indexer"
	"github.com/freerange/weeknotes/indexer/images"
	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/store"
	"github.com/freerange/weeknotes/web"
	"github.com/freerange/weeknotes/web/live"
	"github.com/freerange/weeknotes/web/ops"
)

// shutdownLimit is how long in-flight requests get to finish on SIGINT or
// SIGTERM.
const shutdownLimit = 10 * time.Second

// serveGCPercent is the garbage collector's target while serving; see
// runServe.
const serveGCPercent = 50

func runServe(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var f soupFlags
	f.register(fs, "data", defaultIndexDir)
	addr := fs.String("addr", "127.0.0.1:8080", "listen on `HOST:PORT`")
	watch := fs.Bool("watch", false, "rebuild the index when posts, people or projects change, and serve it without a restart")
	logFormat := fs.String("log-format", "text", "log lines as `text` or json")
	baseURL := fs.String("base-url", "", "start absolute URLs (feeds, sitemap, OpenSearch) with `URL`, such as https://notes.example.org (default http:// and the listen address)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs(fs, rest); err != nil {
		return err
	}
	log, err := newLogger(stderr, *logFormat)
	if err != nil {
		return err
	}
	if *baseURL != "" {
		if *baseURL, err = web.ParseBaseURL(*baseURL); err != nil {
			return &usageError{fmt.Sprintf("serve: --base-url %v", err)}
		}
	}
	if err := f.findImages(); err != nil {
		return err
	}
	log.Info("starting", "version", buildVersion(), "images", images.Describe(f.imagesDir))

	b := &live.Updater{Options: f.options(), Dir: f.index, Log: log}
	why, err := indexer.Stale(f.index, f.posts, f.drafts)
	if err != nil {
		return err
	}
	var built time.Duration
	if why != "" {
		log.Info("building the index", "dir", f.index, "reason", why)
		start := time.Now()
		sum, err := indexer.Build(ctx, b.Options, f.index, nil)
		if err != nil && ctx.Err() != nil {
			// SIGINT or SIGTERM during the first build: the build is
			// cancelled (nothing half-done is left current), and stopping
			// is what was asked for.
			log.Info("stopped before the index was built")
			return nil
		}
		if err != nil {
			return err
		}
		built = time.Since(start)
		log.Info("indexed", "posts", sum.Indexed, "people", len(sum.People), "projects", len(sum.Projects),
			"drafts_left_out", sum.DraftsSkipped, "pages", sum.Pages, "warnings", len(sum.Warnings),
			"pictures_shown", sum.Pictures.Shown, "pictures_missing", len(sum.Missing), "took", built)
		for _, w := range sum.Warnings {
			log.Warn("warning", "file", w.File, "reason", w.Message)
		}
		for _, m := range sum.Missing {
			log.Warn("picture missing", "file", m.File, "post", m.Post, "image", m.Image, "reason", m.Reason)
		}
	}
	var ix *search.Index
	if *watch {
		// This server keeps the index up to date itself, in place: it
		// holds the index's writer lock while it runs.
		if b.Writer, err = search.OpenWriter(f.index); err != nil {
			return err
		}
		ix = b.Writer.Snapshot()
	} else {
		if why == "" {
			switch _, c, err := indexer.Update(ctx, b.Options, f.index, false, nil); {
			case errors.Is(err, store.ErrLocked):
				log.Warn("another process is updating the index; serving it as it is", "dir", f.index)
			case err != nil:
				return err
			case c != nil && !c.Update.Empty():
				log.Info("updated the index", "put", len(c.Update.Put), "deleted", len(c.Update.Delete), "files_read", c.Read)
				b.Report(c)
			case c != nil:
				b.Report(c)
			}
		}
		if ix, err = search.Open(f.index); err != nil {
			return err
		}
	}
	// Building the index and its in-memory table leaves garbage the
	// server will never need again: hand it back to the system now rather
	// than when the scavenger gets round to it.
	debug.FreeOSMemory()
	// A search allocates little (its buffers are pooled), so the heap can
	// be collected at half its live size again rather than at twice it: at
	// 100,000 posts, 60 searches left the server at 252-262 MB rather than
	// 296-300 MB, and took no longer. GOGC in the environment still decides.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		ix.Close()
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	if *baseURL == "" {
		*baseURL = listenURL(ln.Addr())
	}
	srv, err := web.New(web.Config{Index: ix, Drafts: f.drafts, Images: f.imagesDir, BaseURL: *baseURL, Logger: log})
	if err != nil {
		ln.Close()
		ix.Close()
		return err
	}
	if built > 0 {
		srv.RecordReindex(built, nil)
	}
	l := live.New(srv, b, log)
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	watchCtx, stopWatching := context.WithCancel(ctx)
	defer stopWatching()
	watching, err := l.Watch(watchCtx, *watch)
	if err != nil {
		ln.Close()
		ix.Close()
		return err
	}

	log.Info("serving", "url", "http://"+ln.Addr().String(), "base_url", *baseURL, "posts", ix.Catalog.Posts, "index", ix.Path,
		"images", images.Describe(f.imagesDir), "watch", *watch)
	errc := make(chan error, 1)
	go func() { errc <- ops.Serve(hs, ln) }()
	var serveErr error
	select {
	case serveErr = <-errc:
	case <-ctx.Done():
		log.Info("shutting down")
	}
	// No rebuild or swap after this point; then let requests finish.
	stopWatching()
	<-watching
	shutdown, cancel := context.WithTimeout(context.Background(), shutdownLimit)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Warn("requests still running at shutdown", "err", err)
	}
	if err := l.Close(); err != nil {
		log.Warn("closing the index", "err", err)
	}
	log.Info("stopped")
	if errors.Is(serveErr, http.ErrServerClosed) {
		serveErr = nil
	}
	return serveErr
}

// newLogger logs to w in the format --log-format names.
func newLogger(w io.Writer, format string) (*slog.Logger, error) {
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, nil)), nil
	}
	return nil, &usageError{fmt.Sprintf("serve: --log-format %q: want text or json", format)}
}

// listenURL is the default base URL: http:// and the address listened on,
// with "localhost" for an address that is every interface (":8080").
func listenURL(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "http://" + a.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}
