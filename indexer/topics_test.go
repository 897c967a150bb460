package indexer

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/freerange/weeknotes/search/archive"
)

func TestTopic(t *testing.T) {
	tests := []struct {
		heading string
		want    archive.Term
		ok      bool
	}{
		{"Show & Tell", archive.Term{Slug: "show-and-tell", Label: "Show & Tell"}, true},
		{"Show and Tell 🎉", archive.Term{Slug: "show-and-tell", Label: "Show and Tell"}, true},
		{"Show &amp; Tell", archive.Term{Slug: "show-and-tell", Label: "Show & Tell"}, true},
		{"SHOW AND TELL", archive.Term{Slug: "show-and-tell", Label: "SHOW AND TELL"}, true},
		{"🎉 Celebrations 🎉", archive.Term{Slug: "celebrations", Label: "Celebrations"}, true},
		{"👨‍👩‍👧 Family day", archive.Term{Slug: "family-day", Label: "Family day"}, true},
		{"❤️ Things we loved", archive.Term{Slug: "things-we-loved", Label: "Things we loved"}, true},
		{"What we're reading", archive.Term{Slug: "what-were-reading", Label: "What we're reading"}, true},
		{"What we’re reading", archive.Term{Slug: "what-were-reading", Label: "What we’re reading"}, true},
		{"Recruitment:", archive.Term{Slug: "recruitment", Label: "Recruitment"}, true},
		{"Mocha (Ruby)", archive.Term{Slug: "mocha-ruby", Label: "Mocha (Ruby)"}, true},
		{"  Lots   of\tspace ", archive.Term{Slug: "lots-of-space", Label: "Lots of space"}, true},
		{"Café", archive.Term{Slug: "café", Label: "Café"}, true},
		{"🎉🎉", archive.Term{}, false},
		{"---", archive.Term{}, false},
		{"", archive.Term{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.heading, func(t *testing.T) {
			got, ok := Topic(tt.heading)
			if ok != tt.ok {
				t.Errorf("Topic(%q) ok = %v, want %v", tt.heading, ok, tt.ok)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Topic(%q) mismatch (-want +got):\n%s", tt.heading, diff)
			}
			// A facet value and its URL must agree: the slug of the
			// label is the slug.
			if ok && archive.Slug(got.Label) != got.Slug {
				t.Errorf("Slug(label %q) = %q, want the topic's slug %q", got.Label, archive.Slug(got.Label), got.Slug)
			}
		})
	}
}

func TestDisplayName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"chris-roos", "Chris Roos"},
		{"ben_griffiths", "Ben Griffiths"},
		{"floppy", "Floppy"},
		{"élodie-durand", "Élodie Durand"},
		{"--odd--slug--", "Odd Slug"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := DisplayName(tt.in); got != tt.want {
				t.Errorf("DisplayName(%q) = %q, want %q", tt.in, got, tt.want)
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
