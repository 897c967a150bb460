package render

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	goldrenderer "github.com/yuin/goldmark/renderer"
	goldhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	nethtml "golang.org/x/net/html"

	"github.com/freerange/weeknotes/indexer/snip"
	"github.com/freerange/weeknotes/search/archive"
)

// Rendered is what one run of goldmark over a snip's content yields.
type Rendered struct {
	Title    string    // the opening level-1 heading, taken out of HTML and Text
	HTML     string    // sanitised HTML
	Text     string    // plain text for the index: no markup, no ERB, no URLs
	Summary  string    // the first paragraph's text
	Headings []Heading // every heading outside code, in order
	// Sections are the parts of Text under each heading that has words,
	// in order, with the ids the headings have in HTML.
	Sections []archive.Section
	// Code are the parts of Text that are code blocks or inline code, in
	// order (archive.Post.Code).
	Code  []archive.Span
	Links []string // link destinations: inline, reference definitions and raw HTML
	// Images are the pictures of the images folder the content names
	// (shown or linked to), once each, in order; those the folder lacks
	// have no Version.
	Images []archive.Picture
	// Warning says why the content was not rendered as Markdown (it nests
	// deeper than MaxNesting); "" when it was.
	Warning string
}

// MaxNesting is the deepest nesting of lists and block quotes rendered as
// Markdown. goldmark's cost grows with the cube of the depth (a list
// nested 2,500 levels took 36 s); the soups nest 4 deep at most. Deeper
// content is shown as preformatted text and indexed as it is.
const MaxNesting = 32

// nesting returns how deeply src's lines nest lists and block quotes,
// counting each ">" and list marker at the start of a line, and the
// indentation before them at one level per two columns. It stops counting
// once past limit.
func nesting(src []byte, limit int) int {
	deepest := 0
	for len(src) > 0 && deepest <= limit {
		line := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		depth, cols := 0, 0
	prefix:
		for i := 0; i < len(line); {
			switch c := line[i]; {
			case c == ' ':
				cols++
				i++
			case c == '\t':
				cols += 4
				i++
			case c == '>':
				depth += 1 + cols/2
				cols = 0
				i++
			default:
				n := listMarker(line[i:])
				if n == 0 {
					break prefix
				}
				depth += 1 + cols/2
				cols = 0
				i += n
			}
		}
		deepest = max(deepest, depth)
	}
	return deepest
}

// listMarker returns the length of the list marker that opens b ("-",
// "*", "+", "1." or "1)" before a space or the end), or 0.
func listMarker(b []byte) int {
	n := 0
	switch {
	case b[0] == '-' || b[0] == '*' || b[0] == '+':
		n = 1
	default:
		for n < len(b) && n < 9 && b[n] >= '0' && b[n] <= '9' {
			n++
		}
		if n == 0 || n == len(b) || b[n] != '.' && b[n] != ')' {
			return 0
		}
		n++
	}
	if n < len(b) && b[n] != ' ' && b[n] != '\t' {
		return 0
	}
	return n
}

// plain renders content nested too deep for Markdown: the text as it is,
// preformatted, with ERB dropped.
func plain(content string, depth int) Rendered {
	text := strings.TrimSpace(erbTag.ReplaceAllString(content, ""))
	summary := text
	if i := strings.Index(summary, "\n\n"); i >= 0 {
		summary = summary[:i]
	}
	summary = CollapseSpace(summary)
	if len(summary) > 300 {
		summary = strings.ToValidUTF8(summary[:300], "") + "…"
	}
	return Rendered{
		HTML:    "<pre>" + html.EscapeString(text) + "</pre>\n",
		Text:    text,
		Summary: summary,
		Warning: fmt.Sprintf("lists or quotes nest %d or more levels deep, over the limit of %d; shown as preformatted text, not Markdown", depth, MaxNesting),
	}
}

// Heading is one heading of a snip.
type Heading struct {
	Level int
	Text  string
}

// Renderer owns the goldmark and bluemonday set-up; both are safe for
// concurrent use, so one renderer serves every worker.
type Renderer struct {
	md       goldmark.Markdown // renders raw HTML, for bluemonday to sanitise
	safe     goldmark.Markdown // for posts without raw HTML: no sanitiser needed
	policy   *bluemonday.Policy
	people   map[string]string // slug -> display name, for by('slug')
	pictures Pictures
}

