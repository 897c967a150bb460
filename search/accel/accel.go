// Package accel is the accelerator every search runs on: a snapshot's
// posts laid out in memory, row for row as the store numbers them, with
// each facet's values numbered (Dict), the dates, weeks and value ids in
// flat columns for the loops of filtering and counting, and inverted
// indexes of title and heading terms for ranking. It is built from a
// store.Snapshot, never from a second source, and never changes.
package accel

import (
	"bytes"
	"maps"
	"slices"
	"sort"
	"strconv"
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

// Lookup finds a value by slug, by the slug of what was typed, or by its
// label ignoring case: author:chris-roos, author:"Chris Roos".
func (d *Dict) Lookup(v string) (int32, bool) {
	if id, ok := d.IDs[v]; ok {
		return id, true
	}
	if id, ok := d.IDs[archive.Slug(v)]; ok {
		return id, true
	}
	for id, l := range d.Labels {
		if strings.EqualFold(l, strings.TrimSpace(v)) {
			return int32(id), true
		}
	}
	return 0, false
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

// Row is one post in the table: its metadata and its date, for sorting.
// Its facet value ids are in the columns (Table.Values): a slice header a
// facet in every row cost a server some 20 MB at 100,000 posts.
type Row struct {
	*archive.Post // the snapshot's
	Unix          int64
}

// table is the accelerator: every post's facet values and dates in memory,
// row for row as the snapshot numbers its posts (Snapshot.At), so a match
// from Bleve comes as its row (Snapshot.Match).
type Table struct {
	Rows       []Row
	TitleIndex map[string][]int32 // title term (prose analyzer) -> rows, ascending
	// headingIndex: heading term -> rows, ascending. A post's topics are
	// its section headings (indexer.Topic), so their labels are the words
	// of its headings.
	HeadingIndex map[string][]int32
	// TitleForms and HeadingForms: Form(term, length) -> rows, ascending:
	// the same terms with the length of the word each was made from, so
	// ranking can tell "accessibility" from "access" (one stem). Per
	// term, like the indexes: no row keeps its terms.
	TitleForms   map[string][]int32
	HeadingForms map[string][]int32
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
// snapshot before, which New carries over when it can (carryOver).
func New(s *store.Snapshot, prev *Table) *Table {
	if prev != nil {
		if t, ok := carryOver(s, prev); ok {
			return t
		}
	}
	n := s.Len()
	t := &Table{Rows: make([]Row, n), Cols: newColumns(n)}
	for i := range t.Dicts {
		t.Dicts[i].IDs = map[string]int32{}
	}
	cat := &s.Catalog
	terms := newTermIndexer()
	for i := range int32(n) {
		t.addRow(i, s.At(i), cat)
		terms.add(i, t.Rows[i].Post)
	}
	t.TitleIndex, t.HeadingIndex = terms.titles.index(), terms.headings.index()
	t.TitleForms, t.HeadingForms = terms.titleForms.index(), terms.headingForms.index()
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

// newColumns makes the columns of n rows, to be filled in row order
// (Table.appendRow).
func newColumns(n int) Columns {
	c := Columns{Unix: make([]int64, n), Week: make([]int32, n), MonthPos: make([]int32, n)}
	for f := range c.Off {
		c.Off[f] = make([]uint32, 1, n+1)
	}
	return c
}

// Values are the value ids (see Dicts) row has in facet f. Read-only.
func (t *Table) Values(row int32, f archive.Facet) []int32 {
	off := t.Cols.Off[f]
	return t.Cols.IDs[f][off[row]:off[row+1]:off[row+1]]
}

// appendRow makes row i, the next in order, of post p with its facet
// value ids by facet.
func (t *Table) appendRow(i int32, p *archive.Post, unix int64, values func(f archive.Facet) []int32) {
	t.Rows[i] = Row{Post: p, Unix: unix}
	c := &t.Cols
	c.Unix[i] = unix
	c.Week[i] = int32(p.Week)
	for f := range c.IDs {
		c.IDs[f] = append(c.IDs[f], values(archive.Facet(f))...)
		c.Off[f] = append(c.Off[f], uint32(len(c.IDs[f])))
	}
}

// Uses counts the posts of each value of facet f, by value id.
func (t *Table) Uses(f archive.Facet) []int {
	t.usesOnce.Do(func() {
		for f := range t.Dicts {
			t.uses[f] = make([]int, len(t.Dicts[f].Slugs))
			for _, v := range t.Cols.IDs[f] {
				t.uses[f][v]++
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
	t := &Table{Rows: make([]Row, n), Cols: newColumns(n)}
	for f := range t.Dicts {
		d := &prev.Dicts[f]
		t.Dicts[f] = Dict{Slugs: slices.Clone(d.Slugs), Labels: slices.Clone(d.Labels), IDs: maps.Clone(d.IDs)}
	}
	// The rows that stay come first, in their order (moved ascends).
	for j, i := range moved {
		if i >= 0 {
			t.appendRow(i, s.At(i), prev.Rows[j].Unix, func(f archive.Facet) []int32 { return prev.Values(int32(j), f) })
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
	titles, headings := remap(prev.TitleIndex), remap(prev.HeadingIndex)
	titleForms, headingForms := remap(prev.TitleForms), remap(prev.HeadingForms)
	cat := &s.Catalog
	terms := newTermIndexer()
	for i := last + 1; i < int32(n); i++ {
		t.addRow(i, s.At(i), cat)
		terms.add(i, t.Rows[i].Post)
	}
	// The new rows come after every row kept: their postings go on the end.
	for _, x := range []struct{ into, from map[string][]int32 }{
		{titles, terms.titles.index()}, {headings, terms.headings.index()},
		{titleForms, terms.titleForms.index()}, {headingForms, terms.headingForms.index()},
	} {
		for term, rows := range x.from {
			x.into[term] = append(x.into[term], rows...)
		}
	}
	t.TitleIndex, t.HeadingIndex = titles, headings
	t.TitleForms, t.HeadingForms = titleForms, headingForms
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
		for _, v := range t.Cols.IDs[f] {
			uses[v]++
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

// addRow makes row i, the next in order, of p: its date and facet value
// ids, numbering new values.
func (t *Table) addRow(i int32, p *archive.Post, cat *catalog.Catalog) {
	var values [archive.NumFacets][]int32
	var buf [16]int32 // most rows' value ids, without allocating
	ids := buf[:0]
	// A value's label is worked out only the first time the table meets
	// the value: most rows repeat values already seen.
	add := func(f archive.Facet, slug string, label func() string) {
		if slug != "" {
			start := len(ids)
			ids = append(ids, t.Dicts[f].idFor(slug, label))
			values[f] = ids[start:len(ids):len(ids)]
		}
	}
	addAll := func(f archive.Facet, terms []archive.Term, field string) {
		start := len(ids)
		for _, v := range terms {
			if v.Slug != "" {
				ids = append(ids, t.Dicts[f].idFor(v.Slug, func() string { return cat.Label(field, v.Slug) }))
			}
		}
		values[f] = ids[start:len(ids):len(ids)]
	}
	add(archive.FacetAuthor, p.Author.Slug, func() string { return cat.Label(schema.FieldAuthor, p.Author.Slug) })
	addAll(archive.FacetProject, p.Projects, schema.FieldProjects)
	addAll(archive.FacetTopic, p.Topics, schema.FieldTopics)
	year := schema.YearOf(p.Created)
	add(archive.FacetYear, year, func() string { return year })
	add(archive.FacetMonth, schema.MonthOf(p.Created), func() string { return p.Created.Format("January 2006") })
	add(archive.FacetKind, p.Kind, func() string { return p.Kind })
	t.appendRow(i, p, p.Created.Unix(), func(f archive.Facet) []int32 { return values[f] })
}

// termIndexer builds the inverted indexes of title and heading terms of
// rows added in ascending order. Titles are analysed each time (they are
// short, and nearly all differ); headings, which repeat, once each.
type termIndexer struct {
	prose                    bleveanalysis.Analyzer
	titles, headings         postings
	titleForms, headingForms postings
	headingTerms             map[string][]formed // heading -> its terms
}

// formed is a term and the length in bytes of the word it was made from
// (as the analyzer saw it).
type formed struct {
	term []byte
	n    int
}

// Form is the key in TitleForms and HeadingForms of a term made from a
// word of n bytes.
func Form(term string, n int) string { return term + "/" + strconv.Itoa(n) }

func newTermIndexer() *termIndexer {
	p := func() postings { return postings{ids: map[string]int32{}} }
	return &termIndexer{prose: analysis.Prose(), titles: p(), headings: p(), titleForms: p(), headingForms: p(),
		headingTerms: map[string][]formed{}}
}

// add indexes row i's title and heading terms. A post's topics are its
// section headings (indexer.Topic), so their labels are the words of its
// headings.
func (x *termIndexer) add(i int32, p *archive.Post) {
	for _, tok := range x.prose.Analyze([]byte(p.Title)) {
		x.titles.add(tok.Term, i)
		x.titleForms.add([]byte(Form(string(tok.Term), tok.End-tok.Start)), i)
	}
	for _, topic := range p.Topics {
		terms, ok := x.headingTerms[topic.Label]
		if !ok {
			for _, tok := range x.prose.Analyze([]byte(topic.Label)) {
				terms = append(terms, formed{bytes.Clone(tok.Term), tok.End - tok.Start}) // the analyzer may reuse its buffers
			}
			x.headingTerms[topic.Label] = terms
		}
		for _, t := range terms {
			x.headings.add(t.term, i)
			x.headingForms.add([]byte(Form(string(t.term), t.n)), i)
		}
	}
}

// postings is an inverted index being built: each term numbered, and its
// rows by number, so adding a row of a term already seen allocates no
// string.
type postings struct {
	ids  map[string]int32
	rows [][]int32
}

func (p *postings) add(term []byte, row int32) {
	id, ok := p.ids[string(term)]
	if !ok {
		id = int32(len(p.rows))
		p.ids[string(term)] = id
		p.rows = append(p.rows, nil)
	}
	if rows := p.rows[id]; len(rows) == 0 || rows[len(rows)-1] != row {
		p.rows[id] = append(rows, row)
	}
}

// index is the postings as a map (finish packs it).
func (p *postings) index() map[string][]int32 {
	out := make(map[string][]int32, len(p.ids))
	for term, id := range p.ids {
		out[term] = p.rows[id]
	}
	return out
}

// pack moves every term's rows into one array, each exactly as long as
// it needs: appending row by row leaves up to half of each slice unused,
// some megabytes at 100,000 posts.
func pack(index map[string][]int32) {
	total := 0
	for _, rows := range index {
		total += len(rows)
	}
	all := make([]int32, 0, total)
	for term, rows := range index {
		start := len(all)
		all = append(all, rows...)
		index[term] = all[start:len(all):len(all)]
	}
}

// finish ranks the values, lays out the months and the columns, packs
// the term indexes, and lists the title words.
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
	c := &t.Cols
	for d := range t.Rows {
		c.MonthPos[d] = int32(t.MonthPos[t.Values(int32(d), archive.FacetMonth)[0]])
	}
	for f := range c.IDs {
		c.IDs[f] = slices.Clone(c.IDs[f]) // without append's spare capacity
	}
	pack(t.TitleIndex)
	pack(t.HeadingIndex)
	pack(t.TitleForms)
	pack(t.HeadingForms)
	t.TitleWords = make([]string, 0, len(t.TitleIndex))
	for w := range t.TitleIndex {
		t.TitleWords = append(t.TitleWords, w)
	}
	sort.Strings(t.TitleWords)
}
