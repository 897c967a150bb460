package searching

import (
	"fmt"
	"net/http"
	"net/url"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/querylang"
	"github.com/freerange/weeknotes/search/suggest"
	"github.com/freerange/weeknotes/web/ops"
	"github.com/freerange/weeknotes/web/site"
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
	// People the query names in full: their posts rank first (a boost,
	// not a filter; author= filters).
	People []site.Person `json:"people,omitempty"`
	// Nearly: when few posts have every word, the first page's posts with
	// all of them but one (either, of two); not counted in total.
	Nearly []apiHit `json:"nearly_hits,omitempty"`
	// Related: when few posts have every word, the first page's posts on
	// the same subject as the hits, found by the rarer words the hits'
	// matching sections share (related_words); not counted in total.
	Related      []apiHit `json:"related_hits,omitempty"`
	RelatedWords []string `json:"related_words,omitempty"`
	// Hints say what a half-typed filter in the query needs ("author:
	// needs a value, as in author:chris-roos"); it was searched as a word.
	Hints []string `json:"hints,omitempty"`
	// Alone: when nothing matches a query of two or more words, each
	// searched alone, with what it finds (as on the search page).
	Alone []apiAlone `json:"alone,omitempty"`
}

// apiAlone is one word of a query that found nothing, searched alone.
type apiAlone struct {
	Query string `json:"query"`
	Total int    `json:"total"`
	URL   string `json:"url,omitempty"` // "" when it finds nothing
	// Unfiltered: with the search's filters it finds nothing too; Total
	// and URL are for every post.
	Unfiltered bool `json:"unfiltered,omitempty"`
}

type apiSuggestion struct {
	Query string `json:"query"`
	Total int    `json:"total"`
	URL   string `json:"url"`
}

type apiHit struct {
	Name      string         `json:"name"`
	URL       string         `json:"url"`
	Title     string         `json:"title"`
	Author    site.Person    `json:"author"`
	Date      string         `json:"date"`
	Week      *int           `json:"week"`
	Kind      string         `json:"kind"`
	Draft     bool           `json:"draft,omitempty"`
	Topics    []archive.Term `json:"topics"`
	Projects  []archive.Term `json:"projects"`
	Snippet   string         `json:"snippet"`
	TitleHTML string         `json:"title_html"`
	// Sections: up to 3 of the post's sections that hold the query's
	// words, best first; [] when none does, or the query has no words.
	Sections []apiSection `json:"sections"`
}

// apiSection is one section of a hit's post: its heading, a link to it
// that has the post page mark the query's words, and a snippet of it.
type apiSection struct {
	Heading string `json:"heading"`
	URL     string `json:"url"`
	Snippet string `json:"snippet"`
}

func (s *Pages) apiSearch(c *gin.Context) error {
	r, err := ParseRequest(c.Request.URL.Query())
	if err != nil {
		return err
	}
	res, err := site.Index(c).Search(c.Request.Context(), r)
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
		out.Hits = append(out.Hits, toAPIHit(h))
	}
	for _, h := range res.Nearly {
		out.Nearly = append(out.Nearly, toAPIHit(h))
	}
	for _, h := range res.Related {
		out.Related = append(out.Related, toAPIHit(h))
	}
	out.RelatedWords = res.RelatedBy
	for _, p := range res.People {
		out.People = append(out.People, site.Person{Slug: p.Value, Name: p.Label})
	}
	out.Hints = r.Parsed().Hints
	if res.Total == 0 && r.Text != "" {
		alone, err := wordsAlone(c, c.Request.URL.Query(), r)
		if err != nil {
			return err
		}
		for _, w := range alone {
			out.Alone = append(out.Alone, apiAlone{Query: w.Label, Total: w.Count, URL: w.URL, Unfiltered: w.Unfiltered})
		}
	}
	ops.JSON(c, http.StatusOK, out)
	return nil
}

func toAPIHit(h search.Hit) apiHit {
	var week *int
	if h.Week > 0 {
		w := h.Week
		week = &w
	}
	sections := make([]apiSection, len(h.Sections))
	for i, s := range h.Sections {
		sections[i] = apiSection{Heading: s.Heading, URL: s.URL, Snippet: s.Snippet}
	}
	return apiHit{
		Name:      h.Name,
		URL:       h.URL(),
		Title:     h.Title,
		Author:    site.Person{Slug: h.Author.Slug, Name: h.Author.Label},
		Date:      h.Created.Format(time.RFC3339),
		Week:      week,
		Kind:      h.Kind,
		Draft:     h.Draft,
		Topics:    h.Topics,
		Projects:  h.Projects,
		Snippet:   h.Snippet,
		TitleHTML: h.TitleHTML,
		Sections:  sections,
	}
}

// apiSuggest answers the search box as someone types: GET /api/suggest?q=.
func (s *Pages) apiSuggest(c *gin.Context) error {
	q := c.Query("q")
	if !utf8.ValidString(q) || len(q) > querylang.MaxQueryBytes {
		return &querylang.InvalidError{Param: "q", Msg: fmt.Sprintf("must be valid UTF-8 of at most %d bytes", querylang.MaxQueryBytes)}
	}
	items, err := site.Index(c).Suggest(c.Request.Context(), q, 8)
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
	Kind  string `json:"kind"` // query, post, topic, person, project, year, month, kind
	Label string `json:"label"`
	URL   string `json:"url"`
	Count int    `json:"count,omitempty"` // the posts URL finds; none for a post
}

// suggestURL is where a suggestion leads: a search for a query, or for a
// value's Query (a completed filter, as its chip), or a value's posts, or
// the post itself.
func suggestURL(it suggest.Item) string {
	param := map[suggest.Kind]string{
		suggest.KindPerson: "author", suggest.KindProject: "project", suggest.KindTopic: "topic",
		suggest.KindYear: "year", suggest.KindMonth: "month", suggest.KindKind: "kind",
	}
	switch {
	case it.Kind == suggest.KindQuery:
		return "/search?q=" + url.QueryEscape(it.Label)
	case it.Query != "":
		return chipURL(it.Query)
	case param[it.Kind] != "":
		return "/search?" + param[it.Kind] + "=" + url.QueryEscape(it.Slug)
	}
	return archive.Post{Name: it.Slug}.URL()
}

// chipURL is the search for query with its typed filters as parameters,
// where /search would redirect it (canonical).
func chipURL(query string) string {
	u := &url.URL{Path: "/search", RawQuery: url.Values{"q": {query}}.Encode()}
	r := querylang.Request{Query: query}
	if r.Normalize() != nil {
		return u.String()
	}
	if to := canonical(u, r); to != "" {
		return to
	}
	return u.String()
}
