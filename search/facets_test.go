package search_test

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/querylang"
)

// The facet tests count by hand, over the posts indexer.Load returns, what
// the index's facets and timeline must report. Nothing here asks the index
// for counts: for a text query only the set of matching posts comes from
// the engine (searched with no filters), and the counts are made from that.

// shown is how many topics the topic facet lists (besides selected ones).
const shown = 20

var facetOrder = []string{"author", "project", "topic", "year", "month"}

// selection is one search as the hand count sees it.
type selection struct {
	match  map[string]bool     // posts the words match; nil: no words
	chosen map[string][]string // facet -> selected slugs
}

// values are a post's values of each facet, once each.
func values(p archive.Post) map[string][]string {
	slugs := func(ts []archive.Term) []string {
		var out []string
		for _, t := range ts {
			if t.Slug != "" && !slices.Contains(out, t.Slug) {
				out = append(out, t.Slug)
			}
		}
		return out
	}
	v := map[string][]string{
		"project": slugs(p.Projects),
		"topic":   slugs(p.Topics),
		"year":    {strconv.Itoa(p.Created.Year())},
		"month":   {p.Created.Format("2006-01")},
	}
	if p.Author.Slug != "" {
		v["author"] = []string{p.Author.Slug}
	}
	return v
}

// labels are the label most posts give each value; ties go to the first
// in byte order.
func labels(posts []archive.Post) map[string]map[string]string {
	uses := map[string]map[string]map[string]int{}
	add := func(facet string, t archive.Term) {
		if uses[facet] == nil {
			uses[facet] = map[string]map[string]int{}
		}
		if uses[facet][t.Slug] == nil {
			uses[facet][t.Slug] = map[string]int{}
		}
		uses[facet][t.Slug][t.Label]++
	}
	for _, p := range posts {
		add("author", p.Author)
		for _, t := range p.Projects {
			add("project", t)
		}
		for _, t := range p.Topics {
			add("topic", t)
		}
		y := strconv.Itoa(p.Created.Year())
		add("year", archive.Term{Slug: y, Label: y})
		add("month", archive.Term{Slug: p.Created.Format("2006-01"), Label: p.Created.Format("January 2006")})
	}
	out := map[string]map[string]string{}
	for facet, bySlug := range uses {
		out[facet] = map[string]string{}
		for slug, byLabel := range bySlug {
			best, n := "", 0
			for l, c := range byLabel {
				if c > n || c == n && l < best {
					best, n = l, c
				}
			}
			out[facet][slug] = best
		}
	}
	return out
}

// handCount is what a search with sel must report: its total, facets and
// timeline. A facet's counts ignore that facet's own selection.
func handCount(posts []archive.Post, sel selection) (int, map[string][]search.FacetValue, []search.MonthCount) {
	counts := map[string]map[string]int{}
	for _, f := range facetOrder {
		counts[f] = map[string]int{}
	}
	months := map[string]int{}
	total := 0
	first, last := "9999-99", "0000-00"
	for _, p := range posts {
		vals := values(p)
		m := vals["month"][0]
		first, last = min(first, m), max(last, m)
		if sel.match != nil && !sel.match[p.Name] {
			continue
		}
		var failing []string
		for f, chosen := range sel.chosen {
			if !slices.ContainsFunc(vals[f], func(v string) bool { return slices.Contains(chosen, v) }) {
				failing = append(failing, f)
			}
		}
		switch len(failing) {
		case 0:
			total++
			months[m]++
			for f, vs := range vals {
				for _, v := range vs {
					counts[f][v]++
				}
			}
		case 1:
			for _, v := range vals[failing[0]] {
				counts[failing[0]][v]++
			}
		}
	}

	label := labels(posts)
	facets := map[string][]search.FacetValue{}
	for _, f := range facetOrder {
		chosen := sel.chosen[f]
		if f == "month" && len(sel.chosen["year"]) == 0 && len(chosen) == 0 {
			continue // the month facet appears once a year is chosen
		}
		list := []search.FacetValue{}
		for slug := range label[f] {
			n, selected := counts[f][slug], slices.Contains(chosen, slug)
			if n == 0 && !selected {
				continue
			}
			if f == "month" && !selected && !slices.Contains(sel.chosen["year"], slug[:4]) && len(sel.chosen["year"]) > 0 {
				continue // months of the chosen years only
			}
			list = append(list, search.FacetValue{Value: slug, Label: label[f][slug], Count: n, Selected: selected})
		}
		switch f {
		case "year":
			sort.Slice(list, func(i, j int) bool { return list[i].Value > list[j].Value })
		case "month":
			sort.Slice(list, func(i, j int) bool { return list[i].Value < list[j].Value })
		default:
			sort.Slice(list, func(i, j int) bool {
				if list[i].Count != list[j].Count {
					return list[i].Count > list[j].Count
				}
				// Labels compare ignoring case: "Code Club" before "CoTech".
				if a, b := strings.ToLower(list[i].Label), strings.ToLower(list[j].Label); a != b {
					return a < b
				}
				return list[i].Value < list[j].Value
			})
		}
		if f == "topic" && len(list) > shown {
			kept := slices.Clone(list[:shown])
			for _, v := range list[shown:] {
				if v.Selected {
					kept = append(kept, v)
				}
			}
			list = kept
		}
		facets[f] = list
	}

	var timeline []search.MonthCount
	for m := first; m <= last; m = nextMonth(m) {
		timeline = append(timeline, search.MonthCount{Month: m, Count: months[m]})
	}
	return total, facets, timeline
}

