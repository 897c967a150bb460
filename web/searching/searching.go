// Package searching serves the search: the results page, its JSON twin
// and the suggestions under the search box, all from the index a request
// took (site.Index).
//
//	GET /search?q=     ranked results with highlighted snippets, facets,
//	                   paging; typed filters (author:x in q) redirect to
//	                   their parameters, so both show as one chip
//	GET /api/search    the same search as JSON (apiSearchResponse)
//	GET /api/suggest   completions as someone types: queries with their
//	                   counts, posts, people, projects, topics, years
//
// A search's URL is its whole state (see ParseRequest), and a results page
// is a function of its URL and the snapshot served: pages are kept by URL
// per snapshot (pagecache.go). Templates are parsed by package web and
// handed over; this package executes "search" and its fragments. Errors
// are returned to site.Handle: a bad parameter is a *querylang.InvalidError
// (400) naming it.
package searching

import (
	"html/template"

	"github.com/gin-gonic/gin"

	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/web/site"
)

// Pages are the search pages of one server.
type Pages struct {
	site  *site.Site
	pages map[string]*template.Template // by page name, each the layout and the page's "content"
	// searchPages keeps the search pages rendered from the served snapshot.
	searchPages *pageCache
}

// New is the search pages of the index holder serves, rendered with
// templates (which must hold "search").
func New(s *site.Site, holder *search.Holder, templates map[string]*template.Template) *Pages {
	return &Pages{site: s, pages: templates, searchPages: newPageCache(holder)}
}

// Routes adds the pages of this package.
func (s *Pages) Routes(e *gin.Engine) {
	e.GET("/search", s.site.Handle(s.searchPage))
	e.GET("/api/search", s.site.Handle(s.apiSearch))
	e.GET("/api/suggest", s.site.Handle(s.apiSuggest))
}
