package web_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var (
	entryRE    = regexp.MustCompile(`(?s)<li class="entry">(.*?)</li>`)
	datetimeRE = regexp.MustCompile(`datetime="([^"]+)"`)
	weekRE     = regexp.MustCompile(`(?i)\bweek (\d+)`)
	termRE     = regexp.MustCompile(`<li><a href="/tags/([^"]+)">([^<]*)</a> <span class="count">(\d+)<`)
	tagsListRE = regexp.MustCompile(`(?s)<ul class="tags"[^>]*>(.*?)</ul>`)
	pillRE     = regexp.MustCompile(`</span>([^<]+)</a></li>`)
)

// /timeline/2018 lists the year's posts by date, each week's number once,
// with the years before and after at the top as well as the bottom.
func TestCorpusYearByDate(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("corpus: skipped with -short")
	}
	h := corpusServer(t)
	code, body, _ := get(t, h, "/timeline/2018")
	if code != 200 {
		t.Fatalf("/timeline/2018: %d", code)
	}
	rows := entryRE.FindAllStringSubmatch(body, -1)
	if len(rows) < 40 {
		t.Fatalf("/timeline/2018 lists %d posts", len(rows))
	}
	last := ""
	for _, r := range rows {
		d := datetimeRE.FindStringSubmatch(r[1])
		if d == nil {
			t.Fatalf("a row without a date: %s", r[1])
		}
		if d[1][:10] < last {
			t.Errorf("%s listed after %s: not by date", d[1][:10], last)
		}
		last = d[1][:10]
		seen := map[string]int{}
		for _, m := range weekRE.FindAllStringSubmatch(r[1], -1) {
			seen[m[1]]++
		}
		for n, c := range seen {
			if c > 1 {
				t.Errorf("a row says week %s %d times: %s", n, c, strings.Join(strings.Fields(r[1]), " "))
			}
		}
	}
	posts := strings.Index(body, `aria-labelledby="posts-heading"`)
	for _, rel := range []string{`rel="prev" href="/timeline/2017"`, `rel="next" href="/timeline/2019"`} {
		if i := strings.Index(body, rel); i < 0 || i > posts || strings.LastIndex(body, rel) < posts {
			t.Errorf("/timeline/2018: %s should be both above and below the posts", rel)
		}
	}
}

// /tags lists the topics of two posts or more, with a link to all of them
// and a filter; near-duplicate headings are one topic; a topic that is
// also a project links to it.
func TestCorpusTags(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("corpus: skipped with -short")
	}
	h := corpusServer(t)
	var all []struct {
		Slug  string `json:"slug"`
		Count int    `json:"count"`
	}
	_, b, _ := get(t, h, "/api/tags")
	if err := json.Unmarshal([]byte(b), &all); err != nil {
		t.Fatal(err)
	}
	twice := 0
	slugs := map[string]bool{}
	for _, tp := range all {
		slugs[tp.Slug] = true
		if tp.Count >= 2 {
			twice++
		}
	}
	_, body, _ := get(t, h, "/tags")
	listed := termRE.FindAllStringSubmatch(body, -1)
	if len(listed) != twice {
		t.Errorf("/tags lists %d topics, want the %d of two posts or more", len(listed), twice)
	}
	for _, m := range listed {
		if n, _ := strconv.Atoi(m[3]); n < 2 {
			t.Errorf("/tags lists %s with %d post", m[1], n)
		}
	}
	if want := fmt.Sprintf(`<a href="/tags?all=1">all %d topics</a>`, len(all)); !strings.Contains(body, want) {
		t.Errorf("/tags lacks %s", want)
	}
	if !strings.Contains(body, `<a href="/tags/smart-answers">Smart Answers</a> <span class="count">`) || !strings.Contains(body, `<a class="also-project" href="/smart-answers"`) {
		t.Errorf("/tags: Smart Answers, the topic, doesn't link to the project")
	}
	_, body, _ = get(t, h, "/tags?all=1")
	if n := len(termRE.FindAllStringSubmatch(body, -1)); n != len(all) {
		t.Errorf("/tags?all=1 lists %d topics, want all %d", n, len(all))
	}
	_, body, _ = get(t, h, "/tags?all=1&q=misc")
	for _, m := range termRE.FindAllStringSubmatch(body, -1) {
		if !strings.Contains(strings.ToLower(m[2]), "misc") {
			t.Errorf("/tags?q=misc lists %q", m[2])
		}
	}
	for _, folded := range []string{"miscellany", "miscellanea", "government-digital-service", "asset-management", "printer-kits"} {
		if slugs[folded] {
			t.Errorf("topic %s is still a topic of its own", folded)
		}
	}
	for _, kept := range []string{"miscellaneous", "gds", "asset-manager", "printer-kit"} {
		if !slugs[kept] {
			t.Errorf("no topic %s", kept)
		}
	}
}

