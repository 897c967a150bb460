package search

import (
	"context"
	"slices"
	"testing"

	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/querylang"
	"github.com/freerange/weeknotes/search/store"
	"github.com/freerange/weeknotes/search/store/catalog"
)

// spellingIndex is a small archive whose posts use one spelling each.
func spellingIndex(t *testing.T) *Index {
	t.Helper()
	post := func(name, text string) archive.Post {
		return archive.Post{Name: name, Title: "Post " + name, Author: archive.Term{Slug: "chris-roos", Label: "Chris Roos"},
			Created: date("2019-01-01"), Kind: "blog", Text: text, HTML: "<p>" + text + "</p>"}
	}
	a := store.Contents{
		Posts: []archive.Post{
			post("viz", "We built a flow visualisation for Smart Answers."),
			post("viz-us", "A visualization of satellites."),
			post("coop", "Becoming a co-op, at last."),
			post("coop-solid", "Still becoming a coop."),
			post("colours", "The colours of the website."),
			post("yak", "I had reached my yak shaving limit."),
			post("sharing-1", "Sharing credentials."),
			post("sharing-2", "More sharing of credentials."),
			post("sharing-3", "Sharing is caring."),
			post("accessibility", "We checked the accessibility of the forms."),
			post("access-1", "Access to the office."),
			post("access-2", "Access all areas."),
		},
		Source: catalog.Source{Dir: "/spelling"},
	}
	ix := openContents(t, a)
	return ix
}

func searchFor(t *testing.T, ix *Index, q string) *Result {
	t.Helper()
	r := querylang.Request{Query: q}
	if err := r.Normalize(); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// A spelling variant finds the posts that use the other spelling, and
// isn't taken for a typo.
func TestSpellingVariantsMatch(t *testing.T) {
	t.Parallel()
	ix := spellingIndex(t)
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"visualization", []string{"viz", "viz-us"}},
		{"Visualisations", []string{"viz", "viz-us"}},
		{`"flow visualization"`, []string{"viz"}},
		{"coop", []string{"coop", "coop-solid"}},
		{"co-op", []string{"coop", "coop-solid"}},
		{`"becoming a co-op"`, []string{"coop", "coop-solid"}},
		{"color", []string{"colours"}},
		{"colour", []string{"colours"}},
	} {
		res := searchFor(t, ix, c.query)
		got := names(res)
		slices.Sort(got)
		if !slices.Equal(got, c.want) || res.Suggestion != nil {
			t.Errorf("%q: hits %v, suggestion %+v; want hits %v and no suggestion", c.query, got, res.Suggestion, c.want)
		}
	}
}

// A word some post uses is never corrected; one no post uses is, even when
// its stem matches posts.
func TestCorrections(t *testing.T) {
	t.Parallel()
	ix := spellingIndex(t)
	for _, c := range []struct {
		query     string
		corrected string // "" for none
		hits      []string
	}{
		{"yak shaving", "", []string{"yak"}},
		{"shaving", "", []string{"yak"}},
		{"visualisation", "", []string{"viz", "viz-us"}},
		// accessability stems to access, as accessibility does: the
		// hits are the same three, for the word spelt right.
		{"accessability", "accessibility", []string{"access-1", "access-2", "accessibility"}},
		{"sharnig", "sharing", []string{"sharing-1", "sharing-2", "sharing-3"}},
	} {
		res := searchFor(t, ix, c.query)
		got := names(res)
		slices.Sort(got)
		switch {
		case c.corrected == "" && (res.Suggestion != nil || res.Corrected):
			t.Errorf("%q: suggestion %+v (corrected %v), want none", c.query, res.Suggestion, res.Corrected)
		case c.corrected != "" && (res.Suggestion == nil || res.Suggestion.Query != c.corrected || !res.Corrected):
			t.Errorf("%q: suggestion %+v (corrected %v), want the hits for %q", c.query, res.Suggestion, res.Corrected, c.corrected)
		}
		if !slices.Equal(got, c.hits) {
			t.Errorf("%q: hits %v, want %v", c.query, got, c.hits)
		}
	}
}
