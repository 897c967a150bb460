package search_test

import (
	"context"
	"strings"
	"testing"

	"github.com/freerange/weeknotes/search/querylang"
)

// Count is the Total that Search gives, for every shape of query: words,
// phrases, prefixes, exclusions, alternatives, filters, stop words only,
// typos that are corrected and ones that are not, people's names, the
// words of a post's name, and queries that find nothing.
func TestCountIsSearchTotal(t *testing.T) {
	t.Parallel()
	shared, _ := openArchive(t)
	ix := shared.WithCacheSize(1024) // empty: Count must work it out, not find it
	defer ix.Close()
	queries := []string{
		"redis", "redis queue", "redis question", "week", "pair programming", `"pair programming"`,
		"deploy*", "mocha -release", "kamal OR capistrano", "the", "the and of", "accessability",
		"raspbery pi", "capistrno deploy", "zzzzqqqq", "yak shaving", "author:chris-roos deploy",
		"author:chris-roos", "year:2018 meeting", "topic:mocha release", "kind:blog", "week:410",
		"after:2020 before:2021 kamal", "project:nosuchproject redis", "show and tell",
		"visualisation", "co-op", "redsi question",
		// people named in full, and posts named by their words
		"james mead mocha", "chris roos", "james mead", "introducing harmonia", "harmonia introducing",
		"introducing harmonia year:2009", "week 410", "show and tell 10",
	}
	for _, q := range peerQueriesIfAny(t) {
		queries = append(queries, q.text)
	}
	for _, q := range queries {
		got, err := ix.Count(context.Background(), querylang.Request{Query: q})
		if err != nil {
			t.Fatalf("Count(%q): %v", q, err)
		}
		res := run(t, ix, querylang.Request{Query: q})
		if got != res.Total {
			t.Errorf("Count(%q) = %d; Search's Total %d", q, got, res.Total)
		}
		again, err := ix.Count(context.Background(), querylang.Request{Query: q}) // from the cache
		if err != nil || again != got {
			t.Errorf("Count(%q) again = %d, %v; want %d", q, again, err, got)
		}
	}
	if _, err := ix.Count(context.Background(), querylang.Request{Query: strings.Repeat("x", querylang.MaxQueryBytes+1)}); err == nil {
		t.Error("Count of an over-long query: no error")
	}
}

// peerQueriesIfAny are the peer harness's queries, or none when
// ../shared/bench is absent.
func peerQueriesIfAny(t *testing.T) (out []benchQuery) {
	t.Run("peer-queries", func(t *testing.T) { out = peerQueries(t) })
	return out
}
