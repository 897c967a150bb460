package search

import (
	"context"
	"slices"
	"testing"

	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/querylang"
	"github.com/freerange/weeknotes/search/rank"
	"github.com/freerange/weeknotes/search/store"
	"github.com/freerange/weeknotes/search/store/catalog"
)

// A title or heading with the word as typed outweighs one with only
// another word of its stem: "accessibility" and "access" are one stem,
// but a heading "Online access" is not about accessibility.
func TestTitleAndHeadingFormsTyped(t *testing.T) {
	post := func(name, title, heading, text string) archive.Post {
		return archive.Post{Name: name, Title: title, Author: archive.Term{Slug: "chris-roos", Label: "Chris Roos"},
			Created: date("2020-01-01"), Kind: "blog", Text: heading + "\n" + text, HTML: "<p>" + text + "</p>",
			Topics: []archive.Term{{Slug: archive.Slug(heading), Label: heading}}}
	}
	ix := openContents(t, store.Contents{
		Posts: []archive.Post{
			// Shorter and with the word twice: BM25 favours it.
			post("bank", "Online access to the bank", "Online access", "Accessibility matters. Accessibility."),
			post("audit", "An accessibility audit", "Accessibility", "We ran an audit of the pages and found accessibility problems, and some more things besides that we will fix soon."),
			post("other", "Week 1", "Other news", "Nothing about it."),
		},
		Source: catalog.Source{Dir: "/fixture"},
	})
	r := querylang.Request{Query: "accessibility"}
	if err := r.Normalize(); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(res); !slices.Equal(got, []string{"audit", "bank"}) {
		t.Errorf("accessibility: %v, want the audit first", got)
	}
	for _, c := range []struct {
		q, post string
		want    float64
	}{
		{"accessibility", "audit", 1 + rank.TitleBoost + rank.HeadingBoost},
		{"accessibility", "bank", 1 + rank.TitleBoost/2 + rank.HeadingBoost/2}, // "access": the stem only
		{"audits", "audit", 1 + rank.TitleBoost},                               // give or take an ending
		{"accessibility", "other", 1},
	} {
		p, _ := querylang.ParseQuery(c.q)
		row, _ := ix.Row(c.post)
		if got := rank.NewBonus(ix.table, ix.analyzer(), p, nil).Of(row); got != c.want {
			t.Errorf("%q in %s: bonus %v, want %v", c.q, c.post, got, c.want)
		}
	}
}
