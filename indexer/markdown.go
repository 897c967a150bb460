package indexer

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	goldrenderer "github.com/yuin/goldmark/renderer"
	goldhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	nethtml "golang.org/x/net/html"
)

// Rendered is what one run of goldmark over a snip's content yields.
type Rendered struct {
	Title    string    // the opening level-1 heading, taken out of HTML and Text
	HTML     string    // sanitised HTML
	Text     string    // plain text for the index: no markup, no ERB, no URLs
	Summary  string    // the first paragraph's text
	Headings []Heading // every heading outside code, in order
	Links    []string  // link destinations: inline, reference definitions and raw HTML
}

// Heading is one heading of a snip.
type Heading struct {
	Level int
	Text  string
}

// renderer owns the goldmark and bluemonday set-up; both are safe for
// concurrent use, so one renderer serves every worker.
type renderer struct {
	md       goldmark.Markdown // renders raw HTML, for bluemonday to sanitise
	safe     goldmark.Markdown // for posts without raw HTML: no sanitiser needed
	policy   *bluemonday.Policy
	people   map[string]string // slug -> display name, for by('slug')
	hasAsset func(path string) bool
}

func newRenderer(people map[string]string, hasAsset func(string) bool) *renderer {
	options := []goldmark.Option{
		// Code blocks are highlighted with CSS classes (web/static/code.css),
		// not inline styles: the Content-Security-Policy forbids those.
		goldmark.WithExtensions(highlighting.NewHighlighting(
			highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
			highlighting.WithGuessLanguage(false),
		)),
		// Typographer writes characters, not entities, so both renderers
		// (bluemonday turns entities into characters) give the same HTML.
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.NewTypographer(
			extension.WithTypographicSubstitutions(extension.TypographicSubstitutions{
				extension.LeftSingleQuote: []byte("‘"), extension.RightSingleQuote: []byte("’"),
				extension.LeftDoubleQuote: []byte("“"), extension.RightDoubleQuote: []byte("”"),
				extension.EnDash: []byte("–"), extension.EmDash: []byte("—"), extension.Ellipsis: []byte("…"),
				extension.LeftAngleQuote: []byte("«"), extension.RightAngleQuote: []byte("»"),
				extension.Apostrophe: []byte("’"),
			}))),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		// Above goldmark's own renderers (priority 1000), so it replaces
		// their heading.
		goldmark.WithRendererOptions(goldrenderer.WithNodeRenderers(util.Prioritized(headingRenderer{}, 2000))),
	}
	// Posts carry raw HTML (images, embeds); md keeps it and bluemonday
	// sanitises the result. A post without a "<" has no raw HTML: safe
	// renders it with goldmark's own escaping and URL checks, and the
	// sanitiser, the costliest step, is skipped.
	md := goldmark.New(append(options, goldmark.WithRendererOptions(goldhtml.WithUnsafe()))...)
	safe := goldmark.New(options...)
	p := bluemonday.UGCPolicy()
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^[\w\- ]+$`)).Globally()
	p.AllowAttrs("id").Matching(regexp.MustCompile(`^[\w\-:.]+$`)).Globally()
	p.AllowAttrs("width", "height").Matching(regexp.MustCompile(`^\d+(%|px)?$`)).OnElements("img", "iframe", "video")
	p.AllowElements("iframe", "video", "audio", "source", "figure", "figcaption", "del", "u")
	p.AllowAttrs("src").Matching(regexp.MustCompile(`^(https?:)?//`)).OnElements("iframe")
	p.AllowAttrs("allowfullscreen", "frameborder").OnElements("iframe")
	p.AllowAttrs("src", "type").OnElements("source", "video", "audio")
	p.AllowAttrs("controls", "poster").OnElements("video", "audio")
	p.AllowAttrs("checked", "disabled", "type").OnElements("input")
	p.AllowElements("input")
	p.AllowAttrs("datetime").OnElements("time")
	p.AllowElements("time")
	p.RequireNoFollowOnLinks(false)
	return &renderer{md: md, safe: safe, policy: p, people: people, hasAsset: hasAsset}
}

var (
	erbTag       = regexp.MustCompile(`(?s)<%(=|-|#)?(.*?)-?%>`)
	erbBy        = regexp.MustCompile(`^by\(\s*['"]([^'"]+)['"]\s*\)$`)
	erbImagePath = regexp.MustCompile(`^image_path\(\s*['"]([^'"]+)['"]\s*\)$`)
	erbImageTag  = regexp.MustCompile(`^image_tag\(\s*['"]([^'"]+)['"]\s*(?:,\s*alt:\s*(?:'([^']*)'|"([^"]*)"))?.*\)$`)
)

