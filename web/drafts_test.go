package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/freerange/weeknotes/indexer"
	"github.com/freerange/weeknotes/indexer/snip"
	"github.com/freerange/weeknotes/indexer/testsoup"
	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/browse"
	"github.com/freerange/weeknotes/web"
)

// The archive and the seed documents that TestDraftsNeverLeak mixes into
// one soup (issue 5, point 5).
const (
	draftsCorpus  = "../../shared/corpus/soups"
	draftsSeeds   = "../../shared/seeds"
	draftsAliases = "../data/aliases.yml"
)

// leakDraft is one draft of the soup and what would give it away.
type leakDraft struct {
	Name, Title, Path string
	Author            string
	Created           time.Time
	Week              int
	// Shadowed: a published post has the same name and wins (README: "Two
	// snips with one name: the non-draft wins"), so the name and title are
	// public; only what differs (the draft's own timestamp) is secret.
	Shadowed bool
	Words    []string       // body words found in no other file of the soup
	Topics   []archive.Term // its topics (as the indexer reads them)
	Projects []archive.Term
	// OnlyTopics are its topics that no published post has.
	OnlyTopics []archive.Term
}

func (d *leakDraft) Month() string { return d.Created.Format("2006-01") }

// secret is a string that must not appear in a response.
type secret struct {
	what string // what leaked, for the failure message
	s    string
	core string // the value s quotes: a request that holds it may echo it
	fold bool   // match case-insensitively
}

func (d *leakDraft) secrets() []secret {
	var out []secret
	if d.Shadowed {
		// Only the draft's own timestamp tells it from the published post.
		ts := d.Created.Format("2006-01-02T15:04:05")
		return []secret{{what: "the draft's created_at", s: ts, core: ts}}
	}
	for _, f := range []string{`/%s"`, `/%s<`, `/%s?`, `/%s#`, `"%s"`} {
		out = append(out, secret{what: "its name (URL)", s: fmt.Sprintf(f, d.Name), core: d.Name})
	}
	esc := template.HTMLEscapeString(d.Title)
	js, _ := json.Marshal(d.Title)
	out = append(out,
		secret{what: "its title", s: ">" + esc + "<", core: d.Title},
		secret{what: "its title (JSON)", s: string(js), core: d.Title},
	)
	if d.Week == 0 {
		// A numbered week's title also names the gap it leaves in the series
		// ("Week 556 is missing"), which is no leak; other titles never show.
		out = append(out, secret{what: "its title", s: esc, core: d.Title, fold: true})
	}
	for _, w := range d.Words {
		out = append(out, secret{what: "a word of its body", s: w, core: w, fold: true})
	}
	for _, tp := range d.OnlyTopics {
		out = append(out,
			secret{what: "its topic " + tp.Slug, s: "/tags/" + tp.Slug + `"`, core: tp.Slug},
			secret{what: "its topic " + tp.Slug, s: `"` + tp.Slug + `"`, core: tp.Slug})
	}
	return out
}

// leaks lists the secrets of d found in body, but for those the request
// itself holds (a search echoes its query).
func leaks(body string, d *leakDraft, echoed string) []string {
	var out []string
	lowBody, lowEcho := strings.ToLower(body), strings.ToLower(echoed)
	for _, s := range d.secrets() {
		if echoed != "" && strings.Contains(lowEcho, strings.ToLower(s.core)) {
			continue
		}
		found := strings.Contains(body, s.s)
		if s.fold {
			found = strings.Contains(lowBody, strings.ToLower(s.s))
		}
		if found {
			out = append(out, fmt.Sprintf("%s of draft %s (%q)", s.what, d.Name, s.s))
		}
	}
	return out
}

// draftMarks are what only a shown draft puts in a page.
var draftMarks = []string{`<span class="badge draft">draft</span>`, `"draft":true`, `[draft]`}

type leakSoup struct {
	drafts  []*leakDraft
	visible []archive.Post // the published posts, as the indexer reads them
	byName  map[string]archive.Post
	off, on http.Handler
	opts    indexer.Options
}

var (
	mdLinkTarget = regexp.MustCompile(`\]\([^)]*\)|(?m)^\s*\[[^\]]+\]:.*$|https?://\S+|<[^>]*>`)
	longWord     = regexp.MustCompile(`[A-Za-z]{8,}`)
)

