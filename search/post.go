package search

import (
	"net/url"
	"time"
)

// Term is a facet value: a slug that is stored and matched, and the label a
// reader sees. Slugs are normalised once, at index time, so a facet value
// and its URL always agree.
type Term struct {
	Slug  string `json:"slug"`
	Label string `json:"label"`
}

// Post is one post as the index stores it: everything a result list or a
// post page needs, so the server never reads the soup.
type Post struct {
	Name     string    `json:"name"`
	Title    string    `json:"title"`
	Author   Term      `json:"author"`
	Created  time.Time `json:"created"`
	Updated  time.Time `json:"updated"`
	Kind     string    `json:"kind"`
	Week     int       `json:"week,omitempty"` // 0: not a numbered week
	Draft    bool      `json:"draft,omitempty"`
	Topics   []Term    `json:"topics"`
	Projects []Term    `json:"projects"`
	HTML     string    `json:"html"`
	Text     string    `json:"-"` // the indexed plain text; not stored
	Summary  string    `json:"summary"`
	Source   string    `json:"source"` // the snip's path inside the soup

	prepared *prepared // analysed for the index (Builder.Prepare); not stored
}

// URL is the post's flat URL, as on the original site. The name is
// escaped as one path segment, so no name can make a URL that leaves the
// site ("/evil.example/x" is "/%2Fevil.example%2Fx", never "//evil.example/x").
func (p Post) URL() string { return "/" + url.PathEscape(p.Name) }

// Entity is a person or a project of the archive.
type Entity struct {
	Slug   string `json:"slug"`
	Name   string `json:"name"`
	HTML   string `json:"html"` // the bio or description
	Source string `json:"source"`
}
