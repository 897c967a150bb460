package web

// Feeds and discovery, all written with encoding/xml so every value is
// escaped:
//
//	GET /feed.xml?...      Atom (RFC 4287): the newest posts of any search,
//	                       with the parameters of /search (topic=, author=,
//	                       project=, q=...); without any, the whole archive
//	GET /opensearch.xml    OpenSearch description: add the archive as a
//	                       browser search engine
//
// (/sitemap.xml is package browsing's.) Their absolute URLs start with
// Config.BaseURL, never with anything the request says (Host,
// X-Forwarded-Host): a request can't put another site into a feed.

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/freerange/weeknotes/search/querylang"
	"github.com/freerange/weeknotes/web/searching"
	"github.com/freerange/weeknotes/web/site"
)

const (
	atomNS       = "http://www.w3.org/2005/Atom"
	feedEntries  = 20
	openSearchNS = "http://a9.com/-/spec/opensearch/1.1/"
)

type atomFeed struct {
	XMLName xml.Name    `xml:"feed"`
	NS      string      `xml:"xmlns,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  *atomPerson `xml:"author,omitempty"`
	Links   []atomLink  `xml:"link"`
	Gen     string      `xml:"generator"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published"`
	Author     atomPerson     `xml:"author"`
	Links      []atomLink     `xml:"link"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Content    *atomText      `xml:"content,omitempty"`
}

func (s *Server) feed(c *gin.Context) error {
	q := c.Request.URL.Query()
	q.Del("sort")
	q.Del("page")
	q.Del("cursor")
	q.Set("per_page", fmt.Sprint(feedEntries))
	r, err := searching.ParseRequest(q)
	if err != nil {
		return err
	}
	r.Sort = querylang.SortNewest
	ix := site.Index(c)
	res, err := ix.Search(c.Request.Context(), r)
	if err != nil {
		return err
	}
	base := s.cfg.BaseURL
	title := "Weeknotes"
	var parts []string
	if r.Text != "" {
		parts = append(parts, "“"+r.Text+"”")
	}
	for _, f := range res.Filters {
		parts = append(parts, f.Label)
	}
	if len(parts) > 0 {
		title += ": " + strings.Join(parts, ", ")
	}
	page := "/"
	if len(c.Request.URL.RawQuery) > 0 {
		page = "/search?" + c.Request.URL.RawQuery
	}
	f := atomFeed{
		NS:    atomNS,
		ID:    base + c.Request.URL.RequestURI(),
		Title: title,
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base + c.Request.URL.RequestURI()},
			{Rel: "alternate", Type: "text/html", Href: base + page},
		},
		Gen: "Weeknotes",
	}
	updated := ix.Catalog.BuiltAt
	for _, h := range res.Hits {
		p, err := ix.Get(c.Request.Context(), h.Name)
		if err != nil {
			return err
		}
		if p.Draft && !s.cfg.Drafts {
			continue
		}
		up := p.Updated
		if up.IsZero() || up.Before(p.Created) {
			up = p.Created
		}
		if len(f.Entries) == 0 || up.After(updated) {
			updated = up
		}
		t := p.Title
		if p.Draft {
			t = "[draft] " + t
		}
		e := atomEntry{
			ID:        base + p.URL(),
			Title:     t,
			Updated:   up.Format(time.RFC3339),
			Published: p.Created.Format(time.RFC3339),
			Author:    atomPerson{Name: nonEmpty(p.Author.Label, p.Author.Slug, "Unknown"), URI: base + "/" + url.PathEscape(p.Author.Slug)},
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: base + p.URL()}},
			Content:   &atomText{Type: "html", Body: absoluteURLs(p.HTML, base)},
		}
		if p.Author.Slug == "" {
			e.Author.URI = ""
		}
		if p.Summary != "" {
			e.Summary = &atomText{Type: "text", Body: p.Summary}
		}
		for _, t := range p.Topics {
			e.Categories = append(e.Categories, atomCategory{Term: t.Slug, Label: t.Label})
		}
		f.Entries = append(f.Entries, e)
	}
	if len(f.Entries) == 0 {
		// RFC 4287 4.1.1: a feed without entries names its own author.
		f.Author = &atomPerson{Name: "Weeknotes"}
	}
	f.Updated = updated.UTC().Format(time.RFC3339)
	return writeXML(c, "application/atom+xml; charset=utf-8", f)
}

// siteURL matches a src, href or poster attribute holding a URL on this
// site ("/images/x.png", "/mocha"), not one on another ("//host/x").
var siteURL = regexp.MustCompile(`(\s(?:src|href|poster)=")/([^/"]|")`)

// absoluteURLs starts the site's own URLs in a post's HTML with base, so
// a feed reader, which reads the entry away from the site, shows its
// pictures and follows its links. The HTML is the renderer's (attributes
// always in double quotes).
func absoluteURLs(h, base string) string {
	return siteURL.ReplaceAllString(h, "${1}"+strings.ReplaceAll(base, "$", "$$")+"/${2}")
}

func nonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func writeXML(c *gin.Context, contentType string, v any) error {
	out, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("write %s: %w", c.Request.URL.Path, err)
	}
	c.Data(http.StatusOK, contentType, append([]byte(xml.Header), out...))
	return nil
}

type openSearchDesc struct {
	XMLName       xml.Name        `xml:"OpenSearchDescription"`
	NS            string          `xml:"xmlns,attr"`
	ShortName     string          `xml:"ShortName"`
	Description   string          `xml:"Description"`
	InputEncoding string          `xml:"InputEncoding"`
	Image         openSearchImage `xml:"Image"`
	URLs          []openSearchURL `xml:"Url"`
}

type openSearchImage struct {
	Type string `xml:"type,attr"`
	URL  string `xml:",chardata"`
}

type openSearchURL struct {
	Type     string `xml:"type,attr"`
	Method   string `xml:"method,attr,omitempty"`
	Template string `xml:"template,attr"`
}

func (s *Server) openSearch(c *gin.Context) error {
	base := s.cfg.BaseURL
	return writeXML(c, "application/opensearchdescription+xml; charset=utf-8", openSearchDesc{
		NS:            openSearchNS,
		ShortName:     "Weeknotes",
		Description:   "Search the team's weeknotes and blog posts",
		InputEncoding: "UTF-8",
		Image:         openSearchImage{Type: "image/svg+xml", URL: base + "/static/favicon.svg"},
		URLs: []openSearchURL{
			{Type: "text/html", Method: "get", Template: base + "/search?q={searchTerms}"},
			{Type: "application/atom+xml", Template: base + "/feed.xml?q={searchTerms}"},
		},
	})
}