// AssetPrefix is where image_tag and image_path assets are served.
const AssetPrefix = "/images/"

// expandERB replaces the ERB helpers the soup format uses with Markdown-safe
// HTML and drops every other tag, so no `<%` ever reaches a reader.
func (r *renderer) expandERB(src string) string {
	if !strings.Contains(src, "<%") {
		return src
	}
	return erbTag.ReplaceAllStringFunc(src, func(tag string) string {
		m := erbTag.FindStringSubmatch(tag)
		if m[1] != "=" {
			return ""
		}
		code := strings.TrimSpace(m[2])
		if b := erbBy.FindStringSubmatch(code); b != nil {
			slug := strings.TrimSpace(b[1])
			name := r.people[slug]
			if name == "" {
				name = DisplayName(slug)
			}
			return fmt.Sprintf(`<span class="signature">&mdash; <a href="/%s">%s</a></span>`,
				html.EscapeString(slug), html.EscapeString(name))
		}
		if p := erbImagePath.FindStringSubmatch(code); p != nil {
			return AssetPrefix + p[1]
		}
		if p := erbImageTag.FindStringSubmatch(code); p != nil {
			alt := p[2] + p[3]
			return fmt.Sprintf(`<img src="%s%s" alt="%s">`, AssetPrefix, html.EscapeString(p[1]), html.EscapeString(alt))
		}
		return ""
	})
}

// Render turns a snip's Markdown into sanitised HTML, plain text, headings
// and links, in one goldmark parse.
//
// A level-1 heading that opens the content is the post's title, shown by the
// page itself: it is taken out of the HTML and returned as Title when it
// says the same as title, or when title is empty.
func (r *renderer) Render(content, title string) Rendered {
	src := []byte(r.expandERB(content))
	ctx := parser.NewContext()
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))

	var out Rendered
	if h, ok := doc.FirstChild().(*ast.Heading); ok && h.Level == 1 {
		tc := &textCollector{src: src}
		tc.walk(h)
		if text := tc.headings[0].Text; title == "" || strings.EqualFold(collapseSpace(title), text) {
			out.Title = text
			doc.RemoveChild(doc, h)
		}
	}
	var buf bytes.Buffer
	rawHTML := bytes.IndexByte(src, '<') >= 0
	md := r.safe
	if rawHTML {
		md = r.md
	}
	if err := md.Renderer().Render(&buf, src, doc); err != nil {
		// goldmark's HTML renderer only fails when the writer does; a
		// bytes.Buffer never does. Keep the text so the post stays findable.
		buf.Reset()
	}
	for _, ref := range ctx.References() {
		out.Links = append(out.Links, string(ref.Destination()))
	}
	if rawHTML {
		var links []string
		out.HTML, links = r.finishHTML(r.policy.SanitizeBytes(buf.Bytes()))
		out.Links = append(out.Links, links...)
	} else {
		out.HTML = buf.String()
		assets := false
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			switch n := n.(type) {
			case *ast.Link:
				out.Links = append(out.Links, string(n.Destination))
			case *ast.Image:
				assets = assets || bytes.HasPrefix(n.Destination, []byte(AssetPrefix))
			}
			return ast.WalkContinue, nil
		})
		if assets {
			out.HTML, _ = r.finishHTML([]byte(out.HTML))
		}
	}

	t := &textCollector{src: src}
	t.walk(doc)
	out.Text = strings.TrimSpace(t.buf.String())
	out.Summary = t.summary
	out.Headings = t.headings
	return out
}

// finishHTML replaces images whose asset the archive lacks with their alt
// text and collects every link target.
func (r *renderer) finishHTML(sanitised []byte) (string, []string) {
	var out strings.Builder
	var links []string
	z := nethtml.NewTokenizer(bytes.NewReader(sanitised))
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			break
		}
		raw := z.Raw()
		if tt != nethtml.StartTagToken && tt != nethtml.SelfClosingTagToken {
			out.Write(raw)
			continue
		}
		tok := z.Token()
		switch tok.Data {
		case "a":
			if href := attr(tok, "href"); href != "" {
				links = append(links, href)
			}
		case "img":
			src := attr(tok, "src")
			if strings.HasPrefix(src, AssetPrefix) && !r.hasAsset(strings.TrimPrefix(src, AssetPrefix)) {
				if alt := attr(tok, "alt"); alt != "" {
					out.WriteString(`<span class="image-alt">` + html.EscapeString(alt) + `</span>`)
				}
				continue
			}
		}
		out.Write(raw)
	}
	return out.String(), links
}

