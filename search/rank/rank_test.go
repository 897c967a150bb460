package rank

import (
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/freerange/weeknotes/search/querylang"
)

func parsed(t *testing.T, q string) querylang.Parsed {
	t.Helper()
	p, err := querylang.ParseQuery(q)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPostName(t *testing.T) {
	for _, c := range []struct {
		q, want string
		ok      bool
	}{
		{"introducing harmonia", "introducing-harmonia", true},
		{"introducing-harmonia", "introducing-harmonia", true},
		{"Week 474", "week-474", true},
		{"week", "", false},              // one word names no post
		{"introducing harm*", "", false}, // a prefix is no name
		{"introducing harmonia -draft", "", false},
	} {
		got, ok := PostName(parsed(t, c.q))
		if got != c.want || ok != c.ok {
			t.Errorf("PostName(%q) = %q, %v; want %q, %v", c.q, got, ok, c.want, c.ok)
		}
	}
}

func TestWithNamedPost(t *testing.T) {
	// In the matches: raised above the best.
	parts := WithNamedPost([][]Scored{{{1, 2}, {3, 5}}, {{7, 4}}}, 1)
	if parts[0][0].Score != 5*NameBoost {
		t.Errorf("named post scores %v, want %v", parts[0][0].Score, 5*NameBoost)
	}
	// Not in them: inserted at its row's place, first by score.
	parts = WithNamedPost([][]Scored{{{1, 2}, {3, 5}}}, 2)
	if rows := []int32{parts[0][0].Row, parts[0][1].Row, parts[0][2].Row}; !slices.Equal(rows, []int32{1, 2, 3}) || parts[0][1].Score != 5*NameBoost {
		t.Errorf("inserted: %v", parts)
	}
}

// TopK agrees with sorting everything, whatever k.
func TestTopK(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	s := make([]Scored, 200)
	for i := range s {
		s[i] = Scored{Row: int32(i), Score: float64(r.IntN(20))}
	}
	less := func(a, b Scored) bool {
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return a.Row < b.Row
	}
	all := slices.Clone(s)
	sort.Slice(all, func(i, j int) bool { return less(all[i], all[j]) })
	for _, k := range []int{0, 1, 10, 199, 200, 500} {
		if got := TopK(s, k, less); !slices.Equal(got, all[:min(k, len(all))]) {
			t.Errorf("k=%d: %v", k, got)
		}
	}
}

func TestWindow(t *testing.T) {
	for _, c := range []struct {
		name string
		ts   []tagged
		n    int
		want int
	}{
		{"side by side", []tagged{{5, 0}, {6, 1}}, 2, 2},
		{"a clause missing", []tagged{{5, 0}, {9, 0}}, 2, 0},
		{"the nearest pair, not the first", []tagged{{1, 0}, {40, 1}, {90, 0}, {92, 1}}, 2, 3},
		{"in any order", []tagged{{92, 1}, {1, 0}, {90, 0}, {40, 1}}, 2, 3},
		{"three clauses", []tagged{{1, 0}, {3, 1}, {10, 2}, {11, 0}, {12, 1}}, 3, 3},
		{"nothing", nil, 2, 0},
	} {
		if got := window(c.ts, c.n); got != c.want {
			t.Errorf("%s: window %d, want %d", c.name, got, c.want)
		}
	}
}

// The best candidates with the words together rise; the rest keep
// their scores.
func TestRewardProximity(t *testing.T) {
	occ := map[string]map[int32][]uint64{
		"code":   {1: {10}, 2: {50}, 3: {7}},
		"review": {1: {90}, 2: {51}, 3: {9}},
	}
	results := []Scored{{1, 10}, {2, 5}, {3, 4}, {4, 1}}
	err := RewardProximity(results, [][]string{{"code"}, {"review"}}, func(term string, rows []int32, at func(int, uint64, int)) error {
		if !slices.IsSorted(rows) {
			t.Errorf("rows asked out of order: %v", rows)
		}
		for i, r := range rows {
			for _, pos := range occ[term][r] {
				at(i, pos, len(term))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Two clauses: side by side (row 2) a window of 2, row 3 of 3, row 1
	// of 81; row 4 holds neither word.
	want := []Scored{{1, 10 * (1 + ProximityBoost*2/81)}, {2, 5 * (1 + ProximityBoost)}, {3, 4 * (1 + ProximityBoost*2/3)}, {4, 1}}
	for i := range want {
		if d := results[i].Score - want[i].Score; d > 1e-9 || d < -1e-9 {
			t.Errorf("row %d: score %v, want %v", results[i].Row, results[i].Score, want[i].Score)
		}
	}
}
