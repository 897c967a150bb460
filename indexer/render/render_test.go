package render

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/freerange/weeknotes/indexer/testsoup"
	"github.com/freerange/weeknotes/search/archive"
)

// testRenderer knows two people and has the images of testPictures.
func testRenderer() *Renderer {
	people := map[string]string{"chris-roos": "Chris Roos", "floppy": "James Smith"}
	return New(people, testPictures)
}

// testPictures is an images folder holding blog/present.png, 640 by 480
// pixels, and blog/tall.svg, whose size it can't tell.
func testPictures(name string) (archive.Picture, error) {
	switch name {
	case "blog/present.png":
		return archive.Picture{Name: name, Version: "v1", Width: 640, Height: 480}, nil
	case "blog/tall.svg":
		return archive.Picture{Name: name, Version: "v2"}, nil
	case "blog/a b.jpg":
		return archive.Picture{Name: name, Version: "v3", Width: 100, Height: 50}, nil
	}
	return archive.Picture{}, fs.ErrNotExist
}

func TestRenderText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Rendered // HTML is checked by TestRenderHTML
	}{
		{
			name: "emphasis and code lose their markers",
			in:   "**bold** and _em_ and `x := 1` and ~~gone~~",
			want: Rendered{Text: "bold and em and x := 1 and gone", Summary: "bold and em and x := 1 and gone"},
		},
		{
			name: "links keep their text, not their URLs",
			in:   "[link text](https://example.com/x) then <https://auto.example.com> and https://bare.example.com.",
			want: Rendered{
				Text:    "link text then  and .",
				Summary: "link text then and .",
				Links:   []string{"https://example.com/x", "https://auto.example.com", "https://bare.example.com"},
			},
		},
		{
			name: "reference-style links",
			in:   "See [the manager][am] for details.\n\n[am]: /asset-manager",
			want: Rendered{
				Text:    "See the manager for details.",
				Summary: "See the manager for details.",
				Links:   []string{"/asset-manager", "/asset-manager"},
			},
		},
		{
			name: "images keep their alt text",
			in:   "![A diagram of the flow](/images/missing.png)",
			want: Rendered{Text: "A diagram of the flow", Summary: "A diagram of the flow",
				Images: []archive.Picture{{Name: "missing.png", Alt: "A diagram of the flow", Shown: true}}},
		},
		{
			name: "headings are collected, ATX and setext; an opening level-1 heading is the title",
			in:   "Setext title\n============\n\n## Show & Tell 🎉\n\nBody.\n\n### Small *print*\n\n```\n# not a heading\n```",
			want: Rendered{
				Title:   "Setext title",
				Text:    "Show & Tell 🎉\nBody.\nSmall print\n# not a heading",
				Summary: "Body.",
				Headings: []Heading{
					{Level: 2, Text: "Show & Tell 🎉"},
					{Level: 3, Text: "Small print"},
				},
				Sections: []archive.Section{
					{Heading: "Show & Tell 🎉", ID: "show--tell-", Start: 0},
					{Heading: "Small print", ID: "small-print", Start: 23},
				},
			},
		},
		{
			name: "table cells are separate words",
			in:   "| Name | Status |\n|------|--------|\n| alpha | beta |",
			want: Rendered{Text: "Name\nStatus\n\nalpha\nbeta"},
		},
		{
			name: "a line break tag separates words",
			in:   "| Cell |\n|---|\n| alpha<br>beta |\n\none<br/>two <b>th</b>ree",
			want: Rendered{Text: "Cell\n\nalpha beta\n\n\none two three", Summary: "one two three"},
		},
		{
			name: "blocks are separate words",
			in:   "Intro\n# Title\nFirst paragraph\n\n> quoted\n> text\n\n- one\n- two\n\n1. three",
			want: Rendered{
				Text:     "Intro\nTitle\nFirst paragraph\nquoted text\n\none\n\ntwo\n\n\nthree",
				Summary:  "Intro",
				Headings: []Heading{{Level: 1, Text: "Title"}},
				Sections: []archive.Section{{Heading: "Title", ID: "title", Start: 6}},
			},
		},
		{
			name: "soft and hard line breaks become spaces",
			in:   "one\ntwo  \nthree\\\nfour",
			want: Rendered{Text: "one two three four", Summary: "one two three four"},
		},
		{
			name: "entities and escapes are decoded",
			in:   "Fish &amp; chips &mdash; &#163;5 &#x2764; \\*really\\* `&amp;`",
			want: Rendered{Text: "Fish & chips — £5 ❤ *really* &amp;", Summary: "Fish & chips — £5 ❤ *really* &amp;"},
		},
		{
			name: "typographer",
			in:   `"quotes" -- it's...`,
			want: Rendered{Text: "“quotes” – it’s…", Summary: "“quotes” – it’s…"},
		},
		{
			name: "code blocks keep their lines",
			in:   "```ruby\nputs 1\nputs 2\n```\n\n    indented",
			want: Rendered{Text: "puts 1\nputs 2\n\nindented"},
		},
		{
			name: "raw HTML blocks are not text",
			in:   "<div class=\"x\">hidden</div>\n\n<script>var secret = 1;</script>\n\nshown",
			want: Rendered{Text: "shown", Summary: "shown"},
		},
		{
			name: "ERB signature",
			in:   "Thanks for reading.\n\n<%= by('chris-roos') %>",
			want: Rendered{
				Text:    "Thanks for reading.\n— Chris Roos",
				Summary: "Thanks for reading.",
				Links:   []string{"/chris-roos"},
			},
		},
		{
			name: "ERB signature of someone without a people snip",
			in:   `<%= by("ben-griffiths") %>`,
			want: Rendered{Text: "— Ben Griffiths", Summary: "— Ben Griffiths", Links: []string{"/ben-griffiths"}},
		},
		{
			name: "other ERB is dropped",
			in:   "Key: <%= ENV['X'] %>.\n\n<% if x %>shown<% end %><%# note %> <%- y -%>",
			want: Rendered{Text: "Key: .\nshown", Summary: "Key: ."},
		},
		{
			name: "footnotes",
			in:   "Claim.[^1]\n\n[^1]: Source.",
			want: Rendered{Text: "Claim.\nSource.", Summary: "Claim."},
		},
		{
			name: "empty",
			in:   "",
			want: Rendered{},
		},
	}
	r := testRenderer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.Render(tt.in, "")
			got.HTML = ""
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty(), cmpopts.IgnoreFields(Rendered{}, "Code")); diff != "" { // TestRenderCode
				t.Errorf("Render(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
			for _, bad := range []string{"<%", "%>", "](", "**", "http://", "https://"} {
				if strings.Contains(got.Text, bad) {
					t.Errorf("Render(%q).Text = %q contains %q", tt.in, got.Text, bad)
				}
			}
		})
	}
}