// Pictures looks up an image of the images folder by its name there
// ("blog/x.jpg"): its version and size, or an error when the folder
// lacks it. It must be safe for concurrent use.
type Pictures func(name string) (archive.Picture, error)

// New is a renderer that signs with people's names (slug -> display
// name) and looks pictures up with pictures.
func New(people map[string]string, pictures Pictures) *Renderer {
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
		// goldmark registers renderers from the highest priority number
		// to the lowest, and the last to register a kind wins: below its
		// own HTML renderer (1000), so this replaces its heading. (At
		// 2000 it lost, and no heading had its section link.)
		goldmark.WithRendererOptions(goldrenderer.WithNodeRenderers(util.Prioritized(headingRenderer{}, 100))),
		// Below 500 too, so this replaces its task box renderer.
		goldmark.WithRendererOptions(goldrenderer.WithNodeRenderers(util.Prioritized(taskRenderer{}, 100))),
	}
	// Posts carry raw HTML (images, embeds); md keeps it and bluemonday
	// sanitises the result. A post without a "<" has no raw HTML: safe
	// renders it with goldmark's own escaping and URL checks, and the
	// sanitiser, the costliest step, is skipped.
	md := goldmark.New(append(options, goldmark.WithRendererOptions(goldhtml.WithUnsafe()))...)
	safe := goldmark.New(options...)
	p := bluemonday.UGCPolicy()
	// Classes: only those the renderer writes itself (code highlighting,
	// section anchors, signatures, footnotes), so a post can't dress
	// itself in the page's own styles.
	p.AllowAttrs("class").Matching(classes).Globally()
	// Ids: any, but those of raw HTML get userIDPrefix in finishHTML, so
	// none can be one of the page's own ("q", "main").
	p.AllowAttrs("id").Matching(regexp.MustCompile(`^[\w\-:.]+$`)).Globally()
	// Iframes: only players and slide decks from known hosts, at a sane size.
	p.AllowElements("iframe", "video", "audio", "source", "figure", "figcaption", "del", "u")
	p.AllowAttrs("src").Matching(iframeSrc).OnElements("iframe")
	p.AllowAttrs("width", "height").Matching(regexp.MustCompile(`^(\d{1,4}(px)?|(100|\d{1,2})%)$`)).OnElements("img", "iframe", "video")
	// An image's style survives only as "width: 100%", which finishHTML
	// turns into the class full-width (the Content-Security-Policy
	// forbids inline styles).
	p.AllowAttrs("style").Matching(fullWidthStyle).OnElements("img")
	p.AllowAttrs("allowfullscreen", "frameborder").OnElements("iframe")
	// bluemonday checks the scheme of audio and video src but not of
	// source src or poster: these must be web or relative URLs.
	p.AllowAttrs("src").Matching(webURL).OnElements("source", "video", "audio")
	p.AllowAttrs("poster").Matching(webURL).OnElements("video")
	p.AllowAttrs("type").OnElements("source", "video", "audio")
	p.AllowAttrs("controls").OnElements("video", "audio")
	// No form controls: input, button, select, textarea and form are not
	// allowed (task list boxes are written as characters, taskRenderer).
	// The section link's "#" is hidden from screen readers (its label
	// says what it is).
	p.AllowAttrs("aria-hidden").Matching(regexp.MustCompile(`^true$`)).OnElements("span")
	p.AllowAttrs("datetime").OnElements("time")
	p.AllowElements("time")
	p.RequireNoFollowOnLinks(false)
	return &Renderer{md: md, safe: safe, policy: p, people: people, pictures: pictures}
}

// userIDPrefix goes before every id of a post's raw HTML, as GitHub does,
// so a post can't take an id the page uses ("q", the search box). Ids the
// renderer writes (headings, footnotes) keep theirs: section links work.
const userIDPrefix = "user-content-"

var (
	// webURL is an http(s), protocol-relative or relative URL: no
	// javascript: or data:.
	webURL = regexp.MustCompile(`^(?i:https?:|[^:/?#]*(?:[/?#]|$))`)
	// iframeSrc: the hosts whose players and decks the soups embed.
	iframeSrc = regexp.MustCompile(`^(?:https?:)?//(?:www\.)?(?:youtube\.com|youtube-nocookie\.com|player\.vimeo\.com|docs\.google\.com|speakerdeck\.com|slideshare\.net)/`)
	// footnoteID: the ids goldmark's footnotes write.
	footnoteID = regexp.MustCompile(`^fn(?:ref\d*)?:\d+$`)
	classes    = classPattern()
)