// No hit names the same thing twice among its projects and topics.
func TestCorpusHitTagsOnce(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("corpus: skipped with -short")
	}
	h := corpusServer(t)
	for _, q := range []string{"trainline", "mocha", "smart+answers", "asset+manager"} {
		_, body, _ := get(t, h, "/search?per_page=50&q="+q)
		lists := tagsListRE.FindAllStringSubmatch(body, -1)
		if len(lists) == 0 {
			t.Fatalf("/search?q=%s: no tags under the hits", q)
		}
		for _, l := range lists {
			seen := map[string]bool{}
			for _, p := range pillRE.FindAllStringSubmatch(l[1], -1) {
				name := strings.ToLower(p[1])
				if seen[name] {
					t.Errorf("/search?q=%s: a hit shows %q twice", q, p[1])
				}
				seen[name] = true
			}
		}
	}
}

// A person named in full is a boost the page states, with a chip that
// narrows to them; when few posts have every word, the nearly matching
// follow under a heading of their own, then those on the same subject, in
// the page and in the API.
func TestCorpusSearchSaysWhatRankingDid(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("corpus: skipped with -short")
	}
	h := corpusServer(t)
	_, body, _ := get(t, h, "/search?q=james+mead+mocha")
	if !strings.Contains(body, "James Mead’s posts, and posts that link to James Mead, come first.") || !strings.Contains(body, `href="/search?author=james-mead&amp;q=james&#43;mead&#43;mocha"`) {
		t.Errorf("/search?q=james+mead+mocha: no boost note or no \"Only James Mead\" chip")
	}
	_, body, _ = get(t, h, "/search?q=raspberry+pi+monitoring")
	near := strings.Index(body, "Posts with all but one of the words")
	if near < 0 || !strings.Contains(body[near:], `href="/week-412"`) {
		t.Errorf("/search?q=raspberry+pi+monitoring: week-412 not among the posts with all but one word")
	}
	code, api, _ := get(t, h, "/api/search?q=raspberry+pi+monitoring")
	if code != 200 || !strings.Contains(api, `"nearly_hits":[`) || !strings.Contains(api, `"total":3,`) {
		t.Errorf("/api/search: %d, nearly_hits or the strict total missing", code)
	}
	// And after them, the posts on the same subject, with the words that
	// found them, each a search of its own.
	_, body, _ = get(t, h, "/search?q=tracking+ships+with+a+tv+tuner+dongle")
	same := strings.Index(body, "On the same subject")
	if same < 0 || !strings.Contains(body[same:], `href="/week-323"`) || !strings.Contains(body[same:], `<a href="/search?q=SDR">SDR</a>`) {
		t.Errorf("/search?q=tracking+ships+with+a+tv+tuner+dongle: week-323 not on the same subject, or no link to search SDR")
	}
	code, api, _ = get(t, h, "/api/search?q=tracking+ships+with+a+tv+tuner+dongle")
	if code != 200 || !strings.Contains(api, `"related_hits":[`) || !strings.Contains(api, `"related_words":["SDR"`) || !strings.Contains(api, `"total":1,`) {
		t.Errorf("/api/search: %d, related_hits, related_words or the strict total missing", code)
	}
}
