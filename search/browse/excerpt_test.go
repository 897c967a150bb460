package browse

import (
	"testing"

	"github.com/freerange/weeknotes/search/archive"
)

// browseWithOpenings is a Browse whose archive opens its posts with the
// sentences given, as many times as given.
func browseWithOpenings(common map[string]int) *Browse {
	b := &Browse{}
	b.opening.once.Do(func() {
		b.opening.n = map[string]int{}
		for s, n := range common {
			b.opening.n[normalSentence(s)] = n
		}
	})
	return b
}

func TestStripOpening(t *testing.T) {
	t.Parallel()
	b := browseWithOpenings(map[string]int{
		"Note that we’re writing these notes nearly 6 months late which is why they’re in summary form.": 12,
		"We had a good week.": 2,
	})
	tests := []struct{ in, want string }{
		{"Week beginning Monday, 10th August 2026.", ""},
		{"Weeks commencing 2, 9 and 16 Feb 2026.", ""},
		{"Howdi folks.", ""},
		{"Howdi, folks. I trust you’re all well.", ""},
		{"Howdi folks,", ""},
		{"Afternoon y’all. I hope you’re all well and that those of you in England and Wales enjoyed the long bank holiday weekend.",
			"I hope you’re all well and that those of you in England and Wales enjoyed the long bank holiday weekend."},
		{"G’day folks, we moved office this week.", "We moved office this week."},
		{"Hello! This week we moved into our new office.", "This week we moved into our new office."},
		{"Weeks 901 and 902", ""},
		{"Week 868 & 869.", ""},
		{"900 weeks of Go Free Range!", "900 weeks of Go Free Range!"},
		{"Note that we’re writing these notes nearly 5 months late which is why they’re in summary form.", ""}, // common, a number apart
		{"Note that I’m writing these notes about 3 months late - sorry!", ""},
		{"We had a good week.", "We had a good week."}, // opens two posts: not yet a formula
		{"Hello there, Mocha 2.0 is out and it has a long list of changes that people asked for.", "Mocha 2.0 is out and it has a long list of changes that people asked for."},
		{"Hello world programs are the first thing we wrote in Go this week, with Tom.", "Hello world programs are the first thing we wrote in Go this week, with Tom."},
		{"Welcome to week 208, and to 2013!", ""},
		{"Well hello there everybody peeps.", ""},
		{"Two weeks beginning Monday, 14th July 2025.", ""},
		{"Mon 16 Mar to Fri 27 Mar.", ""},
		{"Happy New Year, everyone! 🎉", ""},
		{"Happy New Year, everyone! 🎉 We’ve all had a good break.", "We’ve all had a good break."},
		{"With only a couple of weeks remaining on our current project with GDS.", "With only a couple of weeks remaining on our current project with GDS."},
	}
	for _, tt := range tests {
		if got := b.stripOpening(tt.in); got != tt.want {
			t.Errorf("stripOpening(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSectionOf(t *testing.T) {
	t.Parallel()
	topics := []archive.Term{{Slug: "cotech", Label: "CoTech"}, {Slug: "printer-kit", Label: "Printer kit"}, {Slug: "nhs-vaccinations", Label: "NHS Vaccinations"}, {Slug: "story", Label: "Story"}}
	tests := []struct {
		line string
		want int
	}{
		{"CoTech", 0},
		{"Co-Tech", 0},
		{"CoTech 🎉", 0},
		{"Printer kits", 1},
		{"Stories", 3},
		{"NHS Vaccinations (Mavis)", 2},
		{"NHS Vaccinations continued to take most of our time this week.", -1}, // a sentence, not a heading
		{"We went to the CoTech gathering", -1},
		{"", -1},
	}
	for _, tt := range tests {
		if got := sectionOf(tt.line, topics); got != tt.want {
			t.Errorf("sectionOf(%q) = %d, want %d", tt.line, got, tt.want)
		}
	}
}

func TestClipSentences(t *testing.T) {
	t.Parallel()
	long := "First sentence here. Second sentence is a little longer than that. Third one goes on and on past the end of what fits"
	if got, want := clipSentences(long, 80), "First sentence here. Second sentence is a little longer than that."; got != want {
		t.Errorf("clipSentences = %q, want %q", got, want)
	}
	if got := clip("ümlaut "+long, 9); got != "ümlaut…" {
		t.Errorf("clip at a space = %q", got)
	}
}

func TestEditDistance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b   string
		budget int
		want   int
	}{
		{"week474", "week474", 2, 0},
		{"week4744", "week474", 2, 1},
		{"cotec", "cotech", 1, 1},
		{"kitten", "sitting", 3, 3},
		{"kitten", "sitting", 2, 3}, // over the budget: budget+1
		{"", "abc", 3, 3},
	}
	for _, tt := range tests {
		row := make([]int, len(tt.a)+1)
		if got := editDistance([]byte(tt.a), []byte(tt.b), tt.budget, row); got != tt.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.budget, got, tt.want)
		}
	}
}
