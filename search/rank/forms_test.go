package rank

import (
	"math"
	"slices"
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

// candidates picks the best k by score (ties to the earlier place),
// wherever they stand, and gives them in row order.
func TestCandidates(t *testing.T) {
	results := []Scored{{7, 1}, {3, 9}, {5, 4}, {1, 4}, {9, 8}, {2, 0.5}}
	places, rows := candidates(results, 3)
	if !slices.Equal(places, []int{1, 2, 4}) || !slices.Equal(rows, []int32{3, 5, 9}) {
		t.Errorf("best 3: places %v rows %v, want [1 2 4] [3 5 9]", places, rows)
	}
	if places, _ := candidates(results, 10); len(places) != len(results) {
		t.Errorf("best 10 of 6: %v", places)
	}
	if places, _ := candidates(results, 0); len(places) != 0 {
		t.Errorf("best 0: %v", places)
	}
}

// Rerank gives what RewardForms then RewardProximity give, reading each
// term's places once.
func TestRerankReadsEachTermOnce(t *testing.T) {
	occ := map[string]map[int32][][2]int{ // term -> row -> (position, length)
		"access": {1: {{3, 6}}, 2: {{10, 13}}, 3: {{40, 13}}},
		"audit":  {1: {{4, 5}}, 2: {{30, 5}}, 3: {{41, 6}}},
	}
	reads := map[string]int{}
	read := func(term string, rows []int32, at func(int, uint64, int)) error {
		reads[term]++
		for i, r := range rows {
			for _, o := range occ[term][r] {
				at(i, uint64(o[0]), o[1])
			}
		}
		return nil
	}
	p, _ := querylang.ParseQuery("accessibility audit")
	forms := TypedForms(p, analysis.Prose(), nil)
	clauses := Clauses(p, analysis.Prose(), nil)
	fresh := func() []Scored { return []Scored{{1, 10}, {2, 5}, {3, 4}, {4, 1}} }
	want := fresh()
	if err := RewardForms(want, forms, read); err != nil {
		t.Fatal(err)
	}
	if err := RewardProximity(want, clauses, read); err != nil {
		t.Fatal(err)
	}
	clear(reads)
	got := fresh()
	if err := Rerank(got, forms, clauses, read); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("Rerank: %v, want %v", got, want)
	}
	if reads["access"] != 1 || reads["audit"] != 1 {
		t.Errorf("terms read %v, want each once", reads)
	}
}
