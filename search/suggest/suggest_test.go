package suggest

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/freerange/weeknotes/search/analysis"
	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/querylang"
)

// fakeArchive is an Archive of a few names and titles.
type fakeArchive struct {
	values [archive.NumFacets][2][]string // slugs, labels
	uses   [archive.NumFacets][]int
	titles [][2]string // name, title
}

func (a *fakeArchive) Values(f archive.Facet) ([]string, []string) {
	return a.values[f][0], a.values[f][1]
}
func (a *fakeArchive) Uses(f archive.Facet) []int { return a.uses[f] }
func (a *fakeArchive) Titles(yield func(name, title string) bool) {
	for _, t := range a.titles {
		if !yield(t[0], t[1]) {
			return
		}
	}
}

func testArchive() *fakeArchive {
	a := &fakeArchive{}
	a.values[archive.FacetAuthor] = [2][]string{{"sam-smith"}, {"Sam Smith"}}
	a.values[archive.FacetProject] = [2][]string{{"lantern"}, {"Lantern"}}
	a.values[archive.FacetTopic] = [2][]string{{"lantern", "redis", "deploys"}, {"Lantern", "Redis queues", "Deploys"}}
	a.uses[archive.FacetAuthor] = []int{3}
	a.uses[archive.FacetProject] = []int{2}
	a.uses[archive.FacetTopic] = []int{1, 5, 2}
	a.titles = [][2]string{{"launch", "Launching Lantern"}, {"week-10", "Week 10"}, {"week-11", "Week 11: redis"}}
	return a
}

// fakeSearcher searches a few posts' texts: a query finds the posts that
// have every one of its terms (stemmed, as the index has them) and a term
// starting with each of its prefixes (pre*), and only stop words find
// nothing, as in the index.
// A filter (author:sam-smith) finds the posts filtered lists under it.
type fakeSearcher struct {
	posts    []string
	filtered map[string][]int // "year:2018" -> the posts (indexes) it keeps
	read     int              // bytes of text handed to Texts' yield
}

func (s *fakeSearcher) finds(query string) []string {
	var terms, prefixes, filters []string
	for _, f := range strings.Fields(query) {
		if strings.Contains(f, ":") {
			filters = append(filters, f)
		} else if p, ok := strings.CutSuffix(f, "*"); ok {
			prefixes = append(prefixes, strings.ToLower(p))
		} else {
			terms = append(terms, termsOf(f)...)
		}
	}
	if len(terms)+len(prefixes)+len(filters) == 0 {
		return nil
	}
	var out []string
	for i, p := range s.posts {
		all := true
		for _, f := range filters {
			all = all && slices.Contains(s.filtered[f], i)
		}
		if !all {
			continue
		}
		has := map[string]bool{}
		for _, t := range termsOf(p) {
			has[t] = true
		}
		for _, t := range terms {
			all = all && has[t]
		}
		for _, pre := range prefixes {
			any := false
			for t := range has {
				any = any || strings.HasPrefix(t, pre)
			}
			all = all && any
		}
		if all {
			out = append(out, p)
		}
	}
	return out
}

func (s *fakeSearcher) Count(query string) (int, error) { return len(s.finds(query)), nil }

func (s *fakeSearcher) Texts(query string, most int, yield func([]byte, []archive.Span) bool) error {
	for i, p := range s.finds(query) {
		if i == most {
			break
		}
		s.read += len(p)
		if !yield([]byte(p), codeSpans(p)) {
			break
		}
	}
	return nil
}

// codeSpans are the parts of a test post between backticks: its code.
func codeSpans(post string) []archive.Span {
	var spans []archive.Span
	for at := 0; ; {
		i := strings.IndexByte(post[at:], '`')
		if i < 0 {
			return spans
		}
		j := strings.IndexByte(post[at+i+1:], '`')
		if j < 0 {
			return spans
		}
		start := at + i + 1
		spans = append(spans, archive.Span{Start: int32(start), End: int32(start + j)})
		at = start + j + 1
	}
}

