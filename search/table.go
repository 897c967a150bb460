package search

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
type dict struct {
	slugs     []string
	labels    []string
	ids       map[string]int32
	slugRank  []int32 // id -> place in slug order
	labelRank []int32 // id -> place in label order (case-insensitive)
}

// rank numbers a dict's values in slug and label order, so facets sort by
// comparing integers.
func (d *dict) rank() {
	order := func(key func(int32) string) []int32 {
		ids := make([]int32, len(d.slugs))
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
	d.slugRank = order(func(id int32) string { return d.slugs[id] })
	d.labelRank = order(func(id int32) string { return strings.ToLower(d.labels[id]) })
}

// idFor is id with the label worked out only for a new value.
func (d *dict) idFor(slug string, label func() string) int32 {
	if id, ok := d.ids[slug]; ok {
		return id
	}
	return d.id(slug, label())
}

func (d *dict) id(slug, label string) int32 {
	if id, ok := d.ids[slug]; ok {
		return id
	}
	id := int32(len(d.slugs))
	d.ids[slug] = id
	d.slugs = append(d.slugs, slug)
	d.labels = append(d.labels, label)
	return id
}

// row is one post in the table: its metadata and its facet value ids.
type row struct {
	*archive.Post // the snapshot's
	unix          int64
	values        [archive.NumFacets][]int32
}

// table is the accelerator: every post's facet values and dates in memory,
// row for row as the snapshot numbers its posts (Snapshot.At), so a match
// from Bleve finds its row without a lookup (Snapshot.RowOf).
type table struct {
	rows       []row
	titleIndex map[string][]int32  // title term (prose analyzer) -> rows, ascending
	titleTerms map[string][]string // title or heading -> its terms; shared with the tables made from this one
	// headingIndex: heading term -> rows, ascending. A post's topics are
	// its section headings (indexer.Topic), so their labels are the words
	// of its headings.
	headingIndex map[string][]int32
	titleWords   []string // titleIndex's terms, sorted, for prefixes
	dicts        [archive.NumFacets]dict
	months       []string // every month from the archive's first to its last
	monthPos     []int    // month value id -> its place in months
	cols         columns  // the same facts as rows, laid out for the loops of every search
	usesOnce     sync.Once
	uses         []int     // topic value id -> posts
	scratch      sync.Pool // *scratch: one search's reusable buffers, shared by every reference to the snapshot
}

// newTable lays out the posts of s. prev, when set, is the table of the
// snapshot before, whose analysed titles are reused.
func newTable(s *store.Snapshot, prev *table) *table {
	n := s.Len()
	t := &table{rows: make([]row, n), titleIndex: map[string][]int32{}, titleTerms: make(map[string][]string, n),
		headingIndex: map[string][]int32{}}
	if prev != nil {
		t.titleTerms = prev.titleTerms
	}
	for i := range t.dicts {
		t.dicts[i].ids = map[string]int32{}
	}
	cat := &s.Catalog
	prose := analysis.Prose()
	for i := range n {
		p := s.At(int32(i))
		rw := row{Post: p, unix: p.Created.Unix()}
		// A value's label is worked out only the first time the table
		// meets the value: most rows repeat values already seen.
		add := func(f archive.Facet, slug string, label func() string) {
			if slug != "" {
				rw.values[f] = append(rw.values[f], t.dicts[f].idFor(slug, label))
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
		t.rows[i] = rw
		// Titles' terms carry over from table to table (only the writer
		// builds tables, one at a time, so the map is shared).
		termsOf := func(s string) []string {
			terms, ok := t.titleTerms[s]
			if !ok {
				for _, tok := range prose.Analyze([]byte(s)) {
					terms = append(terms, string(tok.Term))
				}
				t.titleTerms[s] = terms
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
		index(t.titleIndex, termsOf(p.Title))
		for _, topic := range p.Topics {
			index(t.headingIndex, termsOf(topic.Label))
		}
	}
	for f := range t.dicts {
		t.dicts[f].rank()
	}
	t.months = monthRange(t.dicts[archive.FacetMonth].slugs)
	pos := map[string]int{}
	for i, m := range t.months {
		pos[m] = i
	}
	for _, slug := range t.dicts[archive.FacetMonth].slugs {
		t.monthPos = append(t.monthPos, pos[slug])
	}
	t.buildColumns()
	for w := range t.titleIndex {
		t.titleWords = append(t.titleWords, w)
	}
	sort.Strings(t.titleWords)
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
type columns struct {
	unix     []int64
	week     []int32
	monthPos []int32 // place in table.months
	// Facet value ids of row d in facet f: ids[f][off[f][d]:off[f][d+1]].
	off [archive.NumFacets][]uint32
	ids [archive.NumFacets][]int32
}

func (t *table) buildColumns() {
	n := len(t.rows)
	c := columns{unix: make([]int64, n), week: make([]int32, n), monthPos: make([]int32, n)}
	for f := range c.off {
		c.off[f] = make([]uint32, 0, n+1)
		c.off[f] = append(c.off[f], 0)
	}
	for d := range t.rows {
		r := &t.rows[d]
		c.unix[d] = r.unix
		c.week[d] = int32(r.Week)
		c.monthPos[d] = int32(t.monthPos[r.values[archive.FacetMonth][0]])
		for f := range c.ids {
			c.ids[f] = append(c.ids[f], r.values[f]...)
			c.off[f] = append(c.off[f], uint32(len(c.ids[f])))
		}
	}
	t.cols = c
}

// topicUses counts the posts of each topic.
func (t *table) topicUses() []int {
	t.usesOnce.Do(func() {
		t.uses = make([]int, len(t.dicts[archive.FacetTopic].slugs))
		for i := range t.rows {
			for _, v := range t.rows[i].values[archive.FacetTopic] {
				t.uses[v]++
			}
		}
	})
	return t.uses
}

// Dict is one facet's values, numbered: value id i is Slugs[i], shown as
// Labels[i]. Read-only: it is the table's own.
type Dict struct {
	Slugs  []string
	Labels []string
	IDs    map[string]int32 // slug -> id
}

// Dict is the values of facet f.
func (ix *Index) Dict(f archive.Facet) Dict {
	d := &ix.table.dicts[f]
	return Dict{Slugs: d.slugs, Labels: d.labels, IDs: d.ids}
}

// Values are the value ids (see Dict) a row has in facet f. Read-only.
func (ix *Index) Values(row int32, f archive.Facet) []int32 { return ix.table.rows[row].values[f] }

// Unix is a row's creation time in seconds, for sorting.
func (ix *Index) Unix(row int32) int64 { return ix.table.rows[row].unix }

// Months is every month ("2006-01") from the archive's first to its last.
// Read-only.
func (ix *Index) Months() []string { return ix.table.months }

// MonthPlace is the place in Months of the month whose value id is id.
func (ix *Index) MonthPlace(id int32) int { return ix.table.monthPos[id] }
