package search

import (
	"github.com/freerange/weeknotes/search/highlight"
	"github.com/freerange/weeknotes/search/querylang"
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
	words := markWords(p)
	for i := range hits {
		if t := f.Title(hits[i].Title); t != "" {
			hits[i].TitleHTML = t
		}
		// Each hit's text is read once, for its snippet and its
		// sections' (sections.go).
		var text string
		var err error
		text, buf, err = ix.ReadText(rows[i], textToRead(&hits[i].Post), buf)
		if err != nil {
			return err
		}
		found := f.Find(text)
		if s := found.Snippet(); s != "" {
			hits[i].Snippet = s
		}
		hits[i].Sections = sectionHits(f, &hits[i].Post, found, words)
	}
	return nil
}
