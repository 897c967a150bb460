package web

import (
	"html/template"
	"net/http"

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
	Total  int
}

type postPage struct {
	basePage
	Post search.Post
	Body template.HTML
}

func (s *Server) home(c *gin.Context) error {
	res, err := s.Index().Search(c.Request.Context(), search.Request{Sort: search.SortNewest, Page: 1, PerPage: 10})
	if err != nil {
		return err
	}
	c.HTML(http.StatusOK, "home", homePage{basePage: s.base(c, "Weeknotes"), Recent: res.Hits, Total: res.Total})
	return nil
}

func (s *Server) postPage(c *gin.Context) error {
	name := c.Param("name")
	p, err := s.Index().Get(c.Request.Context(), name)
	if err != nil {
		return err
	}
	if p.Draft && !s.cfg.Drafts {
		return search.ErrNotFound
	}
	c.HTML(http.StatusOK, "post", postPage{basePage: s.base(c, p.Title), Post: p, Body: template.HTML(p.HTML)})
	return nil
}
