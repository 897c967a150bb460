package search

import (
	"errors"
	"strings"
	"testing"

	"github.com/freerange/weeknotes/search/querylang"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// A filter typed in the box reaches the querylang.Request; Normalize reports a bad
// one as the q parameter.
func TestNormalizeTypedFilters(t *testing.T) {
	t.Parallel()
	r := querylang.Request{Query: `cotech author:"chris roos" year:2018 week:473 after:2018-01 before:2018-03 project:asset-manager`, Years: []string{"2018", "2017"}}
	if err := r.Normalize(); err != nil {
		t.Fatal(err)
	}
	want := querylang.Request{
		Query: r.Query, Text: "cotech", Authors: []string{"chris roos"}, Projects: []string{"asset-manager"},
		Years: []string{"2018", "2017"}, Weeks: []int{473}, After: "2018-01", Before: "2018-03",
		Sort: querylang.SortRelevance, Page: 1, PerPage: querylang.DefaultPerPage,
	}
	if diff := cmp.Diff(want, r, cmpopts.IgnoreUnexported(querylang.Request{}), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Normalize (-want +got):\n%s", diff)
	}
	if got := r.TypedFilters(); len(got) != 6 {
		t.Errorf("TypedFilters() = %v, want 6 filters", got)
	}

	only := querylang.Request{Query: "year:2018"}
	if err := only.Normalize(); err != nil {
		t.Fatal(err)
	}
	if only.Sort != querylang.SortNewest || only.Text != "" {
		t.Errorf("filters only: Sort %q Text %q, want newest and no text", only.Sort, only.Text)
	}
}

// A query the language can't read is the q parameter's fault, with the
// language's own message.
func TestNormalizeQueryErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		q    string
		msg  string // the message must contain it
	}{
		{"negated filter", "-author:x", "can't be negated"},
		{"year that is a word", "year:soon", "year:soon is not a year"},
		{"too many words", strings.Repeat("w ", 33), "more than 32"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := querylang.Request{Query: tt.q}
			err := r.Normalize()
			var inv *querylang.InvalidError
			if !errors.As(err, &inv) {
				t.Fatalf("Normalize(%q) error = %v, want an *querylang.InvalidError", tt.q, err)
			}
			if inv.Param != "q" || !strings.Contains(inv.Msg, tt.msg) {
				t.Errorf("Normalize(%q) error = %q, want q: ...%s...", tt.q, inv.Error(), tt.msg)
			}
		})
	}
}
