package search_test

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/freerange/weeknotes/search/querylang"
)

// nonsenseQuery is n made-up words of the given length, different for each
// seed: words no post uses, each of which asks for a spelling correction.
func nonsenseQuery(seed uint64, n, length int) string {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	words := make([]string, n)
	for i := range words {
		b := make([]byte, length)
		for j := range b {
			b[j] = byte('a' + rng.IntN(26))
		}
		words[i] = string(b)
	}
	return strings.Join(words, " ")
}

// BenchmarkCorrection compares a normal query with one of 32 made-up
// twelve-letter words (a new set each time, as an attacker would send),
// with the result cache off and no correction remembered: correcting words
// must not make a query dearer than about ten normal ones.
func BenchmarkCorrection(b *testing.B) {
	ix := corpusIndex(b)
	ix.SetCacheSize(0)
	for _, c := range []struct {
		name  string
		query func(i int) string
		page  bool // as the search page: nearest topics when nothing matches
	}{
		{"normal", func(int) string { return "redis" }, false},
		{"typo", func(int) string { return "capistrno deploy" }, false},
		{"nonsense-32", func(i int) string { return nonsenseQuery(uint64(i), 32, 12) }, false},
		{"nonsense-32-page", func(i int) string { return nonsenseQuery(uint64(i), 32, 12) }, true},
	} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				ix.ForgetCorrections()
				r := querylang.Request{Query: c.query(i)}
				res, err := ix.Search(context.Background(), r)
				if err != nil {
					b.Fatal(err)
				}
				if c.page && res.Total == 0 {
					ix.NearestTopics(res.Request.Text, 5)
				}
			}
		})
	}
}