// postsVocab is the vocabulary of posts, as a build counts it: each
// word's posts, spellings folded, not stemmed.
func postsVocab(t *testing.T, posts []string) *Vocab {
	t.Helper()
	words := map[string]uint32{}
	for _, p := range posts {
		seen := map[string]bool{}
		for _, w := range analysis.VocabularyTerms(p) {
			if !seen[w] {
				seen[w] = true
				words[w]++
			}
		}
	}
	v, _ := testVocab(t, words)
	return v
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	posts := []string{
		"Launching Lantern. We are launching lantern today.",
		"Week 10. Lantern launched; redis queues are fun.",
		"Week 11: redis. A redis queue and the lantern, launching soon.",
	}
	v := postsVocab(t, posts)
	a := testArchive()
	for _, c := range []struct {
		typed string
		n     int
		want  []Item
	}{
		{"la", 8, []Item{
			// launching and launched are one completion, in the form more
			// posts use, counting the posts of either.
			{Kind: KindQuery, Label: "lantern", Count: 3}, {Kind: KindQuery, Label: "launching", Count: 3},
			{Kind: KindProject, Label: "Lantern", Slug: "lantern", Count: 2}, {Kind: KindTopic, Label: "Lantern", Slug: "lantern", Count: 1},
			{Kind: KindPost, Label: "Launching Lantern", Slug: "launch"},
		}},
		{"la", 1, []Item{{Kind: KindQuery, Label: "lantern", Count: 3}}},
		{"Sam s", 8, []Item{{Kind: KindPerson, Label: "Sam Smith", Slug: "sam-smith", Count: 3}}},
		{"new redi", 8, []Item{}}, // no post has new: no completion; names must match all that was typed
		{"redis qu", 8, []Item{{Kind: KindQuery, Label: "redis queue", Count: 2}, {Kind: KindTopic, Label: "Redis queues", Slug: "redis", Count: 5}}}, // queue and queues: one completion
		{"Week 11 red", 8, []Item{{Kind: KindQuery, Label: "Week 11 redis", Count: 1}}},                                                               // the count is for the whole query
		{"redi", 8, []Item{{Kind: KindQuery, Label: "redis", Count: 2}, {Kind: KindTopic, Label: "Redis queues", Slug: "redis", Count: 5}, {Kind: KindPost, Label: "Week 11: redis", Slug: "week-11"}}},
		{"queues", 8, []Item{{Kind: KindQuery, Label: "queues", Count: 2}, {Kind: KindTopic, Label: "Redis queues", Slug: "redis", Count: 5}}},
		{"lantern ", 8, []Item{{Kind: KindProject, Label: "Lantern", Slug: "lantern", Count: 2}, {Kind: KindTopic, Label: "Lantern", Slug: "lantern", Count: 1}, {Kind: KindPost, Label: "Launching Lantern", Slug: "launch"}}},
		{"ern", 8, []Item{}}, // inside a word
		{"  ", 8, []Item{}},
	} {
		t.Run(c.typed, func(t *testing.T) {
			got, err := Suggest(v, a, &fakeSearcher{posts: posts}, c.typed, c.n)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("Suggest(%q, %d) =\n%+v\nwant\n%+v", c.typed, c.n, got, c.want)
			}
		})
	}
}

// A filter being typed completes to the values of its facet, each the
// whole query with the value as a filter and the posts that finds; a year
// typed as a word is offered as the year.
func TestSuggestFilterValues(t *testing.T) {
	t.Parallel()
	posts := []string{
		"Redis queues in 2018.",
		"More redis, by Chris.",
		"Chris writes about lanterns.",
		"Christine on redis.",
	}
	a := &fakeArchive{}
	a.values[archive.FacetAuthor] = [2][]string{{"chris-roos", "christine-lee", "sam-smith"}, {"Chris Roos", "Christine Lee", "Sam Smith"}}
	a.uses[archive.FacetAuthor] = []int{2, 1, 1}
	a.values[archive.FacetYear] = [2][]string{{"2016", "2017", "2018"}, {"2016", "2017", "2018"}}
	a.uses[archive.FacetYear] = []int{4, 1, 3}
	a.values[archive.FacetKind] = [2][]string{{"blog", "weeknote"}, {"Blog", "Weeknote"}}
	a.uses[archive.FacetKind] = []int{1, 3}
	s := &fakeSearcher{posts: posts, filtered: map[string][]int{
		"author:chris-roos": {1, 2}, "author:christine-lee": {3}, "author:sam-smith": {0},
		"year:2016": {0, 1, 2, 3}, "year:2017": {0}, "year:2018": {1, 2, 3}, "kind:blog": {0}, "kind:weeknote": {1, 2, 3},
	}}
	v := postsVocab(t, posts)
	for _, c := range []struct {
		typed string
		want  []Item
	}{
		{"author:chr", []Item{
			{Kind: KindPerson, Label: "Chris Roos", Slug: "chris-roos", Query: "author:chris-roos", Count: 2},
			{Kind: KindPerson, Label: "Christine Lee", Slug: "christine-lee", Query: "author:christine-lee", Count: 1},
		}},
		{"Author:Roos", []Item{{Kind: KindPerson, Label: "Chris Roos", Slug: "chris-roos", Query: "author:chris-roos", Count: 2}}}, // a word of the name
		// The count is for the whole query: Christine's post has redis,
		// one of Chris's does.
		{"redis author:chr", []Item{
			{Kind: KindPerson, Label: "Chris Roos", Slug: "chris-roos", Query: "redis author:chris-roos", Count: 1},
			{Kind: KindPerson, Label: "Christine Lee", Slug: "christine-lee", Query: "redis author:christine-lee", Count: 1},
		}},
		{"lanterns author:", []Item{{Kind: KindPerson, Label: "Chris Roos", Slug: "chris-roos", Query: "lanterns author:chris-roos", Count: 1}}}, // none that finds nothing
		{"year:201", []Item{ // newest first
			{Kind: KindYear, Label: "2018", Slug: "2018", Query: "year:2018", Count: 3},
			{Kind: KindYear, Label: "2017", Slug: "2017", Query: "year:2017", Count: 1},
			{Kind: KindYear, Label: "2016", Slug: "2016", Query: "year:2016", Count: 4},
		}},
		{"kind:w", []Item{{Kind: KindKind, Label: "Weeknote", Slug: "weeknote", Query: "kind:weeknote", Count: 3}}},
		{"author:zed", []Item{}},
		{"2018", []Item{{Kind: KindYear, Label: "2018", Slug: "2018", Query: "year:2018", Count: 3}, {Kind: KindQuery, Label: "2018", Count: 1}}},
		{"redis 2018", []Item{{Kind: KindYear, Label: "2018", Slug: "2018", Query: "redis year:2018", Count: 2}, {Kind: KindQuery, Label: "redis 2018", Count: 1}}},
		{"1999", []Item{}}, // no such year, no such word
	} {
		t.Run(c.typed, func(t *testing.T) {
			got, err := Suggest(v, a, s, c.typed, 8)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("Suggest(%q) =\n%+v\nwant\n%+v", c.typed, got, c.want)
			}
			for _, it := range got { // each says what its search finds
				q := it.Query
				if it.Kind == KindQuery {
					q = it.Label
				}
				if n, _ := s.Count(q); n != it.Count {
					t.Errorf("%q offered with %d posts; a search for it finds %d", q, it.Count, n)
				}
			}
		})
	}
}

