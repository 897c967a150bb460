package highlight

import (
	"html"
	"io"
	"strings"

	nethtml "golang.org/x/net/html"
)

// MaxMarkHTML bounds the HTML MarkHTML looks at: a page of a huge post
// costs no more than one of a long post, and its words past the bound are
// left unmarked.
const MaxMarkHTML = 1 << 20

// MarkHTML is src, HTML, with the query's words in its text wrapped in
// <mark>, and how many it marked. Only text between tags is marked: never
// a tag, an attribute, a comment, a script or style, or a heading's
// section link (the "#" and its label, class "anchor"). Everything else is
// written back byte for byte, and so is a text node without a match.
func (f *Finder) MarkHTML(src string) (string, int) {
	var out strings.Builder
	out.Grow(len(src) + len(src)/16)
	z := nethtml.NewTokenizer(strings.NewReader(src))
	read, marks := 0, 0
	var skip string // the element whose text is not marked, until it ends
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			if z.Err() != io.EOF {
				out.WriteString(src[read:]) // as it was, unmarked
			}
			break
		}
		// A copy: reading the token's name or text rewrites the
		// tokenizer's buffer in place (lower case, entities decoded).
		raw := string(z.Raw())
		read += len(raw)
		switch tt {
		case nethtml.StartTagToken:
			name, hasAttr := z.TagName()
			switch tag := string(name); {
			case skip != "":
			case tag == "script" || tag == "style" || tag == "textarea" || tag == "title":
				skip = tag
			case tag == "a" && hasAttr && anchorLink(z):
				skip = tag
			}
		case nethtml.EndTagToken:
			if name, _ := z.TagName(); skip != "" && string(name) == skip {
				skip = ""
			}
		case nethtml.TextToken:
			if skip == "" {
				if n := f.markText(&out, string(z.Text())); n > 0 {
					marks += n
					raw = "" // written marked
				}
			}
		}
		out.WriteString(raw)
		if read >= MaxMarkHTML {
			out.WriteString(src[read:])
			break
		}
	}
	return out.String(), marks
}

// anchorLink says whether the start tag z is at has the class "anchor":
// a heading's link to itself, which the renderer writes.
func anchorLink(z *nethtml.Tokenizer) bool {
	for {
		key, val, more := z.TagAttr()
		if string(key) == "class" {
			for _, c := range strings.Fields(string(val)) {
				if c == "anchor" {
					return true
				}
			}
		}
		if !more {
			return false
		}
	}
}

// markText writes text, escaped, with the query's words in <mark>, and
// says how many it marked; it writes nothing when it marked none.
func (f *Finder) markText(out *strings.Builder, text string) int {
	ms := clean(text, f.find(text, len(text)))
	if len(ms) == 0 {
		return 0
	}
	pos := 0
	for _, m := range ms {
		out.WriteString(html.EscapeString(text[pos:m.start]))
		out.WriteString("<mark>")
		out.WriteString(html.EscapeString(text[m.start:m.end]))
		out.WriteString("</mark>")
		pos = m.end
	}
	out.WriteString(html.EscapeString(text[pos:]))
	return len(ms)
}
