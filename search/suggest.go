package search

import (
	"context"
	"errors"

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
// A completion is a whole query, typed filters and all, and its count is
// the Total a search for it gives.
func (ix *Index) Suggest(ctx context.Context, typed string, n int) ([]suggest.Item, error) {
	return suggest.Suggest(ix.Vocab(), suggestArchive{ix.table}, &suggestSearcher{ix: ix, ctx: ctx}, typed, n)
}

// suggestSearcher is the index as completions search it.
type suggestSearcher struct {
	ix  *Index
	ctx context.Context
	buf []byte // the text last read
}

// Count is the Total of a search for query; 0 when the search page would
// refuse it.
func (s *suggestSearcher) Count(query string) (int, error) {
	n, err := s.ix.Count(s.ctx, querylang.Request{Query: query})
	if _, invalid := errors.AsType[*querylang.InvalidError](err); invalid {
		return 0, nil
	}
	return n, err
}

// Texts reads the text of the most relevant posts a search for query
// finds, as typed.
func (s *suggestSearcher) Texts(query string, most int, yield func(text []byte, code []archive.Span) bool) error {
	var readErr error
	err := s.ix.bestRows(s.ctx, querylang.Request{Query: query}, most, func(row int32) bool {
		_, s.buf, readErr = s.ix.ReadText(row, -1, s.buf)
		return readErr == nil && yield(s.buf, s.ix.At(row).Code)
	})
	if _, invalid := errors.AsType[*querylang.InvalidError](err); invalid {
		return nil
	}
	if err != nil {
		return err
	}
	return readErr
}

// suggestArchive is the table as suggestions read it.
type suggestArchive struct{ t *accel.Table }

func (a suggestArchive) Values(f archive.Facet) (slugs, labels []string) {
	return a.t.Dicts[f].Slugs, a.t.Dicts[f].Labels
}

func (a suggestArchive) Uses(f archive.Facet) []int { return a.t.Uses(f) }

func (a suggestArchive) Titles(yield func(name, title string) bool) {
	for i := range a.t.Rows {
		if !yield(a.t.Rows[i].Name, a.t.Rows[i].Title) {
			return
		}
	}
}
