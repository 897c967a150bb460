// Package web serves the archive over HTTP with Gin: HTML pages for people
// and a JSON API beside them, both over one search.Index.
//
// Routes:
//
//	GET /                 search box and recent posts
//	GET /search?q=        ranked results with highlighted snippets, facets, paging
//	GET /help             the query language of the search box
//	GET /NAME             a post, e.g. /week-474
//	GET /healthz          liveness
//	GET /readyz           readiness: the index's document count and age (package ops)
//	GET /metrics          Prometheus metrics (package ops)
//	GET /api/search       the same search as JSON
//	GET /static/...       stylesheet and search.js (suggestions as you type)
//	GET /images/...       image assets from the soup's images/ folder, if any (files.go)
//
// HEAD answers wherever GET does and other methods are a 405; absolute
// URLs start with Config.BaseURL (edges.go).
//
// Handlers return errors; one adapter turns *search.InvalidError into 400,
// search.ErrNotFound into 404 and anything else into a logged 500 that
// shows no internals. API routes answer errors as {"error": "..."}.
package web

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/gin-gonic/gin/render"

	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/web/ops"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Config is what a Server needs.
type Config struct {
	Index  *search.Index
	Drafts bool         // drafts are in the index and shown, marked
	Assets string       // the soup root; images are served from its images/ folder
	Logger *slog.Logger // nil: slog.Default()
	// BaseURL starts every absolute URL (feeds, sitemap, OpenSearch):
	// scheme://host[:port], see ParseBaseURL; "" is DefaultBaseURL.
	BaseURL string
}

// Server is the web front end of one index.
type Server struct {
	holder  *search.Holder // the index served; swapped whole when a new build is ready
	cfg     Config
	log     *slog.Logger
	engine  *gin.Engine
	metrics *ops.Metrics // metrics and the outer wrapper (package ops)
	// browsing is the Browse of the index served (browse.go).
	browsing atomic.Pointer[browseState]
	browseMu sync.Mutex // one Browse made at a time
}

// New parses every template and builds the router; a broken template is an
// error here, never at request time.
func New(cfg Config) (*Server, error) {
	if cfg.Index == nil {
		return nil, errors.New("web: no index")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	base, err := ParseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("web: base URL %w", err)
	}
	cfg.BaseURL = base
	pages, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, log: cfg.Logger}
	if err := s.accepts(cfg.Index); err != nil {
		return nil, err
	}
	s.holder = search.NewHolder(cfg.Index)
	s.metrics = ops.New(s.log, s.servedCatalog)
	e := gin.New()
	e.HTMLRender = pages
	if err := e.SetTrustedProxies(nil); err != nil {
		return nil, err
	}
	e.RedirectTrailingSlash = true
	e.HandleMethodNotAllowed = true
	// Headers, request id, log line and metrics are added outside Gin by
	// ops.Metrics.Wrap (see Handler); NameRoute tells it which route matched.
	e.Use(s.metrics.NameRoute(), s.recoverer(), s.takeIndex())
	e.NoMethod(s.handle(func(c *gin.Context) error {
		c.Header("Allow", ops.AllowedMethods) // Gin's says GET: HEAD is routed as GET
		return errMethodNotAllowed
	}))

	static, _ := fs.Sub(staticFS, "static")
	e.GET("/static/*filepath", s.staticFile(static))
	if cfg.Assets != "" {
		e.GET("/images/*filepath", s.image(filepath.Join(cfg.Assets, "images")))
	}
	e.GET("/healthz", func(c *gin.Context) { c.String(http.StatusOK, "ok\n") })
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", gin.WrapH(s.metrics.Handler()))
	e.GET("/", s.handle(s.home))
	e.GET("/search", s.handle(s.searchPage))
	e.GET("/api/search", s.handle(s.apiSearch))
	e.GET("/api/suggest", s.handle(s.apiSuggest))
	e.GET("/help", s.handle(s.help)) // before /:name: no post may be called "help"
	s.browseRoutes(e)                // browse.go, feeds.go: also names no post may have
	e.GET("/:name", s.handle(s.postPage))
	e.NoRoute(s.handle(func(c *gin.Context) error { return search.ErrNotFound }))
	s.engine = e
	return s, nil
}

// Take is a reference to the index being served, which the caller
// closes; nil once the server is closed.
func (s *Server) Take() *search.Index { return s.holder.Take() }