// Code says which parts of the text are code: fenced and indented blocks
// and inline code, each once, in order, wherever it stands (a heading, a
// list, a table); the text around it is not.
func TestRenderCode(t *testing.T) {
	tests := []struct {
		in   string
		want []string // the text of each span
	}{
		{"Set `KAMAL_REGISTRY_PASSWORD` first.", []string{"KAMAL_REGISTRY_PASSWORD"}},
		{"```ruby\nputs 1\nputs 2\n```\n\n    indented\n\nprose after", []string{"puts 1\nputs 2\n", "indented\n"}},
		{"# Title\n\n## Using `kamal`\n\n- a `b` c\n\n| x | `y` |\n|---|---|\n| `z` | w |", []string{"kamal", "b", "y", "z"}},
		{"`&amp;` and &amp;", []string{"&amp;"}},
		{"no code at all", nil},
	}
	r := testRenderer()
	for _, tt := range tests {
		got := r.Render(tt.in, "")
		var spans []string
		for _, sp := range got.Code {
			spans = append(spans, got.Text[sp.Start:sp.End])
		}
		if diff := cmp.Diff(tt.want, spans); diff != "" {
			t.Errorf("Render(%q).Code (-want +got):\n%s\ntext %q", tt.in, diff, got.Text)
		}
		for i := range got.Text {
			inside := false
			for _, sp := range got.Code {
				inside = inside || int(sp.Start) <= i && i < int(sp.End)
			}
			if archive.InSpans(got.Code, i) != inside {
				t.Errorf("Render(%q): InSpans at %d = %v", tt.in, i, !inside)
			}
		}
	}
}

