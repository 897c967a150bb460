package render

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/freerange/weeknotes/indexer/snip"
	"github.com/freerange/weeknotes/indexer/testsoup"
	"github.com/freerange/weeknotes/search/archive"
)

// TestRenderSections: each heading with words is a section, named as the
// heading reads, with the id its HTML has and the offset in Text where the
// heading's line begins.
func TestRenderSections(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		title string
		want  []archive.Section
	}{
		{
			name: "the text before the first heading is no section",
			in:   "Intro words.\n\n## Hookline\n\nRenewed the certificate.\n\n## Mocha\n\nA release.",
			want: []archive.Section{{Heading: "Hookline", ID: "hookline", Start: 13}, {Heading: "Mocha", ID: "mocha", Start: 47}},
		},
		{
			name:  "the title is taken out: offsets are in the text without it",
			in:    "Week 410\n========\n\n## Hookline\n\nBody.",
			title: "Week 410",
			want:  []archive.Section{{Heading: "Hookline", ID: "hookline", Start: 0}},
		},
		{
			name:  "a heading the title doesn't match stays a section",
			in:    "# Something else\n\nBody.",
			title: "Week 410",
			want:  []archive.Section{{Heading: "Something else", ID: "something-else", Start: 0}},
		},
		{
			name: "duplicate headings are numbered as goldmark numbers their ids",
			in:   "## Notes\n\nOne.\n\n## Notes\n\nTwo.\n\n## Notes\n\nThree.",
			want: []archive.Section{{Heading: "Notes", ID: "notes", Start: 0}, {Heading: "Notes", ID: "notes-1", Start: 11}, {Heading: "Notes", ID: "notes-2", Start: 22}},
		},
		{
			name: "emoji are kept in the heading, dropped from the id",
			in:   "## Show and Tell 🎉\n\nDemos.\n\n### 🎉\n\nParty.",
			want: []archive.Section{{Heading: "Show and Tell 🎉", ID: "show-and-tell-", Start: 0}, {Heading: "🎉", ID: "heading", Start: 26}},
		},
		{
			name: "entities are characters in the heading; the id is made from the source",
			in:   "## Fish &amp; Chips &mdash; &#163;5\n\nLunch.\n\n## Show & Tell\n\nDemos.",
			want: []archive.Section{{Heading: "Fish & Chips — £5", ID: "fish-amp-chips-mdash-1635", Start: 0}, {Heading: "Show & Tell", ID: "show--tell", Start: 28}},
		},
		{
			name: "markup in a heading is not in its name; the id is made from the source line",
			in:   "## The *new* `deploy` [script](/x)\n\nBody.",
			want: []archive.Section{{Heading: "The new deploy script", ID: "the-new-deploy-scriptx", Start: 0}},
		},
		{
			name: "an id the page uses is numbered",
			in:   "## Q\n\nAnswers.",
			want: []archive.Section{{Heading: "Q", ID: "q-1", Start: 0}},
		},
		{
			name: "setext, nested and level-4 headings are sections; a heading without words is not",
			in:   "Asset Manager\n-------------\n\n> ## Quoted\n\n- ## Listed\n\n#### Deep\n\n##\n\nAfter the empty one.",
			want: []archive.Section{{Heading: "Asset Manager", ID: "asset-manager", Start: 0}, {Heading: "Quoted", ID: "quoted", Start: 14},
				{Heading: "Listed", ID: "listed", Start: 22}, {Heading: "Deep", ID: "deep", Start: 31}},
		},
		{
			name: "a rule before the first heading: offsets follow the trimmed text",
			in:   "***\n\n## After a rule\n\nBody.",
			want: []archive.Section{{Heading: "After a rule", ID: "after-a-rule", Start: 0}},
		},
		{
			name: "raw HTML beside headings: the sanitiser keeps their ids",
			in:   "<div id=\"x\">raw</div>\n\n## Hookline <b>app</b>\n\nBody <i>i</i>.",
			want: []archive.Section{{Heading: "Hookline app", ID: "hookline-bappb", Start: 0}},
		},
		{
			name: "headings in code are not headings",
			in:   "```\n## not a heading\n```\n\n## Real\n\nBody.",
			want: []archive.Section{{Heading: "Real", ID: "real", Start: 18}},
		},
		{
			name: "an image whose asset is missing, no raw HTML: the headings keep their ids",
			in:   "## Hookline\n\n![The app](/images/blog/missing.png)\n\n[sign]: <%= image_path('blog/gone.jpg') %>",
			want: []archive.Section{{Heading: "Hookline", ID: "hookline", Start: 0}},
		},
		{
			name: "no headings, no sections",
			in:   "Just a paragraph.",
		},
	}
	r := testRenderer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.Render(tt.in, tt.title)
			if diff := cmp.Diff(tt.want, got.Sections); diff != "" {
				t.Errorf("Render(%q).Sections mismatch (-want +got):\n%s\ntext: %q", tt.in, diff, got.Text)
			}
			checkSections(t, tt.in, got)
		})
	}
}

// TestRenderSectionsCorpus holds every post of the real archive to what a
// section promises: its heading's line starts at Start, in order, and its
// id is an element's id in the HTML exactly once, with the heading's own
// link to it.
func TestRenderSectionsCorpus(t *testing.T) {
	r := testRenderer()
	sections, posts := 0, 0
	for i, data := range testsoup.CorpusFiles(t, "../../../shared/corpus/soups") {
		s, _ := snip.Parse(filepath.Join("corpus", string(rune('a'+i%26))+".snip.markdown"), data, time.Now())
		if s.Meta["kind"] != "blog" && s.Meta["kind"] != "show-and-tell" {
			continue
		}
		out := r.Render(s.Content, s.Meta["page_title"])
		checkSections(t, s.Meta["page_title"], out)
		sections += len(out.Sections)
		if len(out.Sections) > 0 {
			posts++
		}
	}
	if posts < 300 || sections < 1000 {
		t.Errorf("%d sections in %d posts; the archive has far more", sections, posts)
	}
	t.Logf("%d sections in %d posts", sections, posts)
}

var elementID = regexp.MustCompile(`\sid="([^"]*)"`)

func checkSections(t *testing.T, what string, out Rendered) {
	t.Helper()
	ids := map[string]int{}
	for _, m := range elementID.FindAllStringSubmatch(out.HTML, -1) {
		ids[m[1]]++
	}
	last := -1
	for _, s := range out.Sections {
		if s.Start <= last || s.Start > len(out.Text) {
			t.Errorf("%s: section %q starts at %d, after %d, in a text of %d bytes", what, s.Heading, s.Start, last, len(out.Text))
			continue
		}
		last = s.Start
		if line, _, _ := strings.Cut(out.Text[s.Start:], "\n"); CollapseSpace(line) != s.Heading {
			t.Errorf("%s: section %q: its line in the text is %q", what, s.Heading, line)
		}
		if ids[s.ID] != 1 {
			t.Errorf("%s: section %q: id %q is on %d elements of the HTML", what, s.Heading, s.ID, ids[s.ID])
		}
		if !strings.Contains(out.HTML, `<a class="anchor" href="#`+s.ID+`">`) {
			t.Errorf("%s: section %q: no link to #%s in its heading", what, s.Heading, s.ID)
		}
	}
}
