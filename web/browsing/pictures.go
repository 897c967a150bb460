package browsing

// People's and projects' pictures and links: the photo a person or
// project page shows beside its name, the small photos of /people, and
// the same in their JSON.

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/freerange/weeknotes/search/archive"
)

// Sizes, in CSS pixels, pictures are shown at.
const (
	photoSize   = 128 // a person's photo on their page: a square, cropped to fit
	avatarSize  = 32  // a person's photo in /people
	logoWidth   = 320 // a project's picture on its page, at most this wide
	logoHeight  = 200 // and this high
	galleryEdge = 160 // a project's further pictures, at most this wide and high
)

// shownPicture is a picture at the size a page shows it: its width and
// height are known before it loads, so the page never moves.
type shownPicture struct {
	URL           string `json:"url"`
	Width, Height int    `json:"-"`
	Alt           string `json:"alt,omitempty"`
	// Natural width and height, for the JSON.
	PixelWidth  int `json:"width,omitempty"`
	PixelHeight int `json:"height,omitempty"`
}

// square is p cropped to a square of side edge (CSS object-fit), or nil when
// the folder lacks it.
func square(p *archive.Picture, edge int, alt string) *shownPicture {
	if p == nil || !p.Found() {
		return nil
	}
	return &shownPicture{URL: p.URL(), Width: edge, Height: edge, Alt: alt, PixelWidth: p.Width, PixelHeight: p.Height}
}

// fit is p scaled down to fit w by h, its shape kept, or nil when the
// folder lacks it. One of unknown size is shown w wide and as high as it
// is (h), cropped.
func fit(p *archive.Picture, w, h int, alt string) *shownPicture {
	if p == nil || !p.Found() {
		return nil
	}
	out := &shownPicture{URL: p.URL(), Width: w, Height: h, Alt: alt, PixelWidth: p.Width, PixelHeight: p.Height}
	if p.Width > 0 && p.Height > 0 {
		scale := math.Min(1, math.Min(float64(w)/float64(p.Width), float64(h)/float64(p.Height)))
		out.Width = max(1, int(math.Round(float64(p.Width)*scale)))
		out.Height = max(1, int(math.Round(float64(p.Height)*scale)))
	}
	return out
}

// imgHTML is the <img> of a shown picture.
func (p *shownPicture) imgHTML(class string, lazy bool) template.HTML {
	esc := template.HTMLEscapeString
	var b strings.Builder
	fmt.Fprintf(&b, `<img class="%s" src="%s" width="%d" height="%d" alt="%s" decoding="async"`, esc(class), esc(p.URL), p.Width, p.Height, esc(p.Alt))
	if lazy {
		b.WriteString(` loading="lazy"`)
	}
	b.WriteString(">")
	return template.HTML(b.String())
}

// profileHead is what a person's or project's page shows beside its name.
type profileHead struct {
	Photo   template.HTML // the <img>, or ""
	Gallery []template.HTML
	Links   []archive.Link
}

func headOf(e *archive.Entity, facet archive.Facet, label string) profileHead {
	var h profileHead
	if e == nil {
		return h
	}
	h.Links = e.Links
	switch facet {
	case archive.FacetAuthor:
		if p := square(e.Image, photoSize, "Photo of "+label); p != nil {
			h.Photo = p.imgHTML("photo", false)
		}
	case archive.FacetProject:
		if p := fit(e.Image, logoWidth, logoHeight, label); p != nil {
			h.Photo = p.imgHTML("logo", false)
		}
		for i := range e.Gallery {
			if p := fit(&e.Gallery[i], galleryEdge, galleryEdge, fmt.Sprintf("%s, picture %d", label, i+1)); p != nil {
				h.Gallery = append(h.Gallery, p.imgHTML("gallery", true))
			}
		}
	}
	return h
}

// avatarHTML is a person's small photo in /people: decorative, as their
// name is beside it.
func avatarHTML(e *archive.Entity) string {
	if e == nil {
		return ""
	}
	p := square(e.Image, avatarSize, "")
	if p == nil {
		return `<span class="avatar none" aria-hidden="true"></span>`
	}
	return string(p.imgHTML("avatar", true))
}

// apiEntity is a person or project in /api/people, /api/projects and
// their own JSON: its count, and its picture and links when it has them.
type apiEntity struct {
	Slug    string         `json:"slug"`
	Label   string         `json:"label"`
	Count   int            `json:"count"`
	Image   *shownPicture  `json:"image,omitempty"`
	Gallery []shownPicture `json:"gallery,omitempty"`
	Links   []archive.Link `json:"links,omitempty"`
}

func entityJSON(slug, label string, count int, e *archive.Entity) apiEntity {
	out := apiEntity{Slug: slug, Label: label, Count: count}
	if e == nil {
		return out
	}
	out.Links = e.Links
	out.Image = square(e.Image, 0, label)
	for i := range e.Gallery {
		if p := square(&e.Gallery[i], 0, ""); p != nil {
			out.Gallery = append(out.Gallery, *p)
		}
	}
	return out
}
