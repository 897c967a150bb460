// Package browse arranges one snapshot for the archive's pages: the
// timeline (years, months, weeks and the gaps between them), taxonomies
// (people, projects, topics with their counts), a person's or a topic's
// profile, related posts and what makes them so, a post's neighbours, a
// project's mentions, the excerpt a list shows of a post and the passage of
// a topic's section, and the names nearest a name that leads nowhere.
// The archive-wide counts are Bleve's own facet requests (Archive); the
// rest comes from the snapshot's accelerator. A Browse never changes, as
// its snapshot doesn't.
package browse

import (
	"context"
	"log/slog"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/analysis"
	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/highlight"
	"github.com/freerange/weeknotes/search/querylang"
)

// Browse is one index arranged for wandering rather than searching: posts
// in date order, the numbered weeks, each topic, person and project with
// its posts, and related posts. Everything comes from the index's in-memory
// table, computed once by NewBrowse (related posts on first use); a build
// never changes, so neither does its Browse. Lists of posts hold metadata
// only: Index.Get reads a post's HTML.
type Browse struct {
	ix       *search.Index
	byDate   []int32 // rows, oldest first
	datePos  []int32 // row -> its place in byDate
	weeks    []int32 // rows of numbered weeks, by week number then date
	weekPos  []int32 // row -> its place in weeks, or -1
	byFacet  [archive.NumFacets][][]int32
	isoWeek  map[int][]int32 // ISO week number -> rows, oldest first
	people   map[string]*archive.Entity
	projects map[string]*archive.Entity

	termsMu   sync.Mutex
	termCache map[termsKey][]Count // Terms, computed once

	archiveOnce  sync.Once
	archive      *ArchiveFacets
	archiveError error
	countArchive func(context.Context, *search.Index) (*ArchiveFacets, error) // archiveFacets; tests make it fail
	log          *slog.Logger

	opening openings // the archive's opening sentences, for Excerpt
	near    places   // every name of the archive, for Near

	relOnce sync.Once
	terms   [][]string         // row -> its rare-able title and summary terms
	posting map[string][]int32 // term -> rows
	related sync.Map           // row -> []int32
}

