package rank

import (
	"slices"
	"testing"

	"github.com/freerange/weeknotes/search/analysis"
	"github.com/freerange/weeknotes/search/querylang"
)

func TestSubjectWords(t *testing.T) {
	// Posts holding each term, of 500.
	uses := map[string]int{"ai": 6, "sdr": 8, "radio": 12, "signal": 20, "aerial": 3, "week": 400, "lone": 1, "dongl": 2, "gqrx": 2}
	count := func(term string) int { return uses[term] }
	cases := []struct {
		name  string
		query string
		parts []string
		want  []string // the words, strongest first
	}{
		{"one part: words said twice, not the query's, not common, not unique to it",
			"tv tuner dongle",
			[]string{"AIS on SDR this week. The dongle picks up AIS, and SDR software shows it. Radio radio. An aerial. A lone word lone. Week, week."},
			[]string{"AIS", "SDR", "radio"}},
		{"several parts: words used in two or more",
			"tracking ships",
			[]string{"SDR and AIS, and a GQRX build.", "More SDR, a signal at last.", "The signal is AIS."},
			[]string{"AIS", "signal", "SDR"}}, // signal: a larger share of the shorter parts
		{"fewer than two words: nothing to search",
			"ships",
			[]string{"SDR once.", "And SDR again."},
			nil},
	}
	for _, c := range cases {
		p, err := querylang.ParseQuery(c.query)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, w := range SubjectWords(analysis.Prose(), p, c.parts, count, 500) {
			got = append(got, w.Word)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
