package search

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/querylang"
)

// bigResult is a result whose estimate is about size bytes: a timeline of
// many months, as a post dated 9999-12-31 once gave every search.
func bigResult(size int) *Result {
	months := size / 32
	res := &Result{Timeline: make([]MonthCount, months)}
	for i := range res.Timeline {
		res.Timeline[i] = MonthCount{Month: "2018-02", Count: i}
	}
	return res
}

// However large the results, the cache holds at most its bytes (by the
// results' own estimate) and its entries, keeps the newest, and does not
// keep a result too big to share the cache with others.
func TestResultCacheBoundedByBytes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name        string
		entries     int
		maxBytes    int
		resultBytes int
		puts        int
		wantKept    bool // the last result put is kept
	}{
		{"small results: the entry bound binds", 100, 1 << 20, 1000, 500, true},
		{"large results: the byte bound binds", 1024, 1 << 20, 100_000, 1100, true},
		{"a result over an eighth of the bytes is not kept", 1024, 1 << 20, 200_000, 50, false},
		{"the server's cache: 1,100 queries of 1 MB results", resultCacheSize, resultCacheBytes, 1 << 20, 1100, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cache := newResultCacheBytes(c.entries, c.maxBytes)
			res := bigResult(c.resultBytes) // shared: the test holds one, the cache counts each
			for i := range c.puts {
				cache.Put(fmt.Sprintf("q%d", i), res)
				if _, _, total := cache.Held(); total > c.maxBytes {
					t.Fatalf("after %d puts the cache holds %d bytes, bound %d", i+1, total, c.maxBytes)
				}
			}
			entries, n, total := cache.Held()
			want := 0 // entries
			if c.wantKept {
				want = min(c.entries, c.maxBytes/(res.approxBytes()+len("q1000")))
			}
			if n != total || n > c.maxBytes || entries > want {
				t.Errorf("holds %d entries of %d bytes (counted %d); want at most %d entries, %d bytes", entries, total, n, want, c.maxBytes)
			}
			if _, ok := cache.Get(fmt.Sprintf("q%d", c.puts-1)); ok != c.wantKept {
				t.Errorf("last result kept: %v, want %v", ok, c.wantKept)
			}
		})
	}
	t.Run("replacing an entry recounts it", func(t *testing.T) {
		cache := newResultCacheBytes(10, 1<<20)
		cache.Put("q", bigResult(100_000))
		cache.Put("q", bigResult(1000))
		if entries, n, total := cache.Held(); n != total || entries != 1 {
			t.Errorf("%d entries of %d bytes, counted %d", entries, total, n)
		}
	})
}

// The estimate counts what a result reaches: hits' text, facets, timeline.
func TestResultApproxBytes(t *testing.T) {
	t.Parallel()
	small := &Result{}
	long := strings.Repeat("x", 10_000)
	cases := []struct {
		name string
		res  *Result
		min  int
	}{
		{"hits' snippets", &Result{Hits: []Hit{{Snippet: long}, {Post: archive.Post{Title: long}}}}, 20_000},
		{"facets", &Result{Facets: map[string][]FacetValue{"topic": {{Label: long}}}}, 10_000},
		{"timeline", bigResult(119_988 * 32), 119_988 * 24},
		{"request", &Result{Request: querylang.Request{Query: long, Authors: []string{long}}}, 20_000},
	}
	for _, c := range cases {
		if got := c.res.approxBytes(); got < c.min+small.approxBytes() {
			t.Errorf("%s: %d bytes, want at least %d", c.name, got, c.min)
		}
	}
}

// Every field of a querylang.Request changes its cache key: a field added later
// can't be forgotten by the key (it would serve one request's results for
// another).
func TestCacheKeyCoversEveryField(t *testing.T) {
	t.Parallel()
	base := querylang.Request{Query: "redis"}
	if err := base.Normalize(); err != nil {
		t.Fatal(err)
	}
	rt := reflect.TypeOf(base)
	for i := range rt.NumField() {
		f := rt.Field(i)
		if !f.IsExported() || f.Name == "Query" || f.Name == "Text" {
			continue // the parsed query stands for both
		}
		r := base
		v := reflect.ValueOf(&r).Elem().Field(i)
		switch v.Kind() {
		case reflect.String:
			v.SetString("x")
		case reflect.Int:
			v.SetInt(v.Int() + 7)
		case reflect.Slice:
			e := reflect.New(v.Type().Elem()).Elem()
			if e.Kind() == reflect.String {
				e.SetString("x")
			} else {
				e.SetInt(3)
			}
			v.Set(reflect.Append(v, e))
		default:
			t.Fatalf("field %s: a %s; teach this test to change it", f.Name, v.Kind())
		}
		if r.Key() == base.Key() {
			t.Errorf("changing %s leaves the cache key as it was", f.Name)
		}
	}
	other := querylang.Request{Query: "postgres"}
	other.Normalize()
	if other.Key() == base.Key() {
		t.Error("another query has the same key")
	}
}
