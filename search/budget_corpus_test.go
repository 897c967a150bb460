package search_test

import (
	"context"
	"strings"
	"testing"

	"github.com/freerange/weeknotes/search/querylang"
)

// A query of 32 typos of the archive's own long words gets the first of
// them corrected and the rest left as typed: correction work is bounded
// per query (a typo costs 20,000 to 30,000 of its 60,000 cells), so no
// query costs more than about ten normal ones.
func TestCorrectionIsBoundedPerQuery(t *testing.T) {
	t.Parallel()
	ix := corpusIndex(t)
	res, err := ix.Search(context.Background(), querylang.Request{Query: "week", PerPage: querylang.MaxPerPage})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var typed []string
	for _, h := range res.Hits {
		for _, w := range strings.Fields(strings.ToLower(h.Summary + " " + h.Title)) {
			if len(w) < 9 || strings.ContainsFunc(w, func(r rune) bool { return r < 'a' || r > 'z' }) || seen[w] {
				continue
			}
			seen[w] = true
			// A transposition in the middle: one edit away.
			b := []byte(w)
			b[4], b[5] = b[5], b[4]
			if b[4] != b[5] && len(typed) < 32 {
				typed = append(typed, string(b))
			}
		}
	}
	if len(typed) < 32 {
		t.Skipf("only %d long words in the first results", len(typed))
	}
	q := strings.Join(typed, " ")
	res, err = ix.Search(context.Background(), querylang.Request{Query: q})
	if err != nil {
		t.Fatal(err)
	}
	if res.Suggestion == nil {
		t.Fatalf("%q: no suggestion", q)
	}
	got := strings.Fields(res.Suggestion.Query)
	if len(got) != len(typed) {
		t.Fatalf("suggestion %q has %d words, query %d", res.Suggestion.Query, len(got), len(typed))
	}
	corrected := 0
	for i := range got {
		if got[i] != typed[i] {
			corrected++
		}
	}
	if got[0] == typed[0] || corrected > 6 {
		t.Errorf("%d of %d typos corrected (the first: %v), want the first and at most 6: %q", corrected, len(typed), got[0] != typed[0], res.Suggestion.Query)
	}
}
