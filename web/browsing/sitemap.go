package browsing

import (
	"encoding/xml"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/freerange/weeknotes/search/archive"
)

// GET /sitemap.xml: every page of the archive, written with encoding/xml
// once per index. Its absolute URLs start with the configured base URL,
// never with anything the request says (Host, X-Forwarded-Host).

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

type sitemapSet struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

func (s *Pages) sitemap(c *gin.Context) error {
	st := s.browseState(c)
	base := s.site.BaseURL
	if data := st.sitemap.Load(); data != nil {
		c.Data(http.StatusOK, "application/xml; charset=utf-8", *data)
		return nil
	}
	b := st.b
	set := sitemapSet{NS: sitemapNS}
	seen := map[string]bool{}
	add := func(path, lastmod string) {
		if !seen[path] {
			seen[path] = true
			set.URLs = append(set.URLs, sitemapURL{Loc: base + path, LastMod: lastmod})
		}
	}
	for _, p := range []string{"/", "/timeline", "/tags", "/people", "/projects", "/help"} {
		add(p, "")
	}
	for _, y := range b.Timeline() {
		if y.Count == 0 {
			continue
		}
		add(fmt.Sprintf("/timeline/%d", y.Year), "")
		for _, m := range y.Months {
			if m.Count > 0 {
				add(fmt.Sprintf("/timeline/%d/%02d", y.Year, m.Month), "")
			}
		}
	}
	for _, p := range b.All() {
		if p.Draft && !s.site.Drafts {
			continue
		}
		up := p.Updated
		if up.Before(p.Created) {
			up = p.Created
		}
		add(p.URL(), up.UTC().Format("2006-01-02"))
	}
	for _, facet := range []archive.Facet{archive.FacetTopic, archive.FacetAuthor, archive.FacetProject} {
		for _, t := range b.Terms(facet, true) {
			add(termURL(facet, t.Slug), "")
		}
	}
	out, err := xml.MarshalIndent(set, "", "  ")
	if err != nil {
		return fmt.Errorf("write sitemap: %w", err)
	}
	data := append([]byte(xml.Header), out...)
	st.sitemap.Store(&data)
	c.Data(http.StatusOK, "application/xml; charset=utf-8", data)
	return nil
}
