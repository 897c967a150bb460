package render

// Pictures in posts. Every <img> of a post leaves finishHTML with:
//   - for a picture of the images folder (src under AssetPrefix): its
//     versioned URL and its width and height in pixels, read at index time
//     (an author's width in pixels is kept, the height scaled to it; width
//     100%, as an attribute or a style, becomes the class full-width), so
//     the page never moves as pictures load; one the folder lacks becomes
//     its alt text;
//   - loading="lazy" and decoding="async";
//   - when it stands alone in its paragraph (or alone as a block of raw
//     HTML), perhaps inside a link: a <figure> with its alt text as the
//     caption.
// Links to pictures of the folder get the versioned URL too; a link to one
// the folder lacks keeps its text and loses the link.

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	nethtml "golang.org/x/net/html"

	"github.com/freerange/weeknotes/search/archive"
)

// fullWidthStyle is the one inline style an image keeps (as a class).
var fullWidthStyle = regexp.MustCompile(`(?i)^\s*width\s*:\s*100%\s*;?\s*$`)

// imageTag is image_tag's <img>: its alt, width, height and title options
// (style "width: 100%" as width 100%); the others are dropped.
func imageTag(name, options string) string {
	var b strings.Builder
	// Escaped as a URL: bluemonday drops a src with a space in it.
	fmt.Fprintf(&b, `<img src="%s"`, html.EscapeString(archive.Picture{Name: name}.URL()))
	attrs := map[string]string{}
	for _, o := range erbOption.FindAllStringSubmatch(options, -1) {
		v := o[2] + o[3] + o[4]
		switch o[1] {
		case "alt", "width", "height", "title":
			attrs[o[1]] = v
		case "style":
			if fullWidthStyle.MatchString(v) {
				attrs["width"] = "100%"
			}
		}
	}
	fmt.Fprintf(&b, ` alt="%s"`, html.EscapeString(attrs["alt"]))
	for _, k := range []string{"width", "height", "title"} {
		if v, ok := attrs[k]; ok {
			fmt.Fprintf(&b, ` %s="%s"`, k, html.EscapeString(v))
		}
	}
	b.WriteString(">")
	return b.String()
}

// assetName is the name inside the images folder that a URL under
// AssetPrefix names ("/images/blog/a%20b.png?x" is "blog/a b.png"), or ""
// for any other URL.
func assetName(u string) string {
	if !strings.HasPrefix(u, AssetPrefix) {
		return ""
	}
	u = strings.TrimPrefix(u, AssetPrefix)
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	if n, err := url.PathUnescape(u); err == nil {
		u = n
	}
	return u
}

// piece is one token of the sanitised HTML, as finishHTML writes it.
type piece struct {
	tt  nethtml.TokenType
	tag string // start and end tags: the element
	out string // what is written
	alt string // an image: its alt text
	img bool   // an image that is shown (not replaced by its alt text)
}

// voids are the elements with no end tag.
var voids = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "param": true, "source": true, "track": true, "wbr": true}

// finishHTML sizes and versions the pictures of the images folder and
// replaces those it lacks with their alt text, makes a figure of each
// picture alone in its paragraph, puts userIDPrefix before the ids raw HTML
// brought (those of headings in own and of footnotes are the renderer's)
// and collects every link target and the pictures named.
func (r *Renderer) finishHTML(sanitised []byte, own map[string]bool) (string, []string, []archive.Picture) {
	var links []string
	var pics []archive.Picture
	seen := map[string]int{}
	// name records a picture of the folder named by the post.
	name := func(n string, shown bool, alt string) (archive.Picture, bool) {
		if i, ok := seen[n]; ok {
			pics[i].Shown = pics[i].Shown || shown
			if pics[i].Alt == "" {
				pics[i].Alt = alt
			}
			return pics[i], pics[i].Found()
		}
		p, err := r.pictures(n)
		if err != nil {
			p = archive.Picture{Name: n}
		}
		p.Shown, p.Alt = shown, alt
		seen[n] = len(pics)
		pics = append(pics, p)
		return p, p.Found()
	}
	var pieces []piece
	dropEndA := false // the <a> open links to a picture the folder lacks
	z := nethtml.NewTokenizer(bytes.NewReader(sanitised))
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			break
		}
		raw := string(z.Raw())
		if tt == nethtml.EndTagToken {
			tn, _ := z.TagName()
			tag := string(tn)
			if tag == "a" && dropEndA {
				dropEndA = false
				continue
			}
			pieces = append(pieces, piece{tt: tt, tag: tag, out: raw})
			continue
		}
		if tt != nethtml.StartTagToken && tt != nethtml.SelfClosingTagToken {
			pieces = append(pieces, piece{tt: tt, out: raw})
			continue
		}
		tok := z.Token()
		if prefixIDs(&tok, own) {
			raw = tok.String()
		}
		pc := piece{tt: tt, tag: tok.Data, out: raw}
		switch tok.Data {
		case "a":
			href := attr(tok, "href")
			if href != "" {
				links = append(links, href)
			}
			if n := assetName(href); n != "" {
				if p, ok := name(n, false, ""); ok {
					setAttr(&tok, "href", p.URL())
					pc.out = tok.String()
				} else {
					dropEndA = true // keep the text, not a link to nothing
					continue
				}
			}
		case "img":
			alt := attr(tok, "alt")
			if w := attr(tok, "width"); w == "100%" || fullWidthStyle.MatchString(attr(tok, "style")) {
				addClass(&tok, "full-width")
			}
			delAttr(&tok, "style")
			if n := assetName(attr(tok, "src")); n != "" {
				p, ok := name(n, true, alt)
				if !ok {
					if alt != "" {
						pieces = append(pieces, piece{tt: nethtml.TextToken, out: `<span class="image-alt">` + html.EscapeString(alt) + `</span>`})
					}
					continue
				}
				setAttr(&tok, "src", p.URL())
				size(&tok, p)
			}
			setAttr(&tok, "loading", "lazy")
			setAttr(&tok, "decoding", "async")
			pc.out, pc.alt, pc.img = tok.String(), alt, true
		}
		pieces = append(pieces, pc)
	}
	return figures(pieces), links, pics
}

