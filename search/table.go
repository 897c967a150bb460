package search

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	index "github.com/blevesearch/bleve_index_api"

	"github.com/freerange/weeknotes/search/analysis"
	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/querylang"
)

// facetField is each facet's field in the Bleve index.
var facetField = [archive.NumFacets]string{fieldAuthor, fieldProjects, fieldTopics, fieldYear, fieldMonth, fieldKind}

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
	archive.Post
	unix   int64
	values [archive.NumFacets][]int32
}

// table is every post's metadata in memory, numbered as Bleve numbers its
// documents, so a match from Bleve finds its row without a lookup.
type table struct {
	rows       []row
	text       []span              // rows[i]'s plain text in text.dat
	titleIndex map[string][]int32  // title term (prose analyzer) -> rows, ascending
	titleTerms map[string][]string // title -> its terms; shared with the tables made from this one
	titleWords []string            // titleIndex's terms, sorted, for prefixes
	byInternal []int32             // Bleve's internal doc number -> row; -1 for none
	internal   []uint64            // row -> Bleve's internal doc number
	segments   []segmentSpan       // the snapshot's segments (see segmentLayout)
	byName     map[string]int32
	bySource   map[string]int32 // the post's file -> row
	dicts      [archive.NumFacets]dict
	months     []string // every month from the archive's first to its last
	monthPos   []int    // month value id -> its place in months
	cols       columns  // the same facts as rows, laid out for the loops of every search
	usesOnce   sync.Once
	uses       []int // topic value id -> posts
}

// span is where one post's text lies in text.dat.
type span struct{ Off, Len int64 }

// postsTable is what posts.gob holds.
type postsTable struct {
	Generation uint64         // of the index it was read from
	Posts      []archive.Post // without HTML and Text
	Text       []span         // Posts[i]'s plain text in text.dat
}

// writePostsTable writes posts.gob.
func writePostsTable(dir string, t postsTable) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(t); err != nil {
		return err
	}
	return writeFileSync(filepath.Join(dir, postsFile), buf.Bytes())
}

func readPosts(dir string) (postsTable, error) {
	var t postsTable
	f, err := os.Open(filepath.Join(dir, postsFile))
	if err != nil {
		return t, err
	}
	defer f.Close()
	if err := gob.NewDecoder(bufio.NewReader(f)).Decode(&t); err != nil {
		return t, fmt.Errorf("read %s: %w", f.Name(), err)
	}
	if len(t.Text) != len(t.Posts) {
		return t, fmt.Errorf("read %s: %d posts but %d texts", f.Name(), len(t.Posts), len(t.Text))
	}
	return t, nil
}

// newTable lays out the posts pt for the Bleve snapshot r.
// prev, when set, is the table of the snapshot before, whose analysed
// titles are reused.
//
// fresh names the posts new to this snapshot (nil: all of them): the
// others have their Bleve document numbers worked out from prev's where
// their segment is in both snapshots (see scorch.go), which saves looking
// up every post's number after a small update.
func newTable(r index.IndexReader, pt postsTable, cat *Catalog, prev *table, fresh map[string]bool) (*table, error) {
	posts := pt.Posts
	segments := segmentLayout(r)
	var renum *renumberer
	if prev != nil && fresh != nil {
		renum = newRenumberer(prev.segments, segments)
	}

	// Rows go in Bleve's document order. A search visits its matches in
	// that order and reads each one's columns (date, facet values) to
	// filter and count; with rows in the same order those reads run
	// through memory rather than jump about it, which at 100,000 posts
	// made a common word's search markedly faster (README, Performance).
	internal := make([]uint64, len(posts))
	for i, p := range posts {
		if renum != nil && !fresh[p.Name] {
			if row, ok := prev.byName[p.Name]; ok {
				if n, ok := renum.renumber(prev.internal[row]); ok {
					internal[i] = n
					continue
				}
			}
		}
		iid, err := r.InternalID(p.Name)
		if err != nil || len(iid) != 8 {
			return nil, fmt.Errorf("post %s is in the table but not in the index", p.Name)
		}
		internal[i] = binary.BigEndian.Uint64(iid)
	}
	order := make([]int, len(posts))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return internal[order[a]] < internal[order[b]] })
	posts = permute(posts, order)
	pt.Text = permute(pt.Text, order)
	internal = permute(internal, order)

	t := &table{rows: make([]row, len(posts)), text: pt.Text, byName: make(map[string]int32, len(posts)), bySource: make(map[string]int32, len(posts)), titleIndex: map[string][]int32{},
		titleTerms: make(map[string][]string, len(posts)), internal: internal, segments: segments}
	if prev != nil {
		t.titleTerms = prev.titleTerms
	}
	for i := range t.dicts {
		t.dicts[i].ids = map[string]int32{}
	}
	prose := analysis.Prose()
	var maxInternal uint64
	for i, p := range posts {
		maxInternal = max(maxInternal, internal[i])
		t.byName[p.Name] = int32(i)
		t.bySource[p.Source] = int32(i)

		rw := row{Post: p, unix: p.Created.Unix()}
		// A value's label is worked out only the first time the table
		// meets the value: most rows repeat values already seen.
		add := func(f archive.Facet, slug string, label func() string) {
			if slug != "" {
				rw.values[f] = append(rw.values[f], t.dicts[f].idFor(slug, label))
			}
		}
		add(archive.FacetAuthor, p.Author.Slug, func() string { return cat.Label(fieldAuthor, p.Author.Slug) })
		for _, v := range p.Projects {
			add(archive.FacetProject, v.Slug, func() string { return cat.Label(fieldProjects, v.Slug) })
		}
		for _, v := range p.Topics {
			add(archive.FacetTopic, v.Slug, func() string { return cat.Label(fieldTopics, v.Slug) })
		}
		year := yearOf(p.Created)
		add(archive.FacetYear, year, func() string { return year })
		add(archive.FacetMonth, monthOf(p.Created), func() string { return p.Created.Format("January 2006") })
		add(archive.FacetKind, p.Kind, func() string { return p.Kind })
		t.rows[i] = rw
		// Titles' terms carry over from table to table (only the writer
		// builds tables, one at a time, so the map is shared).
		terms, ok := t.titleTerms[p.Title]
		if !ok {
			for _, tok := range prose.Analyze([]byte(p.Title)) {
				terms = append(terms, string(tok.Term))
			}
			t.titleTerms[p.Title] = terms
		}
		for _, term := range terms {
			if rows := t.titleIndex[term]; len(rows) == 0 || rows[len(rows)-1] != int32(i) {
				t.titleIndex[term] = append(rows, int32(i))
			}
		}
	}
	if n, _ := r.DocCount(); int(n) != len(posts) {
		return nil, fmt.Errorf("index holds %d posts, the table %d", n, len(posts))
	}
	if maxInternal > uint64(4*len(posts)+1024) {
		return nil, fmt.Errorf("index document numbers run to %d for %d posts", maxInternal, len(posts))
	}
	t.byInternal = make([]int32, maxInternal+1)
	for i := range t.byInternal {
		t.byInternal[i] = -1
	}
	for i, iid := range internal {
		t.byInternal[iid] = int32(i)
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
	return t, nil
}

// permute returns xs in the given order: out[i] = xs[order[i]].
func permute[T any](xs []T, order []int) []T {
	out := make([]T, len(order))
	for i, j := range order {
		out[i] = xs[j]
	}
	return out
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
