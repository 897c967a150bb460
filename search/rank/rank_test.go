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
