// Package accel is the accelerator every search runs on: a snapshot's
// posts laid out in memory, row for row as the store numbers them, with
// each facet's values numbered (Dict), the dates, weeks and value ids in
// flat columns for the loops of filtering and counting, and inverted
// indexes of title and heading terms for ranking. It is built from a
// store.Snapshot, never from a second source, and never changes.
package accel

import (
	"sort"
	"strings"
	"sync"

	"github.com/freerange/weeknotes/search/analysis"
	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/querylang"
	"github.com/freerange/weeknotes/search/store"
	"github.com/freerange/weeknotes/search/store/schema"
)

// FacetField is each facet's field in the Bleve index.
var FacetField = [archive.NumFacets]string{schema.FieldAuthor, schema.FieldProjects, schema.FieldTopics, schema.FieldYear, schema.FieldMonth, schema.FieldKind}

// dict numbers the values of one facet.
type Dict struct {
	Slugs     []string
	Labels    []string
	IDs       map[string]int32
	SlugRank  []int32 // id -> place in slug order
	LabelRank []int32 // id -> place in label order (case-insensitive)
}

// rank numbers a dict's values in slug and label order, so facets sort by
// comparing integers.
func (d *Dict) rank() {
	order := func(key func(int32) string) []int32 {
		ids := make([]int32, len(d.Slugs))
		for i := range ids {
			ids[i] = int32(i)
		}
		sort.SliceStable(ids, func(i, j int) bool { return key(ids[i]) < key(ids[j]) })
		rank := make([]int32, len(ids))
		for place, id := range ids {
			rank[id] = int32(place)
		}
		return rank
	}
	d.SlugRank = order(func(id int32) string { return d.Slugs[id] })
	d.LabelRank = order(func(id int32) string { return strings.ToLower(d.Labels[id]) })
}

// idFor is id with the label worked out only for a new value.
func (d *Dict) idFor(slug string, label func() string) int32 {
	if id, ok := d.IDs[slug]; ok {
		return id
	}
	return d.id(slug, label())
}

func (d *Dict) id(slug, label string) int32 {
	if id, ok := d.IDs[slug]; ok {
		return id
	}
	id := int32(len(d.Slugs))
	d.IDs[slug] = id
	d.Slugs = append(d.Slugs, slug)
	d.Labels = append(d.Labels, label)
	return id
}

// row is one post in the table: its metadata and its facet value ids.
type Row struct {
	*archive.Post // the snapshot's
	Unix          int64
	Values        [archive.NumFacets][]int32
}

// table is the accelerator: every post's facet values and dates in memory,
// row for row as the snapshot numbers its posts (Snapshot.At), so a match
// from Bleve finds its row without a lookup (Snapshot.RowOf).
type Table struct {
	Rows       []Row
	TitleIndex map[string][]int32  // title term (prose analyzer) -> rows, ascending
	TitleTerms map[string][]string // title or heading -> its terms; shared with the tables made from this one
	// headingIndex: heading term -> rows, ascending. A post's topics are
	// its section headings (indexer.Topic), so their labels are the words
	// of its headings.
	HeadingIndex map[string][]int32
	TitleWords   []string // titleIndex's terms, sorted, for prefixes
	Dicts        [archive.NumFacets]Dict
	Months       []string // every month from the archive's first to its last
	MonthPos     []int    // month value id -> its place in months
	Cols         Columns  // the same facts as rows, laid out for the loops of every search
	usesOnce     sync.Once
	uses         []int // topic value id -> posts
}