// indexKey is where a request keeps the index it took (takeIndex).
const indexKey = "weeknotes.index"

// takeIndex gives each request the index being served as it starts, taken
// once for the whole request, so every part of a page comes from one
// snapshot, and released when the request is done: a swap never closes
// an index a request still reads.
func (s *Server) takeIndex() gin.HandlerFunc {
	return func(c *gin.Context) {
		ix := s.holder.Take()
		if ix == nil {
			c.AbortWithStatus(http.StatusServiceUnavailable)
			return
		}
		defer ix.Close()
		c.Set(indexKey, ix)
		c.Next()
	}
}

// index is the index the request took.
func (s *Server) index(c *gin.Context) *search.Index { return c.MustGet(indexKey).(*search.Index) }

// Close lets go of the index being served; requests under way keep theirs.
func (s *Server) Close() error {
	if st := s.browsing.Swap(nil); st != nil {
		st.ix.Close()
	}
	return s.holder.Close()
}

// Swap serves ix from now on (the server closes it in its turn) and lets
// go of the index it replaces, which closes once the requests running on
// it have finished (search.Holder).
//
// A build that holds drafts is refused unless the server shows drafts:
// one made by "weeknotes index --drafts" beside a server without --drafts
// must not publish them. The caller still owns a refused ix.
func (s *Server) Swap(ix *search.Index) error {
	if err := s.accepts(ix); err != nil {
		return err
	}
	s.holder.Swap(ix)
	return nil
}

func (s *Server) accepts(ix *search.Index) error {
	if ix.Catalog.Source.Drafts && !s.cfg.Drafts {
		return fmt.Errorf("the build in %s includes drafts and this server runs without --drafts: not served", ix.Path)
	}
	return nil
}

// Handler is the server as a plain http.Handler.
func (s *Server) Handler() http.Handler { return s.metrics.Wrap(s.engine) }

// pageTemplates holds one template set per page, each the layout plus the
// page's own "content"; it is Gin's HTMLRender.
type pageTemplates map[string]*template.Template

func (p pageTemplates) Instance(name string, data any) render.Render {
	return render.HTML{Template: p[name], Name: "layout", Data: data}
}

var funcs = template.FuncMap{
	"date":     func(t time.Time) string { return t.Format("2 January 2006") },
	"day":      func(t time.Time) string { return t.Format("2 Jan") },
	"isodate":  func(t time.Time) string { return t.Format(time.RFC3339) },
	"safe":     func(s string) template.HTML { return template.HTML(s) }, // only for HTML sanitised at index time or escaped by the highlighter
	"tags":     tagsOf,
	"weekNote": weekNote,
}

func parseTemplates() (pageTemplates, error) {
	pages := pageTemplates{}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		base := strings.TrimSuffix(filepath.Base(n), ".html")
		if base == "layout" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		pages[base] = t
	}
	return pages, nil
}

// handle adapts a handler that returns an error: the one place errors
// become status pages.
func (s *Server) handle(h func(*gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := h(c); err != nil {
			s.fail(c, err)
		}
	}
}

func (s *Server) fail(c *gin.Context, err error) {
	status, msg := http.StatusInternalServerError, "Something went wrong on our side."
	var inv *search.InvalidError
	switch {
	case errors.As(err, &inv):
		status, msg = http.StatusBadRequest, inv.Error()
	case errors.Is(err, search.ErrNotFound):
		status, msg = http.StatusNotFound, "There is no page at "+c.Request.URL.Path+"."
	case errors.Is(err, errMethodNotAllowed):
		status, msg = http.StatusMethodNotAllowed, "This page answers GET and HEAD only."
	default:
		s.log.Error("request failed", "id", ops.RequestID(c), "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
	}
	if strings.HasPrefix(c.Request.URL.Path, "/api/") {
		c.JSON(status, gin.H{"error": msg})
		return
	}
	c.HTML(status, "error", errorPage{
		basePage: s.base(c, http.StatusText(status)),
		Status:   status,
		Message:  msg,
		Missing:  strings.Trim(c.Request.URL.Path, "/"),
	})
}

func (s *Server) recoverer() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if r := recover(); r != nil {
				s.fail(c, fmt.Errorf("panic: %v", r))
				c.Abort()
			}
		}()
		c.Next()
	}
}
