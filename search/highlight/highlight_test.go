package highlight_test

import (
	"strings"
	"testing"

	"github.com/freerange/weeknotes/search/analysis"
	"github.com/freerange/weeknotes/search/highlight"
	"github.com/freerange/weeknotes/search/querylang"
)

func finder(t *testing.T, q string) *highlight.Finder {
	t.Helper()
	p, err := querylang.ParseQuery(q)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", q, err)
	}
	return highlight.New(analysis.Prose(), p)
}

func TestTitle(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		query, title, want string
	}{
		{"migrating", "We migrated the <servers>", "We <mark>migrated</mark> the &lt;servers&gt;"},
		{"retro*", "Retrospective & retreat", "<mark>Retrospective</mark> &amp; retreat"},
		{"alpha OR beta", "Beta before alpha", "<mark>Beta</mark> before <mark>alpha</mark>"},
		{"cat", "Concatenate", ""}, // inside a word
		{"missing", "Nothing here", ""},
	} {
		t.Run(c.query, func(t *testing.T) {
			if got := finder(t, c.query).Title(c.title); got != c.want {
				t.Errorf("Title(%q) = %q, want %q", c.title, got, c.want)
			}
		})
	}
}

func TestSnippet(t *testing.T) {
	t.Parallel()
	filler := strings.Repeat("word ", 100)
	for _, c := range []struct {
		name, query, text string
		want              []string // substrings of the snippet
		wantNone          bool
	}{
		{name: "whole text", query: "deploy", text: "We deploy on\n\nFridays.", want: []string{"We <mark>deploy</mark> on Fridays."}},
		{name: "cut both ends", query: "needle", text: filler + "a needle here " + filler, want: []string{"…", "a <mark>needle</mark> here", "…"}},
		{name: "most distinct words", query: "alpha OR beta", text: "alpha " + filler + "alpha beta", want: []string{"<mark>alpha</mark> <mark>beta</mark>"}},
		{name: "past MaxScan", query: "needle", text: strings.Repeat("x", highlight.MaxScan) + " needle", wantNone: true},
		{name: "no match", query: "needle", text: filler, wantNone: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := finder(t, c.query).Snippet(c.text)
			if c.wantNone {
				if got != "" {
					t.Errorf("Snippet = %q, want none", got)
				}
				return
			}
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("Snippet = %q, want it to contain %q", got, w)
				}
			}
			if len(got) > 300 {
				t.Errorf("Snippet is %d bytes, want about 220", len(got))
			}
		})
	}
}

// A query of only stop words, or of no words, has nothing to mark.
func TestNewNothingToFind(t *testing.T) {
	t.Parallel()
	for _, q := range []string{"", "the", "author:jo"} {
		if f := finder(t, q); f != nil {
			t.Errorf("New(%q) = %v, want nil", q, f)
		}
	}
}
