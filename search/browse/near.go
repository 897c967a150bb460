package browse

import (
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/freerange/weeknotes/search/archive"
)

// A Place is a page a name can lead to: a post, person or project at
// /SLUG, or a topic at /tags/SLUG.
type Place struct {
	Kind  string // "post", "person", "project", "topic"
	Slug  string
	Label string
}

// places is every name of the archive, by the form Near compares.
type places struct {
	once  sync.Once
	all   []Place
	loose [][]byte           // all[i]'s slug with no hyphens, for the edit distance
	words []map[string]bool  // all[i]'s slug's words
	by    map[string][]int32 // loose form -> places
	df    map[string]int     // word -> places whose slugs have it
}

// looseForm is a name as Near compares it: a slug without its hyphens, so
// that case and punctuation don't matter ("Week-474", "week474" and
// "week 474" are all week474).
func looseForm(name string) string { return strings.ReplaceAll(archive.Slug(name), "-", "") }

func (b *Browse) places() *places {
	b.near.once.Do(func() {
		pl := &b.near
		pl.by = map[string][]int32{}
		pl.df = map[string]int{}
		add := func(p Place) {
			i := int32(len(pl.all))
			pl.all = append(pl.all, p)
			l := looseForm(p.Slug)
			pl.loose = append(pl.loose, []byte(l))
			pl.by[l] = append(pl.by[l], i)
			ws := map[string]bool{}
			for _, w := range strings.Split(p.Slug, "-") {
				if w != "" && !ws[w] {
					ws[w] = true
					pl.df[w]++
				}
			}
			pl.words = append(pl.words, ws)
		}
		for _, r := range b.byDate {
			p := b.ix.At(r)
			add(Place{Kind: "post", Slug: p.Name, Label: p.Title})
		}
		flat := map[string]bool{}
		for _, r := range b.byDate {
			flat[b.ix.At(r).Name] = true
		}
		for _, f := range []archive.Facet{archive.FacetAuthor, archive.FacetProject} {
			kind := map[archive.Facet]string{archive.FacetAuthor: "person", archive.FacetProject: "project"}[f]
			for _, c := range b.Terms(f, true) {
				if !flat[c.Slug] {
					flat[c.Slug] = true
					add(Place{Kind: kind, Slug: c.Slug, Label: c.Label})
				}
			}
		}
		for _, c := range b.Terms(archive.FacetTopic, true) {
			add(Place{Kind: "topic", Slug: c.Slug, Label: c.Label})
		}
	})
	return &b.near
}

// maxNearName bounds the names Near compares: a longer one is no typo of
// a name of the archive.
const maxNearName = 120

// Near finds the pages a name that leads nowhere may have meant, among
// pages of the kinds given ("post", "person", "project", "topic"). same
// are those whose names differ from it only in case or punctuation
// (/Week-474, /week474 and /tags/CoTech); nearest, up to n others, by edit
// distance between the names, else by the share of the name's words they
// have (rare words count for more), nearest first.
func (b *Browse) Near(name string, kinds []string, n int) (same, nearest []Place) {
	if len(name) > maxNearName {
		return nil, nil
	}
	pl := b.places()
	want := map[string]bool{}
	for _, k := range kinds {
		want[k] = true
	}
	loose := looseForm(name)
	if loose == "" {
		return nil, nil
	}
	for _, i := range pl.by[loose] {
		if want[pl.all[i].Kind] {
			same = append(same, pl.all[i])
		}
	}

	type cand struct {
		i     int32
		score float64 // lower is nearer
	}
	var cands []cand
	budget := max(1, min(3, len(loose)/4)) // edits allowed: 1 for short names, up to 3
	total := float64(len(pl.all))
	idf := func(w string) float64 { return math.Log(1 + total/float64(max(1, pl.df[w]))) }
	words := map[string]bool{}
	info := 0.0 // what the name's words say, in all
	for _, w := range strings.Split(archive.Slug(name), "-") {
		if w != "" && !words[w] {
			words[w] = true
			info += idf(w)
		}
	}
	lb := []byte(loose)
	row := make([]int, len(lb)+1)
	for i, p := range pl.all {
		if !want[p.Kind] || string(pl.loose[i]) == loose {
			continue
		}
		score := -1.0
		if abs(len(pl.loose[i])-len(lb)) <= budget {
			if e := editDistance(lb, pl.loose[i], budget, row); e <= budget {
				score = float64(e)
			}
		}
		if score < 0 && info > 0 {
			shared := 0.0
			for w := range words {
				if pl.words[i][w] {
					shared += idf(w)
				}
			}
			// Words that say at least half of what the name says: after
			// every near spelling, those sharing more first.
			if share := shared / info; share >= 0.5 {
				score = float64(budget) + 2 - share
			}
		}
		if score >= 0 {
			cands = append(cands, cand{int32(i), score})
		}
	}
	sort.SliceStable(cands, func(x, y int) bool { return cands[x].score < cands[y].score })
	for _, c := range cands[:min(n, len(cands))] {
		nearest = append(nearest, pl.all[c.i])
	}
	return same, nearest
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// editDistance is the Levenshtein distance between a and b, or budget+1
// once it must exceed budget; row is scratch of len(a)+1.
func editDistance(a, b []byte, budget int, row []int) int {
	for i := range row {
		row[i] = i
	}
	for j := 1; j <= len(b); j++ {
		prev := row[0]
		row[0] = j
		best := row[0]
		for i := 1; i <= len(a); i++ {
			cur := row[i]
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			row[i] = min(row[i]+1, row[i-1]+1, prev+cost)
			prev = cur
			best = min(best, row[i])
		}
		if best > budget {
			return budget + 1
		}
	}
	return row[len(a)]
}