func nextMonth(m string) string {
	t, err := querylang.ParsePeriod(m)
	if err != nil {
		panic(err)
	}
	return t.AddDate(0, 1, 0).Format("2006-01")
}

// matching is the set of posts the engine matches for q with no filters.
func matching(t *testing.T, ix *search.Index, q string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, h := range every(t, ix, querylang.Request{Query: q}) {
		out[h.Name] = true
	}
	if len(out) == 0 {
		t.Fatalf("%q matches nothing", q)
	}
	return out
}

func TestFacetCounts(t *testing.T) {
	t.Parallel()
	ix, posts := openArchive(t)
	redis := matching(t, ix, "redis")
	cotech := matching(t, ix, "cotech")
	tests := []struct {
		name string
		req  querylang.Request
		sel  selection
	}{
		{"empty query", querylang.Request{}, selection{}},
		{"one author: the author facet still counts every author",
			querylang.Request{Authors: []string{"chris-lowis"}},
			selection{chosen: map[string][]string{"author": {"chris-lowis"}}}},
		{"one author typed by name",
			querylang.Request{Query: `author:"Chris Lowis"`},
			selection{chosen: map[string][]string{"author": {"chris-lowis"}}}},
		{"two authors and a year",
			querylang.Request{Authors: []string{"chris-lowis", "james-mead"}, Years: []string{"2018"}},
			selection{chosen: map[string][]string{"author": {"chris-lowis", "james-mead"}, "year": {"2018"}}}},
		{"year 2018 and a topic",
			querylang.Request{Years: []string{"2018"}, Topics: []string{"asset-manager"}},
			selection{chosen: map[string][]string{"year": {"2018"}, "topic": {"asset-manager"}}}},
		{"year 2018, a topic and a month",
			querylang.Request{Query: "year:2018 topic:asset-manager month:2018-03"},
			selection{chosen: map[string][]string{"year": {"2018"}, "topic": {"asset-manager"}, "month": {"2018-03"}}}},
		{"a selected author with nothing in the selection",
			querylang.Request{Authors: []string{"chris-lowis"}, Years: []string{"2010"}},
			selection{chosen: map[string][]string{"author": {"chris-lowis"}, "year": {"2010"}}}},
		{"a project",
			querylang.Request{Projects: []string{"mocha"}},
			selection{chosen: map[string][]string{"project": {"mocha"}}}},
		{"text", querylang.Request{Query: "redis"}, selection{match: redis}},
		{"text and an author",
			querylang.Request{Query: "redis", Authors: []string{"chris-roos"}},
			selection{match: redis, chosen: map[string][]string{"author": {"chris-roos"}}}},
		{"text, a year and two topics",
			querylang.Request{Query: "cotech year:2017", Topics: []string{"cotech", "gfr"}},
			selection{match: cotech, chosen: map[string][]string{"year": {"2017"}, "topic": {"cotech", "gfr"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, ix, tt.req)
			total, facets, timeline := handCount(posts, tt.sel)
			if res.Total != total {
				t.Errorf("Total = %d, want %d", res.Total, total)
			}
			if diff := cmp.Diff(facets, res.Facets); diff != "" {
				t.Errorf("facets (-want +got):\n%s", diff)
			}
			_, hasMonth := res.Facets["month"]
			if want := len(tt.sel.chosen["year"])+len(tt.sel.chosen["month"]) > 0; hasMonth != want {
				t.Errorf("month facet shown: %v, want %v", hasMonth, want)
			}
			for f, vals := range res.Facets {
				for _, v := range vals {
					if v.Selected != slices.Contains(tt.sel.chosen[f], v.Value) {
						t.Errorf("%s %s: Selected = %v", f, v.Value, v.Selected)
					}
				}
			}

			sum := 0
			for i, m := range res.Timeline {
				sum += m.Count
				if i > 0 && nextMonth(res.Timeline[i-1].Month) != m.Month {
					t.Errorf("timeline jumps from %s to %s", res.Timeline[i-1].Month, m.Month)
				}
			}
			if sum != res.Total {
				t.Errorf("timeline sums to %d, Total %d", sum, res.Total)
			}
			if diff := cmp.Diff(timeline, res.Timeline); diff != "" {
				t.Errorf("timeline (-want +got):\n%s", diff)
			}
		})
	}
}

// The hand count itself, checked against numbers read off the soup with
// grep, so that a mistake in it can't hide one in the engine.
func TestHandCount(t *testing.T) {
	t.Parallel()
	_, posts := openArchive(t)
	total, facets, _ := handCount(posts, selection{chosen: map[string][]string{"year": {"2018"}, "month": {"2018-03", "2018-04", "2018-05"}}})
	if total != 12 {
		t.Errorf("posts of spring 2018 = %d, want 12", total)
	}
	if len(facets["month"]) == 0 {
		t.Error("no month facet once a year is chosen")
	}
}

// Paging by cursor (Next) walks every result exactly once, in the order
// page/per_page paging gives.
func TestCursorPaging(t *testing.T) {
	t.Parallel()
	ix, _ := openArchive(t)
	for _, r := range []querylang.Request{
		{},
		{Sort: querylang.SortOldest, Authors: []string{"chris-roos"}},
		{Query: "cotech"},
		{Query: "asset manager", Years: []string{"2018"}},
		{Query: "the"},
		{Query: "show OR tell OR release", Sort: querylang.SortRelevance},
	} {
		for _, per := range []int{1, 7, querylang.MaxPerPage} {
			name := strings.TrimSpace(r.Query+" "+r.Sort+" "+strings.Join(r.Authors, ",")+strings.Join(r.Years, ",")) + " per_page=" + strconv.Itoa(per)
			t.Run(name, func(t *testing.T) {
				r := r
				r.PerPage = per

				var byPage []string
				total := -1
				for r.Page = 1; r.Page <= querylang.MaxPage; r.Page++ {
					res := run(t, ix, r)
					total = res.Total
					if len(res.Hits) == 0 {
						break
					}
					byPage = append(byPage, hitNames(res.Hits)...)
					if (res.Next == "") != (len(byPage) >= total) {
						t.Fatalf("page %d: Next %q after %d of %d", r.Page, res.Next, len(byPage), total)
					}
				}

				var byCursor []string
				r.Page = 1
				for pages := 0; ; pages++ {
					if pages > total+1 {
						t.Fatalf("cursor paging does not end after %d pages", pages)
					}
					res := run(t, ix, r)
					if res.Total != total {
						t.Errorf("cursor page %d: Total %d, want %d", pages+1, res.Total, total)
					}
					if len(res.Hits) > per {
						t.Errorf("cursor page %d: %d hits, per_page %d", pages+1, len(res.Hits), per)
					}
					byCursor = append(byCursor, hitNames(res.Hits)...)
					if res.Next == "" {
						break
					}
					r.Cursor = res.Next
				}

				if len(byPage) != total {
					t.Errorf("page/per_page paging gave %d posts, Total %d", len(byPage), total)
				}
				seen := map[string]bool{}
				for _, n := range byCursor {
					if seen[n] {
						t.Errorf("cursor paging gave %s twice", n)
					}
					seen[n] = true
				}
				if diff := cmp.Diff(byPage, byCursor); diff != "" {
					t.Errorf("cursor order differs from page order (-page +cursor):\n%s", diff)
				}
			})
		}
	}
}
