package web_test

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"

	nethtml "golang.org/x/net/html"
)

// Results point into the post, over the real archive: the API's hits and
// the search page list the sections that match, and the post page a
// section links to marks the query's words.
func TestSectionsCorpus(t *testing.T) {
	t.Parallel()
	h := corpusServer(t)

	t.Run("api", func(t *testing.T) {
		var r struct {
			Hits []struct {
				Name     string `json:"name"`
				Sections []struct {
					Heading string `json:"heading"`
					URL     string `json:"url"`
					Snippet string `json:"snippet"`
				} `json:"sections"`
			} `json:"hits"`
		}
		for _, c := range []struct {
			query string
			some  bool // some hit has sections
		}{{"q=hookline&per_page=20", true}, {"q=mocha+release", true}, {"author=chris-roos", false}, {"q=", false}} {
			code, body, _ := get(t, h, "/api/search?"+c.query)
			if code != 200 {
				t.Fatalf("%s: status %d: %s", c.query, code, body)
			}
			// Every hit has the field, [] when no section matches.
			var raw struct {
				Hits []map[string]json.RawMessage `json:"hits"`
			}
			if err := json.Unmarshal([]byte(body), &raw); err != nil {
				t.Fatal(err)
			}
			for _, hit := range raw.Hits {
				if s := string(hit["sections"]); !strings.HasPrefix(s, "[") {
					t.Errorf("%s: a hit's sections are %q, want a list", c.query, s)
				}
			}
			if err := json.Unmarshal([]byte(body), &r); err != nil {
				t.Fatal(err)
			}
			some := false
			for _, hit := range r.Hits {
				if len(hit.Sections) > 3 {
					t.Errorf("%s: %s lists %d sections, want at most 3", c.query, hit.Name, len(hit.Sections))
				}
				for _, s := range hit.Sections {
					some = true
					u, err := url.Parse(s.URL)
					if err != nil || u.Path != "/"+hit.Name || u.Fragment == "" || u.Query().Get("q") == "" || s.Heading == "" {
						t.Errorf("%s: %s: section %+v does not link to a heading of the post with the words", c.query, hit.Name, s)
					}
				}
			}
			if some != c.some {
				t.Errorf("%s: hits with sections: %v, want %v", c.query, some, c.some)
			}
			if c.query == "q=hookline&per_page=20" {
				found := false
				for _, hit := range r.Hits {
					if hit.Name == "week-410" {
						found = len(hit.Sections) == 1 && hit.Sections[0].Heading == "Hookline" &&
							hit.Sections[0].URL == "/week-410?q=hookline#hookline" && strings.Contains(hit.Sections[0].Snippet, "<mark>Hookline</mark>")
					}
				}
				if !found {
					t.Errorf("hookline: week-410 does not list its Hookline section: %s", body)
				}
			}
		}
	})

	t.Run("search page", func(t *testing.T) {
		code, body, _ := get(t, h, "/search?q=hookline&per_page=20")
		if code != 200 {
			t.Fatalf("status %d", code)
		}
		hit := regexp.MustCompile(`(?s)<li class="hit">\s*<h2 class="hit-title"><a href="/week-410">.*?</li>\s*(?:<li class="hit">|</ol>)`).FindString(body)
		for _, want := range []string{
			`<ul class="sections" aria-label="Sections that match"><li><a class="section-link" href="/week-410?q=hookline#hookline"><mark>Hookline</mark></a>`,
			`<p class="section-snippet">…SSL certificate we’re using on the <mark>Hookline</mark> music app.`,
		} {
			if !strings.Contains(hit, want) {
				t.Errorf("week-410's hit lacks %s:\n%s", want, hit)
			}
		}
		// Without words there is nothing to point at.
		_, body, _ = get(t, h, "/search?author=chris-roos")
		if strings.Contains(body, `class="sections"`) {
			t.Error("a search without words lists sections")
		}
	})

	t.Run("post page", func(t *testing.T) {
		_, plain, _ := get(t, h, "/week-410")
		code, body, _ := get(t, h, "/week-410?q=hookline")
		if code != 200 {
			t.Fatalf("status %d", code)
		}
		for _, want := range []string{
			`<h2 id="hookline"><mark>Hookline</mark> <a class="anchor" href="#hookline">`,
			`on the <a href="http://hookline.tv/"><mark>Hookline</mark></a> music app`,
			`<p class="marked-note" role="status"><span>2 matches for “hookline” highlighted.</span> <a href="/search?q=hookline">Back to the results</a> <a href="/week-410">Clear highlighting</a></p>`,
			`<link rel="canonical" href="http://example.com/week-410">`,
			`value="hookline"`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("/week-410?q=hookline lacks %s", want)
			}
		}
		for _, not := range []string{"<mark>", "marked-note", `rel="canonical"`} {
			if strings.Contains(plain, not) {
				t.Errorf("/week-410 has %s", not)
			}
		}
		if tokens(strings.ReplaceAll(strings.ReplaceAll(postBody(body), "<mark>", ""), "</mark>", "")) != tokens(postBody(plain)) {
			t.Errorf("the marked post is not the post with marks added:\n%s\n%s", postBody(body), postBody(plain))
		}
		// A q that marks nothing, or is no query at all, is the plain post.
		for _, q := range []string{"%FF%FE", "author:", "week:soon", `"`, "-hookline", "the", "zzzqqq", url.QueryEscape(strings.Repeat("hookline ", 100)), url.QueryEscape(strings.Repeat("x ", 40) + "hookline")} {
			code, body, _ := get(t, h, "/week-410?q="+q)
			if code != 200 || postBody(body) != postBody(plain) || strings.Contains(body, "marked-note") {
				t.Errorf("/week-410?q=%s: status %d, marks or a note: %v", q, code, strings.Contains(body, "<mark>"))
			}
		}
	})
}

// postBody is the post's own HTML on its page.
func postBody(page string) string {
	start := strings.Index(page, `<div class="body">`)
	end := strings.Index(page, "</article>")
	if note := strings.Index(page, `<p class="marked-note"`); note >= 0 {
		end = note
	}
	if start < 0 || end < start {
		return ""
	}
	return strings.TrimSpace(page[start:end])
}

// tokens is HTML written out again token by token: two HTMLs with the
// same tags, attributes and text give the same tokens.
func tokens(s string) string {
	var b strings.Builder
	z := nethtml.NewTokenizer(strings.NewReader(s))
	for z.Next() != nethtml.ErrorToken {
		b.WriteString(z.Token().String())
	}
	return b.String()
}