// New lays out the posts of s. prev, when set, is the table of the
// snapshot before, whose analysed titles are reused.
func New(s *store.Snapshot, prev *Table) *Table {
	n := s.Len()
	t := &Table{Rows: make([]Row, n), TitleIndex: map[string][]int32{}, TitleTerms: make(map[string][]string, n),
		HeadingIndex: map[string][]int32{}}
	if prev != nil {
		t.TitleTerms = prev.TitleTerms
	}
	for i := range t.Dicts {
		t.Dicts[i].IDs = map[string]int32{}
	}
	cat := &s.Catalog
	prose := analysis.Prose()
	for i := range n {
		p := s.At(int32(i))
		rw := Row{Post: p, Unix: p.Created.Unix()}
		// A value's label is worked out only the first time the table
		// meets the value: most rows repeat values already seen.
		add := func(f archive.Facet, slug string, label func() string) {
			if slug != "" {
				rw.Values[f] = append(rw.Values[f], t.Dicts[f].idFor(slug, label))
			}
		}
		add(archive.FacetAuthor, p.Author.Slug, func() string { return cat.Label(schema.FieldAuthor, p.Author.Slug) })
		for _, v := range p.Projects {
			add(archive.FacetProject, v.Slug, func() string { return cat.Label(schema.FieldProjects, v.Slug) })
		}
		for _, v := range p.Topics {
			add(archive.FacetTopic, v.Slug, func() string { return cat.Label(schema.FieldTopics, v.Slug) })
		}
		year := schema.YearOf(p.Created)
		add(archive.FacetYear, year, func() string { return year })
		add(archive.FacetMonth, schema.MonthOf(p.Created), func() string { return p.Created.Format("January 2006") })
		add(archive.FacetKind, p.Kind, func() string { return p.Kind })
		t.Rows[i] = rw
		// Titles' terms carry over from table to table (only the writer
		// builds tables, one at a time, so the map is shared).
		termsOf := func(s string) []string {
			terms, ok := t.TitleTerms[s]
			if !ok {
				for _, tok := range prose.Analyze([]byte(s)) {
					terms = append(terms, string(tok.Term))
				}
				t.TitleTerms[s] = terms
			}
			return terms
		}
		index := func(into map[string][]int32, terms []string) {
			for _, term := range terms {
				if rows := into[term]; len(rows) == 0 || rows[len(rows)-1] != int32(i) {
					into[term] = append(rows, int32(i))
				}
			}
		}
		index(t.TitleIndex, termsOf(p.Title))
		for _, topic := range p.Topics {
			index(t.HeadingIndex, termsOf(topic.Label))
		}
	}
	for f := range t.Dicts {
		t.Dicts[f].rank()
	}
	t.Months = monthRange(t.Dicts[archive.FacetMonth].Slugs)
	pos := map[string]int{}
	for i, m := range t.Months {
		pos[m] = i
	}
	for _, slug := range t.Dicts[archive.FacetMonth].Slugs {
		t.MonthPos = append(t.MonthPos, pos[slug])
	}
	t.buildColumns()
	for w := range t.TitleIndex {
		t.TitleWords = append(t.TitleWords, w)
	}
	sort.Strings(t.TitleWords)
	return t
}

// monthRange lists every month from the earliest to the latest of months.
func monthRange(months []string) []string {
	if len(months) == 0 {
		return nil
	}
	sorted := append([]string(nil), months...)
	sort.Strings(sorted)
	first, err1 := querylang.ParsePeriod(sorted[0])
	last, err2 := querylang.ParsePeriod(sorted[len(sorted)-1])
	if err1 != nil || err2 != nil {
		return sorted
	}
	var out []string
	for m := first; !m.After(last); m = m.AddDate(0, 1, 0) {
		out = append(out, m.Format("2006-01"))
	}
	return out
}

// columns holds, for each row, what filtering and facet counting read, in
// flat arrays: a search over 100,000 posts touches a few megabytes here
// rather than every row's whole Post.
type Columns struct {
	Unix     []int64
	Week     []int32
	MonthPos []int32 // place in table.Months
	// Facet value ids of row d in facet f: ids[f][off[f][d]:off[f][d+1]].
	Off [archive.NumFacets][]uint32
	IDs [archive.NumFacets][]int32
}

func (t *Table) buildColumns() {
	n := len(t.Rows)
	c := Columns{Unix: make([]int64, n), Week: make([]int32, n), MonthPos: make([]int32, n)}
	for f := range c.Off {
		c.Off[f] = make([]uint32, 0, n+1)
		c.Off[f] = append(c.Off[f], 0)
	}
	for d := range t.Rows {
		r := &t.Rows[d]
		c.Unix[d] = r.Unix
		c.Week[d] = int32(r.Week)
		c.MonthPos[d] = int32(t.MonthPos[r.Values[archive.FacetMonth][0]])
		for f := range c.IDs {
			c.IDs[f] = append(c.IDs[f], r.Values[f]...)
			c.Off[f] = append(c.Off[f], uint32(len(c.IDs[f])))
		}
	}
	t.Cols = c
}

// topicUses counts the posts of each topic.
func (t *Table) TopicUses() []int {
	t.usesOnce.Do(func() {
		t.uses = make([]int, len(t.Dicts[archive.FacetTopic].Slugs))
		for i := range t.Rows {
			for _, v := range t.Rows[i].Values[archive.FacetTopic] {
				t.uses[v]++
			}
		}
	})
	return t.uses
}