func TestRenderHTML(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []string // substrings of the HTML
		notWant []string
	}{
		{
			name: "script, event handlers and javascript: URLs are removed",
			in: "<script>alert('boo')</script>\n\n<p onclick=\"steal()\">Click</p>\n\n" +
				"<a href=\"javascript:alert(1)\">bad</a> <a href=\"JaVaScRiPt:alert(1)\">bad</a> " +
				"[md](javascript:alert(1)) <img src=x onerror=\"alert(1)\"> <svg onload=alert(1)></svg>\n\n" +
				"<iframe src=\"javascript:alert(1)\"></iframe> <style>body{}</style>",
			want:    []string{"<p>Click</p>", "bad bad md"},
			notWant: []string{"<script", "alert('boo')", "onclick", "onerror", "onload", "javascript:", "JaVaScRiPt", "<style", "<svg"},
		},
		{
			name:    "missing image_tag asset: alt text, no img",
			in:      "<%= image_tag('blog/x.png', alt: 'A chart') %>",
			want:    []string{`<span class="image-alt">A chart</span>`},
			notWant: []string{"<img", "x.png", "<%"},
		},
		{
			name: "present image_tag asset",
			in:   `<%= image_tag("blog/present.png", alt: "A present") %>`,
			want: []string{`<figure><img src="/images/blog/present.png?v=v1" alt="A present" width="640" height="480" loading="lazy" decoding="async"><figcaption>A present</figcaption></figure>`},
		},
		{
			name:    "missing image without alt text disappears",
			in:      "Before <%= image_tag('blog/gone.png') %> after",
			want:    []string{"Before  after"},
			notWant: []string{"<img", "image-alt"},
		},
		{
			name: "image_path inside a raw img",
			in:   `<img src="<%= image_path('blog/present.png') %>" alt="Present" width="300">`,
			want: []string{`<img src="/images/blog/present.png?v=v1" alt="Present" width="300" height="225" loading="lazy" decoding="async">`},
		},
		{
			name:    "image_path of a missing asset",
			in:      `<p><img src="<%= image_path('blog/nope.png') %>" alt="Nope"></p>`,
			want:    []string{`<span class="image-alt">Nope</span>`},
			notWant: []string{"<img"},
		},
		{
			name:    "other ERB leaves nothing behind",
			in:      "Value: <%= ENV['X'] %>\n\n<% secret %>",
			want:    []string{"<p>Value:</p>"},
			notWant: []string{"<%", "%>", "ENV", "secret"},
		},
		{
			name: "signature",
			in:   "<%= by('floppy') %>",
			want: []string{`<span class="signature">— <a href="/floppy">James Smith</a></span>`},
		},
		{
			name:    "signature slug is escaped",
			in:      `<%= by('<b>x</b>') %>`,
			notWant: []string{"<b>"},
		},
		{
			name: "entities",
			in:   "Fish &amp; chips &mdash; &pound;5 & <3",
			want: []string{"Fish &amp; chips — £5 &amp; &lt;3"},
		},
		{
			name: "reference links, tables, headings with ids, embeds",
			in: "## Show & Tell\n\n[x][ref]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n" +
				`<iframe src="https://www.youtube.com/embed/abc" width="560" height="315" allowfullscreen></iframe>` +
				"\n\n[ref]: /asset-manager",
			want: []string{
				`<h2 id="show--tell">Show &amp; Tell <a class="anchor" href="#show--tell"><span aria-hidden="true">#</span>`, `<a href="/asset-manager">x</a>`, "<td>1</td>",
				`<iframe src="https://www.youtube.com/embed/abc" width="560" height="315" allowfullscreen`,
			},
		},
		{
			name: "media URLs are web URLs: no javascript: in source src or video poster",
			in: `<video poster="javascript:alert(1)" src="javascript:alert(2)" controls><source src="javascript:alert(3)" type="video/mp4">` +
				`<source src="/media/a.mp4"></video> <audio src="https://x.example/a.mp3"></audio> <video poster="JAVASCRIPT:x"></video>`,
			want:    []string{`<source src="/media/a.mp4">`, `<audio src="https://x.example/a.mp3">`},
			notWant: []string{"javascript", "JAVASCRIPT", "alert"},
		},
		{
			name: "no form controls",
			in: `<form action="/x"><input type="password" name="p"><button>Go</button>` +
				`<select><option>a</option></select><textarea>t</textarea></form>`,
			notWant: []string{"<form", "<input", "<button", "<select", "<option", "<textarea", "password"},
		},
		{
			name:    "task lists are characters, not checkboxes",
			in:      "- [x] done\n- [ ] to do\n",
			want:    []string{"☑ done", "☐ to do"},
			notWant: []string{"<input"},
		},
		{
			name:    "task lists beside raw HTML too",
			in:      "- [x] done <b>now</b>\n",
			want:    []string{"☑ done <b>now</b>"},
			notWant: []string{"<input"},
		},
		{
			name: "raw HTML ids are prefixed; heading and footnote ids are kept and their links work",
			in: "## Asset Manager\n\n<div id=\"q\">x</div> <h2 id=\"main\">Raw</h2>\n\nSee[^1] and [above](#asset-manager).\n\n" +
				"[^1]: A note.\n",
			want: []string{
				`<h2 id="asset-manager">Asset Manager <a class="anchor" href="#asset-manager">`,
				`<div id="user-content-q">`, `<h2 id="user-content-main">`,
				`<sup id="fnref:1"><a href="#fn:1" class="footnote-ref"`, `<li id="fn:1">`, `href="#fnref:1" class="footnote-backref"`,
				`<a href="#asset-manager">above</a>`,
			},
			notWant: []string{`id="q"`, `id="main"`},
		},
		{
			name:    "a heading never gets an id the page uses",
			in:      "## Q\n\n## Main\n\n## Posts heading\n\n## Recent\n",
			want:    []string{`<h2 id="q-1">`, `<h2 id="main-1">`, `<h2 id="posts-heading-1">`, `<h2 id="recent-1">`},
			notWant: []string{`id="q"`, `id="main"`, `id="posts-heading"`, `id="recent"`},
		},
		{
			name:    "a heading never gets an id the page uses, beside raw HTML too",
			in:      "## Q\n\n<b>x</b>\n",
			want:    []string{`<h2 id="q-1">`},
			notWant: []string{`id="q"`, "user-content-q"},
		},
		{
			name: "classes: only the renderer's own",
			in: "<div class=\"searchbox hero\">a</div> <span class=\"twitter-tweet\">b</span> <span class=\"k\">c</span>\n\n" +
				"```go\nfunc main() {}\n```\n",
			want:    []string{"<div>a</div>", "<span>b</span>", `<span class="k">c</span>`, `<pre class="chroma">`, `<span class="kd">func</span>`},
			notWant: []string{"searchbox", "hero", "twitter-tweet"},
		},
		{
			name: "iframes only from known hosts, at a sane size",
			in: `<iframe src="https://evil.example/x"></iframe> <iframe src="//player.vimeo.com/video/1" width="99999999" height="100%"></iframe> ` +
				`<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe> <iframe src="https://docs.google.com/presentation/d/x/embed"></iframe> ` +
				`<iframe src="https://speakerdeck.com/player/x"></iframe> <iframe src="/media/blog/x.html"></iframe> <iframe src="https://youtube.com.evil.example/x"></iframe>`,
			want: []string{`<iframe src="//player.vimeo.com/video/1" height="100%">`, `src="https://www.youtube-nocookie.com/embed/x"`,
				`src="https://docs.google.com/presentation/d/x/embed"`, `src="https://speakerdeck.com/player/x"`},
			notWant: []string{"evil.example", "99999999", "/media/blog"},
		},
	}
	r := testRenderer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.Render(tt.in, "").HTML
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("HTML lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(got, w) {
					t.Errorf("HTML contains %q:\n%s", w, got)
				}
			}
			if problem := testsoup.UnsafeHTML(got); problem != "" {
				t.Errorf("HTML is unsafe: %s:\n%s", problem, got)
			}
		})
	}
}

