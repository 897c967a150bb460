package search_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/google/go-cmp/cmp"

	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/querylang"
	"github.com/freerange/weeknotes/search/store/folder"
)

// The in-memory accelerator that filters and counts each search gives the
// totals and facet counts Bleve's own FacetRequest gives over the same
// index, on 250 random searches (words, filters, both) over the real
// archive: every value of every faceted field (author, topics, projects,
// kind, year, month), each facet counted as the accelerator counts it
// (ignoring its own selection), the values a result shows, and the
// timeline against Bleve's date-range facets on date, a range a month and
// a year. The filters are every kind a search has: facet values (one or
// two), after/before (date ranges) and week numbers.
func TestAcceleratorAgreesWithBleveFacets(t *testing.T) {
	t.Parallel()
	ix, posts := openArchive(t)
	plain, err := bleve.OpenUsing(folder.BleveDir(ix.Path), map[string]interface{}{"read_only": true})
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()

	rng := rand.New(rand.NewPCG(1, 2))
	word := regexp.MustCompile(`^[a-z]{4,12}$`)
	var words []string
	for _, p := range posts {
		for _, w := range strings.Fields(strings.ToLower(p.Title + " " + p.Summary)) {
			if word.MatchString(w) {
				words = append(words, w)
			}
		}
	}
	// Facet values, as often as posts have them; and dates and weeks.
	values := map[archive.Facet][]string{}
	var days []string
	var weeks []int
	for _, p := range posts {
		values[archive.FacetAuthor] = append(values[archive.FacetAuthor], p.Author.Slug)
		values[archive.FacetYear] = append(values[archive.FacetYear], p.Created.Format("2006"))
		values[archive.FacetMonth] = append(values[archive.FacetMonth], p.Created.Format("2006-01"))
		values[archive.FacetKind] = append(values[archive.FacetKind], p.Kind)
		for _, v := range p.Projects {
			values[archive.FacetProject] = append(values[archive.FacetProject], v.Slug)
		}
		for _, v := range p.Topics {
			values[archive.FacetTopic] = append(values[archive.FacetTopic], v.Slug)
		}
		days = append(days, p.Created.Format("2006-01-02"))
		if p.Week > 0 {
			weeks = append(weeks, p.Week)
		}
	}
	for _, f := range archive.Facets() {
		if len(values[f]) == 0 {
			t.Fatalf("no post has a %s", f)
		}
	}
	field := func(f archive.Facet) string { return search.FacetField[f] }
	years := ix.Dict(archive.FacetYear).Slugs
	months := ix.Months()

	// A random search's filters, by facet, and the Bleve query of its
	// words and every filter but the facet left out (-1: none).
	type filters struct {
		facets        map[archive.Facet][]string
		after, before string // a day or a month
		week          int
	}
	bleveQuery := func(text []string, fs filters, without archive.Facet) query.Query {
		var must []query.Query
		for _, w := range text {
			m := query.NewMatchQuery(w)
			m.SetField("text")
			must = append(must, m)
		}
		for f, vals := range fs.facets {
			if f == without {
				continue
			}
			var any []query.Query
			for _, v := range vals {
				tq := query.NewTermQuery(v)
				tq.SetField(field(f))
				any = append(any, tq)
			}
			must = append(must, query.NewDisjunctionQuery(any))
		}
		period := func(s string) *time.Time {
			if s == "" {
				return nil
			}
			p, err := querylang.ParsePeriod(s)
			if err != nil {
				t.Fatal(err)
			}
			return &p
		}
		if fs.after != "" || fs.before != "" {
			start, end := period(fs.after), period(fs.before)
			var s, e time.Time
			if start != nil {
				s = *start
			}
			if end != nil {
				e = *end
			}
			yes, no := true, false
			dq := query.NewDateRangeInclusiveQuery(s, e, &yes, &no)
			dq.SetField("date")
			must = append(must, dq)
		}
		if fs.week > 0 {
			w, yes := float64(fs.week), true
			nq := query.NewNumericRangeInclusiveQuery(&w, &w, &yes, &yes)
			nq.SetField("week")
			must = append(must, nq)
		}
		if len(must) == 0 {
			return query.NewMatchAllQuery()
		}
		return query.NewConjunctionQuery(must)
	}
	// bleveCounts runs q with a terms facet on every keyword field and
	// date-range facets on date, a range a year and a month.
	type counts struct {
		total  int
		terms  map[archive.Facet]map[string]int
		years  map[string]int
		months map[string]int
	}
	bleveCounts := func(q query.Query) counts {
		br := bleve.NewSearchRequestOptions(q, 0, 0, false)
		for _, f := range archive.Facets() {
			br.AddFacet(field(f), bleve.NewFacetRequest(field(f), len(ix.Dict(f).Slugs)+1))
		}
		yf := bleve.NewFacetRequest("date", len(years)+1)
		for _, y := range years {
			start, _ := querylang.ParsePeriod(y)
			end := start.AddDate(1, 0, 0)
			yf.AddDateTimeRange(y, start, end)
		}
		mf := bleve.NewFacetRequest("date", len(months)+1)
		for _, m := range months {
			start, _ := querylang.ParsePeriod(m)
			end := start.AddDate(0, 1, 0)
			mf.AddDateTimeRange(m, start, end)
		}
		br.AddFacet("years", yf)
		br.AddFacet("months", mf)
		got, err := plain.Search(br)
		if err != nil {
			t.Fatal(err)
		}
		c := counts{total: int(got.Total), terms: map[archive.Facet]map[string]int{}, years: map[string]int{}, months: map[string]int{}}
		for _, f := range archive.Facets() {
			c.terms[f] = map[string]int{}
			for _, tf := range got.Facets[field(f)].Terms.Terms() {
				c.terms[f][tf.Term] = tf.Count
			}
		}
		for name, into := range map[string]map[string]int{"years": c.years, "months": c.months} {
			for _, r := range got.Facets[name].DateRanges {
				if r.Count > 0 {
					into[r.Name] = r.Count
				}
			}
		}
		return c
	}

	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	checked, nonEmpty, seen := 0, 0, map[string]bool{}
	for i := 0; checked < 250 && i < 2000; i++ {
		var text []string
		for range rng.IntN(3) {
			w := pick(words)
			if len(plain.Mapping().AnalyzerNamed("en").Analyze([]byte(w))) > 0 {
				text = append(text, w) // not a stop word, which Weeknotes drops and a match query of matches nothing
			}
		}
		req := querylang.Request{Query: strings.Join(text, " ")}
		fs := filters{facets: map[archive.Facet][]string{}}
		for range rng.IntN(4) {
			switch k := rng.IntN(int(archive.NumFacets) + 3); {
			case k < int(archive.NumFacets):
				f := archive.Facet(k)
				vals := []string{pick(values[f])}
				if rng.IntN(3) == 0 { // either of two
					if v := pick(values[f]); v != vals[0] {
						vals = append(vals, v)
					}
				}
				fs.facets[f] = vals
			case k == int(archive.NumFacets):
				d := pick(days)
				if rng.IntN(2) == 0 {
					d = d[:7] // a month
				}
				fs.after = d
			case k == int(archive.NumFacets)+1:
				d := pick(days)
				if rng.IntN(2) == 0 {
					d = d[:7]
				}
				fs.before = d
			default:
				if len(weeks) > 0 {
					fs.week = weeks[rng.IntN(len(weeks))]
				}
			}
		}
		for f, vals := range fs.facets {
			switch f {
			case archive.FacetAuthor:
				req.Authors = vals
			case archive.FacetProject:
				req.Projects = vals
			case archive.FacetTopic:
				req.Topics = vals
			case archive.FacetYear:
				req.Years = vals
			case archive.FacetMonth:
				req.Months = vals
			case archive.FacetKind:
				req.Kinds = vals
			}
		}
		req.After, req.Before = fs.after, fs.before
		if fs.week > 0 {
			req.Weeks = []int{fs.week}
		}
		what := fmt.Sprintf("%q %v after %q before %q week %d", req.Query, fs.facets, fs.after, fs.before, fs.week)
		if seen[what] {
			continue
		}
		seen[what] = true
		if err := req.Normalize(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		res, err := ix.Search(context.Background(), req)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if res.Corrected {
			continue // the hits are of another query
		}
		total, accel, perMonth, err := ix.AcceleratorCounts(req)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		checked++
		all := bleveCounts(bleveQuery(text, fs, -1))
		if total != all.total || res.Total != all.total {
			t.Errorf("%s: accelerator %d posts (result %d), Bleve %d", what, total, res.Total, all.total)
			continue
		}
		if total > 0 {
			nonEmpty++
		}
		for _, f := range archive.Facets() {
			want := all.terms[f]
			if fs.facets[f] != nil { // its counts ignore its own selection
				want = bleveCounts(bleveQuery(text, fs, f)).terms[f]
			}
			if diff := cmp.Diff(want, accel[f.Name()]); diff != "" {
				t.Errorf("%s: %s counts differ (-Bleve +accelerator):\n%s", what, f, diff)
			}
			shown, ok := res.Facets[f.Name()]
			if !ok {
				continue
			}
			least := 1 << 30 // the smallest count of the values shown unselected
			for _, v := range shown {
				if v.Count != want[v.Value] {
					t.Errorf("%s: %s %s shows %d posts, Bleve counts %d", what, f, v.Value, v.Count, want[v.Value])
				}
				if !v.Selected {
					least = min(least, v.Count)
				}
			}
			// Every value with posts shows, but for topics only the
			// busiest and for months only the chosen years'.
			for v, n := range want {
				in := slices.ContainsFunc(shown, func(s search.FacetValue) bool { return s.Value == v })
				switch {
				case in:
				case f == archive.FacetTopic && n <= least:
				case f == archive.FacetMonth && len(req.Years) > 0 && !slices.Contains(req.Years, v[:4]):
				default:
					t.Errorf("%s: %s %s has %d posts but is not shown", what, f, v, n)
				}
			}
		}
		// The timeline is the posts that pass every filter, a bar a
		// month: Bleve's date ranges by month, and by year their sums.
		if diff := cmp.Diff(all.months, perMonth); diff != "" {
			t.Errorf("%s: months differ (-Bleve date ranges +accelerator):\n%s", what, diff)
		}
		bars, byYear := map[string]int{}, map[string]int{}
		for _, m := range res.Timeline {
			if m.Count > 0 {
				bars[m.Month] = m.Count
				byYear[m.Month[:4]] += m.Count
			}
		}
		if diff := cmp.Diff(all.months, bars); diff != "" {
			t.Errorf("%s: timeline differs (-Bleve date ranges +result):\n%s", what, diff)
		}
		if diff := cmp.Diff(all.years, byYear); diff != "" {
			t.Errorf("%s: years differ (-Bleve date ranges +timeline):\n%s", what, diff)
		}
	}
	if checked < 200 || nonEmpty < 100 {
		t.Fatalf("only %d searches checked, %d with results", checked, nonEmpty)
	}
	t.Logf("%d searches checked, %d with results", checked, nonEmpty)
}
