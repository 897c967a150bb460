package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/freerange/weeknotes/search/querylang"
	"github.com/freerange/weeknotes/web/browsing"
	"github.com/freerange/weeknotes/web/site"
)

type homePage struct {
	site.Base
	Recent []browsing.Listed // with excerpts, not the search's snippets
	Total  int
}

func (s *Server) home(c *gin.Context) error {
	res, err := site.Index(c).Search(c.Request.Context(), querylang.Request{Sort: querylang.SortNewest, Page: 1, PerPage: 10})
	if err != nil {
		return err
	}
	c.HTML(http.StatusOK, "home", homePage{Base: s.site.Base(c, "Weeknotes"), Recent: s.browse.Excerpts(c, res.Hits), Total: res.Total})
	return nil
}

// postPage serves a flat URL: a post, a person or a project (package browsing).
func (s *Server) postPage(c *gin.Context) error { return s.browse.Flat(c, c.Param("name")) }
