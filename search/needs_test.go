package search_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/querylang"
)

// gradedNeeds is testdata/needs.json: what people searching the archive
// wanted, the query each would type, and the posts that answer it, graded
// by reading them (2 exactly what was sought, 1 useful, any other 0).
type gradedNeeds struct {
	Floors       map[string]float64 `json:"floors"`        // the least each metric may score, as first judged
	PooledFloors map[string]float64 `json:"pooled_floors"` // the same with the pooled grades
	Needs        []gradedNeed       `json:"needs"`
}

type gradedNeed struct {
	ID     string         `json:"id"`
	Shape  string         `json:"shape"` // "words", or a shape the corpus has few of
	Query  string         `json:"query"`
	Need   string         `json:"need"`
	Grades map[string]int `json:"grades"` // post name -> 1 or 2, judged before any engine ran
	// Pooled is the grades (0, 1 or 2) given later, blind, to the posts
	// in the first five of Weeknotes or of FTS5 that Grades left
	// unjudged: TREC's pooling, so a relevant post the first reading
	// missed stops counting as a miss for either engine.
	Pooled map[string]int `json:"pooled"`
}

// pooledGrades is a need's grades with its pooled ones.
func (n gradedNeed) pooledGrades() map[string]int {
	all := make(map[string]int, len(n.Grades)+len(n.Pooled))
	for name, g := range n.Pooled {
		all[name] = g
	}
	for name, g := range n.Grades {
		all[name] = g
	}
	return all
}

// The metrics of the suite, each averaged over its needs.
const (
	metricNDCG = "ndcg@5" // graded: how close the first 5 are to the best 5 possible
	metricMRR  = "mrr"    // 1/rank of the first post graded 2 in the first 10, else 0
	metricP3   = "p@3"    // the share of the first 3 graded 1 or 2
)

var metrics = []string{metricNDCG, metricMRR, metricP3}

// scoreNeed is the metrics of one need given the names of its first hits.
func scoreNeed(grades map[string]int, hits []string) map[string]float64 {
	gain := func(g int) float64 { return math.Exp2(float64(g)) - 1 }
	dcg := 0.0
	for i, name := range hits[:min(5, len(hits))] {
		dcg += gain(grades[name]) / math.Log2(float64(i+2))
	}
	var ideal []int
	for _, g := range grades {
		ideal = append(ideal, g)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(ideal)))
	idcg := 0.0
	for i, g := range ideal[:min(5, len(ideal))] {
		idcg += gain(g) / math.Log2(float64(i+2))
	}
	rr := 0.0
	for i, name := range hits[:min(10, len(hits))] {
		if grades[name] == 2 {
			rr = 1 / float64(i+1)
			break
		}
	}
	useful := 0
	for _, name := range hits[:min(3, len(hits))] {
		if grades[name] > 0 {
			useful++
		}
	}
	return map[string]float64{metricNDCG: dcg / idcg, metricMRR: rr, metricP3: float64(useful) / 3}
}

func readNeeds(t *testing.T) gradedNeeds {
	t.Helper()
	data, err := os.ReadFile("testdata/needs.json")
	if err != nil {
		t.Fatal(err)
	}
	var s gradedNeeds
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatalf("testdata/needs.json: %v", err)
	}
	for _, m := range metrics {
		if _, ok := s.Floors[m]; !ok {
			t.Fatalf("testdata/needs.json: no floor for %s", m)
		}
		if _, ok := s.PooledFloors[m]; !ok {
			t.Fatalf("testdata/needs.json: no pooled floor for %s", m)
		}
	}
	return s
}

// TestScoreNeed checks the metrics by hand on a need with grades 2, 2, 1.
func TestScoreNeed(t *testing.T) {
	grades := map[string]int{"a": 2, "b": 2, "c": 1}
	for _, c := range []struct {
		hits []string
		want map[string]float64
	}{
		{[]string{"a", "b", "c", "x", "y"}, map[string]float64{metricNDCG: 1, metricMRR: 1, metricP3: 1}},
		// DCG 0 + 3/log2(3) + 0 + 1/log2(5); ideal 3 + 3/log2(3) + 1/2.
		{[]string{"x", "a", "y", "c"}, map[string]float64{metricNDCG: (3/math.Log2(3) + 1/math.Log2(5)) / (3 + 3/math.Log2(3) + 0.5), metricMRR: 0.5, metricP3: 1.0 / 3}},
		{[]string{"c", "x"}, map[string]float64{metricNDCG: 1 / (3 + 3/math.Log2(3) + 0.5), metricMRR: 0, metricP3: 1.0 / 3}},
		{nil, map[string]float64{metricNDCG: 0, metricMRR: 0, metricP3: 0}},
	} {
		got := scoreNeed(grades, c.hits)
		for _, m := range metrics {
			if math.Abs(got[m]-c.want[m]) > 1e-9 {
				t.Errorf("%v: %s = %.4f, want %.4f", c.hits, m, got[m], c.want[m])
			}
		}
	}
}

