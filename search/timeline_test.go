package search

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/querylang"
)

// A post dated 9999-12-31 or 0001-01-01 (the indexer warns of such dates
// now; an older build, or a date it lets through, may still hold one) must
// not make every search's timeline span 119,988 months: the timeline keeps
// to the archive's real months, and the post is still found.
func TestTimelineIgnoresOutlyingDates(t *testing.T) {
	t.Parallel()
	extreme := func(name string, at time.Time) archive.Post {
		return archive.Post{Name: name, Title: name, Author: archive.Term{Slug: "chris-roos", Label: "Chris Roos"},
			Created: at, Updated: at, Kind: "blog", Text: "An outlying zanzibar post about Redis."}
	}
	cases := []struct {
		name        string
		posts       []archive.Post
		first, last string
	}{
		{"the fixture alone", nil, "2017-03", "2018-02"},
		{"a post in 9999", []archive.Post{extreme("far-future", time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC))}, "2017-03", "2018-02"},
		{"posts in 0001 and 9999", []archive.Post{
			extreme("far-past", time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)),
			extreme("far-future", time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)),
		}, "2017-03", "2018-02"},
		{"a post forty years on is within the bound", []archive.Post{extreme("later", date("2057-06-01"))}, "2017-03", "2057-06"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := fixture()
			a.Posts = append(a.Posts, c.posts...)
			ix := openContents(t, a)
			for _, q := range []string{"redis", "zanzibar"} {
				res, err := ix.Search(context.Background(), querylang.Request{Query: q})
				if err != nil {
					t.Fatal(err)
				}
				tl := res.Timeline
				if len(tl) == 0 || len(tl) > maxTimelineMonths || tl[0].Month != c.first || tl[len(tl)-1].Month != c.last {
					t.Fatalf("%q: timeline of %d months, want %s to %s", q, len(tl), c.first, c.last)
				}
				if q == "zanzibar" && res.Total != len(c.posts) {
					t.Errorf("%q: %d posts, want the %d outlying ones", q, res.Total, len(c.posts))
				}
				if data, _ := json.Marshal(res.Timeline); len(data) > 40_000 {
					t.Errorf("%q: timeline is %d bytes of JSON", q, len(data))
				}
			}
		})
	}
}

func TestBusiestStretch(t *testing.T) {
	t.Parallel()
	cases := []struct {
		places []int
		n      int
		lo, hi int
	}{
		{nil, 10, 0, 0},
		{[]int{5}, 10, 5, 6},
		{[]int{0, 100, 101, 102, 103}, 10, 100, 104},
		{[]int{0, 1, 2, 3, 1000}, 10, 0, 4},
		{[]int{3, 0, 1, 1, 2, 1000}, 10, 0, 4}, // unsorted, repeated
		{[]int{0, 50}, 10, 50, 51},             // a tie: the later
		{[]int{0, 9, 10}, 10, 9, 11},
	}
	for _, c := range cases {
		if lo, hi := busiestStretch(c.places, c.n); lo != c.lo || hi != c.hi {
			t.Errorf("busiestStretch(%v, %d) = [%d, %d), want [%d, %d)", c.places, c.n, lo, hi, c.lo, c.hi)
		}
	}
}
