package archive

import (
	"net/url"
	"sort"
	"strings"
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
	Name    string    `json:"name"`
	Title   string    `json:"title"`
	Author  Term      `json:"author"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	Kind    string    `json:"kind"`
	Week    int       `json:"week,omitempty"` // 0: not a numbered week
	Draft   bool      `json:"draft,omitempty"`
	Topics  []Term    `json:"topics"`
	// WrittenTopics are the topic slugs its headings write, the alias
	// table applied but no plural folded ("printer-kits", where Topics may
	// say printer-kit): whether another post's plural folds depends on
	// them, so an update that adds or removes the last of one files those
	// posts again.
	WrittenTopics []string `json:"-"`
	Projects      []Term   `json:"projects"`
	// Links are the flat addresses the post links to ("kalvir-sandhu"
	// for /kalvir-sandhu), each once, sorted: posts, people and projects
	// of the archive, or pages it lacks. A person's name searched finds
	// the posts that link to them as well as their own.
	Links    []string  `json:"-"`
	HTML     string    `json:"html"`
	Text     string    `json:"-"` // the indexed plain text; not stored
	Sections []Section `json:"sections,omitempty"`
	// Code are the parts of Text that are code (code blocks, fenced or
	// indented, and inline code), in order: searched as any text is, but
	// a word only they hold is no completion of what someone types.
	Code    []Span    `json:"-"`
	Summary string    `json:"summary"`
	Source  string    `json:"source"` // the snip's path inside the soup
	File    FileStamp `json:"-"`      // the snip as it was read
	// Images are the pictures of the images folder the post names, in
	// order, once each: those it shows and those it links to, found or
	// not (an update looks at them again to see whether one came, went
	// or changed).
	Images []Picture `json:"images,omitempty"`
}

// Thumbnail is the first picture the post shows whose size is known, or
// nil.
func (p Post) Thumbnail() *Picture {
	for i := range p.Images {
		if im := &p.Images[i]; im.Shown && im.Width > 0 {
			return im
		}
	}
	return nil
}

// AssetPrefix is where the images folder is served.
const AssetPrefix = "/images/"

// Picture is one image of the archive's images folder as a page shows
// it.
type Picture struct {
	Name    string `json:"name"`              // its path inside the images folder: blog/x.jpg
	Version string `json:"version,omitempty"` // the file's state when indexed (size and time); "" when the folder lacks it
	Width   int    `json:"width,omitempty"`   // in pixels, when its header says
	Height  int    `json:"height,omitempty"`
	Alt     string `json:"alt,omitempty"`
	Shown   bool   `json:"shown,omitempty"` // shown as a picture (not only linked to)
}

// Found says whether the folder has the picture.
func (p Picture) Found() bool { return p.Version != "" }

// URL is where the picture is served: under AssetPrefix, each part of its
// name escaped, with its version, so a page that names it can be cached
// for good and a new file gets a new URL.
func (p Picture) URL() string {
	parts := strings.Split(p.Name, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	u := AssetPrefix + strings.Join(parts, "/")
	if p.Version != "" {
		u += "?v=" + p.Version
	}
	return u
}

// URL is the post's flat URL, as on the original site. The name is
// escaped as one path segment, so no name can make a URL that leaves the
// site ("/evil.example/x" is "/%2Fevil.example%2Fx", never "//evil.example/x").
func (p Post) URL() string { return "/" + url.PathEscape(p.Name) }

// Span is the bytes [Start, End) of a post's Text.
type Span struct{ Start, End int32 }

// InSpans says whether byte at of a text lies in one of spans (in order).
func InSpans(spans []Span, at int) bool {
	i := sort.Search(len(spans), func(i int) bool { return int(spans[i].End) > at })
	return i < len(spans) && int(spans[i].Start) <= at
}

// Section is one headed part of a post: its heading as shown, the id the
// heading has in the post's HTML (the page's #fragment), and Start, the
// byte offset in Post.Text where the heading's line begins. A section's
// text runs from its Start (the heading line, then what follows it) to the
// next section's Start, or to the end of the text; what comes before the
// first heading belongs to no section.
type Section struct {
	Heading string `json:"heading"`
	ID      string `json:"id"`
	Start   int    `json:"start"`
}

// SectionURL is the URL of one of the post's sections, its heading in
// view, with the words of query q (querylang) for the page to highlight;
// q "" highlights nothing.
func (p Post) SectionURL(id, q string) string {
	u := p.URL()
	if q != "" {
		u += "?q=" + url.QueryEscape(q)
	}
	return u + "#" + url.PathEscape(id)
}

// Entity is a person or a project of the archive.
type Entity struct {
	Slug   string `json:"slug"`
	Name   string `json:"name"`
	HTML   string `json:"html"` // the bio or description
	Source string `json:"source"`
	// Names are the names a project's posts are found by (its display
	// name, the leading words of it, its aliases, its slug's words), so
	// its page can mark the passage that names it. None for a person.
	Names []string `json:"names,omitempty"`
	// Image is the photo or logo its :image: names (no Version when the
	// images folder lacks it); nil without one.
	Image *Picture `json:"image,omitempty"`
	// Gallery are a project's further pictures (:images:).
	Gallery []Picture `json:"gallery,omitempty"`
	// Links are its own places on the web: :site:, :url:, :twitter:,
	// :github:, :linkedin:.
	Links []Link `json:"links,omitempty"`
}

// Photo is the entity's image when the folder has it, else nil.
func (e Entity) Photo() *Picture {
	if e.Image != nil && e.Image.Found() {
		return e.Image
	}
	return nil
}

// Link is one of a person's or project's places on the web.
type Link struct {
	Kind  string `json:"kind"` // site, url, twitter, github, linkedin
	URL   string `json:"url"`  // an http or https URL
	Label string `json:"label"`
}

// FileStamp is what an index remembers of a file it read, to tell next
// time whether the file changed: its size and modification time, and the
// hash of its bytes for when only the time moved.
type FileStamp struct {
	Size    int64     `json:"size"`
	ModTime time.Time `json:"mtime"`
	Hash    string    `json:"hash"` // hex SHA-256 of the bytes
}

// Same reports whether a file now stamped now is the file stamped s,
// by size and time alone (no hash).
func (s FileStamp) Same(now FileStamp) bool {
	return s.Size == now.Size && s.ModTime.Equal(now.ModTime)
}