// TestGradedNeeds runs every need of testdata/needs.json over the real
// archive and scores the first ten hits against the grades: nDCG@5, MRR and
// P@3 over all needs, and over the needs of the shapes the corpus has few
// of, both as first judged and with the pooled grades. It fails when any
// metric over all needs falls below its floor, so a ranking or matching
// change that makes search worse for these people fails; go test -v -run
// TestGradedNeeds prints a line a need. It also counts the posts of the
// first five that neither judgment has graded: a ranking change that
// raises many of them needs them judged (blind) before its figures mean
// much.
func TestGradedNeeds(t *testing.T) {
	suite := readNeeds(t)
	ix, posts := openArchive(t)
	names := map[string]bool{}
	for _, p := range posts {
		names[p.Name] = true
	}
	rare := 0
	for _, n := range suite.Needs {
		if n.Shape != "words" {
			rare++
		}
		for name, g := range n.Grades {
			if !names[name] || g < 1 || g > 2 {
				t.Errorf("need %s: grade %d for %q: no such post, or not 1 or 2", n.ID, g, name)
			}
		}
		for name, g := range n.Pooled {
			if _, first := n.Grades[name]; first || !names[name] || g < 0 || g > 2 {
				t.Errorf("need %s: pooled grade %d for %q: no such post, not 0-2, or graded already", n.ID, g, name)
			}
		}
	}
	if len(suite.Needs) < 40 || 4*rare < len(suite.Needs) {
		t.Errorf("%d needs, %d of rare shapes: want at least 40, a quarter rare", len(suite.Needs), rare)
	}

	type sums map[string]map[string]float64 // group ("all", "rare") -> metric -> mean
	first, pooled := sums{"all": {}, "rare": {}}, sums{"all": {}, "rare": {}}
	add := func(into sums, n gradedNeed, s map[string]float64) {
		for _, m := range metrics {
			into["all"][m] += s[m] / float64(len(suite.Needs))
			if n.Shape != "words" {
				into["rare"][m] += s[m] / float64(rare)
			}
		}
	}
	unjudged := 0
	var table strings.Builder
	fmt.Fprintf(&table, "%-26s %-12s %6s %5s %4s %6s  %s\n", "need", "shape", "ndcg@5", "rr", "p@3", "pooled", "first hits (grade, ? unjudged)")
	for _, n := range suite.Needs {
		res := run(t, ix, querylang.Request{Query: n.Query, PerPage: 10})
		// The page shows the posts with all but one of the words after
		// those with every word, then those on the same subject, so a
		// reader meets them in that order.
		hits := hitNames(append(append(append([]search.Hit(nil), res.Hits...), res.Nearly...), res.Related...))
		s, all := scoreNeed(n.Grades, hits), n.pooledGrades()
		sp := scoreNeed(all, hits)
		add(first, n, s)
		add(pooled, n, sp)
		var shown []string
		for _, h := range hits[:min(5, len(hits))] {
			g, judged := all[h]
			if !judged {
				unjudged++
				shown = append(shown, h+"(?)")
				continue
			}
			shown = append(shown, fmt.Sprintf("%s(%d)", h, g))
		}
		note := ""
		if res.Corrected {
			note = fmt.Sprintf(" [results for %q]", res.Suggestion.Query)
		}
		fmt.Fprintf(&table, "%-26s %-12s %6.3f %5.2f %4.2f %6.3f  %s%s\n", n.ID, n.Shape, s[metricNDCG], s[metricMRR], s[metricP3], sp[metricNDCG], strings.Join(shown, " "), note)
	}
	if testing.Verbose() {
		t.Logf("%d needs, %d of rare shapes:\n%s", len(suite.Needs), rare, table.String())
	}
	for _, j := range []struct {
		name   string
		sums   sums
		floors map[string]float64
	}{{"as first judged", first, suite.Floors}, {"with pooled grades", pooled, suite.PooledFloors}} {
		t.Logf("%s: all %d needs: nDCG@5 %.3f  MRR %.3f  P@3 %.3f", j.name, len(suite.Needs), j.sums["all"][metricNDCG], j.sums["all"][metricMRR], j.sums["all"][metricP3])
		t.Logf("%s: %d of rare shapes: nDCG@5 %.3f  MRR %.3f  P@3 %.3f", j.name, rare, j.sums["rare"][metricNDCG], j.sums["rare"][metricMRR], j.sums["rare"][metricP3])
		for _, m := range metrics {
			if got, floor := j.sums["all"][m], j.floors[m]; got < floor {
				t.Errorf("%s, %s over all needs is %.3f, below its floor %.3f (testdata/needs.json)", j.name, m, got, floor)
			}
		}
	}
	t.Logf("%d of the first five hits of %d needs have no grade", unjudged, len(suite.Needs))
}
