package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/freerange/weeknotes/search"
)

// basePage is what the layout needs on every page.
type basePage struct {
	Title  string
	Query  string
	Drafts bool
}

func (s *Server) base(c *gin.Context, title string) basePage {
	return basePage{Title: title, Query: c.Query("q"), Drafts: s.cfg.Drafts}
}

type errorPage struct {
	basePage
	Status  int
	Message string
	Missing string // the path asked for, offered as a search
}

type homePage struct {
	basePage
	Recent []search.Hit
	Total  uint64
}

type searchPage struct {
	basePage
	Result  *search.Result
	First   int // 1-based rank of the first hit
	Last    int
	Prev    string // URL of the previous page, "" on the first
	Next    string
	Facets  []facetView
	Sorts   []link
	Chips   []link // chosen filters; each link removes one
	Invalid string
}

type postPage struct {
	basePage
	Post search.Post
	Body template.HTML
}

type link struct {
	Label  string
	URL    string
	Active bool
}

type facetView struct {
	Name   string
	Title  string
	Values []facetLink
}

type facetLink struct {
	search.FacetValue
	URL      string
	Selected bool
}

func (s *Server) home(c *gin.Context) error {
	res, err := s.ix.Search(c.Request.Context(), search.Request{Sort: search.SortNewest, Page: 1, PerPage: 10})
	if err != nil {
		return err
	}
	c.HTML(http.StatusOK, "home", homePage{basePage: s.base(c, "Weeknotes"), Recent: res.Hits, Total: res.Total})
	return nil
}

func (s *Server) postPage(c *gin.Context) error {
	name := c.Param("name")
	p, err := s.ix.Get(c.Request.Context(), name)
	if err != nil {
		return err
	}
	if p.Draft && !s.cfg.Drafts {
		return search.ErrNotFound
	}
	c.HTML(http.StatusOK, "post", postPage{basePage: s.base(c, p.Title), Post: p, Body: template.HTML(p.HTML)})
	return nil
}

// parseRequest reads a search from the URL, naming the parameter at fault.
func parseRequest(q url.Values) (search.Request, error) {
	r := search.Request{
		Query:    q.Get("q"),
		Authors:  q["author"],
		Projects: q["project"],
		Topics:   q["topic"],
		Years:    q["year"],
		Sort:     q.Get("sort"),
	}
	for _, p := range []struct {
		name string
		dst  *int
	}{{"page", &r.Page}, {"per_page", &r.PerPage}} {
		v := q.Get(p.name)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return r, &search.InvalidError{Param: p.name, Msg: fmt.Sprintf("%q is not a whole number from 1 up", v)}
		}
		*p.dst = n
	}
	return r, r.Normalize()
}

var (
	facetTitles = map[string]string{"author": "People", "project": "Projects", "topic": "Topics", "year": "Years"}
	chipLabels  = map[string]string{"author": "Author", "project": "Project", "topic": "Topic", "year": "Year"}
)

func (s *Server) searchPage(c *gin.Context) error {
	r, err := parseRequest(c.Request.URL.Query())
	if err != nil {
		return err
	}
	res, err := s.ix.Search(c.Request.Context(), r)
	if err != nil {
		return err
	}
	title := "All posts"
	if r.Query != "" {
		title = "Search: " + r.Query
	}
	page := searchPage{basePage: s.base(c, title), Result: res}
	page.First = (r.Page-1)*r.PerPage + 1
	page.Last = page.First + len(res.Hits) - 1
	u := *c.Request.URL
	q := u.Query()
	if r.Page > 1 {
		page.Prev = withParam(q, "page", strconv.Itoa(r.Page-1))
	}
	if uint64(r.Page*r.PerPage) < res.Total && r.Page < search.MaxPage {
		page.Next = withParam(q, "page", strconv.Itoa(r.Page+1))
	}
	for _, o := range []string{search.SortRelevance, search.SortNewest, search.SortOldest} {
		page.Sorts = append(page.Sorts, link{Label: o, URL: withParam(q, "sort", o), Active: r.Sort == o})
	}
	for _, name := range []string{"author", "project", "topic", "year"} {
		chosen := map[string]bool{}
		for _, v := range q[name] {
			chosen[v] = true
			page.Chips = append(page.Chips, link{
				Label: chipLabels[name] + ": " + s.label(name, v),
				URL:   toggle(q, name, v),
			})
		}
		fv := facetView{Name: name, Title: facetTitles[name]}
		for _, v := range res.Facets[name] {
			fv.Values = append(fv.Values, facetLink{FacetValue: v, URL: toggle(q, name, v.Value), Selected: chosen[v.Value]})
		}
		page.Facets = append(page.Facets, fv)
	}
	c.HTML(http.StatusOK, "search", page)
	return nil
}

func (s *Server) label(facet, value string) string {
	field := map[string]string{"author": "author", "project": "projects", "topic": "topics"}[facet]
	return s.ix.Catalog.Label(field, value)
}

// withParam is the search URL with one parameter set; changing anything
// but the page goes back to the first page.
func withParam(q url.Values, key, value string) string {
	n := cloneValues(q)
	if key != "page" {
		n.Del("page")
	}
	n.Set(key, value)
	return "/search?" + n.Encode()
}

// toggle adds value to a facet's selection, or removes it when chosen.
func toggle(q url.Values, key, value string) string {
	n := cloneValues(q)
	n.Del("page")
	var kept []string
	found := false
	for _, v := range q[key] {
		if v == value {
			found = true
			continue
		}
		kept = append(kept, v)
	}
	if !found {
		kept = append(kept, value)
	}
	n[key] = kept
	if len(kept) == 0 {
		n.Del(key)
	}
	return "/search?" + n.Encode()
}

func cloneValues(q url.Values) url.Values {
	n := url.Values{}
	for k, v := range q {
		n[k] = append([]string(nil), v...)
	}
	return n
}