// classPattern matches a class attribute of the renderer's own classes:
// chroma's token classes and those written by this file and goldmark.
func classPattern() *regexp.Regexp {
	names := []string{"anchor", "visually-hidden", "signature", "image-alt", "footnotes", "footnote-ref", "footnote-backref"}
	for _, c := range chroma.StandardTypes {
		if c != "" {
			names = append(names, c)
		}
	}
	sort.Strings(names)
	for i, n := range names {
		names[i] = regexp.QuoteMeta(n)
	}
	one := "(?:" + strings.Join(names, "|") + `|language-[\w+#-]+)`
	return regexp.MustCompile("^" + one + "(?: " + one + ")*$")
}

// pageIDs are the ids the site's pages use (web/templates); a heading id
// goldmark would make equal to one of them, or shaped like them, gets a
// number ("q-1") instead.
var pageIDs = map[string]bool{"main": true, "q": true, "q-hint": true, "recent": true, "matching": true,
	"refining": true, "filters-label": true}

func pageID(id string) bool {
	return pageIDs[id] || strings.HasPrefix(id, "facet-") || strings.HasSuffix(id, "-heading") ||
		strings.HasSuffix(id, "-caption") || strings.HasPrefix(id, userIDPrefix)
}

// headingIDs are goldmark's automatic heading ids, less the page's own.
type headingIDs struct{ parser.IDs }

func (h headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	id := h.IDs.Generate(value, kind)
	for pageID(string(id)) {
		id = h.IDs.Generate(id, kind) // taken now, so it comes back numbered
	}
	return id
}

var (
	erbTag       = regexp.MustCompile(`(?s)<%(=|-|#)?(.*?)-?%>`)
	erbBy        = regexp.MustCompile(`^by\(\s*['"]([^'"]+)['"]\s*\)$`)
	erbImagePath = regexp.MustCompile(`^image_path\(\s*['"]([^'"]+)['"]\s*\)$`)
	erbImageTag  = regexp.MustCompile(`^image_tag\(\s*['"]([^'"]+)['"]\s*((?:,.*)?)\)$`)
	// erbOption is one option of image_tag: alt: 'x', width: "100%", height: 30.
	erbOption = regexp.MustCompile(`(\w+):\s*(?:'([^']*)'|"([^"]*)"|(\d+))`)
)

// AssetPrefix is where image_tag and image_path assets are served.
const AssetPrefix = archive.AssetPrefix

// expandERB replaces the ERB helpers the soup format uses with Markdown-safe
// HTML and drops every other tag, so no `<%` ever reaches a reader.
func (r *Renderer) expandERB(src string) string {
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
				name = snip.DisplayName(slug)
			}
			return fmt.Sprintf(`<span class="signature">&mdash; <a href="/%s">%s</a></span>`,
				html.EscapeString(slug), html.EscapeString(name))
		}
		if p := erbImagePath.FindStringSubmatch(code); p != nil {
			return archive.Picture{Name: p[1]}.URL()
		}
		if p := erbImageTag.FindStringSubmatch(code); p != nil {
			return imageTag(p[1], p[2])
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
func (r *Renderer) Render(content, title string) Rendered {
	if d := nesting([]byte(content), MaxNesting); d > MaxNesting {
		return plain(content, d)
	}
	src := []byte(r.expandERB(content))
	ctx := parser.NewContext(parser.WithIDs(headingIDs{parser.NewContext().IDs()}))
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))

	var out Rendered
	if h, ok := doc.FirstChild().(*ast.Heading); ok && h.Level == 1 {
		tc := &textCollector{src: src}
		tc.walk(h)
		if text := tc.headings[0].Text; title == "" || strings.EqualFold(CollapseSpace(title), text) {
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
		out.HTML, links, out.Images = r.finishHTML(r.policy.SanitizeBytes(buf.Bytes()), ownIDs(doc))
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
				assets = assets || bytes.HasPrefix(n.Destination, []byte(AssetPrefix))
			case *ast.Image:
				assets = true // every image gets its size and lazy loading
			}
			return ast.WalkContinue, nil
		})
		if assets {
			// The headings' ids are the renderer's here too: without
			// them, finishHTML would prefix every one.
			out.HTML, _, out.Images = r.finishHTML([]byte(out.HTML), ownIDs(doc))
		}
	}

	t := &textCollector{src: src}
	t.walk(doc)
	all := t.buf.String()
	out.Text = strings.TrimSpace(all)
	out.Summary = t.summary
	out.Headings = t.headings
	// Offsets were taken in the untrimmed text.
	lead := len(all) - len(strings.TrimLeftFunc(all, unicode.IsSpace))
	for _, s := range t.sections {
		s.Start = max(0, s.Start-lead)
		out.Sections = append(out.Sections, s)
	}
	for _, sp := range t.code {
		start, end := max(0, int(sp.Start)-lead), min(len(out.Text), int(sp.End)-lead)
		if start < end {
			out.Code = append(out.Code, archive.Span{Start: int32(start), End: int32(end)})
		}
	}
	return out
}

