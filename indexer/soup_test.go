package indexer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/freerange/weeknotes/indexer/scan"
	"github.com/freerange/weeknotes/indexer/testsoup"
	"github.com/freerange/weeknotes/search/archive"
)

const testSoup = "testdata/soup"

// postFacts is what TestLoad checks of each post; HTML and Text are checked
// separately, by substring.
type postFacts struct {
	Name, Title      string
	Author           archive.Term
	Created, Updated string // RFC 3339, so the offset is compared too
	Week             int
	Kind             string
	Draft            bool
	Topics, Projects []archive.Term
	Source           string
}

func factsOf(p archive.Post) postFacts {
	return postFacts{
		Name: p.Name, Title: p.Title, Author: p.Author,
		Created: p.Created.Format(time.RFC3339Nano), Updated: p.Updated.Format(time.RFC3339Nano),
		Week: p.Week, Kind: p.Kind, Draft: p.Draft,
		Topics: p.Topics, Projects: p.Projects, Source: p.Source,
	}
}

var (
	termChris       = archive.Term{Slug: "chris-roos", Label: "Chris Roos"}
	termFloppy      = archive.Term{Slug: "floppy", Label: "James Smith"}
	termMocha       = archive.Term{Slug: "mocha", Label: "Mocha"}
	termAssetMgr    = archive.Term{Slug: "asset-manager", Label: "Asset Management for GOV.UK"}
	termShowAmpTell = archive.Term{Slug: "show-and-tell", Label: "Show & Tell"}
	termShowAndTell = archive.Term{Slug: "show-and-tell", Label: "Show and Tell"}
)

// wantSoupPosts are the non-draft posts of testdata/soup, by name.
// broken-date's dates are the file's modification time, filled in by the test.
func wantSoupPosts(t *testing.T) []postFacts {
	info, err := os.Stat(filepath.Join(testSoup, "blog/broken-date.snip.markdown"))
	if err != nil {
		t.Fatal(err)
	}
	mod := info.ModTime().Format(time.RFC3339Nano)
	return []postFacts{
		{Name: "broken-date", Title: "A post with a broken date", Author: termChris, Created: mod, Updated: mod,
			Kind: "blog", Source: "blog/broken-date.snip.markdown"},
		{Name: "launch-day", Title: "Launch day",
			Author:  archive.Term{Slug: "ben-griffiths", Label: "Ben Griffiths"}, // trailing space trimmed, no people snip
			Created: "2018-02-09T10:22:25+01:00", Updated: "2018-02-09T10:22:25+01:00",
			Kind: "blog", Projects: []archive.Term{termAssetMgr}, // by a reference-style link
			Source: "blog/launch-day.snip.markdown"},
		{Name: "offsite-2019", Title: "Offsite 2019", Author: termFloppy, // name from the file name
			Created: "2019-06-14T09:30:00.25+01:00", Updated: "2019-06-14T09:30:00.25+01:00",
			Kind: "blog", Source: "blog/offsite-2019.snip.markdown"},
		{Name: "pairing", Title: "Pairing remotely", Author: termFloppy, // the non-draft of two
			Created: "2019-02-01T10:00:00Z", Updated: "2019-02-01T10:00:00Z",
			Kind: "blog", Source: "blog/pairing.snip.markdown"},
		{Name: "retro-notes", Title: "Retro notes", Author: termChris, // no .snip; :author: twice, the last wins
			Created: "2019-05-02T11:00:00Z", Updated: "2019-05-02T11:00:00Z",
			Kind: "blog", Source: "blog/retro-notes.markdown"},
		{Name: "security-review", Title: "Security review", Author: termChris,
			Created: "2019-01-10T15:00:00Z", Updated: "2019-01-10T15:00:00Z",
			Kind: "blog", Projects: []archive.Term{termMocha}, // by a raw HTML link
			Source: "blog/security-review.snip.markdown"},
		{Name: "show-and-tell-march", Title: "Show and tell in March", Author: termChris,
			Created: "2018-02-09T10:22:25+01:00", Updated: "2018-02-09T10:22:25+01:00",
			Kind: "show-and-tell", Topics: []archive.Term{termShowAndTell}, Source: "blog/show-and-tell-march.snip.markdown"},
		{Name: "summer-roundup", Title: "Weeks 520 to 524", Author: termFloppy,
			Created: "2020-08-28T16:30:00+01:00", Updated: "2020-08-28T16:30:00+01:00",
			Week: 520, Kind: "blog", Projects: []archive.Term{termAssetMgr}, // by the alias "Asset Manager"
			Source: "weeknotes/summer-roundup.snip.markdown"},
		{Name: "tooling", Title: "Our tools, revised", Author: termChris, // the later updated of two
			Created: "2019-04-01T10:00:00Z", Updated: "2020-01-01T10:00:00Z",
			Kind: "blog", Source: "blog/tooling.snip.markdown"},
		{Name: "week-474", Title: "Week 474", Author: termChris,
			Created: "2019-03-08T17:45:12.118204-05:00", Updated: "2019-03-09T08:01:02.5-05:00",
			Week: 474, Kind: "blog",
			Topics:   []archive.Term{termShowAmpTell, {Slug: "mocha-releases", Label: "mocha releases"}},
			Projects: []archive.Term{termMocha}, // by a heading
			Source:   "weeknotes/week-474.snip.markdown"},
		{Name: "week-857-and-858", Title: "Week 857 and 858", Author: termChris, // name from the file, title from the heading
			Created: "2024-01-12T12:00:00Z", Updated: "2024-01-12T12:00:00Z",
			Week: 857, Kind: "blog", Source: "weeknotes/week-857-and-858.snip.markdown"},
	}
}