// Pictures carry their size, load lazily and, alone in a paragraph,
// become figures captioned with their alt text (issue 14).
func TestRenderPictures(t *testing.T) {
	const present = `src="/images/blog/present.png?v=v1" alt="A present"`
	const sized = ` width="640" height="480" loading="lazy" decoding="async"`
	tests := []struct {
		name    string
		in      string
		want    []string
		notWant []string
		images  []archive.Picture
	}{
		{
			name:   "alone in its paragraph: a figure",
			in:     "Before.\n\n![A present](/images/blog/present.png)\n\nAfter.",
			want:   []string{"<p>Before.</p>\n<figure><img " + present + sized + "><figcaption>A present</figcaption></figure>\n<p>After.</p>"},
			images: []archive.Picture{{Name: "blog/present.png", Version: "v1", Width: 640, Height: 480, Alt: "A present", Shown: true}},
		},
		{
			name:    "among words: sized, no figure",
			in:      "Look: ![A present](/images/blog/present.png) here.",
			want:    []string{"<p>Look: <img " + present + sized + "> here.</p>"},
			notWant: []string{"<figure"},
		},
		{
			name: "alone in a link: the link is inside the figure",
			in:   "[![A present](/images/blog/present.png)](https://example.org/)",
			want: []string{`<figure><a href="https://example.org/"><img ` + present + sized + `></a><figcaption>A present</figcaption></figure>`},
		},
		{
			name: "image_tag alone on its line of raw HTML",
			in:   "Text.\n\n<%= image_tag('blog/present.png', alt: 'A present') %>\n\n## Next",
			want: []string{"<figure><img " + present + sized + "><figcaption>A present</figcaption></figure>", "<h2"},
		},
		{
			name:    "a raw img inside a paragraph of words stays inline",
			in:      `<img src="<%= image_path('blog/present.png') %>" alt="A present">One aspect of it.`,
			notWant: []string{"<figure"},
			want:    []string{"<img " + present + sized + ">One aspect"},
		},
		{
			name:    "width 100% is the class full-width, with the picture's size",
			in:      `<img src="<%= image_path('blog/present.png') %>" width="100%" alt="A present">`,
			want:    []string{`<img src="/images/blog/present.png?v=v1" width="640" alt="A present" class="full-width" height="480" loading="lazy" decoding="async">`},
			notWant: []string{"100%"},
		},
		{
			name:    "a style of width 100% too, and no style is left",
			in:      `<p><img alt="A present" src="<%= image_path('blog/present.png') %>" style="width: 100%"/></p>`,
			want:    []string{`class="full-width"`, `width="640" height="480"`, "<figcaption>A present</figcaption>"},
			notWant: []string{"style="},
		},
		{
			name: "image_tag's width option; the height follows",
			in:   "<%= image_tag('blog/present.png', alt: 'A present', width: '320') %>",
			want: []string{`width="320" height="240"`},
		},
		{
			name: "a height alone: the width follows",
			in:   `<img src="/images/blog/present.png" height="48" alt="A present">`,
			want: []string{`height="48"`, `width="64"`},
		},
		{
			name:    "an image from elsewhere loads lazily, unsized, and is still a figure",
			in:      `<a href="https://flickr.example/x"><img src="//farm5.example/x.jpg" width="100%" alt="Kangchenjunga"></a>`,
			want:    []string{`<figure><a href="https://flickr.example/x"><img src="//farm5.example/x.jpg" width="100%" alt="Kangchenjunga" class="full-width" loading="lazy" decoding="async"></a><figcaption>Kangchenjunga</figcaption></figure>`},
			notWant: []string{"?v="},
		},
		{
			name:    "a missing picture alone: its alt text, no figure",
			in:      "![A chart](/images/blog/gone.png)",
			want:    []string{`<p><span class="image-alt">A chart</span></p>`},
			notWant: []string{"<figure", "<img"},
			images:  []archive.Picture{{Name: "blog/gone.png", Alt: "A chart", Shown: true}},
		},
		{
			name:    "a picture whose size is unknown keeps no percentage",
			in:      `<img src="/images/blog/tall.svg" width="50%" alt="Tall">`,
			want:    []string{`<img src="/images/blog/tall.svg?v=v2" alt="Tall" loading="lazy" decoding="async">`},
			notWant: []string{"width=", "height="},
		},
		{
			name: "a link to a picture gets its version; one to a missing picture keeps only its text",
			in:   "See [the big one](<%= image_path('blog/present.png') %>) and [the lost one](<%= image_path('blog/gone.png') %>).",
			want: []string{`<a href="/images/blog/present.png?v=v1">the big one</a>`, "and the lost one."},
			images: []archive.Picture{
				{Name: "blog/present.png", Version: "v1", Width: 640, Height: 480},
				{Name: "blog/gone.png"},
			},
		},
		{
			name:    "two pictures in one paragraph: no figure",
			in:      "![A present](/images/blog/present.png) ![A present](/images/blog/present.png)",
			notWant: []string{"<figure"},
			images:  []archive.Picture{{Name: "blog/present.png", Version: "v1", Width: 640, Height: 480, Alt: "A present", Shown: true}},
		},
		{
			name: "a linked thumbnail and its picture are one picture, shown",
			in:   "[<%= image_tag('blog/present.png', alt: 'Small') %>](<%= image_path('blog/present.png') %>)",
			want: []string{`<figure><a href="/images/blog/present.png?v=v1"><img src="/images/blog/present.png?v=v1" alt="Small"`},
			images: []archive.Picture{
				{Name: "blog/present.png", Version: "v1", Width: 640, Height: 480, Alt: "Small", Shown: true},
			},
		},
		{
			name: "a name with a space is escaped in the URL",
			in:   "<%= image_tag('blog/a b.jpg', alt: 'Double rainbow') %>",
			want: []string{`src="/images/blog/a%20b.jpg?v=v3"`, `width="100" height="50"`},
		},
	}
	r := testRenderer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := r.Render(tt.in, "")
			for _, w := range tt.want {
				if !strings.Contains(out.HTML, w) {
					t.Errorf("HTML lacks %s:\n%s", w, out.HTML)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(out.HTML, w) {
					t.Errorf("HTML has %s:\n%s", w, out.HTML)
				}
			}
			if tt.images != nil {
				if diff := cmp.Diff(tt.images, out.Images); diff != "" {
					t.Errorf("Images (-want +got):\n%s", diff)
				}
			}
			if problem := testsoup.UnsafeHTML(out.HTML); problem != "" {
				t.Errorf("HTML is unsafe: %s:\n%s", problem, out.HTML)
			}
		})
	}
}

