package web

import (
	"fmt"
	"net/http"
	"net/url"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/suggest"
)

// The JSON shapes of /api/search. Later additions extend them; fields are
// never renamed or removed.
type apiSearchResponse struct {
	Query      string                         `json:"query"`
	Total      int                            `json:"total"`
	Page       int                            `json:"page"`
	PerPage    int                            `json:"per_page"`
	TookMS     float64                        `json:"took_ms"`
	Hits       []apiHit                       `json:"hits"`
	Facets     map[string][]search.FacetValue `json:"facets"`
	Filters    []search.AppliedFilter         `json:"filters"`
	Timeline   []search.MonthCount            `json:"timeline"`
	Suggestion *apiSuggestion                 `json:"suggestion"`
	Corrected  bool                           `json:"corrected"`
	Next       string                         `json:"next_cursor,omitempty"`
}

type apiSuggestion struct {
	Query string `json:"query"`
	Total int    `json:"total"`
	URL   string `json:"url"`
}

type apiPerson struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

type apiHit struct {
	Name      string         `json:"name"`
	URL       string         `json:"url"`
	Title     string         `json:"title"`
	Author    apiPerson      `json:"author"`
	Date      string         `json:"date"`
	Week      *int           `json:"week"`
	Kind      string         `json:"kind"`
	Draft     bool           `json:"draft,omitempty"`
	Topics    []archive.Term `json:"topics"`
	Projects  []archive.Term `json:"projects"`
	Snippet   string         `json:"snippet"`
	TitleHTML string         `json:"title_html"`
}

func (s *Server) apiSearch(c *gin.Context) error {
	r, err := parseRequest(c.Request.URL.Query())
	if err != nil {
		return err
	}
	res, err := s.index(c).Search(c.Request.Context(), r)
	if err != nil {
		return err
	}
	out := apiSearchResponse{
		Query:     r.Query,
		Total:     res.Total,
		Page:      r.Page,
		PerPage:   r.PerPage,
		TookMS:    float64(res.Took.Microseconds()) / 1000,
		Hits:      make([]apiHit, 0, len(res.Hits)),
		Facets:    res.Facets,
		Filters:   res.Filters,
		Timeline:  res.Timeline,
		Corrected: res.Corrected,
		Next:      res.Next,
	}
	if out.Filters == nil {
		out.Filters = []search.AppliedFilter{}
	}
	if sg := res.Suggestion; sg != nil {
		out.Suggestion = &apiSuggestion{Query: sg.Query, Total: sg.Total, URL: withParam(c.Request.URL.Query(), "q", sg.Query)}
	}
	for _, h := range res.Hits {
		var week *int
		if h.Week > 0 {
			w := h.Week
			week = &w
		}
		out.Hits = append(out.Hits, apiHit{
			Name:      h.Name,
			URL:       h.URL(),
			Title:     h.Title,
			Author:    apiPerson{Slug: h.Author.Slug, Name: h.Author.Label},
			Date:      h.Created.Format(time.RFC3339),
			Week:      week,
			Kind:      h.Kind,
			Draft:     h.Draft,
			Topics:    h.Topics,
			Projects:  h.Projects,
			Snippet:   h.Snippet,
			TitleHTML: h.TitleHTML,
		})
	}
	c.JSON(http.StatusOK, out)
	return nil
}

// apiSuggest answers the search box as someone types: GET /api/suggest?q=.
func (s *Server) apiSuggest(c *gin.Context) error {
	q := c.Query("q")
	if !utf8.ValidString(q) || len(q) > search.MaxQueryBytes {
		return &search.InvalidError{Param: "q", Msg: fmt.Sprintf("must be valid UTF-8 of at most %d bytes", search.MaxQueryBytes)}
	}
	items, err := s.index(c).Suggest(c.Request.Context(), q, 8)
	if err != nil {
		return err
	}
	out := make([]apiSuggestItem, len(items))
	for i, it := range items {
		out[i] = apiSuggestItem{Kind: string(it.Kind), Label: it.Label, URL: suggestURL(it), Count: it.Count}
	}
	c.JSON(http.StatusOK, gin.H{"query": q, "suggestions": out})
	return nil
}

// apiSuggestItem is one suggestion under the search box, with where it
// leads.
type apiSuggestItem struct {
	Kind  string `json:"kind"` // query, post, topic, person, project
	Label string `json:"label"`
	URL   string `json:"url"`
	Count int    `json:"count,omitempty"`
}

// suggestURL is where a suggestion leads: a search for a query or a
// person's, project's or topic's posts, or the post itself.
func suggestURL(it suggest.Item) string {
	switch it.Kind {
	case suggest.KindQuery:
		return "/search?q=" + url.QueryEscape(it.Label)
	case suggest.KindPerson:
		return "/search?author=" + url.QueryEscape(it.Slug)
	case suggest.KindProject:
		return "/search?project=" + url.QueryEscape(it.Slug)
	case suggest.KindTopic:
		return "/search?topic=" + url.QueryEscape(it.Slug)
	}
	return archive.Post{Name: it.Slug}.URL()
}
