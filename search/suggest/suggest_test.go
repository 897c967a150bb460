package suggest

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/querylang"
)

// fakeArchive is an Archive of a few names and titles.
type fakeArchive struct {
	values [archive.NumFacets][2][]string // slugs, labels
	uses   []int
	titles [][2]string // name, title
}

func (a *fakeArchive) Values(f archive.Facet) ([]string, []string) {
	return a.values[f][0], a.values[f][1]
}
func (a *fakeArchive) TopicUses() []int { return a.uses }
func (a *fakeArchive) Titles(yield func(name, title string) bool) {
	for _, t := range a.titles {
		if !yield(t[0], t[1]) {
			return
		}
	}
}

func testArchive() *fakeArchive {
	a := &fakeArchive{uses: []int{1, 5, 2}}
	a.values[archive.FacetAuthor] = [2][]string{{"sam-smith"}, {"Sam Smith"}}
	a.values[archive.FacetProject] = [2][]string{{"lantern"}, {"Lantern"}}
	a.values[archive.FacetTopic] = [2][]string{{"lantern", "redis", "deploys"}, {"Lantern", "Redis queues", "Deploys"}}
	a.titles = [][2]string{{"launch", "Launching Lantern"}, {"week-10", "Week 10"}, {"week-11", "Week 11: redis"}}
	return a
}

func TestSuggest(t *testing.T) {
	path := filepath.Join(t.TempDir(), "words.fst")
	if err := writeVocab(path, map[string]uint32{"lantern": 3, "launched": 1, "launching": 2, "redis": 2, "week": 3}); err != nil {
		t.Fatal(err)
	}
	v, err := OpenVocab(path)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	a := testArchive()
	for _, c := range []struct {
		typed string
		n     int
		want  []Item
	}{
		{"la", 8, []Item{
			{Kind: KindQuery, Label: "lantern", Count: 3}, {Kind: KindQuery, Label: "launching", Count: 2}, {Kind: KindQuery, Label: "launched", Count: 1},
			{Kind: KindProject, Label: "Lantern", Slug: "lantern"}, {Kind: KindTopic, Label: "Lantern", Slug: "lantern"},
			{Kind: KindPost, Label: "Launching Lantern", Slug: "launch"},
		}},
		{"la", 2, []Item{{Kind: KindQuery, Label: "lantern", Count: 3}, {Kind: KindQuery, Label: "launching", Count: 2}}},
		{"Sam s", 8, []Item{{Kind: KindPerson, Label: "Sam Smith", Slug: "sam-smith"}}},
		{"new redi", 8, []Item{{Kind: KindQuery, Label: "new redis", Count: 2}}}, // names must match all that was typed
		{"redi", 8, []Item{{Kind: KindQuery, Label: "redis", Count: 2}, {Kind: KindTopic, Label: "Redis queues", Slug: "redis"}, {Kind: KindPost, Label: "Week 11: redis", Slug: "week-11"}}},
		{"queues", 8, []Item{{Kind: KindTopic, Label: "Redis queues", Slug: "redis"}}},
		{"lantern ", 8, []Item{{Kind: KindProject, Label: "Lantern", Slug: "lantern"}, {Kind: KindTopic, Label: "Lantern", Slug: "lantern"}, {Kind: KindPost, Label: "Launching Lantern", Slug: "launch"}}},
		{"ern", 8, []Item{}}, // inside a word
		{"  ", 8, []Item{}},
	} {
		t.Run(c.typed, func(t *testing.T) {
			if got := Suggest(v, a, c.typed, c.n); !slices.Equal(got, c.want) {
				t.Errorf("Suggest(%q, %d) =\n%+v\nwant\n%+v", c.typed, c.n, got, c.want)
			}
		})
	}
}

func TestNearestTopics(t *testing.T) {
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