func TestExpandERB(t *testing.T) {
	tests := []struct{ in, want string }{
		{"no tags", "no tags"},
		{"<%= by('chris-roos') %>", `<span class="signature">&mdash; <a href="/chris-roos">Chris Roos</a></span>`},
		{"<%= by( \"floppy\" ) -%>", `<span class="signature">&mdash; <a href="/floppy">James Smith</a></span>`},
		{"<%= image_path('a/b.png') %>", "/images/a/b.png"},
		{"<%= image_tag('a.png') %>", `<img src="/images/a.png" alt="">`},
		{"<%= image_tag('a.png', alt: 'Tom & Jerry', class: 'wide') %>", `<img src="/images/a.png" alt="Tom &amp; Jerry">`},
		{"a<%= ENV['X'] %>b<% x %>c<%# y %>d<%- z -%>e", "abcde"},
		{"<%= multi\nline %>", ""},
		{"<% unclosed", "<% unclosed"},
	}
	r := testRenderer()
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := r.expandERB(tt.in); got != tt.want {
				t.Errorf("expandERB(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzRender checks that rendering never panics and that whatever the input,
// the HTML a reader gets can't run script and shows no ERB.
func FuzzRender(f *testing.F) {
	for _, seed := range []string{
		"",
		"# Title\n\nText with **bold** and a [link](/mocha).\n\n| a | b |\n|---|---|\n| alpha | beta |",
		"<script>alert(1)</script><p onclick=x>hi</p><a href='javascript:alert(1)'>x</a>",
		"<%= by('chris-roos') %> <%= image_tag('blog/x.png', alt: 'A chart') %> <%= ENV['X'] %>",
		`<img src="<%= image_path('blog/present.png') %>" alt="<%= 1 %>">`,
		"[x][r]\n\n[r]: javascript:alert(1)\n\n[^1]\n\n[^1]: note",
		"<scr<script>ipt>alert(1)</script> <<%= x %>script>",
		"```\n<script>\n```\n\n    <script>",
	} {
		f.Add(seed)
	}
	r := testRenderer()
	f.Fuzz(func(t *testing.T, in string) {
		out := r.Render(in, "")
		if strings.Contains(strings.ToLower(out.HTML), "<script") {
			t.Fatalf("HTML contains <script: %q", out.HTML)
		}
		if strings.Contains(out.HTML, "<%") {
			t.Fatalf("HTML contains <%%: %q", out.HTML)
		}
		if problem := testsoup.UnsafeHTML(out.HTML); problem != "" {
			t.Fatalf("HTML is unsafe (%s): %q", problem, out.HTML)
		}
	})
}

func TestRenderKeepsAHeadingThatIsNotTheTitle(t *testing.T) {
	r := testRenderer()
	for _, tt := range []struct {
		title, wantTitle string
		inHTML           bool
	}{
		{"", "Week 10", false},
		{"week  10", "Week 10", false},
		{"Notes from the road", "", true},
	} {
		got := r.Render("# Week 10\n\nBody.", tt.title)
		if got.Title != tt.wantTitle || strings.Contains(got.HTML, "<h1") != tt.inHTML {
			t.Errorf("Render with title %q: Title %q, HTML %q", tt.title, got.Title, got.HTML)
		}
	}
}

// Fenced code with a language is highlighted with chroma's CSS classes,
// never inline styles (the Content-Security-Policy forbids them).
func TestRenderHighlightsCode(t *testing.T) {
	r := testRenderer()
	for _, src := range []string{"```ruby\ndef hello; puts 'hi'; end\n```", "Text <b>with</b> HTML.\n\n```go\nfunc main() {}\n```"} {
		html := r.Render(src, "").HTML
		if !strings.Contains(html, `class="chroma"`) || !strings.Contains(html, `<span class="`) || strings.Contains(html, "style=") {
			t.Errorf("Render(%q).HTML = %s", src, html)
		}
	}
}
