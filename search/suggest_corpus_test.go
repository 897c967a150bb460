package search_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/freerange/weeknotes/search/analysis"
	"github.com/freerange/weeknotes/search/querylang"
	"github.com/freerange/weeknotes/search/suggest"
)

// The search box's completions on the real archive are true: each is a
// whole query that finds posts, its count is what a search for it finds,
// forms a search treats alike are offered once, and phrases of the
// archive come first.
func TestCorpusSuggestions(t *testing.T) {
	t.Parallel()
	ix, _ := openArchive(t)
	for _, c := range []struct {
		typed   string
		first   string   // the first completion, when set
		has     []string // completions offered
		before  []string // pairs: the first offered above the second
		without []string // completions not offered
	}{
		// redis question finds nothing (no post with redis asks one).
		{typed: "redis que", has: []string{"redis queue"}, without: []string{"redis question", "redis questions", "redis queries"}},
		{typed: "mock", has: []string{"mock"}, without: []string{"mocks", "mocking"}},
		{typed: "moc", has: []string{"mocha", "mock"}, without: []string{"mocks", "mocking"}},
		{typed: "show and", first: "show and tell", without: []string{"show andrews"}},
		{typed: "show a", first: "show and tell"},
		{typed: "pair prog", first: "pair programming", before: []string{"pair programming", "pair progress"}, without: []string{"pair program"}},
		{typed: "code rev", first: "code review"},
		// continuous finds every post that continues something; those
		// read for phrases have a word starting with int too.
		{typed: "continuous int", first: "continuous integration"},
		{typed: "we did pair prog", first: "we did pair programming"},
		{typed: "raspberry p", first: "raspberry pi"},
		{typed: "author:chris-roos dep", has: []string{"author:chris-roos deployed"}, without: []string{"author:chris-roos deploy"}},
		{typed: "year:2018 mee"},
		{typed: "redsi que"}, // a typo before: counted as the search page would, corrected
		{typed: "mo"},
		{typed: "de"},
		{typed: "zzzzqq"},
	} {
		t.Run(c.typed, func(t *testing.T) {
			items, err := ix.Suggest(context.Background(), c.typed, 8)
			if err != nil {
				t.Fatal(err)
			}
			var labels []string
			stems := map[string]string{}
			for _, it := range items {
				if it.Kind != suggest.KindQuery {
					continue
				}
				labels = append(labels, it.Label)
				res := run(t, ix, querylang.Request{Query: it.Label})
				if it.Count == 0 || it.Count != res.Total {
					t.Errorf("%q offered with %d posts; a search for it finds %d", it.Label, it.Count, res.Total)
				}
				var terms []string
				for _, tok := range analysis.Prose().Analyze([]byte(it.Label)) {
					terms = append(terms, string(tok.Term))
				}
				key := strings.Join(terms, " ")
				if other, ok := stems[key]; ok {
					t.Errorf("%q and %q are one search (%s), offered twice", other, it.Label, key)
				}
				stems[key] = it.Label
			}
			if c.first != "" && (len(labels) == 0 || labels[0] != c.first) {
				t.Errorf("completions %q; want %q first", labels, c.first)
			}
			for _, l := range c.has {
				if !slices.Contains(labels, l) {
					t.Errorf("completions %q; want %q among them", labels, l)
				}
			}
			for _, l := range c.without {
				if slices.Contains(labels, l) {
					t.Errorf("completions %q; want no %q", labels, l)
				}
			}
			for i := 0; i+1 < len(c.before); i += 2 {
				a, b := slices.Index(labels, c.before[i]), slices.Index(labels, c.before[i+1])
				if a < 0 || b < 0 || a > b {
					t.Errorf("completions %q; want %q above %q", labels, c.before[i], c.before[i+1])
				}
			}
		})
	}
}