// Count is a facet value with its number of posts.
type Count struct {
	Slug  string `json:"slug"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// YearCount is one year of the timeline.
type YearCount struct {
	Year   int          `json:"year"`
	Count  int          `json:"count"`
	Months []MonthTotal `json:"months"`
}

// MonthTotal is the number of posts in one month (1-12) of a year.
type MonthTotal struct {
	Month int `json:"month"`
	Count int `json:"count"`
}

// New arranges ix for browsing; log hears of the archive-wide counts
// falling back to the accelerator (Archive). nil: slog.Default().
func New(ix *search.Index, log *slog.Logger) *Browse {
	if log == nil {
		log = slog.Default()
	}
	n := ix.Len()
	b := &Browse{
		ix:           ix,
		countArchive: archiveFacets,
		log:          log,
		byDate:       make([]int32, n),
		datePos:      make([]int32, n),
		weekPos:      make([]int32, n),
		isoWeek:      map[int][]int32{},
		people:       map[string]*archive.Entity{},
		projects:     map[string]*archive.Entity{},
	}
	for i := range b.byDate {
		b.byDate[i] = int32(i)
		b.weekPos[i] = -1
	}
	sort.SliceStable(b.byDate, func(i, j int) bool { return b.olderRow(b.byDate[i], b.byDate[j]) })
	for pos, r := range b.byDate {
		b.datePos[r] = int32(pos)
		p := b.ix.At(r)
		if p.Week > 0 {
			b.weeks = append(b.weeks, r)
		}
		_, w := p.Created.ISOWeek()
		b.isoWeek[w] = append(b.isoWeek[w], r)
	}
	sort.SliceStable(b.weeks, func(i, j int) bool { return b.ix.At(b.weeks[i]).Week < b.ix.At(b.weeks[j]).Week })
	for pos, r := range b.weeks {
		b.weekPos[r] = int32(pos)
	}
	for f := range b.byFacet {
		b.byFacet[f] = make([][]int32, len(b.ix.Dict(archive.Facet(f)).Slugs))
	}
	// Newest first: walk the date order backwards.
	for pos := n - 1; pos >= 0; pos-- {
		r := b.byDate[pos]
		for f := range b.byFacet {
			for _, v := range b.ix.Values(r, archive.Facet(f)) {
				b.byFacet[f][v] = append(b.byFacet[f][v], r)
			}
		}
	}
	for i := range ix.Catalog.People {
		e := &ix.Catalog.People[i]
		b.people[e.Slug] = e
	}
	for i := range ix.Catalog.Projects {
		e := &ix.Catalog.Projects[i]
		b.projects[e.Slug] = e
	}
	return b
}

func (b *Browse) olderRow(x, y int32) bool {
	if ux, uy := b.ix.Unix(x), b.ix.Unix(y); ux != uy {
		return ux < uy
	}
	return b.ix.At(x).Name < b.ix.At(y).Name
}

func (b *Browse) post(r int32) archive.Post {
	p := *b.ix.At(r)
	p.Summary = b.ix.Summary(r) // read when asked for (store.Snapshot.Summary)
	return p
}

func (b *Browse) posts(rows []int32) []archive.Post {
	out := make([]archive.Post, len(rows))
	for i, r := range rows {
		out[i] = b.post(r)
	}
	return out
}

// Len is the number of posts.
func (b *Browse) Len() int { return len(b.byDate) }

// Latest returns the n newest posts, newest first.
func (b *Browse) Latest(n int) []archive.Post {
	n = min(n, len(b.byDate))
	out := make([]archive.Post, 0, n)
	for i := len(b.byDate) - 1; i >= len(b.byDate)-n; i-- {
		out = append(out, b.post(b.byDate[i]))
	}
	return out
}

// All returns every post, oldest first.
func (b *Browse) All() []archive.Post { return b.posts(b.byDate) }

// Months is every month from the archive's first to its last with its
// number of posts.
func (b *Browse) Months() []search.MonthCount {
	out := make([]search.MonthCount, len(b.ix.Months()))
	for i, m := range b.ix.Months() {
		out[i].Month = m
	}
	// Counted by Bleve's date-range facets (ArchiveFacets); the table's
	// own count is the fallback should that request fail (logged).
	if a, err := b.Archive(); err == nil {
		for i := range out {
			out[i].Count = a.Months[out[i].Month]
		}
		return out
	}
	for id, rows := range b.byFacet[archive.FacetMonth] {
		out[b.ix.MonthPlace(int32(id))].Count = len(rows)
	}
	return out
}

// Timeline is every year from the archive's first to its last, each with
// its twelve months.
func (b *Browse) Timeline() []YearCount {
	var out []YearCount
	for _, m := range b.Months() {
		y, _ := strconv.Atoi(m.Month[:4])
		mo, _ := strconv.Atoi(m.Month[5:])
		if len(out) == 0 || out[len(out)-1].Year != y {
			yc := YearCount{Year: y, Months: make([]MonthTotal, 12)}
			for i := range yc.Months {
				yc.Months[i].Month = i + 1
			}
			out = append(out, yc)
		}
		yc := &out[len(out)-1]
		yc.Count += m.Count
		yc.Months[mo-1].Count = m.Count
	}
	return out
}

// Period returns the posts of a year (month 0) or of one month, oldest first.
func (b *Browse) Period(year, month int) []archive.Post {
	from, to := periodBounds(year, month)
	lo := sort.Search(len(b.byDate), func(i int) bool { return !b.ix.At(b.byDate[i]).Created.UTC().Before(from) })
	hi := sort.Search(len(b.byDate), func(i int) bool { return !b.ix.At(b.byDate[i]).Created.UTC().Before(to) })
	// Dates carry their own zones; a post belongs to the period its own
	// calendar says, so check the edges by that.
	var out []archive.Post
	for i := max(0, lo-2); i < min(len(b.byDate), hi+2); i++ {
		p := b.post(b.byDate[i])
		if inPeriod(p.Created, year, month) {
			out = append(out, p)
		}
	}
	return out
}

func periodBounds(year, month int) (time.Time, time.Time) {
	if month == 0 {
		return time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Add(-14 * time.Hour), time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC).Add(14 * time.Hour)
	}
	return time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC).Add(-14 * time.Hour), time.Date(year, time.Month(month)+1, 1, 0, 0, 0, 0, time.UTC).Add(14 * time.Hour)
}

func inPeriod(t time.Time, year, month int) bool {
	return t.Year() == year && (month == 0 || int(t.Month()) == month)
}

// Weeks is the run of numbered weeks that falls in a period.
type Weeks struct {
	Posts   []archive.Post // numbered weeks posted in the period, by number
	Missing []int          // numbers absent from the series that fall in the period
}

// WeeksIn returns the numbered weeks of a year (month 0) or month and the
// week numbers the series skips there. A missing number belongs to the
// period of the week before it, so each shows once.
func (b *Browse) WeeksIn(year, month int) Weeks {
	var w Weeks
	for i, r := range b.weeks {
		p := b.ix.At(r)
		if !inPeriod(p.Created, year, month) {
			continue
		}
		w.Posts = append(w.Posts, *p)
		if i+1 < len(b.weeks) {
			next := b.ix.At(b.weeks[i+1]).Week
			for n := p.Week + 1; n < next && len(w.Missing) < 200; n++ {
				w.Missing = append(w.Missing, n)
			}
		}
	}
	return w
}

// MissingWeeks is every week number the series skips, first to last.
func (b *Browse) MissingWeeks() []int {
	var out []int
	for i := 0; i+1 < len(b.weeks); i++ {
		for n := b.ix.At(b.weeks[i]).Week + 1; n < b.ix.At(b.weeks[i+1]).Week; n++ {
			out = append(out, n)
		}
	}
	return out
}

// browsable reports whether f is one of the facets Terms and Profile
// serve: topics, people and projects.
func browsable(f archive.Facet) bool {
	return f == archive.FacetTopic || f == archive.FacetAuthor || f == archive.FacetProject
}

// termsKey is what Terms caches a list under.
type termsKey struct {
	f      archive.Facet
	byName bool
}

// Terms lists the values of a facet (archive.FacetTopic, FacetAuthor or
// FacetProject) with their counts, by count (most first) or, with byName,
// A-Z by label. People and projects with a snip but no posts are listed
// with 0.
func (b *Browse) Terms(f archive.Facet, byName bool) []Count {
	key := termsKey{f, byName}
	b.termsMu.Lock()
	defer b.termsMu.Unlock()
	if out, ok := b.termCache[key]; ok {
		return out
	}
	if b.termCache == nil {
		b.termCache = map[termsKey][]Count{}
	}
	out := b.computeTerms(f, byName)
	b.termCache[key] = out
	return out
}

// computeTerms is Terms without the cache. Terms' slices are shared:
// callers must not change them.
func (b *Browse) computeTerms(f archive.Facet, byName bool) []Count {
	if !browsable(f) {
		return nil
	}
	d := b.ix.Dict(f)
	out := make([]Count, 0, len(d.Slugs))
	// Counted by Bleve's terms facets (ArchiveFacets); the table's count
	// should that request fail (logged).
	var counts map[string]int
	if a, err := b.Archive(); err == nil {
		counts = a.Terms[search.FacetField[f]]
	}
	for id, slug := range d.Slugs {
		n := len(b.byFacet[f][id])
		if counts != nil {
			n = counts[slug]
		}
		out = append(out, Count{Slug: slug, Label: b.label(f, slug), Count: n})
	}
	var snips []archive.Entity
	switch f {
	case archive.FacetAuthor:
		snips = b.ix.Catalog.People
	case archive.FacetProject:
		snips = b.ix.Catalog.Projects
	}
	for _, e := range snips {
		if _, ok := d.IDs[e.Slug]; !ok {
			out = append(out, Count{Slug: e.Slug, Label: e.Name})
		}
	}
	if byName {
		lower := make(map[string]string, len(out))
		for _, c := range out {
			lower[c.Slug] = strings.ToLower(c.Label)
		}
		sort.SliceStable(out, func(i, j int) bool {
			li, lj := lower[out[i].Slug], lower[out[j].Slug]
			if li != lj {
				return li < lj
			}
			return out[i].Slug < out[j].Slug
		})
	} else {
		sort.SliceStable(out, func(i, j int) bool {
			if out[i].Count != out[j].Count {
				return out[i].Count > out[j].Count
			}
			return out[i].Slug < out[j].Slug
		})
	}
	return out
}

// label is a facet value's label: a person's or project's snip names it
// best, then the label most posts use.
func (b *Browse) label(f archive.Facet, slug string) string {
	switch f {
	case archive.FacetAuthor:
		if e := b.people[slug]; e != nil && e.Name != "" {
			return e.Name
		}
	case archive.FacetProject:
		if e := b.projects[slug]; e != nil && e.Name != "" {
			return e.Name
		}
	}
	d := b.ix.Dict(f)
	if id, ok := d.IDs[slug]; ok {
		return d.Labels[id]
	}
	return slug
}

// Entity is the person's (FacetAuthor) or project's (FacetProject) snip
// of that slug, or nil.
func (b *Browse) Entity(f archive.Facet, slug string) *archive.Entity {
	switch f {
	case archive.FacetAuthor:
		return b.people[slug]
	case archive.FacetProject:
		return b.projects[slug]
	}
	return nil
}

// Kind says what a flat URL /slug names: "post", "person", "project" or "".
func (b *Browse) Kind(slug string) string {
	if _, ok := b.ix.Row(slug); ok {
		return "post"
	}
	if _, ok := b.people[slug]; ok {
		return "person"
	}
	if _, ok := b.ix.Dict(archive.FacetAuthor).IDs[slug]; ok {
		return "person"
	}
	if _, ok := b.projects[slug]; ok {
		return "project"
	}
	if _, ok := b.ix.Dict(archive.FacetProject).IDs[slug]; ok {
		return "project"
	}
	return ""
}

// Profile is one topic, person or project: its posts over time and the
// company it keeps.
type Profile struct {
	Facet       archive.Facet
	Slug        string
	Label       string
	Entity      *archive.Entity // the person's or project's snip; nil without one
	Count       int
	First, Last *archive.Post
	Months      []search.MonthCount // from its first month to its last
	Posts       []archive.Post      // newest first, at most the limit asked for
	Topics      []Count             // topics of its posts, most first (not itself)
	Projects    []Count
	People      []Count
}

// Profile describes one value of a facet with at most limit of its posts;
// search.ErrNotFound when the archive has no such value.
func (b *Browse) Profile(f archive.Facet, slug string, limit int) (*Profile, error) {
	if !browsable(f) {
		return nil, search.ErrNotFound
	}
	pr := &Profile{Facet: f, Slug: slug, Label: b.label(f, slug)}
	switch f {
	case archive.FacetAuthor:
		pr.Entity = b.people[slug]
	case archive.FacetProject:
		pr.Entity = b.projects[slug]
	}
	id, ok := b.ix.Dict(f).IDs[slug]
	if !ok {
		if pr.Entity == nil {
			return nil, search.ErrNotFound
		}
		pr.Label = pr.Entity.Name
		return pr, nil
	}
	rows := b.byFacet[f][id]
	pr.Count = len(rows)
	pr.Posts = b.posts(rows[:min(limit, len(rows))])
	if len(rows) > 0 {
		last, first := b.post(rows[0]), b.post(rows[len(rows)-1])
		pr.First, pr.Last = &first, &last
	}
	perMonth := make([]int, len(b.ix.Months()))
	co := [archive.NumFacets]map[int32]int{}
	for i := range co {
		co[i] = map[int32]int{}
	}
	for _, r := range rows {
		for _, m := range b.ix.Values(r, archive.FacetMonth) {
			perMonth[b.ix.MonthPlace(m)]++
		}
		for _, g := range []archive.Facet{archive.FacetTopic, archive.FacetProject, archive.FacetAuthor} {
			for _, v := range b.ix.Values(r, g) {
				if g != f || v != id {
					co[g][v]++
				}
			}
		}
	}
	lo, hi := -1, -1
	for i, c := range perMonth {
		if c > 0 {
			if lo < 0 {
				lo = i
			}
			hi = i
		}
	}
	if lo >= 0 {
		for i := lo; i <= hi; i++ {
			pr.Months = append(pr.Months, search.MonthCount{Month: b.ix.Months()[i], Count: perMonth[i]})
		}
	}
	pr.Topics = b.counts(archive.FacetTopic, co[archive.FacetTopic], 12)
	pr.Projects = b.counts(archive.FacetProject, co[archive.FacetProject], 12)
	pr.People = b.counts(archive.FacetAuthor, co[archive.FacetAuthor], 12)
	return pr, nil
}

func (b *Browse) counts(f archive.Facet, m map[int32]int, n int) []Count {
	d := b.ix.Dict(f)
	out := make([]Count, 0, len(m))
	for id, c := range m {
		out = append(out, Count{Slug: d.Slugs[id], Label: b.label(f, d.Slugs[id]), Count: c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Slug < out[j].Slug
	})
	return out[:min(n, len(out))]
}

// Neighbours are the posts around one: by date and in the numbered series.
type Neighbours struct {
	Prev, Next         *archive.Post // by date
	PrevWeek, NextWeek *archive.Post // numbered weeks before and after
}

// Neighbours returns the posts around the post named name. For a post that
// is not a numbered week, the weeks are those nearest it in time.
func (b *Browse) Neighbours(name string) (Neighbours, error) {
	var n Neighbours
	r, ok := b.ix.Row(name)
	if !ok {
		return n, search.ErrNotFound
	}
	at := func(rows []int32, i int) *archive.Post {
		if i < 0 || i >= len(rows) {
			return nil
		}
		p := b.post(rows[i])
		return &p
	}
	pos := int(b.datePos[r])
	n.Prev, n.Next = at(b.byDate, pos-1), at(b.byDate, pos+1)
	if wp := b.weekPos[r]; wp >= 0 {
		n.PrevWeek, n.NextWeek = at(b.weeks, int(wp)-1), at(b.weeks, int(wp)+1)
		return n, nil
	}
	for i := pos - 1; i >= 0 && n.PrevWeek == nil; i-- {
		if b.weekPos[b.byDate[i]] >= 0 {
			n.PrevWeek = at(b.byDate, i)
		}
	}
	for i := pos + 1; i < len(b.byDate) && n.NextWeek == nil; i++ {
		if b.weekPos[b.byDate[i]] >= 0 {
			n.NextWeek = at(b.byDate, i)
		}
	}
	return n, nil
}

// SameWeek returns up to n posts written in the same week of the year as
// the post named name, in other years, oldest first.
func (b *Browse) SameWeek(name string, n int) []archive.Post {
	r, ok := b.ix.Row(name)
	if !ok {
		return nil
	}
	self := b.ix.At(r).Created
	_, w := self.ISOWeek()
	var out []archive.Post
	seen := map[int]bool{self.Year(): true}
	for _, o := range b.isoWeek[w] {
		p := b.post(o)
		if seen[p.Created.Year()] {
			continue
		}
		seen[p.Created.Year()] = true
		out = append(out, p)
		if len(out) == n {
			break
		}
	}
	return out
}

// Related returns up to n posts most like the post named name: sharing its
// projects, its topics and the rarer words of its title and summary, each
// weighted by how rare it is in the archive.
func (b *Browse) Related(name string, n int) []archive.Post {
	r, ok := b.ix.Row(name)
	if !ok {
		return nil
	}
	rows := b.relatedRows(r)
	return b.posts(rows[:min(n, len(rows))])
}

func (b *Browse) relatedRows(r int32) []int32 {
	if v, ok := b.related.Load(r); ok {
		return v.([]int32)
	}
	rows := b.computeRelated(r, 10)
	b.related.Store(r, rows)
	return rows
}

// RelatedPost is a post like another, with what makes it so.
type RelatedPost struct {
	archive.Post
	Projects []archive.Term // projects both are about
	Topics   []archive.Term // topics both have
	Words    []string       // rare words both titles or summaries use, as the first post writes them, rarest first
}

// relatedWords is the most shared words a RelatedPost names, of those in
// at most relatedWordShown of the archive's posts.
const (
	relatedWords     = 3
	relatedWordShown = 0.02
)

// RelatedWhy is Related with what each post shares with the post named
// name: the projects, topics and words that made it related.
func (b *Browse) RelatedWhy(name string, n int) []RelatedPost {
	r, ok := b.ix.Row(name)
	if !ok {
		return nil
	}
	rows := b.relatedRows(r)
	rows = rows[:min(n, len(rows))]
	total := b.ix.Len()
	// Words of more posts than this add little to a post's likeness and
	// would read as no reason at all ("can", "things").
	rareWord := max(2, int(relatedWordShown*float64(total)))
	surface := b.surfaces(r)
	out := make([]RelatedPost, len(rows))
	for i, o := range rows {
		rp := RelatedPost{Post: b.post(o)}
		rp.Projects = b.shared(archive.FacetProject, r, o, total/2)
		rp.Topics = b.shared(archive.FacetTopic, r, o, total/4)
		theirs := map[string]bool{}
		for _, t := range b.terms[o] {
			theirs[t] = true
		}
		var words []string
		for _, t := range b.terms[r] {
			if theirs[t] && len(b.posting[t]) > 1 && len(b.posting[t]) <= rareWord {
				words = append(words, t)
			}
		}
		sort.SliceStable(words, func(i, j int) bool { return len(b.posting[words[i]]) < len(b.posting[words[j]]) })
		for _, t := range words[:min(relatedWords, len(words))] {
			rp.Words = append(rp.Words, surface[t])
		}
		out[i] = rp
	}
	return out
}

// shared is the values of facet f that rows r and o both have, those of
// fewer than most posts (as computeRelated counts them), as terms.
func (b *Browse) shared(f archive.Facet, r, o int32, most int) []archive.Term {
	d := b.ix.Dict(f)
	var out []archive.Term
	for _, v := range b.ix.Values(r, f) {
		if len(b.byFacet[f][v]) >= most {
			continue
		}
		for _, w := range b.ix.Values(o, f) {
			if v == w {
				out = append(out, archive.Term{Slug: d.Slugs[v], Label: b.label(f, d.Slugs[v])})
			}
		}
	}
	return out
}

// surfaces maps each term of row r's title and summary to the word it
// was analysed from, as written there ("migrations" for migrat).
func (b *Browse) surfaces(r int32) map[string]string {
	p := b.ix.At(r)
	src := p.Title + "\n" + b.ix.Summary(r)
	out := map[string]string{}
	for _, tok := range analysis.Prose().Analyze([]byte(src)) {
		term := string(tok.Term)
		if _, ok := out[term]; ok || tok.Start >= len(src) {
			continue
		}
		end := tok.Start
		for end < len(src) {
			c, size := utf8.DecodeRuneInString(src[end:])
			if !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != '\'' && c != '’' {
				break
			}
			end += size
		}
		w := strings.TrimRight(src[tok.Start:end], "'’")
		if w == "" {
			w = term
		}
		out[term] = w
	}
	return out
}

// relatedTermMax is the share of posts above which a word is too common to
// make two posts alike.
const relatedTermMax = 0.05

func (b *Browse) computeRelated(r int32, n int) []int32 {
	b.relOnce.Do(b.indexTerms)
	total := float64(b.ix.Len())
	idf := func(df int) float64 { return math.Log(1 + total/float64(df)) }
	score := map[int32]float64{}
	add := func(rows []int32, w float64) {
		for _, o := range rows {
			if o != r {
				score[o] += w
			}
		}
	}
	for _, v := range b.ix.Values(r, archive.FacetProject) {
		rows := b.byFacet[archive.FacetProject][v]
		if float64(len(rows)) < total/2 {
			add(rows, 2*idf(len(rows)))
		}
	}
	for _, v := range b.ix.Values(r, archive.FacetTopic) {
		rows := b.byFacet[archive.FacetTopic][v]
		if float64(len(rows)) < total/4 {
			add(rows, idf(len(rows)))
		}
	}
	for _, term := range b.terms[r] {
		rows := b.posting[term]
		if len(rows) > 1 {
			add(rows, 0.5*idf(len(rows)))
		}
	}
	type cand struct {
		row   int32
		score float64
	}
	cands := make([]cand, 0, len(score))
	for o, s := range score {
		cands = append(cands, cand{o, s})
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].score != cands[j].score {
			return cands[i].score > cands[j].score
		}
		return b.ix.Unix(cands[i].row) > b.ix.Unix(cands[j].row)
	})
	out := make([]int32, 0, n)
	for _, c := range cands[:min(n, len(cands))] {
		out = append(out, c.row)
	}
	return out
}

// indexTerms analyses every title and summary once, keeping the words rare
// enough to say two posts are alike.
func (b *Browse) indexTerms() {
	an := analysis.Prose()
	b.terms = make([][]string, b.ix.Len())
	b.posting = map[string][]int32{}
	for i := range int32(b.ix.Len()) {
		seen := map[string]bool{}
		p := b.ix.At(i)
		for _, tok := range an.Analyze([]byte(p.Title + "\n" + b.ix.Summary(i))) {
			term := string(tok.Term)
			if len(term) < 3 || seen[term] || isNumber(term) {
				continue
			}
			seen[term] = true
			b.terms[i] = append(b.terms[i], term)
			b.posting[term] = append(b.posting[term], int32(i))
		}
	}
	limit := max(2, int(relatedTermMax*float64(b.ix.Len())))
	for term, rows := range b.posting {
		if len(rows) > limit {
			delete(b.posting, term)
		}
	}
}

func isNumber(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Mention is a post that mentions a project, with the mention marked.
type Mention struct {
	archive.Post
	Snippet string // HTML: escaped text with the project's name in <mark>
}

// Mentions returns up to n of a project's posts, newest first, each with
// the passage that names it (its summary when none does).
func (b *Browse) Mentions(project string, n int) ([]Mention, error) {
	id, ok := b.ix.Dict(archive.FacetProject).IDs[project]
	if !ok {
		return nil, nil
	}
	// The names the indexer found it by, when the catalog has them.
	names := []string{b.ix.Dict(archive.FacetProject).Labels[id]}
	if e := b.projects[project]; e != nil {
		names = append(names, e.Name)
		names = append(names, e.Names...)
	}
	var clause querylang.Clause
	for _, name := range names {
		// A name of several words is marked where they come together, as
		// the indexer found it: not "managed" alone for Asset Management.
		clause = append(clause, querylang.Atom{Text: name, Phrase: strings.ContainsAny(strings.TrimSpace(name), " \t-")})
	}
	f := highlight.New(analysis.Prose(), querylang.Parsed{Must: []querylang.Clause{clause}})
	rows := b.byFacet[archive.FacetProject][id]
	rows = rows[:min(n, len(rows))]
	out := make([]Mention, len(rows))
	for i, r := range rows {
		out[i] = Mention{Post: b.post(r)}
		out[i].Snippet = escape(b.Excerpt(out[i].Post).Text)
		if f == nil {
			continue
		}
		text, err := b.ix.Text(r)
		if err != nil {
			return nil, err
		}
		if s := f.Snippet(text); s != "" {
			out[i].Snippet = s
		}
	}
	return out, nil
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")

func escape(s string) string { return escaper.Replace(s) }

// Series returns the first and last numbers of the numbered weeks; 0, 0
// when there are none.
func (b *Browse) Series() (first, last int) {
	if len(b.weeks) == 0 {
		return 0, 0
	}
	return b.ix.At(b.weeks[0]).Week, b.ix.At(b.weeks[len(b.weeks)-1]).Week
}
