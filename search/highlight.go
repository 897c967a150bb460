package search

import (
	"github.com/freerange/weeknotes/search/highlight"
	"github.com/freerange/weeknotes/search/querylang"
)

// highlight fills in the snippets and highlighted titles of a page of
// hits. It finds the query's words in each hit's text itself (see package
// highlight) rather than asking Bleve for term vectors: reading locations
// for a common word means walking its whole posting list, which cost more
// than the rest of the search together.
func (ix *Index) highlight(hits []Hit, rows []int32, p querylang.Parsed) error {
	f := highlight.New(ix.analyzer(), p)
	if f == nil {
		return nil
	}
	var buf []byte // reused for each hit's text
	for i := range hits {
		if t := f.Title(hits[i].Title); t != "" {
			hits[i].TitleHTML = t
		}
		var text string
		var err error
		text, buf, err = ix.ReadText(rows[i], highlight.MaxScan, buf)
		if err != nil {
			return err
		}
		if s := f.Snippet(text); s != "" {
			hits[i].Snippet = s
		}
	}
	return nil
}