var wantSoupWarnings = []string{
	`archive/tooling-old.snip.markdown: another snip is also named "tooling" (blog/tooling.snip.markdown); kept that one`,
	`blog/broken-date.snip.markdown: :created_at: "next Tuesday" is not a date; using the file's modification time`,
	`blog/retro-notes.markdown: metadata :author: is given twice ("floppy" and "chris-roos"); using the last`,
	`drafts/pairing-draft.snip.markdown: another snip is also named "pairing" (blog/pairing.snip.markdown); kept that one`,
}

func loadSoup(t *testing.T, opts Options) *Archive {
	t.Helper()
	a, err := Load(context.Background(), opts)
	if err != nil {
		t.Fatalf("Load(%+v): %v", opts, err)
	}
	return a
}

func warningStrings(ws []Warning) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.String()
	}
	sort.Strings(out)
	return out
}

func postsByName(posts []archive.Post) map[string]archive.Post {
	m := map[string]archive.Post{}
	for _, p := range posts {
		m[p.Name] = p
	}
	return m
}

func TestLoad(t *testing.T) {
	want475 := postFacts{Name: "week-475", Title: "Week 475", Author: termFloppy,
		Created: "2019-03-15T17:00:00Z", Updated: "2019-03-15T17:00:00Z",
		Week: 475, Kind: "blog", Draft: true, Source: "weeknotes/week-475.snip.markdown"}
	tests := []struct {
		name          string
		drafts        bool
		extra         []postFacts
		draftsSkipped int
	}{
		{name: "drafts left out", draftsSkipped: 1},
		// The draft "pairing" still loses to the non-draft of that name.
		{name: "drafts included", drafts: true, extra: []postFacts{want475}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := loadSoup(t, Options{Root: testSoup, Drafts: tt.drafts, Workers: 2})

			want := append(wantSoupPosts(t), tt.extra...)
			sort.Slice(want, func(i, j int) bool { return want[i].Name < want[j].Name })
			var got []postFacts
			for _, p := range a.Posts {
				got = append(got, factsOf(p))
			}
			sort.Slice(got, func(i, j int) bool { return got[i].Name < got[j].Name })
			if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("posts mismatch (-want +got):\n%s", diff)
			}

			for i := 1; i < len(a.Posts); i++ {
				if a.Posts[i].Created.After(a.Posts[i-1].Created) {
					t.Errorf("posts not newest first: %s (%v) after %s (%v)",
						a.Posts[i].Name, a.Posts[i].Created, a.Posts[i-1].Name, a.Posts[i-1].Created)
				}
			}

			counts := struct{ Pages, DraftsSkipped, Files int }{a.Pages, a.DraftsSkipped, a.Files}
			wantCounts := struct{ Pages, DraftsSkipped, Files int }{Pages: 1, DraftsSkipped: tt.draftsSkipped, Files: 19}
			if diff := cmp.Diff(wantCounts, counts); diff != "" {
				t.Errorf("counts mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(wantSoupWarnings, warningStrings(a.Warnings)); diff != "" {
				t.Errorf("warnings mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadEntities(t *testing.T) {
	a := loadSoup(t, Options{Root: testSoup})
	wantPeople := []archive.Entity{
		{Slug: "chris-roos", Name: "Chris Roos", Source: "people/chris-roos.snip.markdown",
			HTML: "<p>Chris writes Ruby and keeps the allotment going.</p>\n"},
		{Slug: "floppy", Name: "James Smith", Source: "people/floppy.snip.markdown",
			HTML: "<p>James builds open data tools and likes <strong>trains</strong>.</p>\n"},
	}
	if diff := cmp.Diff(wantPeople, a.People); diff != "" {
		t.Errorf("people mismatch (-want +got):\n%s", diff)
	}
	wantProjects := []archive.Entity{
		{Slug: "asset-manager", Name: "Asset Management for GOV.UK", Source: "projects/asset-manager.snip.markdown",
			HTML:  "<p>A service that stores and serves uploaded files for a large government website.</p>\n",
			Names: []string{"Asset Management for GOV.UK", "Asset Management", "Asset Manager"}},
		{Slug: "mocha", Name: "Mocha", Source: "projects/mocha.snip.markdown",
			HTML: "<p>A mocking and stubbing library for Ruby.</p>\n", Names: []string{"Mocha"}},
	}
	if diff := cmp.Diff(wantProjects, a.Projects); diff != "" {
		t.Errorf("projects mismatch (-want +got):\n%s", diff)
	}
}

// TestLoadContent checks the rendered HTML and text of the soup's posts.
func TestLoadContent(t *testing.T) {
	a := loadSoup(t, Options{Root: testSoup, Drafts: true})
	posts := postsByName(a.Posts)
	tests := []struct {
		post          string
		html, notHTML []string
		text, notText []string
		summary       string
	}{
		{
			post: "week-474",
			html: []string{
				`<span class="image-alt">A chart</span>`,
				`<span class="signature">— <a href="/chris-roos">Chris Roos</a></span>`,
				`<h2 id="show--tell">Show &amp; Tell <a class="anchor" href="#show--tell">`,
				"<td>alpha</td>",
				"small repairs &amp; patient debugging…",
			},
			notHTML: []string{"<img", "x.png", "<%", "&amp;amp;", "&amp;hellip;"},
			text:    []string{"alpha\nbeta", "— Chris Roos", "repairs & patient debugging…", "Show & Tell"},
			notText: []string{"alphabeta", "&amp;", "&hellip;", "|", "##", "A chart"},
			summary: "The kettle broke on Monday, which set the tone for a week of small repairs & patient debugging…",
		},
		{
			post:    "security-review",
			html:    []string{`<figure><img src="/images/blog/present.png?v=`, `alt="A present" width="1" height="1" loading="lazy" decoding="async"><figcaption>A present</figcaption></figure>`, `<a href="/mocha">a good one</a>`, "Fish &amp; chips cost £5 — a bargain."},
			notHTML: []string{"<script", "alert(", "onclick", "javascript:", "<%"},
			text:    []string{"a bad link and a good one.", "Fish & chips cost £5 — a bargain."},
			notText: []string{"alert", "steal", "<%", "/mocha"},
		},
		{
			post:    "week-857-and-858",
			html:    []string{"<p>Tried the  trick again; it still doesn’t work in static builds.</p>"},
			notHTML: []string{"<%", "ENV"},
			notText: []string{"<%", "ENV", "=="},
			summary: "Two quiet weeks: invoices, a dentist appointment and a tidy-up of old branches.",
		},
		{
			post:    "launch-day",
			html:    []string{`<a href="/asset-manager">The release notes</a>`, "<p>:tada: we shipped</p>"},
			notHTML: []string{"[x]", "launch-day"},
			text:    []string{"The release notes list every change.", ":tada: we shipped"},
			notText: []string{"/asset-manager", "]("},
		},
		{
			post: "show-and-tell-march",
			html: []string{`<h2 id="show-and-tell-">Show and Tell 🎉 <a class="anchor" href="#show-and-tell-">`},
		},
		{
			post:    "offsite-2019",
			notText: []string{"a.jpg", "images"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.post, func(t *testing.T) {
			p, ok := posts[tt.post]
			if !ok {
				t.Fatalf("no post %q", tt.post)
			}
			for _, s := range tt.html {
				if !strings.Contains(p.HTML, s) {
					t.Errorf("HTML lacks %q:\n%s", s, p.HTML)
				}
			}
			for _, s := range tt.notHTML {
				if strings.Contains(p.HTML, s) {
					t.Errorf("HTML contains %q:\n%s", s, p.HTML)
				}
			}
			for _, s := range tt.text {
				if !strings.Contains(p.Text, s) {
					t.Errorf("Text lacks %q:\n%s", s, p.Text)
				}
			}
			for _, s := range tt.notText {
				if strings.Contains(p.Text, s) {
					t.Errorf("Text contains %q:\n%s", s, p.Text)
				}
			}
			if tt.summary != "" && p.Summary != tt.summary {
				t.Errorf("Summary = %q, want %q", p.Summary, tt.summary)
			}
		})
	}
	// Every post, whatever its content.
	for _, p := range a.Posts {
		checkPost(t, p)
	}
}

// checkPost checks what holds for every post of every soup.
func checkPost(t *testing.T, p archive.Post) {
	t.Helper()
	if strings.Contains(p.HTML, "<%") {
		t.Errorf("%s: HTML contains <%%", p.Source)
	}
	if problem := testsoup.UnsafeHTML(p.HTML); problem != "" {
		t.Errorf("%s: HTML is unsafe: %s", p.Source, problem)
	}
	for _, bad := range []string{"](", "<%"} {
		if i := strings.Index(p.Text, bad); i >= 0 {
			t.Errorf("%s: Text contains %q: %q", p.Source, bad, p.Text[max(0, i-40):min(len(p.Text), i+40)])
		}
	}
	if p.Name == "" || p.Title == "" || p.Source == "" {
		t.Errorf("%s: empty name, title or source: %+v", p.Source, factsOf(p))
	}
	if p.Created.IsZero() {
		t.Errorf("%s: no created date", p.Source)
	}
	for _, terms := range [][]archive.Term{p.Topics, p.Projects} {
		for _, term := range terms {
			if term.Slug == "" || term.Slug != archive.Slug(term.Slug) {
				t.Errorf("%s: term %+v has a slug that is not normalised", p.Source, term)
			}
		}
	}
}

// writeSoup writes files (slash-separated path -> content) under a new
// temporary soup root and returns it.
func writeSoup(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// blogSnip is a post snip named name by author "a", with extra metadata lines.
func blogSnip(name, extra string) string {
	return "Some text.\n\n:name: " + name + "\n:kind: blog\n:author: a\n" + extra
}

func TestLoadDuplicates(t *testing.T) {
	tests := []struct {
		name      string
		files     map[string]string
		drafts    bool
		wantKept  string // Source of the post named "x"
		wantDraft int
		wantWarn  []string
	}{
		{
			name: "later updated_at wins, listed first",
			files: map[string]string{
				"a/new.snip.markdown": blogSnip("x", ":updated_at: 2021-01-02 00:00:00 +0000\n"),
				"b/old.snip.markdown": blogSnip("x", ":updated_at: 2021-01-01 00:00:00 +0000\n"),
			},
			wantKept: "a/new.snip.markdown",
			wantWarn: []string{`b/old.snip.markdown: another snip is also named "x" (a/new.snip.markdown); kept that one`},
		},
		{
			name: "later updated_at wins, listed second",
			files: map[string]string{
				"a/old.snip.markdown": blogSnip("x", ":updated_at: 2021-01-01 00:00:00 +0000\n"),
				"b/new.snip.markdown": blogSnip("x", ":updated_at: 2021-01-02 00:00:00 +0000\n"),
			},
			wantKept: "b/new.snip.markdown",
			wantWarn: []string{`a/old.snip.markdown: another snip is also named "x" (b/new.snip.markdown); kept that one`},
		},
		{
			name: "created_at when there is no updated_at",
			files: map[string]string{
				"a/old.snip.markdown": blogSnip("x", ":created_at: 2020-01-01 00:00:00 +0000\n"),
				"b/new.snip.markdown": blogSnip("x", ":created_at: 2020-06-01 00:00:00 +0100\n"),
			},
			wantKept: "b/new.snip.markdown",
			wantWarn: []string{`a/old.snip.markdown: another snip is also named "x" (b/new.snip.markdown); kept that one`},
		},
		{
			name: "a non-draft beats a newer draft",
			files: map[string]string{
				"a/draft.snip.markdown": blogSnip("x", ":draft: true\n:updated_at: 2022-01-01 00:00:00 +0000\n"),
				"b/live.snip.markdown":  blogSnip("x", ":updated_at: 2020-01-01 00:00:00 +0000\n"),
			},
			wantKept: "b/live.snip.markdown",
			wantWarn: []string{`a/draft.snip.markdown: another snip is also named "x" (b/live.snip.markdown); kept that one`},
		},
		{
			name: "a non-draft beats a draft with Drafts on too",
			files: map[string]string{
				"a/live.snip.markdown":  blogSnip("x", ""),
				"b/draft.snip.markdown": blogSnip("x", ":draft: true\n"),
			},
			drafts:   true,
			wantKept: "a/live.snip.markdown",
			wantWarn: []string{`b/draft.snip.markdown: another snip is also named "x" (a/live.snip.markdown); kept that one`},
		},
		{
			name: "two drafts: the later, then skipped",
			files: map[string]string{
				"a/d1.snip.markdown": blogSnip("x", ":draft: true\n:updated_at: 2020-01-01 00:00:00 +0000\n"),
				"b/d2.snip.markdown": blogSnip("x", ":draft: yes\n:updated_at: 2020-02-01 00:00:00 +0000\n"),
			},
			wantDraft: 1,
			wantWarn:  []string{`a/d1.snip.markdown: another snip is also named "x" (b/d2.snip.markdown); kept that one`},
		},
		{
			name: "names from files collide too",
			files: map[string]string{
				"a/x.snip.markdown": "Text.\n\n:kind: blog\n:author: a\n:updated_at: 2020-01-01 00:00:00 +0000\n",
				"b/x.markdown":      "Text.\n\n:kind: blog\n:author: a\n:updated_at: 2020-01-02 00:00:00 +0000\n",
			},
			wantKept: "b/x.markdown",
			wantWarn: []string{`a/x.snip.markdown: another snip is also named "x" (b/x.markdown); kept that one`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := loadSoup(t, Options{Root: writeSoup(t, tt.files), Drafts: tt.drafts})
			var kept []string
			for _, p := range a.Posts {
				kept = append(kept, p.Source)
			}
			var want []string
			if tt.wantKept != "" {
				want = []string{tt.wantKept}
			}
			if diff := cmp.Diff(want, kept); diff != "" {
				t.Errorf("posts kept mismatch (-want +got):\n%s", diff)
			}
			if a.DraftsSkipped != tt.wantDraft {
				t.Errorf("DraftsSkipped = %d, want %d", a.DraftsSkipped, tt.wantDraft)
			}
			if diff := cmp.Diff(tt.wantWarn, warningStrings(a.Warnings)); diff != "" {
				t.Errorf("warnings mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadProblemFiles(t *testing.T) {
	tests := []struct {
		name      string
		files     map[string]string
		opts      Options // Root is set by the test
		wantPosts []string
		wantPages int
		wantFiles int
		wantWarn  []string
	}{
		{
			name: "binary file, bad UTF-8, no author",
			files: map[string]string{
				"blog/bin.snip.markdown":  "a\x00b",
				"blog/utf8.snip.markdown": "Caf\xe9.\n\n:kind: blog\n:author: a\n",
				"blog/anon.snip.markdown": "Who wrote this?\n\n:kind: blog\n",
			},
			wantPosts: []string{"anon", "utf8"},
			wantFiles: 2,
			wantWarn: []string{
				"blog/anon.snip.markdown: no :author:",
				"blog/bin.snip.markdown: skipped: binary file (contains NUL bytes)",
				"blog/utf8.snip.markdown: invalid UTF-8; bad bytes replaced with U+FFFD",
			},
		},
		{
			name: "hidden files, the alias table and image assets are not snips",
			files: map[string]string{
				".git/HEAD":                 "ref: refs/heads/main\n",
				"blog/.notes.swp":           "junk",
				"aliases.yml":               "Old Name: p\n",
				"images/blog/diagram.svg":   "<svg></svg>\n",
				"images/blog/photo.png":     "\x89PNG\x00\x00",
				"blog/post.snip.markdown":   blogSnip("post", ""),
				"pages/about.snip.markdown": "About us.\n\n:name: about\n",
			},
			wantPosts: []string{"post"},
			wantPages: 1,
			wantFiles: 2,
		},
		{
			name: "a broken alias table is a warning",
			files: map[string]string{
				"aliases.yml":             "- just\n- a list\n",
				"blog/post.snip.markdown": blogSnip("post", ""),
			},
			wantPosts: []string{"post"},
			wantFiles: 1,
			wantWarn:  []string{"aliases.yml: alias table is not a YAML mapping of name to project slug:"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := tt.opts
			opts.Root = writeSoup(t, tt.files)
			a := loadSoup(t, opts)
			var names []string
			for _, p := range a.Posts {
				names = append(names, p.Name)
			}
			sort.Strings(names) // undated posts are ordered by modification time
			if diff := cmp.Diff(tt.wantPosts, names); diff != "" {
				t.Errorf("posts mismatch (-want +got):\n%s", diff)
			}
			if a.Pages != tt.wantPages || a.Files != tt.wantFiles {
				t.Errorf("Pages, Files = %d, %d; want %d, %d", a.Pages, a.Files, tt.wantPages, tt.wantFiles)
			}
			got := warningStrings(a.Warnings)
			if len(got) != len(tt.wantWarn) {
				t.Fatalf("warnings = %q, want %q", got, tt.wantWarn)
			}
			for i := range got {
				// The alias table's path is absolute and its YAML error
				// comes from the YAML library: compare the rest.
				g := strings.TrimPrefix(got[i], filepath.Join(opts.Root, "")+string(filepath.Separator))
				if !strings.HasPrefix(g, tt.wantWarn[i]) {
					t.Errorf("warning %d = %q, want it to start with %q", i, g, tt.wantWarn[i])
				}
			}
		})
	}
}

func TestLoadProjectAliases(t *testing.T) {
	root := writeSoup(t, map[string]string{
		"projects/p.snip.markdown": "A project.\n\n:name: p\n:display_name: Project P\n",
		"blog/text.snip.markdown":  "We worked on Old Name all week.\n\n:kind: blog\n:author: a\n",
		"blog/name.snip.markdown":  "We worked on Project P all week.\n\n:kind: blog\n:author: a\n",
		"blog/head.snip.markdown":  "## Old name news\n\nNothing else.\n\n:kind: blog\n:author: a\n",
		"blog/case.snip.markdown":  "An old name, in lower case, in text.\n\n:kind: blog\n:author: a\n",
		"blog/word.snip.markdown":  "Project Pie is another thing.\n\n:kind: blog\n:author: a\n",
		"blog/link.snip.markdown":  "See [it](/p/#top).\n\n:kind: blog\n:author: a\n",
		"blog/away.snip.markdown":  "See [this](https://example.com/p) and [that](/p/sub).\n\n:kind: blog\n:author: a\n",
		"aliases.yml":              "Old Name: p\nGhost: no-such-project\n",
	})
	a := loadSoup(t, Options{Root: root})
	p := archive.Term{Slug: "p", Label: "Project P"}
	want := map[string][]archive.Term{
		"text": {p}, "name": {p}, "head": {p}, "case": nil, "word": nil, "link": {p}, "away": nil,
	}
	got := map[string][]archive.Term{}
	for _, post := range a.Posts {
		got[post.Name] = post.Projects
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("projects mismatch (-want +got):\n%s", diff)
	}
}

func TestLoadErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, root := range []string{filepath.Join(t.TempDir(), "missing"), file} {
		t.Run(root, func(t *testing.T) {
			if a, err := Load(context.Background(), Options{Root: root}); err == nil {
				t.Errorf("Load(%q) = %+v, want an error", root, a)
			}
		})
	}
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := Load(ctx, Options{Root: testSoup}); !errors.Is(err, context.Canceled) {
			t.Errorf("Load with a cancelled context: err = %v, want context.Canceled", err)
		}
	})
}

// TestCorpus loads the shared corpus, when it is there.
func TestCorpus(t *testing.T) {
	const root = "../../shared/corpus/soups"
	if _, err := os.Stat(root); err != nil {
		t.Skipf("no corpus: %v", err)
	}
	tests := []struct {
		drafts        bool
		posts         int
		draftsSkipped int
	}{
		{drafts: false, posts: 539, draftsSkipped: 2},
		{drafts: true, posts: 541, draftsSkipped: 0},
	}
	for _, tt := range tests {
		t.Run(map[bool]string{false: "no drafts", true: "drafts"}[tt.drafts], func(t *testing.T) {
			a := loadSoup(t, Options{Root: root, Drafts: tt.drafts})
			got := struct{ Posts, DraftsSkipped int }{len(a.Posts), a.DraftsSkipped}
			want := struct{ Posts, DraftsSkipped int }{tt.posts, tt.draftsSkipped}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("counts mismatch (-want +got):\n%s", diff)
			}
			if len(a.Warnings) > 0 {
				t.Errorf("warnings:\n%s", strings.Join(warningStrings(a.Warnings), "\n"))
			}
			drafts := 0
			for _, p := range a.Posts {
				checkPost(t, p)
				if p.Draft {
					drafts++
				}
			}
			if want := tt.posts - 539; drafts != want {
				t.Errorf("%d posts are drafts, want %d", drafts, want)
			}
		})
	}
}

func TestWeekNumber(t *testing.T) {
	tests := []struct {
		name, title string
		want        int
	}{
		{"week-474", "Week 474", 474},
		{"week-474", "", 474},
		{"Week-12", "", 12},
		{"weeks-520-to-524", "", 520},
		{"summer-roundup", "Weeks 520 to 524", 520},
		{"week-857-and-858", "Week 857 and 858", 857},
		{"week-857-and-858", "", 857},
		{"notes", "Week 12: a short one", 12},
		{"pairing", "Pairing remotely", 0},
		{"midweek-12", "Midweek 12", 0},
		{"notes", "Two weeks of work", 0},
		{"week-0", "", 0},
		{"week-0", "Week 3", 3},
		{"week-99999999", "", 0},
		{"", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name+"|"+tt.title, func(t *testing.T) {
			if got := WeekNumber(tt.name, tt.title); got != tt.want {
				t.Errorf("WeekNumber(%q, %q) = %d, want %d", tt.name, tt.title, got, tt.want)
			}
		})
	}
}

// TestLoadFileChangedMidBuild: a build reads each post twice (a scan for
// what the whole soup must be known by, then a read to render it). A post
// edited in between is indexed as it is now, with the stamp of what was
// rendered; one that became something else in between (a draft, a page,
// renamed, gone) is left out with a warning naming it, and its stamp is
// not recorded, so the next update reads it again.
func TestLoadFileChangedMidBuild(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"blog/edited.snip.markdown":  testsoup.Post("Edited", "The first version.", "2020-01-02 10:00:00 +00:00", "chris-roos"),
		"blog/drafted.snip.markdown": testsoup.Post("Drafted", "Soon a draft.", "2020-01-03 10:00:00 +00:00", "chris-roos"),
		"blog/renamed.snip.markdown": testsoup.Post("Renamed", "Soon renamed.", "2020-01-04 10:00:00 +00:00", "chris-roos"),
		"blog/paged.snip.markdown":   testsoup.Post("Paged", "Soon a page.", "2020-01-05 10:00:00 +00:00", "chris-roos"),
		"blog/gone.snip.markdown":    testsoup.Post("Gone", "Soon deleted.", "2020-01-06 10:00:00 +00:00", "chris-roos"),
		"blog/same.snip.markdown":    testsoup.Post("Same", "Never changes.", "2020-01-07 10:00:00 +00:00", "chris-roos"),
	}
	for rel, data := range files {
		testsoup.Write(t, filepath.Join(root, rel), data)
	}
	opts := Options{Root: root, Workers: 2, afterScan: func() {
		write := func(rel, data string) { testsoup.Write(t, filepath.Join(root, rel), data) }
		write("blog/edited.snip.markdown", testsoup.Post("Edited", "The second version, longer.", "2020-01-02 10:00:00 +00:00", "chris-roos"))
		write("blog/drafted.snip.markdown", files["blog/drafted.snip.markdown"]+":draft: true\n")
		write("blog/renamed.snip.markdown", files["blog/renamed.snip.markdown"]+":name: another-name\n")
		write("blog/paged.snip.markdown", strings.Replace(files["blog/paged.snip.markdown"], ":kind: blog", ":kind: page", 1))
		if err := os.Remove(filepath.Join(root, "blog/gone.snip.markdown")); err != nil {
			t.Fatal(err)
		}
	}}
	a, err := Load(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]archive.Post{}
	for _, p := range a.Posts {
		got[p.Name] = p
	}
	if len(got) != 2 {
		t.Errorf("posts %v, want edited and same only", keys(got))
	}
	if p := got["edited"]; !strings.Contains(p.Text, "second version") {
		t.Errorf("edited: text %q, want the version on disk when it rendered", p.Text)
	} else if sum := stampOfFile(t, filepath.Join(root, p.Source)); p.File.Hash != sum.Hash || p.File.Size != sum.Size {
		t.Errorf("edited: stamp %+v, want that of the version rendered %+v", p.File, sum)
	}
	if _, ok := got["same"]; !ok {
		t.Error("same: not indexed")
	}
	warned := map[string]bool{}
	for _, w := range a.Warnings {
		if strings.Contains(w.Message, "changed while the index was being built") {
			warned[w.File] = true
		}
	}
	for _, rel := range []string{"blog/drafted.snip.markdown", "blog/renamed.snip.markdown", "blog/paged.snip.markdown", "blog/gone.snip.markdown"} {
		if !warned[rel] {
			t.Errorf("%s: no warning that it changed during the build (warnings %v)", rel, a.Warnings)
		}
		if st, ok := a.Stamps[rel]; ok {
			t.Errorf("%s: stamp %+v recorded; the next update would not read it again", rel, st)
		}
	}
	if warned["blog/edited.snip.markdown"] || warned["blog/same.snip.markdown"] {
		t.Errorf("a warning for a post indexed as it is: %v", a.Warnings)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// stampOfFile is the stamp scan.Read gives the file at path.
func stampOfFile(t *testing.T, path string) archive.FileStamp {
	t.Helper()
	s, ws := scan.Read(filepath.Dir(path), filepath.Base(path))
	if s == nil {
		t.Fatalf("read %s: %v", path, ws)
	}
	return s.File
}