func attr(t nethtml.Token, name string) string {
	for _, a := range t.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// breakTag matches raw HTML tags that separate the words either side.
var breakTag = regexp.MustCompile(`(?i)^</?(br|p|div|li|t[dhr]|table|hr|img|h[1-6]|blockquote|pre|[uod]l|d[td]|figure|figcaption|iframe|video|audio)\b`)

// textCollector walks goldmark's AST for the indexed plain text. Every block
// ends with a newline so words never run together across blocks.
type textCollector struct {
	src      []byte
	buf      strings.Builder
	headings []Heading
	summary  string
}

func (c *textCollector) walk(doc ast.Node) {
	var para *strings.Builder // text of the block being collected, for headings and the summary
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.RawHTML:
			// Inline tags are skipped, but one that breaks a line
			// ("alpha<br>beta" in a table cell) separates words.
			if entering && n.Segments.Len() > 0 {
				if seg := n.Segments.At(0); breakTag.Match(seg.Value(c.src)) {
					c.write(" ")
					if para != nil {
						para.WriteString(" ")
					}
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock, *ast.AutoLink:
			return ast.WalkSkipChildren, nil
		case *ast.Heading, *ast.Paragraph:
			_, heading := n.(*ast.Heading)
			if entering {
				// Only headings and the first paragraph (the summary) are
				// kept on their own; the rest is only written out.
				if heading || c.summary == "" {
					para = &strings.Builder{}
				}
				return ast.WalkContinue, nil
			}
			if para == nil {
				c.write("\n")
				return ast.WalkContinue, nil
			}
			s := collapseSpace(para.String())
			para = nil
			if h, ok := n.(*ast.Heading); ok {
				c.headings = append(c.headings, Heading{Level: h.Level, Text: s})
			} else if c.summary == "" && s != "" {
				c.summary = s
			}
			c.write("\n")
			return ast.WalkContinue, nil
		case *ast.Text:
			if entering {
				b := n.Segment.Value(c.src)
				if !n.IsRaw() {
					// As goldmark's HTML writer does: backslash escapes
					// and entity references become the characters.
					b = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(b)))
				}
				v := string(b)
				if n.SoftLineBreak() || n.HardLineBreak() {
					v += " "
				}
				c.write(v)
				if para != nil {
					para.WriteString(v)
				}
			}
		case *ast.String:
			if entering {
				v := html.UnescapeString(string(n.Value))
				c.write(v)
				if para != nil {
					para.WriteString(v)
				}
			}
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			if entering {
				lines := n.Lines()
				for i := 0; i < lines.Len(); i++ {
					seg := lines.At(i)
					c.write(string(seg.Value(c.src)))
				}
				c.write("\n")
			}
			return ast.WalkSkipChildren, nil
		default:
			if !entering && (n.Type() == ast.TypeBlock || n.Kind().String() == "TableCell") {
				c.write("\n")
			}
		}
		return ast.WalkContinue, nil
	})
}

func (c *textCollector) write(s string) { c.buf.WriteString(s) }

// headingRenderer writes headings as goldmark does, plus a link to the
// heading's own id, so every section of a post can be linked to.
type headingRenderer struct{}

func (headingRenderer) RegisterFuncs(reg goldrenderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, renderHeading)
}

func renderHeading(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	tag := "h" + strconv.Itoa(n.Level)
	if entering {
		w.WriteString("<" + tag)
		if n.Attributes() != nil {
			goldhtml.RenderAttributes(w, node, goldhtml.HeadingAttributeFilter)
		}
		w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	if id, ok := n.AttributeString("id"); ok {
		if b, ok := id.([]byte); ok && len(b) > 0 {
			w.WriteString(` <a class="anchor" href="#` + html.EscapeString(string(b)) +
				`"><span aria-hidden="true">#</span><span class="visually-hidden">Link to this section</span></a>`)
		}
	}
	w.WriteString("</" + tag + ">\n")
	return ast.WalkContinue, nil
}

// collapseSpace trims s and turns each run of white space in it into one
// space, as strings.Join(strings.Fields(s), " ") does, in one pass.
func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			space = b.Len() > 0
		} else {
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteString(s[i : i+size]) // the bytes as they were, valid or not
		}
		i += size
	}
	return b.String()
}
