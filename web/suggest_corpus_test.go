package web_test

import (
	"encoding/json"
	"net/url"
	"testing"
)

// Each search /api/suggest offers on the real archive finds posts, as
// many as it says: /api/search's total for the suggestion's query, typed
// filters and all.
func TestCorpusSuggestCountsAreTotals(t *testing.T) {
	h := corpusServer(t)
	for _, typed := range []string{
		"redis que", "mock", "show and", "pair prog", "code rev", "kamal dep", "mo",
		"author:chris-roos dep", "year:2018 mee", "redsi que", "raspberry p",
	} {
		t.Run(typed, func(t *testing.T) {
			code, body, _ := get(t, h, "/api/suggest?q="+url.QueryEscape(typed))
			var sg struct {
				Suggestions []struct {
					Kind, Label, URL string
					Count            int
				}
			}
			if err := json.Unmarshal([]byte(body), &sg); code != 200 || err != nil {
				t.Fatalf("/api/suggest: status %d, %v: %s", code, err, body)
			}
			offered := 0
			for _, s := range sg.Suggestions {
				if s.Kind != "query" {
					continue
				}
				offered++
				code, body, _ := get(t, h, "/api/search?q="+url.QueryEscape(s.Label))
				var res struct{ Total int }
				if err := json.Unmarshal([]byte(body), &res); code != 200 || err != nil {
					t.Fatalf("/api/search?q=%s: status %d, %v", s.Label, code, err)
				}
				if s.Count == 0 || s.Count != res.Total {
					t.Errorf("%q offered with %d posts; /api/search finds %d", s.Label, s.Count, res.Total)
				}
				if want := "/search?q=" + url.QueryEscape(s.Label); s.URL != want {
					t.Errorf("%q leads to %s, want %s", s.Label, s.URL, want)
				}
			}
			if offered == 0 {
				t.Errorf("no completion of %q: %s", typed, body)
			}
		})
	}
}
