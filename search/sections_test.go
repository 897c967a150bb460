package search_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	nethtml "golang.org/x/net/html"

	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/analysis"
	"github.com/freerange/weeknotes/search/querylang"
)

// The hit for week 410 points at its Hookline section, its word marked.
func TestSectionsPointIntoThePost(t *testing.T) {
	ix, _ := openArchive(t)
	res, err := ix.Search(context.Background(), querylang.Request{Query: "hookline"})
	if err != nil {
		t.Fatal(err)
	}
	var week410 *search.Hit
	for i, h := range res.Hits {
		if h.Name == "week-410" {
			week410 = &res.Hits[i]
		}
	}
	if week410 == nil {
		t.Fatalf("week-410 is not on the first page for hookline: %v", hitNames(res.Hits))
	}
	if len(week410.Sections) != 1 {
		t.Fatalf("week-410's sections = %+v, want its one section, Hookline", week410.Sections)
	}
	s := week410.Sections[0]
	if s.Heading != "Hookline" || s.URL != "/week-410?q=hookline#hookline" || !strings.Contains(s.Snippet, "<mark>Hookline</mark> music app") {
		t.Errorf("week-410's section = %+v, want Hookline at /week-410?q=hookline#hookline, its snippet marking the app's name", s)
	}
	if s.HeadingHTML != "<mark>Hookline</mark>" {
		t.Errorf("heading HTML = %q, want the word marked", s.HeadingHTML)
	}
}

// Over the real archive, for query shapes of every kind: each hit lists at
// most 3 sections, only of its own post, each holding the query's words and
// linking to its heading with the words to mark; they are the best of the
// post's sections, scored by a slow, obvious count of the analysed words
// of each section's text (clauses held, then words), best first.
func TestSectionsAreTheBestMatching(t *testing.T) {
	ix, _ := openArchive(t)
	queries := []string{"hookline", "mocha release", "asset manager", `"asset manager"`, "migrat*", "redis OR postgres",
		"raspberry pi monitoring", "code review", "pairing session", "invoice", "kamal deploy", "show and tell", "accessibility"}
	an := analysis.Prose()
	listed, withSections := 0, 0
	for _, q := range queries {
		res, err := ix.Search(context.Background(), querylang.Request{Query: q, PerPage: 20})
		if err != nil {
			t.Fatal(err)
		}
		p, _ := querylang.ParseQuery(q)
		// Each clause's terms and prefixes, analysed as the index does.
		var clauses [][]string
		var prefixes [][]string
		for _, c := range p.Must {
			var terms, pres []string
			for _, a := range c {
				if a.Prefix {
					pres = append(pres, strings.ToLower(a.Text))
					continue
				}
				for _, tok := range an.Analyze([]byte(a.Text)) {
					terms = append(terms, string(tok.Term))
				}
			}
			clauses, prefixes = append(clauses, terms), append(prefixes, pres)
		}
		score := func(text string) (int, int) {
			held := make([]bool, len(clauses))
			words := 0
			for _, tok := range an.Analyze([]byte(text)) {
				word := strings.ToLower(text[tok.Start:tok.End])
				// The tokenizer keeps "hookline.tv" and "kamal_password"
				// one word each; highlight finds the words either side
				// of the dot or underscore, as a reader does.
				pieces := []string{string(tok.Term)}
				if strings.ContainsAny(word, "._") {
					pieces = nil
					for _, part := range strings.FieldsFunc(word, func(r rune) bool { return r == '.' || r == '_' }) {
						for _, t := range an.Analyze([]byte(part)) {
							pieces = append(pieces, string(t.Term))
						}
					}
				}
				for _, piece := range pieces {
					hit := false
					for i := range clauses {
						if slices.Contains(clauses[i], piece) || slices.ContainsFunc(prefixes[i], func(pre string) bool { return strings.HasPrefix(word, pre) }) {
							held[i], hit = true, true
						}
					}
					if hit {
						words++
					}
				}
			}
			n := 0
			for _, h := range held {
				if h {
					n++
				}
			}
			return n, words
		}
		for _, h := range res.Hits {
			row, _ := ix.Row(h.Name)
			text, err := ix.Text(row)
			if err != nil {
				t.Fatal(err)
			}
			type scored struct {
				heading        string
				clauses, words int
			}
			var all []scored
			byID := map[string]scored{}
			for i, s := range h.Post.Sections {
				end := len(text)
				if i+1 < len(h.Post.Sections) {
					end = h.Post.Sections[i+1].Start
				}
				c, w := score(text[s.Start:end])
				all = append(all, scored{s.Heading, c, w})
				byID[s.ID] = all[len(all)-1]
			}
			slices.SortStableFunc(all, func(a, b scored) int {
				if a.clauses != b.clauses {
					return b.clauses - a.clauses
				}
				return b.words - a.words
			})
			var want []string
			for _, s := range all {
				if s.words > 0 && len(want) < 3 {
					want = append(want, fmt.Sprintf("%d/%d", s.clauses, s.words))
				}
			}
			var got []string
			for _, s := range h.Sections {
				u, err := url.Parse(s.URL)
				if err != nil || u.Path != h.URL() || u.Query().Get("q") == "" {
					t.Errorf("%q: %s: section URL %q is not the post's with the words to mark", q, h.Name, s.URL)
					continue
				}
				sc, ok := byID[u.Fragment]
				if !ok || sc.heading != s.Heading {
					t.Errorf("%q: %s: section %q links to #%s, none of the post's sections", q, h.Name, s.Heading, u.Fragment)
					continue
				}
				got = append(got, fmt.Sprintf("%d/%d", sc.clauses, sc.words))
			}
			if !slices.Equal(got, want) {
				t.Errorf("%q: %s: sections listed score (clauses/words) %v; the best of the post's score %v", q, h.Name, got, want)
			}
			if len(h.Post.Sections) == 0 && h.Sections != nil {
				t.Errorf("%q: %s has no headings but lists sections %+v", q, h.Name, h.Sections)
			}
			listed += len(h.Sections)
			if len(h.Sections) > 0 {
				withSections++
			}
		}
	}
	if withSections < 50 {
		t.Errorf("only %d hits list sections (%d sections), over %d queries", withSections, listed, len(queries))
	}
	t.Logf("%d hits list %d sections", withSections, listed)
}

