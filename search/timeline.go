package search

import "slices"

// maxTimelineMonths bounds a search result's timeline: fifty years of
// bars, more than any real archive of weeknotes spans.
const maxTimelineMonths = 600

// timeline is a result's bars, months[i] of the query's posts in the i-th
// month of ix.table.Months: every month from the archive's first to its
// last. An archive spanning more than maxTimelineMonths (a post dated
// 0001-01-01 or 9999-12-31 would make it 119,988 months, and every
// response megabytes) gets the maxTimelineMonths stretch that holds the
// most months with posts (the latest on a tie), from its first such month
// to its last. Posts outside it are still found and counted in the year
// facet; they have no bar.
func (ix *Index) timeline(months []int) []MonthCount {
	t := ix.table
	lo, hi := 0, len(t.Months)
	if hi > maxTimelineMonths {
		lo, hi = busiestStretch(t.MonthPos, maxTimelineMonths)
	}
	out := make([]MonthCount, 0, hi-lo)
	for i := lo; i < hi; i++ {
		out = append(out, MonthCount{Month: t.Months[i], Count: months[i]})
	}
	return out
}

// busiestStretch is the span [lo, hi) of at most n places that holds the
// most of the given places (each a month with posts), the latest on a tie,
// from its first place to its last.
func busiestStretch(places []int, n int) (lo, hi int) {
	p := slices.Clone(places)
	slices.Sort(p)
	p = slices.Compact(p)
	if len(p) == 0 {
		return 0, 0
	}
	best, l := 0, 0
	for r := range p {
		for p[r]-p[l] >= n {
			l++
		}
		if r-l+1 >= best {
			best, lo, hi = r-l+1, p[l], p[r]+1
		}
	}
	return lo, hi
}
