package search

import (
	"github.com/freerange/weeknotes/search/accel"
	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/querylang"
	"github.com/freerange/weeknotes/search/suggest"
)

// correct is suggest.Correct over the index's vocabulary.
func (ix *Index) correct(p querylang.Parsed) (querylang.Parsed, bool, error) {
	return suggest.Correct(ix.Vocab(), p)
}

// NearestTopics are up to n topics whose labels share a word with text, or
// come within a typo of one, most used first: somewhere to go when nothing
// matches (see suggest.NearestTopics).
func (ix *Index) NearestTopics(text string, n int) []archive.Term {
	return suggest.NearestTopics(suggestArchive{ix.table}, text, n)
}

// Suggest offers, for what has been typed so far, up to n completions of
// the word being typed, then people, projects, topics and posts whose
// names or titles have a word that starts with it (see suggest.Suggest).
func (ix *Index) Suggest(typed string, n int) []suggest.Item {
	return suggest.Suggest(ix.Vocab(), suggestArchive{ix.table}, typed, n)
}

// suggestArchive is the table as suggestions read it.
type suggestArchive struct{ t *accel.Table }

func (a suggestArchive) Values(f archive.Facet) (slugs, labels []string) {
	return a.t.Dicts[f].Slugs, a.t.Dicts[f].Labels
}

func (a suggestArchive) TopicUses() []int { return a.t.TopicUses() }

func (a suggestArchive) Titles(yield func(name, title string) bool) {
	for i := range a.t.Rows {
		if !yield(a.t.Rows[i].Name, a.t.Rows[i].Title) {
			return
		}
	}
}
