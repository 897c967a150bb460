package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/freerange/weeknotes/search"
)

// basePage is what the layout needs on every page.
type basePage struct {
	Title     string
	Query     string
	Drafts    bool
	Feed      string // the Atom feed of this page (see feeds.go)
	FeedTitle string
}

func (s *Server) base(c *gin.Context, title string) basePage {
	return basePage{Title: title, Query: c.Query("q"), Drafts: s.cfg.Drafts, Feed: pageFeed(c.Request.URL), FeedTitle: title}
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

func (s *Server) home(c *gin.Context) error {
	res, err := s.index(c).Search(c.Request.Context(), search.Request{Sort: search.SortNewest, Page: 1, PerPage: 10})
	if err != nil {
		return err
	}
	c.HTML(http.StatusOK, "home", homePage{basePage: s.base(c, "Weeknotes"), Recent: res.Hits, Total: res.Total})
	return nil
}

// postPage serves a flat URL: a post, a person or a project (browse.go).
func (s *Server) postPage(c *gin.Context) error { return s.flat(c, c.Param("name")) }
