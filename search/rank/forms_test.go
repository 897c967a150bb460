package rank

import (
	"math"
	"testing"

	"github.com/freerange/weeknotes/search/analysis"
	"github.com/freerange/weeknotes/search/querylang"
)

// Of the candidates, those with the words as typed rise, by the share of
// the clauses they hold so; another word of the stem earns nothing.
func TestRewardForms(t *testing.T) {
	// "accessibility audit": access/13 and audit/5 typed.
	p, _ := querylang.ParseQuery("accessibility audit")
	clauses := TypedForms(p, analysis.Prose(), nil)
	if len(clauses) != 2 || clauses[0][0] != (Form{"access", 13}) || clauses[1][0] != (Form{"audit", 5}) {
		t.Fatalf("TypedForms: %v", clauses)
	}
	// Row 1 says "access" and "audits"; row 2 "accessibility" and
	// "audit"; row 3 "accessible" (10 bytes: not the form) and nothing
	// else; row 4 neither word as typed.
	occ := map[string]map[int32][]int{
		"access": {1: {6}, 2: {13}, 3: {10}, 4: {6}},
		"audit":  {1: {6}, 2: {5}},
	}
	results := []Scored{{1, 10}, {2, 5}, {3, 4}, {4, 1}}
	err := RewardForms(results, clauses, func(term string, rows []int32, at func(int, uint64, int)) error {
		for i, r := range rows {
			for _, n := range occ[term][r] {
				at(i, 1, n)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []Scored{{1, 10 * (1 + FormBoost/2)}, {2, 5 * (1 + FormBoost)}, {3, 4}, {4, 1}}
	for i := range want {
		if math.Abs(results[i].Score-want[i].Score) > 1e-9 {
			t.Errorf("row %d: score %v, want %v", results[i].Row, results[i].Score, want[i].Score)
		}
	}
}