// size gives an image of the folder its width and height: the picture's
// own, or the author's width in pixels with the height to scale.
func size(t *nethtml.Token, p archive.Picture) {
	w, h := attr(*t, "width"), attr(*t, "height")
	if p.Width <= 0 || p.Height <= 0 {
		if strings.HasSuffix(w, "%") {
			delAttr(t, "width")
		}
		if strings.HasSuffix(h, "%") {
			delAttr(t, "height")
		}
		return
	}
	pw, errW := strconv.Atoi(strings.TrimSuffix(w, "px"))
	ph, errH := strconv.Atoi(strings.TrimSuffix(h, "px"))
	switch {
	case errW == nil && pw > 0 && errH == nil && ph > 0:
	case errW == nil && pw > 0:
		ph = max(1, int(math.Round(float64(pw)*float64(p.Height)/float64(p.Width))))
	case errH == nil && ph > 0:
		pw = max(1, int(math.Round(float64(ph)*float64(p.Width)/float64(p.Height))))
	default:
		pw, ph = p.Width, p.Height
	}
	setAttr(t, "width", strconv.Itoa(pw))
	setAttr(t, "height", strconv.Itoa(ph))
}

// figures writes the pieces, each picture alone in its paragraph (or
// alone between blocks, as a line of raw HTML is) as a figure captioned
// with its alt text.
func figures(pieces []piece) string {
	var out strings.Builder
	depth := 0
	for i := 0; i < len(pieces); i++ {
		pc := pieces[i]
		if pc.tt == nethtml.StartTagToken && pc.tag == "p" {
			if from, to, end, ok := alone(pieces, i+1); ok && end < len(pieces) && pieces[end].tt == nethtml.EndTagToken && pieces[end].tag == "p" {
				figure(&out, pieces[from:to])
				i = end
				continue
			}
		}
		if depth == 0 && (pc.img || pc.tag == "a" && pc.tt == nethtml.StartTagToken) && blockEdge(pieces, i-1, true) {
			if from, to, _, ok := alone(pieces, i); ok && from == i && blockEdge(pieces, to, false) {
				figure(&out, pieces[from:to])
				i = to - 1
				continue
			}
		}
		switch {
		case pc.tt == nethtml.StartTagToken && !voids[pc.tag]:
			depth++
		case pc.tt == nethtml.EndTagToken && depth > 0:
			depth--
		}
		out.WriteString(pc.out)
	}
	return out.String()
}

// alone finds, from pieces[i], a picture with nothing but white space
// around it, perhaps inside one link: the picture (with its link) is
// pieces[from:to], and end is the first piece after it and the space that
// follows.
func alone(pieces []piece, i int) (from, to, end int, ok bool) {
	space := func(j int) int {
		for j < len(pieces) && pieces[j].tt == nethtml.TextToken && strings.TrimSpace(pieces[j].out) == "" {
			j++
		}
		return j
	}
	j := space(i)
	from = j
	link := j < len(pieces) && pieces[j].tt == nethtml.StartTagToken && pieces[j].tag == "a"
	if link {
		j = space(j + 1)
	}
	if j >= len(pieces) || !pieces[j].img {
		return 0, 0, 0, false
	}
	j++
	if link {
		j = space(j)
		if j >= len(pieces) || pieces[j].tt != nethtml.EndTagToken || pieces[j].tag != "a" {
			return 0, 0, 0, false
		}
		j++
	}
	return from, j, space(j), true
}

// blockEdge says whether pieces[i] ends (before) or starts (after) a line
// of its own at the top level: nothing, or text ending (starting) with a
// line break.
func blockEdge(pieces []piece, i int, before bool) bool {
	if i < 0 || i >= len(pieces) {
		return true
	}
	pc := pieces[i]
	if pc.tt != nethtml.TextToken {
		return false
	}
	if before {
		return strings.HasSuffix(strings.TrimRight(pc.out, " \t"), "\n")
	}
	return strings.HasPrefix(strings.TrimLeft(pc.out, " \t"), "\n")
}

// figure writes a picture (perhaps in a link) as a figure with its alt
// text as the caption.
func figure(out *strings.Builder, group []piece) {
	out.WriteString("<figure>")
	alt := ""
	for _, pc := range group {
		if pc.tt == nethtml.TextToken && strings.TrimSpace(pc.out) == "" {
			continue
		}
		if pc.img {
			alt = pc.alt
		}
		out.WriteString(pc.out)
	}
	if alt = strings.TrimSpace(alt); alt != "" {
		out.WriteString("<figcaption>" + html.EscapeString(alt) + "</figcaption>")
	}
	out.WriteString("</figure>")
}

func setAttr(t *nethtml.Token, key, val string) {
	for i, a := range t.Attr {
		if a.Key == key {
			t.Attr[i].Val = val
			return
		}
	}
	t.Attr = append(t.Attr, nethtml.Attribute{Key: key, Val: val})
}

func delAttr(t *nethtml.Token, key string) {
	out := t.Attr[:0]
	for _, a := range t.Attr {
		if a.Key != key {
			out = append(out, a)
		}
	}
	t.Attr = out
}

func addClass(t *nethtml.Token, class string) {
	if c := attr(*t, "class"); c != "" {
		setAttr(t, "class", c+" "+class)
		return
	}
	setAttr(t, "class", class)
}
