package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/freerange/weeknotes/indexer"
	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/web"
)

// plainCorpusServer serves the real archive indexed as anyone would index
// their own soup: no --aliases, so the built-in alias table and the
// project's own names are all that find projects.
func plainCorpusServer(t *testing.T) http.Handler {
	t.Helper()
	if _, err := os.Stat(corpusSoups); err != nil {
		t.Skipf("no corpus at %s", corpusSoups)
	}
	dir := t.TempDir()
	if _, err := indexer.Build(context.Background(), indexer.Options{Root: corpusSoups}, dir, nil); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	srv, err := web.New(web.Config{Index: ix, BaseURL: "http://example.com", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return srv.Handler()
}

var (
	listedRE   = regexp.MustCompile(`(?s)<li class="entry listed">(.*?)</li>`)
	passageRE  = regexp.MustCompile(`(?s)<p class="passage">(.*?)</p>`)
	sectionsRE = regexp.MustCompile(`(?s)<p class="sections">(.*?)</p>`)
	whyRE      = regexp.MustCompile(`(?s)<p class="why">(.*?)</p>`)
	hrefOfRE   = regexp.MustCompile(`href="([^"]+)"`)
	tagRE      = regexp.MustCompile(`<[^>]+>`)
)

func text(html string) string {
	return strings.Join(strings.Fields(tagRE.ReplaceAllString(html, " ")), " ")
}

// The archive without --aliases: every project a post names is found, the
// ones no post names are listed apart, and the lists say why a post is
// on them; names that differ in case or punctuation lead to their page.
func TestCorpusWithoutAliases(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("corpus: skipped with -short")
	}
	h := plainCorpusServer(t)

	t.Run("projects", func(t *testing.T) {
		code, body, _ := get(t, h, "/asset-manager")
		if code != 200 || !strings.Contains(body, `href="/week-474"`) {
			t.Errorf("/asset-manager: status %d, lists week 474: %v", code, strings.Contains(body, `href="/week-474"`))
		}
		if strings.Contains(body, "No post in the archive mentions it") {
			t.Error("/asset-manager says no post mentions it")
		}
		var projects []struct {
			Slug  string `json:"slug"`
			Label string `json:"label"`
			Count int    `json:"count"`
		}
		_, b, _ := get(t, h, "/api/projects")
		if err := json.Unmarshal([]byte(b), &projects); err != nil {
			t.Fatal(err)
		}
		count := map[string]int{}
		zero := 0
		for _, p := range projects {
			count[p.Slug] = p.Count
			if p.Count == 0 {
				zero++
			}
		}
		// Found by the slug's words (Asset Manager), the leading words of
		// the display name (Crown Marketplace) and the built-in aliases
		// (Code Club).
		for slug, least := range map[string]int{"asset-manager": 30, "crown-marketplace": 11, "codeclubworld": 10, "mocha": 50} {
			if count[slug] < least {
				t.Errorf("%s: %d posts, want at least %d", slug, count[slug], least)
			}
		}
		if zero > 8 {
			t.Errorf("%d of %d projects have no posts, want at most 8", zero, len(projects))
		}
		t.Logf("%d of %d projects have no posts", zero, len(projects))

		_, page, _ := get(t, h, "/projects")
		i := strings.Index(page, `<section class="apart"`)
		if i < 0 || !strings.Contains(page[i:], "Projects no post mentions") {
			t.Fatalf("/projects has no section of projects no post mentions")
		}
		for _, p := range projects {
			at := strings.Index(page, `href="/`+p.Slug+`"`)
			if at < 0 {
				t.Errorf("/projects doesn't list %s", p.Slug)
				continue
			}
			if apart := at > i; apart != (p.Count == 0) {
				t.Errorf("/projects: %s (%d posts) listed apart: %v", p.Slug, p.Count, apart)
			}
		}
	})

	t.Run("topic", func(t *testing.T) {
		_, body, _ := get(t, h, "/tags/cotech")
		rows := listedRE.FindAllStringSubmatch(body, -1)
		if len(rows) < 20 {
			t.Fatalf("/tags/cotech lists %d posts", len(rows))
		}
		naming := 0
		for _, r := range rows {
			if !datetimeRE.MatchString(r[1]) {
				t.Errorf("a row without a date: %s", text(r[1]))
			}
			p := passageRE.FindStringSubmatch(r[1])
			if p == nil {
				t.Errorf("a row without a passage: %s", text(r[1]))
				continue
			}
			if strings.Contains(strings.ToLower(p[1]), "cotech") || strings.Contains(strings.ToLower(p[1]), "co-op") {
				naming++
			}
			if strings.Contains(p[1], "Until next time") {
				t.Errorf("a passage runs into the sign-off: %s", p[1])
			}
		}
		// Week 419's CoTech section, not its opening.
		if !strings.Contains(body, "I visited The Amersham Arms in New Cross") {
			t.Error("/tags/cotech: week 419's row lacks its CoTech section")
		}
		if naming*2 < len(rows) {
			t.Errorf("/tags/cotech: %d of %d passages name CoTech or co-ops, want most", naming, len(rows))
		}
	})

	t.Run("person", func(t *testing.T) {
		_, body, _ := get(t, h, "/chris-roos")
		rows := listedRE.FindAllStringSubmatch(body, -1)
		if len(rows) < 40 {
			t.Fatalf("/chris-roos lists %d posts", len(rows))
		}
		said := 0
		for _, r := range rows {
			if strings.Contains(r[1], `href="/chris-roos"`) || strings.Contains(r[1], ">Chris Roos<") {
				t.Errorf("a row of Chris Roos's page names him: %s", text(r[1]))
			}
			if !datetimeRE.MatchString(r[1]) {
				t.Errorf("a row without a date: %s", text(r[1]))
			}
			if passageRE.MatchString(r[1]) || sectionsRE.MatchString(r[1]) {
				said++
			}
			if p := passageRE.FindStringSubmatch(r[1]); p != nil && boilerplateRE.MatchString(p[1]) {
				t.Errorf("a row's excerpt is a greeting or a date: %q", p[1])
			}
		}
		if said < len(rows)*9/10 {
			t.Errorf("/chris-roos: %d of %d rows have an excerpt or sections", said, len(rows))
		}
		nav := regexp.MustCompile(`(?s)<nav class="active-years[^"]*".*?</nav>`).FindString(body)
		years := regexp.MustCompile(`href="/search\?author=chris-roos&amp;year=(\d{4})">`).FindAllStringSubmatch(nav, -1)
		seen := map[string]bool{}
		for _, y := range years {
			seen[y[1]] = true
		}
		for _, y := range []string{"2011", "2016", "2025"} {
			if !seen[y] {
				t.Errorf("/chris-roos: no link to his posts of %s among the active years", y)
			}
		}
		if seen["2021"] || seen["2023"] {
			t.Error("/chris-roos: a year he wrote nothing in is among the active years")
		}
		if nav == "" || !strings.Contains(body, `<figure class="histogram"`) {
			t.Error("/chris-roos: no active years or no chart")
		}
	})

	t.Run("excerpts", func(t *testing.T) {
		for _, target := range []string{"/", "/timeline/2026/07", "/timeline/2025/01"} {
			_, body, _ := get(t, h, target)
			snippets := regexp.MustCompile(`(?s)<p class="(?:snippet|sentence)">(.*?)</p>`).FindAllStringSubmatch(body, -1)
			sections := sectionsRE.FindAllStringSubmatch(body, -1)
			if len(snippets)+len(sections) < 3 {
				t.Errorf("%s: %d excerpts and %d section lists", target, len(snippets), len(sections))
			}
			for _, s := range snippets {
				if boilerplateRE.MatchString(s[1]) {
					t.Errorf("%s: an excerpt is a greeting or a date: %q", target, s[1])
				}
			}
			for _, s := range sections {
				if !strings.Contains(s[1], `href="/tags/`) {
					t.Errorf("%s: sections not linked to their topics: %s", target, s[1])
				}
			}
		}
		_, body, _ := get(t, h, "/timeline/2026/07")
		if !strings.Contains(body, `<a href="/tags/nhs-vaccinations">NHS Vaccinations</a>`) {
			t.Error("/timeline/2026/07: the weeks' NHS Vaccinations sections are not shown")
		}
	})

	t.Run("related", func(t *testing.T) {
		_, body, _ := get(t, h, "/week-474")
		i := strings.Index(body, `id="related-heading"`)
		if i < 0 {
			t.Fatal("/week-474 has no related posts")
		}
		rows := listedRE.FindAllStringSubmatch(body[i:], -1)
		if len(rows) == 0 {
			t.Fatal("/week-474: no related rows")
		}
		for _, r := range rows {
			w := whyRE.FindStringSubmatch(r[1])
			if w == nil || !strings.HasPrefix(w[1], "Shares ") {
				t.Errorf("a related post without a reason: %s", text(r[1]))
			}
		}
		var post struct {
			Related []struct {
				Name     string            `json:"name"`
				Projects []json.RawMessage `json:"shared_projects"`
				Topics   []json.RawMessage `json:"shared_topics"`
				Words    []string          `json:"shared_words"`
			} `json:"related"`
		}
		_, b, _ := get(t, h, "/api/posts/week-474")
		if err := json.Unmarshal([]byte(b), &post); err != nil {
			t.Fatal(err)
		}
		for _, r := range post.Related {
			if len(r.Projects)+len(r.Topics)+len(r.Words) == 0 {
				t.Errorf("/api/posts/week-474: related %s shares nothing", r.Name)
			}
		}
	})

	t.Run("near misses", func(t *testing.T) {
		for target, want := range map[string]string{
			"/Week-474":      "/week-474",
			"/week474":       "/week-474",
			"/WEEK_474?x=1":  "/week-474?x=1",
			"/tags/CoTech":   "/tags/cotech",
			"/tags/co-tech":  "/tags/cotech",
			"/Chris-Roos":    "/chris-roos",
			"/Asset_Manager": "/asset-manager",
		} {
			for _, method := range []string{http.MethodGet, http.MethodHead} {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
				if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != want {
					t.Errorf("%s %s: %d to %q, want 301 to %q", method, target, rec.Code, rec.Header().Get("Location"), want)
				}
			}
		}
		for target, want := range map[string]string{
			"/week-4744":         "/week-474",
			"/asset":             "/asset-manager",
			"/cotech":            "/tags/cotech", // a topic, not at /NAME: offered, not a redirect
			"/tags/cotec":        "/tags/cotech",
			"/chris-rooss":       "/chris-roos",
			"/week-474-notes":    "/week-474",
			"/tags/smart-answer": "/tags/smart-answers",
		} {
			code, body, _ := get(t, h, target)
			if code != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", target, code)
				continue
			}
			i := strings.Index(body, `<ul class="nearest-list">`)
			if i < 0 {
				t.Errorf("%s: the 404 offers no names", target)
				continue
			}
			list := body[i : i+strings.Index(body[i:], "</ul>")]
			if !strings.Contains(list, `href="`+want+`"`) {
				t.Errorf("%s: the 404 offers %s, not %s", target, hrefOfRE.FindAllString(list, -1), want)
			}
		}
		if code, body, _ := get(t, h, "/"+strings.Repeat("x", 500)); code != 404 || strings.Contains(body, "nearest-list") {
			t.Errorf("a 500-byte name: %d, offers names: %v", code, strings.Contains(body, "nearest-list"))
		}
	})
}

// boilerplateRE is what an excerpt must not be: a greeting or the week's
// dates said again.
var boilerplateRE = regexp.MustCompile(`(?i)^\s*(howd[iy]|hello|afternoon|aloha|g’day|weeks? (beginning|commencing)|weeks? \d+( (and|to|&amp;) \d+)?\.?\s*$)`)
