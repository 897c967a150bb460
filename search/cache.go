package search

import (
	"unsafe"

	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/lru"
)

// resultCacheBytes bounds what an Index's result cache holds, by the
// estimate of Result.approxBytes, besides resultCacheSize entries. A first
// page of ten hits is some 10 to 20 KB, so the entry bound is the one that
// binds for ordinary results; the byte bound holds when results are large
// (a hundred hits a page, long titles, a timeline of many months).
const resultCacheBytes = 64 << 20

// resultCache keeps the most recent results of an Index, keyed by the
// normalised request, at most max of them in at most maxBytes (by
// approxBytes). An Index is one snapshot that never changes, and each
// snapshot gets a new Index and so a new, empty cache: an entry can never
// be stale, and nothing needs invalidating by hand.
type resultCache = lru.Cache[*Result]

func newResultCache(max int) *resultCache { return newResultCacheBytes(max, resultCacheBytes) }

func newResultCacheBytes(max, maxBytes int) *resultCache {
	return lru.New(max, maxBytes, func(key string, r *Result) int { return len(key) + r.approxBytes() })
}

// approxBytes estimates the memory a result holds: its structs, and every
// string and slice they reach. Strings shared with the index (titles,
// labels) are counted as if they were not, so it errs high.
func (r *Result) approxBytes() int {
	const mapEntry = 48 // a map entry's share of buckets and bookkeeping
	n := int(unsafe.Sizeof(*r)) + r.Request.ApproxBytes()
	for i := range r.Hits {
		h := &r.Hits[i]
		n += int(unsafe.Sizeof(*h)) + len(h.Snippet) + len(h.TitleHTML) + postBytes(&h.Post)
	}
	for k, vals := range r.Facets {
		n += mapEntry + len(k) + cap(vals)*int(unsafe.Sizeof(FacetValue{}))
		for _, v := range vals {
			n += len(v.Value) + len(v.Label)
		}
	}
	n += cap(r.Timeline) * int(unsafe.Sizeof(MonthCount{}))
	for _, m := range r.Timeline {
		n += len(m.Month)
	}
	if r.Suggestion != nil {
		n += int(unsafe.Sizeof(*r.Suggestion)) + len(r.Suggestion.Query)
	}
	n += cap(r.Filters) * int(unsafe.Sizeof(AppliedFilter{}))
	for _, f := range r.Filters {
		n += len(f.Field) + len(f.Value) + len(f.Label)
	}
	return n + len(r.Next)
}

func postBytes(p *archive.Post) int {
	n := len(p.Name) + len(p.Title) + len(p.Author.Slug) + len(p.Author.Label) + len(p.Kind) +
		len(p.HTML) + len(p.Text) + len(p.Summary) + len(p.Source)
	for _, ts := range [][]archive.Term{p.Topics, p.Projects} {
		n += cap(ts) * int(unsafe.Sizeof(archive.Term{}))
		for _, t := range ts {
			n += len(t.Slug) + len(t.Label)
		}
	}
	return n
}
