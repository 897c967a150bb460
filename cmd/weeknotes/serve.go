package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"runtime/debug"

	"github.com/freerange/weeknotes/indexer/images"
	"github.com/freerange/weeknotes/web"
	"github.com/freerange/weeknotes/web/live"
	"github.com/freerange/weeknotes/web/ops"
)

// serveGCPercent is the garbage collector's target while serving; see
// runServe.
const serveGCPercent = 50

func runServe(ctx context.Context, args []string, env lookupEnv, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var f soupFlags
	f.register(fs, "data", defaultIndexDir)
	addr := fs.String("addr", "127.0.0.1:8080", "listen on `HOST:PORT`")
	watch := fs.Bool("watch", false, "rebuild the index when posts, people or projects change, and serve it without a restart")
	logFormat := fs.String("log-format", "text", "log lines as `text` or json")
	baseURL := fs.String("base-url", "", "start absolute URLs (feeds, sitemap, OpenSearch) with `URL`, such as https://notes.example.org (default http:// and the listen address)")
	rest, err := parseFlags(fs, args, env)
	if err != nil {
		return err
	}
	if err := noArgs(fs, rest); err != nil {
		return err
	}
	log, err := ops.NewLogger(stderr, *logFormat)
	if err != nil {
		return &usageError{"serve: " + err.Error()}
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
	ix, built, err := b.Prepare(ctx, *watch)
	if errors.Is(err, live.ErrStopped) {
		log.Info(err.Error())
		return nil
	}
	if err != nil {
		return err
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
		*baseURL = ops.ListenURL(ln.Addr())
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
	err = ops.Run(ctx, ln, srv.Handler(), log, func() {
		stopWatching()
		<-watching
	})
	if cerr := l.Close(); cerr != nil {
		log.Warn("closing the index", "err", cerr)
	}
	log.Info("stopped")
	return err
}