func buildLeakSoup(t *testing.T) *leakSoup {
	t.Helper()
	if _, err := os.Stat(draftsCorpus); err != nil {
		t.Skipf("no corpus at %s", draftsCorpus)
	}
	seeds, _ := filepath.Glob(filepath.Join(draftsSeeds, "*.txt"))
	if len(seeds) == 0 {
		t.Skipf("no seeds at %s", draftsSeeds)
	}
	root := t.TempDir()
	testsoup.CopyTree(t, draftsCorpus, root)
	// The seeds go beside the archive, each named by its :name:. The corpus
	// already has week-473 and week-474: the seed week-473 is a draft of the
	// published week-473 (same text, earlier timestamp), the seed week-474
	// the published week-474 again.
	os.MkdirAll(filepath.Join(root, "seeds"), 0o755)
	for _, p := range seeds {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		sn, _ := snip.Parse(p, data, time.Now())
		if sn.Meta["name"] == "" {
			t.Fatalf("seed %s has no :name:", p)
		}
		if err := os.WriteFile(filepath.Join(root, "seeds", sn.Meta["name"]+".snip.markdown"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	s := &leakSoup{byName: map[string]archive.Post{}}
	// Every file, parsed: the drafts, and the text of everything else.
	var others strings.Builder
	files := map[string]snip.Snip{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		sn, _ := snip.Parse(filepath.ToSlash(rel), data, time.Now())
		files[sn.Path] = sn
		return nil
	})
	for _, sn := range files {
		v, _ := strconv.ParseBool(strings.ToLower(sn.Meta["draft"]))
		if !v && sn.Meta["draft"] != "yes" {
			continue
		}
		created, err := snip.ParseDate(sn.Meta["created_at"])
		if err != nil {
			t.Fatalf("draft %s: created_at: %v", sn.Path, err)
		}
		title := sn.Meta["page_title"]
		if title == "" {
			title = sn.Meta["title"]
		}
		s.drafts = append(s.drafts, &leakDraft{Name: sn.Name, Title: title, Path: sn.Path, Author: sn.Meta["author"],
			Created: created, Week: indexer.WeekNumber(sn.Name, title)})
	}
	sort.Slice(s.drafts, func(i, j int) bool { return s.drafts[i].Path < s.drafts[j].Path })
	isDraftFile := map[string]bool{}
	for _, d := range s.drafts {
		isDraftFile[d.Path] = true
	}
	for p, sn := range files {
		if !isDraftFile[p] {
			others.WriteString(strings.ToLower(sn.Content))
			others.WriteString(strings.ToLower(strings.Join(mapValues(sn.Meta), " ")))
		}
	}
	// What the server writes itself: templates, help and page text.
	for _, g := range []string{"templates/*.html", "*.go", draftsAliases} {
		ms, _ := filepath.Glob(g)
		for _, m := range ms {
			if strings.HasSuffix(m, "_test.go") {
				continue
			}
			b, _ := os.ReadFile(m)
			others.WriteString(strings.ToLower(string(b)))
		}
	}
	otherText := others.String()

	opts := indexer.Options{Root: root}
	if _, err := os.Stat(draftsAliases); err == nil {
		opts.Aliases = draftsAliases
	}
	ctx := context.Background()
	pub, err := indexer.Load(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.Drafts = true
	all, err := indexer.Load(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	s.visible = pub.Posts
	for _, p := range s.visible {
		if p.Draft {
			t.Fatalf("the indexer without drafts loaded the draft %s", p.Name)
		}
		s.byName[p.Name] = p
	}
	loadedDrafts := map[string]archive.Post{}
	for _, p := range all.Posts {
		if p.Draft {
			loadedDrafts[p.Name] = p
		}
	}
	visibleTopics := map[string]bool{}
	for _, p := range s.visible {
		for _, tp := range p.Topics {
			visibleTopics[tp.Slug] = true
		}
	}
	for _, d := range s.drafts {
		if _, ok := s.byName[d.Name]; ok {
			d.Shadowed = true
			if _, ok := loadedDrafts[d.Name]; ok {
				t.Errorf("draft %s: the indexer with drafts kept the draft over the published post of that name", d.Path)
			}
			continue
		}
		lp, ok := loadedDrafts[d.Name]
		if !ok {
			t.Fatalf("draft %s (%s) is not loaded with Drafts: true", d.Path, d.Name)
		}
		d.Topics, d.Projects = lp.Topics, lp.Projects
		if d.Author == "" {
			d.Author = lp.Author.Slug
		}
		for _, tp := range d.Topics {
			if !visibleTopics[tp.Slug] && !strings.Contains(otherText, tp.Slug) {
				d.OnlyTopics = append(d.OnlyTopics, tp)
			}
		}
		// Distinctive words: long words of its prose that no other file holds.
		body := mdLinkTarget.ReplaceAllString(files[d.Path].Content, " ")
		seen := map[string]bool{}
		for _, w := range longWord.FindAllString(body, -1) {
			lw := strings.ToLower(w)
			if seen[lw] || strings.Contains(otherText, lw) {
				continue
			}
			seen[lw] = true
			d.Words = append(d.Words, lw)
			if len(d.Words) == 3 {
				break
			}
		}
		for _, check := range []string{d.Name, strings.ToLower(d.Title)} {
			if strings.Contains(otherText, strings.ToLower(check)) {
				t.Fatalf("draft %s: %q appears in a published file too; the checks below would false-alarm", d.Path, check)
			}
		}
	}
	if len(loadedDrafts) != len(s.drafts)-countShadowed(s.drafts) {
		t.Errorf("the indexer found %d unshadowed drafts, the scan %d", len(loadedDrafts), len(s.drafts)-countShadowed(s.drafts))
	}
	if len(all.Posts) != len(s.visible)+len(loadedDrafts) {
		t.Errorf("with drafts %d posts, without %d, drafts %d", len(all.Posts), len(s.visible), len(loadedDrafts))
	}
	for _, d := range s.drafts {
		t.Logf("draft %s: name %q, title %q, author %s, %s, shadowed %v, words %q, topics only it has %v",
			d.Path, d.Name, d.Title, d.Author, d.Created.Format(time.RFC3339), d.Shadowed, d.Words, d.OnlyTopics)
	}
	s.opts = opts
	s.off = leakServer(t, opts, false, false)
	s.on = leakServer(t, opts, true, true)
	return s
}

func countShadowed(ds []*leakDraft) int {
	n := 0
	for _, d := range ds {
		if d.Shadowed {
			n++
		}
	}
	return n
}

func mapValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// leakServer indexes opts.Root with or without drafts and serves it with
// or without them.
func leakServer(t *testing.T, opts indexer.Options, indexDrafts, serveDrafts bool) http.Handler {
	t.Helper()
	dir := t.TempDir()
	opts.Drafts = indexDrafts
	if _, err := indexer.Build(context.Background(), opts, dir, nil); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	srv, err := web.New(web.Config{Index: ix, Drafts: serveDrafts, Images: filepath.Join(opts.Root, "images"), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return srv.Handler()
}

// counts of the published posts, from the soup.
func (s *leakSoup) count(match func(archive.Post) bool) int {
	n := 0
	for _, p := range s.visible {
		if match(p) {
			n++
		}
	}
	return n
}

func hasTerm(ts []archive.Term, slug string) bool {
	return slices.ContainsFunc(ts, func(t archive.Term) bool { return t.Slug == slug })
}

type leakHits struct {
	Total     int  `json:"total"`
	Corrected bool `json:"corrected"`
	Hits      []struct {
		Name  string `json:"name"`
		Title string `json:"title"`
		Date  string `json:"date"`
		Draft bool   `json:"draft"`
	} `json:"hits"`
	Facets map[string][]struct {
		Value string `json:"value"`
		Count int    `json:"count"`
	} `json:"facets"`
}

func decodeJSON(t *testing.T, target, body string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("%s: %v\n%.300s", target, err, body)
	}
}

// route is one request of the table: what it must answer, and checks of
// its own beyond "nothing of any draft in the body".
type route struct {
	target string
	status int
	echo   string                       // text of the request the page may repeat
	only   *leakDraft                   // check for this draft only (nil: every draft)
	body   bool                         // check the body (false for a 404 that echoes the path)
	check  func(t *testing.T, b string) // more checks; nil for none
}

func TestDraftsNeverLeak(t *testing.T) {
	t.Parallel()
	s := buildLeakSoup(t)
	if len(s.drafts) < 3 {
		t.Fatalf("found %d drafts in the soup, want the corpus's 2 and the seed's 1", len(s.drafts))
	}
	t.Run("without drafts", func(t *testing.T) { s.checkHidden(t, s.off) })

	// An index built with drafts is never served without --drafts: the
	// server refuses it at start and when a build made beside it (by
	// "weeknotes index --drafts") would be swapped in.
	t.Run("index with drafts, served without", func(t *testing.T) {
		dir := t.TempDir()
		opts := s.opts
		opts.Drafts = true
		if _, err := indexer.Build(context.Background(), opts, dir, nil); err != nil {
			t.Fatal(err)
		}
		withDrafts, err := search.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer withDrafts.Close()
		quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
		if _, err := web.New(web.Config{Index: withDrafts, Drafts: false, Logger: quiet}); err == nil {
			t.Error("web.New served an index with drafts without --drafts")
		}
		published := t.TempDir()
		opts.Drafts = false
		if _, err := indexer.Build(context.Background(), opts, published, nil); err != nil {
			t.Fatal(err)
		}
		ix, err := search.Open(published)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		srv, err := web.New(web.Config{Index: ix, Drafts: false, Logger: quiet})
		if err != nil {
			t.Fatal(err)
		}
		err = srv.Swap(withDrafts)
		served := srv.Take()
		defer served.Close()
		if err == nil || !served.Is(ix) {
			t.Errorf("Swap to an index with drafts: err %v; the server must keep serving the published build", err)
		}
		s.checkHidden(t, srv.Handler())
	})

	t.Run("with drafts", func(t *testing.T) {
		on := s.on
		unshadowed := len(s.drafts) - countShadowed(s.drafts)
		t.Run("|api|search", func(t *testing.T) {
			_, b, _ := get(t, on, "/api/search")
			var r leakHits
			decodeJSON(t, "/api/search", b, &r)
			if want := len(s.visible) + unshadowed; r.Total != want {
				t.Errorf("/api/search with drafts: total %d, want %d published posts and %d drafts", r.Total, len(s.visible), unshadowed)
			}
		})
		for _, d := range s.drafts {
			d := d
			if d.Shadowed {
				// The published post of that name wins even with --drafts.
				t.Run(d.Name+" (shadowed)", func(t *testing.T) {
					code, b, _ := get(t, on, "/"+d.Name)
					if code != 200 || strings.Contains(b, draftMarks[0]) {
						t.Errorf("/%s with drafts: status %d, marked draft %v; want the published post", d.Name, code, strings.Contains(b, draftMarks[0]))
					}
					_, b, _ = get(t, on, "/api/posts/"+d.Name)
					s.publishedPost(d)(t, b)
					target := "/api/search?per_page=100&month=" + d.Month()
					_, b, _ = get(t, on, target)
					var r leakHits
					decodeJSON(t, target, b, &r)
					n := 0
					for _, h := range r.Hits {
						if h.Name == d.Name {
							n++
							if h.Draft {
								t.Errorf("%s with drafts: %s is marked draft; the published post should win", target, d.Name)
							}
						}
					}
					if n != 1 {
						t.Errorf("%s with drafts: %d hits named %s, want 1", target, n, d.Name)
					}
				})
				continue
			}
			t.Run("|"+d.Name, func(t *testing.T) {
				code, b, _ := get(t, on, "/"+d.Name)
				mark := "<h1>" + template.HTMLEscapeString(d.Title) + ` <span class="badge draft">draft</span></h1>`
				if code != 200 || !strings.Contains(b, mark) {
					t.Errorf("/%s with drafts: status %d, heading marked draft %v", d.Name, code, strings.Contains(b, mark))
				}
			})
			t.Run("|api|posts|"+d.Name, func(t *testing.T) {
				code, b, _ := get(t, on, "/api/posts/"+d.Name)
				var p struct {
					Name  string `json:"name"`
					Draft bool   `json:"draft"`
				}
				decodeJSON(t, "/api/posts/"+d.Name, b, &p)
				if code != 200 || p.Name != d.Name || !p.Draft {
					t.Errorf("/api/posts/%s with drafts: status %d, %+v; want it marked draft", d.Name, code, p)
				}
			})
			targets := []string{"/api/search?per_page=100&month=" + d.Month()}
			for _, w := range d.Words {
				targets = append(targets, "/api/search?per_page=100&q="+url.QueryEscape(w))
			}
			for _, target := range targets {
				t.Run(strings.ReplaceAll(target, "/", "|"), func(t *testing.T) {
					_, b, _ := get(t, on, target)
					var r leakHits
					decodeJSON(t, target, b, &r)
					i := slices.IndexFunc(r.Hits, func(h struct {
						Name  string `json:"name"`
						Title string `json:"title"`
						Date  string `json:"date"`
						Draft bool   `json:"draft"`
					}) bool {
						return h.Name == d.Name
					})
					if i < 0 || !r.Hits[i].Draft {
						t.Errorf("%s with drafts: %s missing or not marked \"draft\": true", target, d.Name)
					}
				})
			}
			target := "/feed.xml?month=" + d.Month()
			t.Run(strings.ReplaceAll(target, "/", "|"), func(t *testing.T) {
				_, b, _ := get(t, on, target)
				want := "<title>[draft] " + xmlEscape(d.Title) + "</title>"
				if !strings.Contains(b, want) {
					t.Errorf("%s with drafts: no entry %s", target, want)
				}
			})
			// Its author's page lists the newest 50 posts: the draft among
			// them, marked, when it is recent enough.
			newer := s.count(func(p archive.Post) bool { return p.Author.Slug == d.Author && p.Created.After(d.Created) })
			if d.Author != "" && newer < 45 {
				target := "/" + d.Author
				t.Run(target, func(t *testing.T) {
					_, b, _ := get(t, on, target)
					if !strings.Contains(b, `href="/`+d.Name+`">`+template.HTMLEscapeString(d.Title)+`</a> <span class="badge draft">draft</span>`) {
						t.Errorf("%s with drafts: the draft is not listed, marked", target)
					}
				})
			}
		}
	})
}

func xmlEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&#34;")
		case '\'':
			b.WriteString("&#39;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func slugs(ts []archive.Term) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Slug
	}
	return out
}

// total checks a search's total against the published posts that match.
func (s *leakSoup) total(what string, want int) func(*testing.T, string) {
	return func(t *testing.T, b string) {
		t.Helper()
		var r leakHits
		decodeJSON(t, what, b, &r)
		if r.Total != want {
			t.Errorf("search by %s: total %d, want its %d published posts", what, r.Total, want)
		}
	}
}

// sameAsWithDrafts checks that a search without drafts counts what the same
// search with drafts counts, less the drafts it finds.
func (s *leakSoup) sameAsWithDrafts(target string) func(*testing.T, string) {
	return func(t *testing.T, b string) {
		t.Helper()
		var off, on leakHits
		decodeJSON(t, target, b, &off)
		_, ob, _ := get(t, s.on, target)
		decodeJSON(t, target, ob, &on)
		drafts := 0
		for _, h := range on.Hits {
			if h.Draft {
				drafts++
			}
		}
		// A word only a draft has is spelled "correctly" into another word
		// without drafts: the totals then count different searches.
		if !off.Corrected && !on.Corrected && on.Total <= 100 && off.Total != on.Total-drafts {
			t.Errorf("%s: total %d without drafts, %d with drafts of which %d drafts", target, off.Total, on.Total, drafts)
		}
	}
}

// termCounts compares a list of /api/tags, /api/people or /api/projects
// with the published posts.
func (s *leakSoup) termCounts(target string, of func(archive.Post) []string) func(*testing.T, string) {
	return func(t *testing.T, b string) {
		t.Helper()
		want := map[string]int{}
		for _, p := range s.visible {
			for _, v := range of(p) {
				if v != "" {
					want[v]++
				}
			}
		}
		var got []browse.Count
		decodeJSON(t, target, b, &got)
		gotM := map[string]int{}
		for _, c := range got {
			gotM[c.Slug] = c.Count
		}
		for k, n := range gotM {
			if want[k] != n {
				t.Errorf("%s: %s has %d posts, want %d published", target, k, n, want[k])
			}
		}
		for k, n := range want {
			if _, ok := gotM[k]; !ok {
				t.Errorf("%s: lacks %s (%d published posts)", target, k, n)
			}
		}
	}
}

func (s *leakSoup) timelineCounts(t *testing.T, b string) {
	t.Helper()
	want := map[string]int{}
	years := map[int]int{}
	for _, p := range s.visible {
		want[p.Created.Format("2006-01")]++
		years[p.Created.Year()]++
	}
	var got []browse.YearCount
	decodeJSON(t, "/api/timeline", b, &got)
	for _, y := range got {
		if y.Count != years[y.Year] {
			t.Errorf("/api/timeline: %d has %d posts, want %d published", y.Year, y.Count, years[y.Year])
		}
		for _, m := range y.Months {
			key := fmt.Sprintf("%d-%02d", y.Year, m.Month)
			if m.Count != want[key] {
				t.Errorf("/api/timeline: %s has %d posts, want %d published", key, m.Count, want[key])
			}
		}
	}
}

// personPage checks a person's count and first and last posts.
func (s *leakSoup) personPage(slug string) func(*testing.T, string) {
	return func(t *testing.T, b string) {
		t.Helper()
		var mine []archive.Post
		for _, p := range s.visible {
			if p.Author.Slug == slug {
				mine = append(mine, p)
			}
		}
		if len(mine) == 0 {
			if !strings.Contains(b, "No posts in the archive.") {
				t.Errorf("/%s: the person has no published posts, but the page shows some", slug)
			}
			return
		}
		sort.SliceStable(mine, func(i, j int) bool { return mine[i].Created.Before(mine[j].Created) })
		noun := "posts"
		if len(mine) == 1 {
			noun = "post"
		}
		want := fmt.Sprintf(`%d %s: the first <a href="%s">`, len(mine), noun, mine[0].URL())
		if !strings.Contains(b, want) {
			t.Errorf("/%s: page lacks %q (count and first published post)", slug, want)
		}
		if want := `the last <a href="` + mine[len(mine)-1].URL() + `">`; !strings.Contains(b, want) {
			t.Errorf("/%s: page lacks %q (last published post)", slug, want)
		}
	}
}

// listCount checks the count beside one link of /tags or /people.
func listCount(target, href string, want int) func(*testing.T, string) {
	// /people's links start with a photo (or its empty box).
	re := regexp.MustCompile(regexp.QuoteMeta(href) + `>(?:<img[^>]*>|<span class="avatar[^>]*></span>)?[^<]*</a> <span class="count">(\d+)<`)
	return func(t *testing.T, b string) {
		t.Helper()
		m := re.FindStringSubmatch(b)
		if m == nil {
			t.Errorf("%s: no %s with a count", target, href)
			return
		}
		if n, _ := strconv.Atoi(m[1]); n != want {
			t.Errorf("%s: %s counts %d posts, want %d published", target, href, n, want)
		}
	}
}

// publishedPost checks that /api/posts/NAME of a shadowed draft is the
// published post.
func (s *leakSoup) publishedPost(d *leakDraft) func(*testing.T, string) {
	return func(t *testing.T, b string) {
		t.Helper()
		var p struct {
			Name  string `json:"name"`
			Date  string `json:"date"`
			Draft bool   `json:"draft"`
		}
		decodeJSON(t, "/api/posts/"+d.Name, b, &p)
		want := s.byName[d.Name].Created.Format(time.RFC3339)
		if p.Name != d.Name || p.Draft || p.Date != want {
			t.Errorf("/api/posts/%s: %+v, want the published post of %s, not the draft of %s", d.Name, p, want, d.Created.Format(time.RFC3339))
		}
	}
}

// checkHidden asserts route by route that off, a server without drafts,
// shows nothing of any draft.
func (s *leakSoup) checkHidden(t *testing.T, off http.Handler) {
	var routes []route
	add := func(r route) { r.body = r.body || r.status == 200; routes = append(routes, r) }

	// Pages with no parameter, checked for every draft.
	for _, target := range []string{"/", "/search", "/help", "/tags", "/tags?sort=name", "/tags?all=1", "/people", "/projects",
		"/timeline", "/api/tags", "/api/people", "/api/projects", "/api/timeline", "/feed.xml", "/sitemap.xml",
		"/opensearch.xml", "/api/search", "/api/search?per_page=100&sort=oldest"} {
		add(route{target: target, status: 200})
	}
	total := len(s.visible)
	add(route{target: "/timeline", status: 200, check: func(t *testing.T, b string) {
		if !strings.Contains(b, fmt.Sprintf(`<p class="lede">%d posts from`, total)) {
			t.Errorf("/timeline: the total is not the %d published posts", total)
		}
	}})
	add(route{target: "/api/search", status: 200, check: func(t *testing.T, b string) {
		var r leakHits
		decodeJSON(t, "/api/search", b, &r)
		if r.Total != total {
			t.Errorf("/api/search: total %d, want the %d published posts", r.Total, total)
		}
	}})
	add(route{target: "/api/tags", status: 200, check: s.termCounts("/api/tags", func(p archive.Post) []string { return slugs(p.Topics) })})
	add(route{target: "/api/projects", status: 200, check: s.termCounts("/api/projects", func(p archive.Post) []string { return slugs(p.Projects) })})
	add(route{target: "/api/people", status: 200, check: s.termCounts("/api/people", func(p archive.Post) []string { return []string{p.Author.Slug} })})
	add(route{target: "/api/timeline", status: 200, check: s.timelineCounts})

	for _, d := range s.drafts {
		d := d
		month, year := d.Month(), d.Created.Format("2006")
		inMonth := s.count(func(p archive.Post) bool { return p.Created.Format("2006-01") == month })
		byAuthor := s.count(func(p archive.Post) bool { return p.Author.Slug == d.Author })
		add(route{target: "/timeline/" + strings.Replace(month, "-", "/", 1), status: 200, check: func(t *testing.T, b string) {
			if !strings.Contains(b, fmt.Sprintf(`<p class="lede">%d post`, inMonth)) {
				t.Errorf("/timeline/%s: the count is not the %d published posts of the month", month, inMonth)
			}
		}})
		add(route{target: "/timeline/" + year, status: 200})
		add(route{target: "/api/search?per_page=100&month=" + month, status: 200, check: s.total("month "+month, inMonth)})
		add(route{target: "/feed.xml?month=" + month, status: 200})
		if d.Author != "" {
			add(route{target: "/api/search?per_page=100&author=" + d.Author, status: 200, check: func(t *testing.T, b string) {
				s.total("author "+d.Author, byAuthor)(t, b)
				var r leakHits
				decodeJSON(t, "author", b, &r)
				for _, f := range r.Facets["author"] {
					if f.Value == d.Author && f.Count != byAuthor {
						t.Errorf("author facet %s: count %d, want its %d published posts", d.Author, f.Count, byAuthor)
					}
				}
			}})
			add(route{target: "/" + d.Author, status: 200, check: s.personPage(d.Author)})
			add(route{target: "/feed.xml?author=" + d.Author, status: 200})
			add(route{target: "/people", status: 200, check: listCount("/people", `href="/`+d.Author+`"`, byAuthor)})
		}
		for _, tp := range d.Topics {
			n := s.count(func(p archive.Post) bool { return hasTerm(p.Topics, tp.Slug) })
			if n == 0 {
				add(route{target: "/tags/" + tp.Slug, status: 404, only: d})
				add(route{target: "/api/search?topic=" + tp.Slug, status: 200, echo: tp.Slug, check: s.total("topic "+tp.Slug, 0)})
				continue
			}
			add(route{target: "/tags/" + tp.Slug, status: 200, check: func(t *testing.T, b string) {
				if !strings.Contains(b, fmt.Sprintf(">%d post", n)) && !strings.Contains(b, fmt.Sprintf("%d posts", n)) {
					t.Errorf("/tags/%s: no count of its %d published posts", tp.Slug, n)
				}
			}})
			add(route{target: "/feed.xml?topic=" + tp.Slug, status: 200})
			add(route{target: "/tags?all=1", status: 200, check: listCount("/tags?all=1", `href="/tags/`+tp.Slug+`"`, n)})
			add(route{target: "/api/search?per_page=100&topic=" + tp.Slug, status: 200, echo: tp.Slug, check: s.total("topic "+tp.Slug, n)})
		}
		for _, pr := range d.Projects {
			add(route{target: "/" + pr.Slug, status: 200})
			add(route{target: "/feed.xml?project=" + pr.Slug, status: 200})
		}
		// Suggestions for the start of its title and of its words.
		prefix := d.Title
		if f := strings.Fields(d.Title); len(f) > 1 {
			prefix = strings.Join(f[:len(f)-1], " ") + " " + f[len(f)-1][:max(1, len(f[len(f)-1])-1)]
		}
		add(route{target: "/api/suggest?q=" + url.QueryEscape(prefix), status: 200, echo: prefix})
		add(route{target: "/api/suggest?q=" + url.QueryEscape(strings.Fields(d.Title)[0]), status: 200})
		for _, tp := range d.OnlyTopics {
			add(route{target: "/api/suggest?q=" + url.QueryEscape(tp.Label[:min(len(tp.Label), 6)]), status: 200})
		}
		// Searches for its title and words.
		for _, q := range append([]string{d.Title}, d.Words...) {
			qe := url.QueryEscape(q)
			add(route{target: "/search?q=" + qe, status: 200, echo: q})
			add(route{target: "/api/search?per_page=100&q=" + qe, status: 200, echo: q, check: s.sameAsWithDrafts("/api/search?per_page=100&q=" + qe)})
			add(route{target: "/feed.xml?q=" + qe, status: 200, echo: q})
			if len(q) > 4 && !strings.Contains(q, " ") {
				add(route{target: "/api/suggest?q=" + url.QueryEscape(q[:len(q)-2]), status: 200, echo: q[:len(q)-2]})
			}
		}
		// Its own URLs.
		if d.Shadowed {
			p := s.byName[d.Name]
			add(route{target: "/" + d.Name, status: 200, check: func(t *testing.T, b string) {
				if !strings.Contains(b, "<h1>"+template.HTMLEscapeString(p.Title)+"</h1>") {
					t.Errorf("/%s: not the published post's page", d.Name)
				}
			}})
			add(route{target: "/api/posts/" + d.Name, status: 200, check: s.publishedPost(d)})
		} else {
			add(route{target: "/" + d.Name, status: 404, only: d})
			add(route{target: "/api/posts/" + d.Name, status: 404, only: d})
		}
		// The published posts around it: same month, same week of the
		// year in other years, the weeks next to it.
		_, dw := d.Created.ISOWeek()
		for _, p := range s.visible {
			_, pw := p.Created.ISOWeek()
			near := p.Created.Format("2006-01") == month || pw == dw ||
				d.Week > 0 && p.Week > 0 && (p.Week-d.Week)*(p.Week-d.Week) <= 4
			if near {
				add(route{target: "/" + p.Name, status: 200})
				add(route{target: "/api/posts/" + p.Name, status: 200})
			}
		}
	}
	add(route{target: "/week-474", status: 200})
	add(route{target: "/api/posts/week-474", status: 200})

	seen := map[string]bool{}
	bodies := map[string]string{}
	for _, r := range routes {
		key := r.target
		if r.check != nil || r.only != nil {
			key = fmt.Sprintf("%s#%d", r.target, len(seen))
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		r := r
		t.Run(strings.ReplaceAll(r.target, "/", "|"), func(t *testing.T) {
			b, ok := bodies[r.target]
			if !ok {
				code, body, _ := get(t, off, r.target)
				if code != r.status {
					t.Errorf("GET %s: status %d, want %d", r.target, code, r.status)
				}
				b = body
				bodies[r.target] = b
			}
			if r.body {
				for _, m := range draftMarks {
					if strings.Contains(b, m) {
						t.Errorf("GET %s without drafts: leaked a draft mark %q", r.target, m)
					}
				}
				for _, d := range s.drafts {
					if r.only != nil && r.only != d {
						continue
					}
					for _, l := range leaks(b, d, r.echo) {
						t.Errorf("GET %s without drafts: leaked %s", r.target, l)
					}
				}
			} else if r.only != nil && !r.only.Shadowed {
				// A 404 may repeat the path asked for, nothing else.
				for _, l := range leaks(b, r.only, r.target) {
					if !strings.Contains(l, "its name") {
						t.Errorf("GET %s without drafts: leaked %s", r.target, l)
					}
				}
			}
			if r.check != nil {
				r.check(t, b)
			}
		})
	}
}