// Completions are whole queries that find posts, one for each set of
// forms a search treats alike, phrases of the archive first.
func TestCompleteWord(t *testing.T) {
	t.Parallel()
	posts := []string{
		"We did pair programming today.",
		"More pair-programming; mocking the clock.",
		"Pair Programming all week.",
		"The pair made progress; mocks everywhere.",
		"Progress with the pair; a mock.",
		"Good progress. Pairing on mocks.",
		"A pair: progress, progress.",
		"Show and Tell was fun; we mock.",
		"At the show and tell Andrew spoke.",
		"We show Andrew how. Show and tell next week.",
		"Andrew and the show; mocks.",
	}
	v := postsVocab(t, posts)
	for _, c := range []struct {
		typed string
		want  []Item
	}{
		// pair progress finds more posts, but pair programming is said.
		{"pair prog", []Item{{Kind: KindQuery, Label: "pair programming", Count: 3}, {Kind: KindQuery, Label: "pair progress", Count: 4}}},
		{"we did pair prog", []Item{{Kind: KindQuery, Label: "we did pair programming", Count: 3}, {Kind: KindQuery, Label: "we did pair progress", Count: 4}}}, // the phrase need not start with a stop word
		{"Pair Prog", []Item{{Kind: KindQuery, Label: "Pair programming", Count: 3}, {Kind: KindQuery, Label: "Pair progress", Count: 4}}},
		// and is a stop word: the phrase runs on to tell.
		{"show and", []Item{{Kind: KindQuery, Label: "show and tell", Count: 3}, {Kind: KindQuery, Label: "show andrew", Count: 3}}},
		{"show a", []Item{{Kind: KindQuery, Label: "show and tell", Count: 3}}},
		{"show and t", []Item{{Kind: KindQuery, Label: "show and tell", Count: 3}}},
		// mock, mocks and mocking: one stem, one completion, in the form
		// most posts use.
		{"moc", []Item{{Kind: KindQuery, Label: "mocks", Count: 6}}},
		// no post has tell and progress: nothing to offer.
		{"tell prog", []Item{}},
		{"pair", []Item{{Kind: KindQuery, Label: "pair", Count: 7}}},
	} {
		t.Run(c.typed, func(t *testing.T) {
			got, err := Suggest(v, &fakeArchive{}, &fakeSearcher{posts: posts}, c.typed, 8)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("Suggest(%q) =\n%+v\nwant\n%+v", c.typed, got, c.want)
			}
		})
	}
}

