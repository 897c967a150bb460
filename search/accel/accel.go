// Package accel is the accelerator every search runs on: a snapshot's
// posts laid out in memory, row for row as the store numbers them, with
// each facet's values numbered (Dict), the dates, weeks and value ids in
// flat columns for the loops of filtering and counting, and inverted
// indexes of title and heading terms for ranking. It is built from a
// store.Snapshot, never from a second source, and never changes.
package accel

import (
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"

	"github.com/freerange/weeknotes/search/analysis"
	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/querylang"
	"github.com/freerange/weeknotes/search/store"
	"github.com/freerange/weeknotes/search/store/catalog"
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
	uses         [archive.NumFacets][]int // facet, value id -> posts
	carried      bool                     // see Carried
}

// New lays out the posts of s. prev, when set, is the table of the
// snapshot before, whose analysed titles are reused.
func New(s *store.Snapshot, prev *Table) *Table {
	if prev != nil {
		if t, ok := carryOver(s, prev); ok {
			return t
		}
	}
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
	for i := range int32(n) {
		t.Rows[i] = t.row(s.At(i), cat)
		t.indexTerms(i, prose)
	}
	t.finish()
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

// Uses counts the posts of each value of facet f, by value id.
func (t *Table) Uses(f archive.Facet) []int {
	t.usesOnce.Do(func() {
		for f := range t.Dicts {
			t.uses[f] = make([]int, len(t.Dicts[f].Slugs))
		}
		for i := range t.Rows {
			for f, vals := range t.Rows[i].Values {
				for _, v := range vals {
					t.uses[f][v]++
				}
			}
		}
	})
	return t.uses[f]
}

// carryOver lays out s from prev, the table of the snapshot before, when
// an update only took rows away and added some after all the rest (as a
// batch does until Bleve's merger reorders segments): the rows that stay
// keep their facet value ids and their places in the term indexes,
// renumbered, and only the new rows are analysed. At 100,000 posts this
// is most of the work of an update under serve --watch. ok is false when
// the rows moved otherwise, or a facet value lost its last post; then New
// builds afresh, as the result must be the same either way (tests hold
// the accelerator to Bleve's own counts after random updates).
func carryOver(s *store.Snapshot, prev *Table) (*Table, bool) {
	n := s.Len()
	// Where each of prev's rows went: -1 for gone or put again. The rows
	// that stay are in the same order, so one walk of both finds them.
	moved := make([]int32, len(prev.Rows))
	i := int32(0)
	for j := range prev.Rows {
		moved[j] = -1
		q := prev.Rows[j].Post
		if int(i) < n && s.At(i).Name == q.Name && !s.Put(q.Name) {
			if !sameFacts(q, s.At(i)) {
				return nil, false // changed without being put: build afresh to be sure
			}
			moved[j] = i
			i++
		}
	}
	last := i - 1
	for k := i; k < int32(n); k++ {
		if !s.Put(s.At(k).Name) {
			return nil, false // an old row after the new ones: a merge reordered them
		}
	}
	t := &Table{Rows: make([]Row, n), TitleTerms: prev.TitleTerms}
	for f := range t.Dicts {
		d := &prev.Dicts[f]
		t.Dicts[f] = Dict{Slugs: slices.Clone(d.Slugs), Labels: slices.Clone(d.Labels), IDs: maps.Clone(d.IDs)}
	}
	for j, i := range moved {
		if i >= 0 {
			t.Rows[i] = Row{Post: s.At(i), Unix: prev.Rows[j].Unix, Values: prev.Rows[j].Values}
		}
	}
	remap := func(index map[string][]int32) map[string][]int32 {
		out := make(map[string][]int32, len(index))
		for term, rows := range index {
			var next []int32
			for _, r := range rows {
				if m := moved[r]; m >= 0 {
					next = append(next, m)
				}
			}
			if len(next) > 0 {
				out[term] = next
			}
		}
		return out
	}
	t.TitleIndex, t.HeadingIndex = remap(prev.TitleIndex), remap(prev.HeadingIndex)
	cat := &s.Catalog
	prose := analysis.Prose()
	for i := last + 1; i < int32(n); i++ {
		t.Rows[i] = t.row(s.At(i), cat)
		t.indexTerms(i, prose)
	}
	// Labels follow the catalog's current best label for each value.
	for f, field := range map[archive.Facet]string{archive.FacetAuthor: schema.FieldAuthor, archive.FacetProject: schema.FieldProjects, archive.FacetTopic: schema.FieldTopics} {
		d := &t.Dicts[f]
		for id, slug := range d.Slugs {
			d.Labels[id] = cat.Label(field, slug)
		}
	}
	// Every value keeps a post, or the archive's lists would show empty
	// values: build afresh instead.
	for f := range t.Dicts {
		uses := make([]int, len(t.Dicts[f].Slugs))
		for i := range t.Rows {
			for _, v := range t.Rows[i].Values[f] {
				uses[v]++
			}
		}
		if slices.Contains(uses, 0) {
			return nil, false
		}
	}
	t.finish()
	t.carried = true
	return t, true
}

// Carried reports whether the table was carried over from the one before
// (carryOver) rather than built afresh.
func (t *Table) Carried() bool { return t.carried }

// sameFacts reports whether a post's table facts (what New reads) are
// the same in two snapshots.
func sameFacts(a, b *archive.Post) bool {
	return a.Title == b.Title && a.Author == b.Author && a.Created.Equal(b.Created) && a.Kind == b.Kind &&
		a.Week == b.Week && slices.Equal(a.Topics, b.Topics) && slices.Equal(a.Projects, b.Projects)
}

// row is p's row: its date and facet value ids, numbering new values.
func (t *Table) row(p *archive.Post, cat *catalog.Catalog) Row {
	rw := Row{Post: p, Unix: p.Created.Unix()}
	// A value's label is worked out only the first time the table meets
	// the value: most rows repeat values already seen.
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
	return rw
}

// indexTerms adds row i's title and heading terms to the term indexes.
// Titles' terms carry over from table to table (only the writer builds
// tables, one at a time, so the map is shared).
func (t *Table) indexTerms(i int32, prose bleveanalysis.Analyzer) {
	p := t.Rows[i].Post
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
			if rows := into[term]; len(rows) == 0 || rows[len(rows)-1] != i {
				into[term] = append(rows, i)
			}
		}
	}
	index(t.TitleIndex, termsOf(p.Title))
	for _, topic := range p.Topics {
		index(t.HeadingIndex, termsOf(topic.Label))
	}
}

// finish ranks the values, lays out the months and the columns, and lists
// the title words.
func (t *Table) finish() {
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
}