// headingID is the id goldmark gave h, as its HTML has it; "" if none.
func headingID(h *ast.Heading) string {
	if id, ok := h.AttributeString("id"); ok {
		if b, ok := id.([]byte); ok {
			return string(b)
		}
	}
	return ""
}

// ownIDs are the heading ids goldmark gave doc's headings.
func ownIDs(doc ast.Node) map[string]bool {
	ids := map[string]bool{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			if id, ok := h.AttributeString("id"); ok {
				if b, ok := id.([]byte); ok {
					ids[string(b)] = true
				}
			}
		}
		return ast.WalkContinue, nil
	})
	return ids
}

// prefixIDs puts userIDPrefix before t's id unless the renderer wrote it,
// and says whether it did.
func prefixIDs(t *nethtml.Token, own map[string]bool) bool {
	for i, a := range t.Attr {
		if a.Key != "id" {
			continue
		}
		switch {
		case len(t.Data) == 2 && t.Data[0] == 'h' && t.Data[1] >= '1' && t.Data[1] <= '6' && own[a.Val]:
		case (t.Data == "sup" || t.Data == "li") && footnoteID.MatchString(a.Val):
		default:
			t.Attr[i].Val = userIDPrefix + a.Val
			return true
		}
	}
	return false
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
	sections []archive.Section
	code     []archive.Span // where in buf code was written
	summary  string
}

func (c *textCollector) walk(doc ast.Node) {
	var para *strings.Builder // text of the block being collected, for headings and the summary
	start := 0                // where the heading being collected begins in buf
	codeFrom := 0             // where the inline code being collected begins in buf
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
				start = c.buf.Len()
				return ast.WalkContinue, nil
			}
			if para == nil {
				c.write("\n")
				return ast.WalkContinue, nil
			}
			s := CollapseSpace(para.String())
			para = nil
			if h, ok := n.(*ast.Heading); ok {
				c.headings = append(c.headings, Heading{Level: h.Level, Text: s})
				// A heading without words has nothing to show as a
				// section's name; its text stays in the section before.
				if id := headingID(h); id != "" && s != "" {
					c.sections = append(c.sections, archive.Section{Heading: s, ID: id, Start: start})
				}
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
				from := c.buf.Len()
				lines := n.Lines()
				for i := 0; i < lines.Len(); i++ {
					seg := lines.At(i)
					c.write(string(seg.Value(c.src)))
				}
				c.markCode(from)
				c.write("\n")
			}
			return ast.WalkSkipChildren, nil
		case *ast.CodeSpan:
			if entering {
				codeFrom = c.buf.Len()
			} else {
				c.markCode(codeFrom)
			}
		default:
			if !entering && (n.Type() == ast.TypeBlock || n.Kind().String() == "TableCell") {
				c.write("\n")
			}
		}
		return ast.WalkContinue, nil
	})
}

func (c *textCollector) write(s string) { c.buf.WriteString(s) }

// markCode records that buf from from on is code.
func (c *textCollector) markCode(from int) {
	if to := c.buf.Len(); to > from {
		c.code = append(c.code, archive.Span{Start: int32(from), End: int32(to)})
	}
}

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

// taskRenderer writes a GFM task list's box as a character, not a form
// control: ☑ done, ☐ to do.
type taskRenderer struct{}

func (taskRenderer) RegisterFuncs(reg goldrenderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindTaskCheckBox, func(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			if node.(*extast.TaskCheckBox).IsChecked {
				w.WriteString("☑ ")
			} else {
				w.WriteString("☐ ")
			}
		}
		return ast.WalkContinue, nil
	})
}

// CollapseSpace trims s and turns each run of white space in it into one
// space, as strings.Join(strings.Fields(s), " ") does, in one pass.
func CollapseSpace(s string) string {
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