// A word that only code holds (between backticks here) is no completion,
// though searches find it; a word in code and in prose is one, and
// phrases are not looked for in code.
func TestCompleteWordLeavesOutCode(t *testing.T) {
	t.Parallel()
	posts := []string{
		"We deploy with kamal: set `KAMAL_REGISTRY_PASSWORD` and `kamal_host`.",
		"Kamal again; `kamal deploy` ran. We set `kamal_host` in kamal_host too.",
		"The `show andthen` helper; show and tell is on Friday.",
		"Show and tell was fun, and `show andthen` ran.",
	}
	v := postsVocab(t, posts)
	s := &fakeSearcher{posts: posts}
	for _, c := range []struct {
		typed string
		want  []Item
	}{
		{"kamal", []Item{{Kind: KindQuery, Label: "kamal", Count: 2}, {Kind: KindQuery, Label: "kamal_host", Count: 2}}},
		{"show and", []Item{{Kind: KindQuery, Label: "show and tell", Count: 2}}},
	} {
		got, err := Suggest(v, &fakeArchive{}, s, c.typed, 8)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("Suggest(%q) =\n%+v\nwant\n%+v", c.typed, got, c.want)
		}
	}
	// Still searchable.
	if n, _ := s.Count("kamal_registry_password"); n != 1 {
		t.Errorf("kamal_registry_password finds %d posts, want 1", n)
	}
}

// Looking for phrases reads at most phraseBudget bytes of text (and the
// post it was in when the budget ran out), however many posts match.
func TestPhrasesBudget(t *testing.T) {
	t.Parallel()
	post := strings.Repeat("pair programming and more ", 400) // 10,400 bytes
	posts := make([]string, 200)
	for i := range posts {
		posts[i] = post
	}
	v := postsVocab(t, posts[:1])
	s := &fakeSearcher{posts: posts}
	got, err := Suggest(v, &fakeArchive{}, s, "pair prog", 8)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Item{{Kind: KindQuery, Label: "pair programming", Count: 200}}; !slices.Equal(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if s.read > phraseBudget+len(post) || s.read == 0 {
		t.Errorf("read %d bytes of text; the budget is %d", s.read, phraseBudget)
	}
}

func TestNearestTopics(t *testing.T) {
	t.Parallel()
	a := testArchive()
	for _, c := range []struct {
		text string
		want []string
	}{
		{"queues", []string{"redis"}},
		{"deploy", []string{"deploys"}},                     // a prefix
		{"lanterm", []string{"lantern"}},                    // a typo
		{"lantern deploys", []string{"deploys", "lantern"}}, // ties: most used first
		{"zebra", nil},
	} {
		var got []string
		for _, tm := range NearestTopics(a, c.text, 5) {
			got = append(got, tm.Slug)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("NearestTopics(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestCorrect(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "words.fst")
	// As a build counts them: spellings folded ("visualization" for
	// "visualisation"), lower-cased, not stemmed.
	if err := writeVocab(path, map[string]uint32{
		"lantern": 3, "redis": 2, "rare": 1, "world": 5, "yak": 1, "shaving": 1, "sharing": 38,
		"access": 98, "accessibility": 1, "visualization": 17, "colors": 4, "deployed": 3, "stories": 2,
	}); err != nil {
		t.Fatal(err)
	}
	v, err := OpenVocab(path)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	for _, c := range []struct {
		query   string
		want    string
		changed bool
	}{
		{"lanterm", "lantern", true},
		{"redsi lantren", "redis lantern", true},
		{"lantern", "lantern", false},
		{"would", "would", false},             // a stop word, not a typo of world
		{"rane", "rare", true},                // no post says rane; one says rare
		{"yak shaving", "yak shaving", false}, // some post says shaving: not a typo of sharing
		{"Shaving", "Shaving", false},
		{"accessability", "accessibility", true},  // its stem, access, is no reason to keep it
		{"visualisation", "visualisation", false}, // in the vocabulary as "visualization"
		{"Visualization", "Visualization", false},
		{"visualizations", "visualizations", false}, // an inflection of a word in use
		{"colour", "colour", false},
		{"deploying", "deploying", false},
		{"story", "story", false},
		{"lanterns", "lanterns", false},
		{"rediss", "redis", true}, // not an inflection: rediss's stem is not redis's
		{"colorz", "colors", true},
		{"zzzzzzzz", "zzzzzzzz", false}, // nothing near
		{"lanterm*", "lanterm*", false}, // prefixes are left alone
		{`"lanterm"`, `"lanterm"`, false},
	} {
		p, err := querylang.ParseQuery(c.query)
		if err != nil {
			t.Fatal(err)
		}
		got, changed, err := Correct(v, p)
		if err != nil {
			t.Fatal(err)
		}
		if got.String() != c.want || changed != c.changed {
			t.Errorf("Correct(%q) = %q, %v; want %q, %v", c.query, got.String(), changed, c.want, c.changed)
		}
	}
}
