package indexer

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/freerange/weeknotes/search"
)

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Show & Tell", "show-and-tell"},
		{"Show and Tell", "show-and-tell"},
		{"Show &amp; Tell", "show-and-tell"},
		{"show&tell", "show-and-tell"},
		{"SHOW AND TELL", "show-and-tell"},
		{"Show and Tell 🎉", "show-and-tell"},
		{"GFR's week", "gfrs-week"},
		{"GFR’s week", "gfrs-week"},
		{"‘Quoted’ words", "quoted-words"},
		{"  Hello,   World!  ", "hello-world"},
		{"Week 474", "week-474"},
		{"asset-manager", "asset-manager"},
		{"snake_case_name", "snake-case-name"},
		{"Asset Management for GOV.UK", "asset-management-for-gov-uk"},
		{"Café Ünïcode", "café-ünïcode"},
		{"&#8220;Smart&#8221; quotes", "smart-quotes"},
		{"🎉", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Slug(tt.in); got != tt.want {
				t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTopic(t *testing.T) {
	tests := []struct {
		heading string
		want    search.Term
		ok      bool
	}{
		{"Show & Tell", search.Term{Slug: "show-and-tell", Label: "Show & Tell"}, true},
		{"Show and Tell 🎉", search.Term{Slug: "show-and-tell", Label: "Show and Tell"}, true},
		{"Show &amp; Tell", search.Term{Slug: "show-and-tell", Label: "Show & Tell"}, true},
		{"SHOW AND TELL", search.Term{Slug: "show-and-tell", Label: "SHOW AND TELL"}, true},
		{"🎉 Celebrations 🎉", search.Term{Slug: "celebrations", Label: "Celebrations"}, true},
		{"👨‍👩‍👧 Family day", search.Term{Slug: "family-day", Label: "Family day"}, true},
		{"❤️ Things we loved", search.Term{Slug: "things-we-loved", Label: "Things we loved"}, true},
		{"What we're reading", search.Term{Slug: "what-were-reading", Label: "What we're reading"}, true},
		{"What we’re reading", search.Term{Slug: "what-were-reading", Label: "What we’re reading"}, true},
		{"Recruitment:", search.Term{Slug: "recruitment", Label: "Recruitment"}, true},
		{"Mocha (Ruby)", search.Term{Slug: "mocha-ruby", Label: "Mocha (Ruby)"}, true},
		{"  Lots   of\tspace ", search.Term{Slug: "lots-of-space", Label: "Lots of space"}, true},
		{"Café", search.Term{Slug: "café", Label: "Café"}, true},
		{"🎉🎉", search.Term{}, false},
		{"---", search.Term{}, false},
		{"", search.Term{}, false},
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
			if ok && Slug(got.Label) != got.Slug {
				t.Errorf("Slug(label %q) = %q, want the topic's slug %q", got.Label, Slug(got.Label), got.Slug)
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
