// Package web serves the archive over HTTP with Gin: HTML pages for people
// and a JSON API beside them, both over one search.Index.
//
// Routes:
//
//	GET /                 search box and recent posts
//	GET /search?q=        ranked results, facets, paging: package searching
//	GET /help             the query language of the search box
//	GET /NAME             a post, e.g. /week-474
//	GET /healthz          liveness
//	GET /readyz           readiness: the index's document count and age (ready.go)
//	GET /metrics          Prometheus metrics (package ops)
//	GET /timeline, /tags, /people, /projects, /api/posts/... and the sitemap: package browsing
//	GET /feed.xml, /opensearch.xml (feeds.go)
//	GET /api/search, /api/suggest  the same search as JSON, and suggestions: package searching
//	GET /static/...       stylesheet and search.js (suggestions as you type), by
//	                      content-hashed names kept a year (static.go)
//	GET /images/...       the pictures of the images folder, if any (files.go)
//
// HEAD answers wherever GET does and other methods are a 405; absolute
// URLs start with Config.BaseURL (edges.go).
//
// Handlers return errors; one adapter (package site) turns
// *querylang.InvalidError into 400, search.ErrNotFound into 404 and anything
// else into a logged 500 that shows no internals. API routes answer errors
// as {"error": "..."}.
//
// The parts: web wires the server and serves the home page, help, posts'
// flat URLs (through browsing), feeds, files and the operator endpoints;
// package searching the search page, its JSON API and suggestions; package
// browsing the archive's browsing pages; package site what all pages share; package
// chart the histograms; package ops the wrapping of every request. None of
// them imports web, and site imports no page group.
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
	"time"

	"github.com/gin-gonic/gin"
	"github.com/gin-gonic/gin/render"

	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/web/browsing"
	"github.com/freerange/weeknotes/web/ops"
	"github.com/freerange/weeknotes/web/searching"
	"github.com/freerange/weeknotes/web/site"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Config is what a Server needs.
type Config struct {
	Index  *search.Index
	Drafts bool         // drafts are in the index and shown, marked
	Images string       // the images folder served under /images/ ("" for none); see package images
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
	metrics *ops.Metrics     // metrics and the outer wrapper (package ops)
	site    *site.Site       // what every page shares (package site)
	browse  *browsing.Pages  // the timeline, tags, people, projects, flat URLs (package browsing)
	search  *searching.Pages // the search page, its JSON twin and suggestions (package searching)
	pages   pageTemplates    // Gin's HTMLRender, and what search pages are rendered with
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
	static, _ := fs.Sub(staticFS, "static")
	assets, err := loadStatic(static)
	if err != nil {
		return nil, err
	}
	pages, err := parseTemplates(assets)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, log: cfg.Logger, pages: pages}
	if err := s.accepts(cfg.Index); err != nil {
		return nil, err
	}
	s.holder = search.NewHolder(cfg.Index)
	s.site = &site.Site{Drafts: cfg.Drafts, BaseURL: cfg.BaseURL, Log: s.log}
	s.browse = browsing.New(s.site, s.holder)
	s.search = searching.New(s.site, s.holder, pages)
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
	e.Use(s.metrics.NameRoute(), s.site.Recoverer(), site.TakeIndex(s.holder))
	e.NoMethod(s.site.Handle(func(c *gin.Context) error {
		c.Header("Allow", ops.AllowedMethods) // Gin's says GET: HEAD is routed as GET
		return site.ErrMethodNotAllowed
	}))

	e.GET("/static/*filepath", s.site.Handle(assets.serve))
	if cfg.Images != "" {
		e.GET("/images/*filepath", s.image(cfg.Images))
	}
	e.GET("/healthz", func(c *gin.Context) { c.String(http.StatusOK, "ok\n") })
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", gin.WrapH(s.metrics.Handler()))
	e.GET("/", s.site.Handle(s.home))
	s.search.Routes(e)                    // package searching: /search, /api/search, /api/suggest
	e.GET("/help", s.site.Handle(s.help)) // before /:name: no post may be called "help"
	s.browse.Routes(e)                    // package browsing: also names no post may have
	e.GET("/feed.xml", s.site.Handle(s.feed))
	e.GET("/opensearch.xml", s.site.Handle(s.openSearch))
	e.GET("/:name", s.site.Handle(s.postPage))
	e.NoRoute(s.site.Handle(func(c *gin.Context) error { return search.ErrNotFound }))
	s.engine = e
	return s, nil
}

// Take is a reference to the index being served, which the caller
// closes; nil once the server is closed.
func (s *Server) Take() *search.Index { return s.holder.Take() }

// Close lets go of the index being served; requests under way keep theirs.
func (s *Server) Close() error {
	s.browse.Close()
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

// Handler is the server as a plain http.Handler: text answers are
// compressed for clients that accept gzip (ops.Compress).
func (s *Server) Handler() http.Handler { return s.metrics.Wrap(ops.Compress(s.engine)) }

// pageTemplates holds one template set per page, each the layout plus the
// page's own "content"; it is Gin's HTMLRender.
type pageTemplates map[string]*template.Template

func (p pageTemplates) Instance(name string, data any) render.Render {
	return render.HTML{Template: p[name], Name: "layout", Data: data}
}

// funcs are the template functions; parseTemplates adds "static", the
// URL of a static file by its hashed name (static.go).
var funcs = template.FuncMap{
	"date":     func(t time.Time) string { return t.Format("2 January 2006") },
	"day":      func(t time.Time) string { return t.Format("2 Jan") },
	"isodate":  func(t time.Time) string { return t.Format(time.RFC3339) },
	"safe":     func(s string) template.HTML { return template.HTML(s) }, // only for HTML sanitised at index time or escaped by the highlighter
	"tags":     searching.Tags,
	"weekNote": site.WeekNote,
	// A hit's thumbnail: a box of this size, the picture cropped to it.
	"thumbWidth":  func() int { return 96 },
	"thumbHeight": func() int { return 72 },
}

func parseTemplates(assets *staticAssets) (pageTemplates, error) {
	fm := template.FuncMap{"static": assets.URL}
	for k, v := range funcs {
		fm[k] = v
	}
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
		t, err := template.New(base).Funcs(fm).ParseFS(templateFS, "templates/layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		pages[base] = t
	}
	return pages, nil
}
