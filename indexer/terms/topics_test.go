package terms

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