// A search without words has nothing to point at.
func TestSectionsNeedWords(t *testing.T) {
	ix, _ := openArchive(t)
	for _, r := range []querylang.Request{{Authors: []string{"chris-roos"}}, {Query: "the"}, {}} {
		res, err := ix.Search(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			if len(h.Sections) > 0 {
				t.Errorf("%+v: %s lists sections %+v", r, h.Name, h.Sections)
			}
		}
	}
}

var markRE = regexp.MustCompile(`<mark>([^<]*)</mark>`)

// The post page's marks over every post of the archive: taken out, they
// leave the HTML as it was (the same tags, attributes and text, if not the
// same bytes: a marked text is escaped again); each marks a word of the query, as text of
// the page (never inside a tag or the heading's own link); a query that
// isn't one marks nothing and is no error.
func TestMarkPostCorpus(t *testing.T) {
	ix, posts := openArchive(t)
	an := analysis.Prose()
	terms := map[string]bool{}
	for _, w := range []string{"hookline", "mocha", "release", "section", "deploy"} {
		terms[string(an.Analyze([]byte(w))[0].Term)] = true
	}
	total := 0
	for _, p := range posts {
		post, err := ix.Get(context.Background(), p.Name)
		if err != nil {
			t.Fatal(err)
		}
		marked, n := search.MarkPost(post.HTML, "hookline mocha OR release section deploy*")
		total += n
		if tokens(strings.ReplaceAll(strings.ReplaceAll(marked, "<mark>", ""), "</mark>", "")) != tokens(post.HTML) {
			t.Fatalf("%s: marking changed more than marks", p.Name)
		}
		ms := markRE.FindAllStringSubmatch(marked, -1)
		if len(ms) != n || strings.Count(marked, "<mark>") != n {
			t.Errorf("%s: %d marks said, %d made", p.Name, n, len(ms))
		}
		for _, m := range ms {
			word := nethtml.UnescapeString(m[1])
			toks := an.Analyze([]byte(word))
			if !strings.HasPrefix(strings.ToLower(word), "deploy") && (len(toks) != 1 || !terms[string(toks[0].Term)]) {
				t.Errorf("%s: marked %q, not a word of the query", p.Name, m[1])
			}
		}
		checkMarksAreText(t, p.Name, marked)
	}
	if total < 300 {
		t.Errorf("%d words marked over the archive, want many more", total)
	}
	first, err := ix.Get(context.Background(), posts[0].Name)
	if err != nil {
		t.Fatal(err)
	}
	html := first.HTML
	for _, q := range []string{"", "author:", "\xff\xfe", strings.Repeat("word ", 200), "-only -excluded", "author:chris-roos", "the"} {
		if got, n := search.MarkPost(html, q); got != html || n != 0 {
			t.Errorf("MarkPost(q=%q) marked %d words, want none and the HTML as it was", q, n)
		}
	}
}

// checkMarksAreText parses marked and checks that every mark holds only
// text and is not within a heading's section link.
func checkMarksAreText(t *testing.T, name, marked string) {
	t.Helper()
	doc, err := nethtml.Parse(strings.NewReader(marked))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var walk func(n *nethtml.Node, inAnchor bool)
	walk = func(n *nethtml.Node, inAnchor bool) {
		if n.Type == nethtml.ElementNode && n.Data == "a" {
			for _, a := range n.Attr {
				inAnchor = inAnchor || a.Key == "class" && a.Val == "anchor"
			}
		}
		if n.Type == nethtml.ElementNode && n.Data == "mark" {
			if inAnchor {
				t.Errorf("%s: a mark inside a heading's section link", name)
			}
			if c := n.FirstChild; c == nil || c.Type != nethtml.TextNode || c.NextSibling != nil {
				t.Errorf("%s: a mark that holds more than a word", name)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inAnchor)
		}
	}
	walk(doc, false)
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
