package search

import (
	"unicode/utf8"

	"github.com/freerange/weeknotes/search/analysis"
	"github.com/freerange/weeknotes/search/highlight"
	"github.com/freerange/weeknotes/search/querylang"
	"github.com/freerange/weeknotes/search/rank"
)

// highlight fills in the snippets, highlighted titles and matching
// sections of a page of hits. It finds the query's words in each hit's text itself (see package
// highlight) rather than asking Bleve for term vectors: reading locations
// for a common word means walking its whole posting list, which cost more
// than the rest of the search together.
func (ix *Index) highlight(hits []Hit, rows []int32, p querylang.Parsed) error {
	f := highlight.New(ix.analyzer(), p)
	if f == nil {
		return nil
	}
	var buf []byte // reused for each hit's text
	words := rank.MarkWords(p)
	for i := range hits {
		if t := f.Title(hits[i].Title); t != "" {
			hits[i].TitleHTML = t
		}
		// Each hit's text is read once, for its snippet and its
		// sections' (rank.Sections).
		var text string
		var err error
		text, buf, err = ix.ReadText(rows[i], rank.TextToRead(&hits[i].Post), buf)
		if err != nil {
			return err
		}
		found := f.Find(text)
		if s := found.Snippet(); s != "" {
			hits[i].Snippet = s
		}
		hits[i].Sections = rank.Sections(f, &hits[i].Post, found, words)
	}
	return nil
}

// MarkPost is a post's HTML with the words of q, a query in the search
// box's language, in <mark> (highlight.Finder.MarkHTML), and how many it
// marked: what a section's URL (?q=) asks of the post page. A q that is
// too long, not UTF-8, not a query, or without words to mark leaves the
// HTML as it is, 0: a link is never an error.
func MarkPost(postHTML, q string) (string, int) {
	if q == "" || len(q) > querylang.MaxQueryBytes || !utf8.ValidString(q) {
		return postHTML, 0
	}
	p, err := querylang.ParseQuery(q)
	if err != nil {
		return postHTML, 0
	}
	f := highlight.New(analysis.Prose(), p)
	if f == nil {
		return postHTML, 0
	}
	return f.MarkHTML(postHTML)
}
