package search

import (
	"context"
	"fmt"
	"html"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/freerange/weeknotes/search/analysis"
	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/querylang"
	"github.com/freerange/weeknotes/search/rank"
	"github.com/freerange/weeknotes/search/store/schema"
)

// Limits on a search's work and what it shows (package rank has what
// ranking weighs).
const (
	searchTimeout = 5 * time.Second
	fewResults    = 10 // fewer posts with every word than this, and the posts with all but one follow
	topicsShown   = 20
)

// Hit is one post in a result list.
type Hit struct {
	archive.Post
	Snippet   string // HTML: the best passage, matches in <mark>
	TitleHTML string // HTML: the title, matches in <mark>
	// Sections are those of Post.Sections (which they shadow) that hold
	// the query's words, best first (rank.Sections); none without words.
	Sections []SectionHit
}

// FacetValue is one value of a facet with its count for the query.
type FacetValue struct {
	Value    string `json:"value"`
	Label    string `json:"label"`
	Count    int    `json:"count"`
	Selected bool   `json:"selected"`
}

// MonthCount is one bar of the timeline.
type MonthCount struct {
	Month string `json:"month"`
	Count int    `json:"count"`
}

// Suggestion is a corrected query: "Did you mean ...?"
type Suggestion struct {
	Query string `json:"query"`
	Total int    `json:"total"`
}

// AppliedFilter is one filter in force, for chips.
type AppliedFilter struct {
	Field string `json:"field"`
	Value string `json:"value"`
	Label string `json:"label"`
}

// Result is one page of a search.
type Result struct {
	Request    querylang.Request
	Total      int
	Took       time.Duration
	Hits       []Hit
	Facets     map[string][]FacetValue // author, project, topic, year; month once a year is chosen
	Timeline   []MonthCount            // every month of the archive, within maxTimelineMonths
	Suggestion *Suggestion
	Corrected  bool         // a word of the query as typed is in no post: hits are for Suggestion
	Nearly     []Hit        // on a first page with few hits: posts with all the words but one (either, of two), not in Total
	Related    []Hit        // on a first page with few hits: posts on the subject of the hits (sameSubject), not in Total
	RelatedBy  []string     // the words that found Related, as the hits write them
	People     []FacetValue // people the query names in full: their posts rank first (not a filter)
	Filters    []AppliedFilter
	Next       string // cursor of the next page; "" on the last
}

// scored is one match: a table row and its relevance.
type scored = rank.Scored

// Search runs r, normalising it first if the caller hasn't. Results may
// be shared between callers (see resultCache): treat them as read-only.
func (ix *Index) Search(ctx context.Context, r querylang.Request) (*Result, error) {
	start := time.Now()
	if !r.Normalized() {
		if err := r.Normalize(); err != nil {
			return nil, err
		}
	}
	key := r.Key()
	if res, ok := ix.cache.Get(key); ok {
		cached := *res
		cached.Took = time.Since(start)
		return &cached, nil
	}
	res, err := ix.search(ctx, r)
	if err != nil {
		return nil, err
	}
	res.Took = time.Since(start)
	ix.cache.Put(key, res)
	return res, nil
}

// search runs r without the cache.
func (ix *Index) search(ctx context.Context, r querylang.Request) (*Result, error) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, searchTimeout)
	defer cancel()
	res := &Result{Request: r, Facets: map[string][]FacetValue{}}
	p := r.Parsed() // the words searched: corrected below when a word is in no post
	sel := ix.selection(r, res)

	sc := ix.getScratch()
	defer ix.putScratch(sc)
	matches, err := ix.match(ctx, p, sc, false)
	if err != nil {
		return nil, err
	}
	results, counts, months := ix.filter(matches, sel, r, sc)
	for _, n := range ix.peopleNamed(p) {
		res.People = append(res.People, FacetValue{Value: n.Slug, Label: n.Label})
	}
	// A word that no post uses gets a correction from the archive's words.
	corrected, changed, err := ix.correct(p)
	if err != nil {
		return nil, err
	}
	if changed {
		altScratch := ix.getScratch()
		defer ix.putScratch(altScratch)
		alt, err := ix.match(ctx, corrected, altScratch, false)
		if err != nil {
			return nil, err
		}
		altResults, altCounts, altMonths := ix.filter(alt, sel, r, altScratch)
		res.Suggestion = &Suggestion{Query: corrected.WithFilters(), Total: len(altResults)}
		// A typo is corrected even when its stem matches posts
		// ("accessability" stems to "access").
		if len(altResults) > 0 {
			res.Corrected = true
			results, counts, months = altResults, altCounts, altMonths
			matches = alt
			p = corrected
		}
	}
	// When few posts have every word (of the correction, if the search is
	// corrected), the first page goes on with posts that have all of them
	// but one (either, of two), apart and uncounted: a note that never
	// says "monitoring" is still the one about Raspberry Pi monitoring.
	// Total and the facets stay those of every word, as Bleve's own
	// conjunction gives them.
	var near []scored
	if len(results) < fewResults && len(p.Must) > 1 && r.Page == 1 && r.Cursor == "" {
		looseScratch := ix.getScratch()
		defer ix.putScratch(looseScratch)
		loose, err := ix.match(ctx, p, looseScratch, true)
		if err != nil {
			return nil, err
		}
		looseResults, _, _ := ix.filter(loose, sel, r, looseScratch)
		near = rank.Nearly(results, looseResults, r.PerPage-len(results))
		if err := ix.rerank(ctx, near, p, false); err != nil {
			return nil, err
		}
		sort.SliceStable(near, func(i, j int) bool { return near[i].Score > near[j].Score })
	}
	res.Total = len(results)
	ix.facets(res, counts, sel, r)
	res.Timeline = ix.timeline(months)

	if r.Sort == querylang.SortRelevance {
		// Soft matching (rank.Soft) may find posts without some words.
		if err := ix.rerank(ctx, results, p, !rank.Soft(p) || len(p.Must) < rank.SoftFrom); err != nil {
			return nil, err
		}
		if row, ok := ix.namedPost(p); ok {
			rank.WithNamedPost([][]scored{results}, row) // first still, whatever proximity gave the others
		}
	}
	var related []scored
	if len(results) > 0 && len(results) < fewResults && len(p.Must) > 1 && r.Page == 1 && r.Cursor == "" && r.Sort == querylang.SortRelevance {
		shown := make(map[int32]bool, len(results)+len(near))
		for _, m := range results {
			shown[m.Row] = true
		}
		for _, m := range near {
			shown[m.Row] = true
		}
		// The hits as ranked, every reward applied: the page's first.
		best := topK(results, len(results), ix.less(querylang.SortRelevance))
		related, res.RelatedBy, err = ix.sameSubject(ctx, best, shown, p, sel, r, r.PerPage-len(results)-len(near))
		if err != nil {
			return nil, err
		}
	}
	page, next, err := ix.page(results, r)
	if err != nil {
		return nil, err
	}
	res.Next = next
	if res.Hits, err = ix.hits(page, p); err != nil {
		return nil, err
	}
	if len(near) > 0 {
		if res.Nearly, err = ix.hits(near, p); err != nil {
			return nil, err
		}
	}
	if len(related) > 0 {
		// Their snippets and sections show the subject's words, which
		// they have, rather than the query's, which they mostly lack.
		subject := querylang.Clause{}
		for _, w := range res.RelatedBy {
			subject = append(subject, querylang.Atom{Text: w})
		}
		if res.Related, err = ix.hits(related, querylang.Parsed{Must: []querylang.Clause{subject}}); err != nil {
			return nil, err
		}
	}
	res.Took = time.Since(start)
	return res, nil
}

// selection resolves each filter's values to value ids; nil means the facet
// is not filtered. Values that name nothing select nothing.
func (ix *Index) selection(r querylang.Request, res *Result) [archive.NumFacets][]int32 {
	var sel [archive.NumFacets][]int32
	for i, vals := range [archive.NumFacets][]string{r.Authors, r.Projects, r.Topics, r.Years, r.Months, r.Kinds} {
		f := archive.Facet(i)
		if len(vals) == 0 {
			continue
		}
		sel[f] = []int32{}
		d := &ix.table.Dicts[f]
		for _, v := range vals {
			id, ok := d.Lookup(v)
			label := v
			if ok {
				sel[f] = append(sel[f], id)
				v, label = d.Slugs[id], d.Labels[id]
			}
			res.Filters = append(res.Filters, AppliedFilter{Field: f.Name(), Value: v, Label: label})
		}
	}
	for _, w := range r.Weeks {
		res.Filters = append(res.Filters, AppliedFilter{Field: "week", Value: strconv.Itoa(w), Label: "Week " + strconv.Itoa(w)})
	}
	if r.After != "" {
		res.Filters = append(res.Filters, AppliedFilter{Field: "after", Value: r.After, Label: "From " + r.After})
	}
	if r.Before != "" {
		res.Filters = append(res.Filters, AppliedFilter{Field: "before", Value: r.Before, Label: "Before " + r.Before})
	}
	return sel
}

// filter keeps the matches that pass every filter and counts facet values
// disjunctively: a facet's counts ignore that facet's own selection, so
// choosing one author still shows the others' counts.
func (ix *Index) filter(matches [][]scored, sel [archive.NumFacets][]int32, r querylang.Request, sc *scratch) ([]scored, [archive.NumFacets][]int, []int) {
	t := ix.table
	counts := sc.counts
	for f := range counts {
		clear(counts[f])
	}
	months := sc.months
	clear(months)
	var after, before int64 = math.MinInt64, math.MaxInt64
	if r.After != "" {
		if p, err := querylang.ParsePeriod(r.After); err == nil {
			after = p.Unix()
		}
	}
	if r.Before != "" {
		if p, err := querylang.ParsePeriod(r.Before); err == nil {
			before = p.Unix()
		}
	}
	// chosen[f][id]: value id of facet f is selected; nil when f is not
	// filtered.
	var chosen [archive.NumFacets][]bool
	var active []int
	for f := range sel {
		if sel[f] == nil {
			continue
		}
		active = append(active, f)
		chosen[f] = make([]bool, len(t.Dicts[f].Slugs))
		for _, id := range sel[f] {
			chosen[f][id] = true
		}
	}
	c := &t.Cols
	out := sc.out[:0]
	for _, m := range all(matches) {
		d := m.Row
		if u := c.Unix[d]; u < after || u >= before || len(r.Weeks) > 0 && !slices.Contains(r.Weeks, int(c.Week[d])) {
			continue
		}
		fails, failing := 0, -1
		for _, f := range active {
			ids := c.IDs[f][c.Off[f][d]:c.Off[f][d+1]]
			hit := false
			for _, id := range ids {
				if chosen[f][id] {
					hit = true
					break
				}
			}
			if !hit {
				fails++
				failing = f
			}
		}
		switch fails {
		case 0:
			out = append(out, m)
			for f := range counts {
				cf := counts[f]
				for _, id := range c.IDs[f][c.Off[f][d]:c.Off[f][d+1]] {
					cf[id]++
				}
			}
			months[c.MonthPos[d]]++
		case 1:
			cf := counts[failing]
			for _, id := range c.IDs[failing][c.Off[failing][d]:c.Off[failing][d+1]] {
				cf[id]++
			}
		}
	}
	sc.out = out
	return out, counts, months
}

// all iterates the parts of a match list in order.
func all(parts [][]scored) func(yield func(int, scored) bool) {
	return func(yield func(int, scored) bool) {
		i := 0
		for _, p := range parts {
			for _, m := range p {
				if !yield(i, m) {
					return
				}
				i++
			}
		}
	}
}

// scratch holds one search's working buffers. At 100,000 posts a common
// word's matches and counts are megabytes; reusing them keeps the garbage
// collector, and so the slowest searches and the server's memory, down.
type scratch struct {
	parts  [2][]scored
	out    []scored
	counts [archive.NumFacets][]int
	months []int
}

func (ix *Index) getScratch() *scratch {
	if sc, ok := ix.scratch.Get().(*scratch); ok {
		return sc
	}
	sc := &scratch{months: make([]int, len(ix.table.Months))}
	for f := range sc.counts {
		sc.counts[f] = make([]int, len(ix.table.Dicts[f].Slugs))
	}
	return sc
}

func (ix *Index) putScratch(sc *scratch) {
	for i := range sc.parts {
		sc.parts[i] = sc.parts[i][:0]
	}
	sc.out = sc.out[:0]
	ix.scratch.Put(sc)
}

func (ix *Index) facets(res *Result, counts [archive.NumFacets][]int, sel [archive.NumFacets][]int32, r querylang.Request) {
	show := []archive.Facet{archive.FacetAuthor, archive.FacetProject, archive.FacetTopic, archive.FacetYear}
	if len(r.Years) > 0 || len(r.Months) > 0 {
		show = append(show, archive.FacetMonth)
	}
	for _, f := range show {
		d := &ix.table.Dicts[f]
		n := counts[f]
		chosen := func(id int32) bool { return slices.Contains(sel[f], id) }
		// Years newest first, months in order, the rest by count then label.
		before := func(a, b int32) bool {
			switch f {
			case archive.FacetYear:
				return d.SlugRank[a] > d.SlugRank[b]
			case archive.FacetMonth:
				return d.SlugRank[a] < d.SlugRank[b]
			}
			if n[a] != n[b] {
				return n[a] > n[b]
			}
			return d.LabelRank[a] < d.LabelRank[b]
		}
		limit := len(n)
		if f == archive.FacetTopic {
			limit = topicsShown
		}
		// Keep the best limit ids in order: insertion into a short list
		// costs less than sorting hundreds of topics.
		top := make([]int32, 0, min(limit, len(n))+1)
		for i, c := range n {
			id := int32(i)
			if c == 0 || f == archive.FacetMonth && len(r.Years) > 0 && !slices.Contains(r.Years, d.Slugs[id][:4]) {
				continue
			}
			if len(top) == limit && !before(id, top[len(top)-1]) {
				continue
			}
			at := len(top)
			for at > 0 && before(id, top[at-1]) {
				at--
			}
			top = slices.Insert(top, at, id)
			if len(top) > limit {
				top = top[:limit]
			}
		}
		for _, id := range sel[f] { // chosen values always show
			if !slices.Contains(top, id) {
				top = append(top, id)
			}
		}
		vals := make([]FacetValue, len(top))
		for i, id := range top {
			vals[i] = FacetValue{Value: d.Slugs[id], Label: d.Labels[id], Count: n[id], Selected: chosen(id)}
		}
		res.Facets[f.Name()] = vals
	}
}

// less orders results for r.Sort; ties go to the newer post, then the name,
// so every order is total and paging is stable.
func (ix *Index) less(sortBy string) func(a, b scored) bool {
	rows := ix.table.Rows
	byDate := func(a, b scored, newest bool) bool {
		ra, rb := &rows[a.Row], &rows[b.Row]
		if ra.Unix != rb.Unix {
			return (ra.Unix > rb.Unix) == newest
		}
		return ra.Name < rb.Name
	}
	switch sortBy {
	case querylang.SortNewest:
		return func(a, b scored) bool { return byDate(a, b, true) }
	case querylang.SortOldest:
		return func(a, b scored) bool { return byDate(a, b, false) }
	}
	return func(a, b scored) bool {
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return byDate(a, b, true)
	}
}

// page picks one page of results: the top Page*PerPage by a bounded
// selection, or, with a cursor, the PerPage after it, so deep pages cost
// no more than the first.
func (ix *Index) page(results []scored, r querylang.Request) ([]scored, string, error) {
	less := ix.less(r.Sort)
	skip := (r.Page - 1) * r.PerPage
	if r.Cursor != "" {
		c, _ := querylang.ParseCursor(r.Cursor)
		row, ok := ix.Row(c.Name)
		if !ok {
			return nil, "", &querylang.InvalidError{Param: "cursor", Msg: "names a post that is not in the index"}
		}
		pivot := scored{Row: row, Score: c.Score}
		var rest []scored
		for _, m := range results {
			if less(pivot, m) {
				rest = append(rest, m)
			}
		}
		results, skip = rest, 0
	}
	top := topK(results, skip+r.PerPage, less)
	if skip >= len(top) {
		return nil, "", nil
	}
	page := top[skip:]
	next := ""
	if len(results) > skip+len(page) {
		last := page[len(page)-1]
		next = querylang.Cursor{Score: last.Score, Name: ix.table.Rows[last.Row].Name}.String()
	}
	return page, next, nil
}

// topK is rank.TopK.
func topK(s []scored, k int, less func(a, b scored) bool) []scored { return rank.TopK(s, k, less) }

// hits fills in the page's posts, with snippets and highlighted titles.
// Without words to highlight, the snippet is the post's first paragraph.
func (ix *Index) hits(page []scored, p querylang.Parsed) ([]Hit, error) {
	hits := make([]Hit, len(page))
	rows := make([]int32, len(page))
	for i, m := range page {
		row := &ix.table.Rows[m.Row]
		rows[i] = m.Row
		hits[i] = Hit{Post: *row.Post, TitleHTML: html.EscapeString(row.Title)}
		hits[i].Summary = ix.Summary(m.Row) // read when asked for (store.Snapshot.Summary)
		hits[i].Snippet = html.EscapeString(hits[i].Summary)
	}
	return hits, ix.highlight(hits, rows, p)
}

// Bleve keeps BM25's parameters in package variables, read as each search
// scores; this process searches no other index, so b is set once here.
func init() { bsearch.BM25_b = rank.BM25B }

// scoringContext gives BM25 (which store.Snapshot.Match asks Bleve's
// searchers for) the archive's true statistics: left to itself, Bleve
// takes a field's average length to be its distinct terms over its
// documents (about 16 for this archive's text, whose posts average some
// 280 tokens), which favours short posts far more than BM25 means to.
func (ix *Index) scoringContext(ctx context.Context) context.Context {
	if ix.bm25 == nil {
		return ctx
	}
	return context.WithValue(ctx, bsearch.BM25StatsKey, ix.bm25)
}

// textQuery is the Bleve query for a parsed query's words; nil when it has
// none (only filters, or only stop words).
//
// A person's full name in the query matches the name or their posts
// (personQuery). relaxed asks for all the clauses but one rather than
// every one (any, of two): the query to fall back on when no post has
// every word.
func (ix *Index) textQuery(p querylang.Parsed, people []rank.Person, relaxed bool) query.Query {
	var must []query.Query
	var uses []int // of each of must, for soft matching: the posts using its words
	soft := rank.Soft(p) && len(p.Must) >= rank.SoftFrom
	for i := 0; i < len(p.Must); i++ {
		if k := slices.IndexFunc(people, func(n rank.Person) bool { return n.From == i }); k >= 0 {
			must = append(must, ix.personQuery(p, people[k]))
			uses = append(uses, -1)
			i = people[k].To - 1
			continue
		}
		clause := p.Must[i]
		var any []query.Query
		for _, a := range clause {
			if q := ix.atomQuery(a); q != nil {
				any = append(any, q)
			}
		}
		switch len(any) {
		case 0:
		case 1:
			must = append(must, any[0])
			if soft {
				uses = append(uses, ix.uses(clause[0].Text))
			}
		default:
			must = append(must, query.NewDisjunctionQuery(any))
		}
	}
	var should []query.Query // soft matching's optional words
	if soft {
		must, should = rank.Split(must, rank.Optional(uses, len(ix.table.Rows)))
	}
	var not []query.Query
	for _, a := range p.Exclude {
		if q := ix.atomQuery(a); q != nil {
			not = append(not, q)
		}
	}
	if len(must) == 0 && len(not) == 0 {
		return nil
	}
	if relaxed && len(must) > 1 {
		d := query.NewDisjunctionQuery(must)
		d.SetMin(float64(max(1, len(must)-1)))
		must = []query.Query{d}
	}
	if len(must) == 0 {
		must = []query.Query{query.NewMatchAllQuery()}
	}
	if len(not) == 0 && len(should) == 0 {
		if len(must) == 1 {
			return must[0]
		}
		return query.NewConjunctionQuery(must)
	}
	return query.NewBooleanQuery(must, should, not)
}

// atomQuery matches one word, phrase or prefix in the text (title and
// body). Words go through the prose analyzer, so "migrating" meets
// "migrated" and stop words drop out.
func (ix *Index) atomQuery(a querylang.Atom) query.Query {
	switch {
	case a.Prefix && utf8.RuneCountInString(a.Text) >= 2:
		q := query.NewPrefixQuery(strings.ToLower(a.Text))
		q.SetField(schema.FieldText)
		return q
	case a.Phrase:
		if len(ix.analyzer().Analyze([]byte(a.Text))) > 1 {
			q := query.NewMatchPhraseQuery(a.Text)
			q.SetField(schema.FieldText)
			return q
		}
	}
	var terms []query.Query
	for _, tok := range ix.analyzer().Analyze([]byte(a.Text)) {
		q := query.NewTermQuery(string(tok.Term))
		q.SetField(schema.FieldText)
		terms = append(terms, q)
	}
	switch len(terms) {
	case 0:
		return nil
	case 1:
		return terms[0]
	}
	return query.NewConjunctionQuery(terms)
}

// uses is how many posts hold the words of a plain word: the fewest of its
// terms' (they must all match); 0 for none.
func (ix *Index) uses(word string) int {
	n := -1
	for _, tok := range ix.analyzer().Analyze([]byte(word)) {
		if c := ix.termUses(string(tok.Term)); n < 0 || c < n {
			n = c
		}
	}
	return max(n, 0)
}

// termUses is how many posts hold an analysed term of the text; 0 when it
// cannot be read, which counts it as rare (soft matching keeps it
// required).
func (ix *Index) termUses(term string) int {
	tfr, err := ix.Reader().TermFieldReader(context.Background(), []byte(term), schema.FieldText, false, false, false)
	if err != nil {
		return 0
	}
	defer tfr.Close()
	return int(tfr.Count())
}

func (ix *Index) analyzer() bleveanalysis.Analyzer {
	return analysis.Prose()
}

// match runs a parsed query's words through Bleve and returns every
// matching post with its BM25 score; with no words, every post.
//
// relaxed: see textQuery. The post the query names, if any, comes first
// (namedPost).
func (ix *Index) match(ctx context.Context, p querylang.Parsed, sc *scratch, relaxed bool) ([][]scored, error) {
	parts, err := ix.matchWords(ctx, p, sc, relaxed)
	if err != nil || relaxed {
		return parts, err
	}
	if row, ok := ix.namedPost(p); ok {
		parts = rank.WithNamedPost(parts, row)
		sc.parts[0] = parts[0]
	}
	return parts, nil
}

func (ix *Index) matchWords(ctx context.Context, p querylang.Parsed, sc *scratch, relaxed bool) ([][]scored, error) {
	people := ix.peopleNamed(p)
	q := ix.textQuery(p, people, relaxed)
	if q == nil {
		if len(p.Must) > 0 {
			return nil, nil // only stop words: nothing can match
		}
		every := sc.parts[0][:0]
		for i := range ix.table.Rows {
			every = append(every, scored{Row: int32(i)})
		}
		sc.parts[0] = every
		return [][]scored{every}, nil
	}
	bonus := rank.NewBonus(ix.table, ix.analyzer(), p, people)
	ctx = ix.scoringContext(ctx)

	// A big archive is searched in two halves of its rows at once, one per
	// core: two searchers over the same snapshot, so every score is exactly
	// what one searcher would give.
	n := int32(ix.Len())
	if int(n) < ix.parallelDocs {
		one, err := ix.collect(ctx, q, bonus, 0, n, sc.parts[0][:0])
		sc.parts[0] = one
		return [][]scored{one}, err
	}
	mid := n / 2
	var lower []scored
	var lowerErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		lower, lowerErr = ix.collect(ctx, q, bonus, 0, mid, sc.parts[0][:0])
	}()
	upper, err := ix.collect(ctx, q, bonus, mid, n, sc.parts[1][:0])
	<-done
	sc.parts[0], sc.parts[1] = lower, upper
	if err != nil {
		return nil, err
	}
	if lowerErr != nil {
		return nil, lowerErr
	}
	return [][]scored{lower, upper}, nil
}

// collect appends the rows from..to-1 that q matches, scored (BM25 times
// the bonus of rank), to out.
func (ix *Index) collect(ctx context.Context, q query.Query, bonus rank.Bonus, from, to int32, out []scored) ([]scored, error) {
	err := ix.Match(ctx, q, true, from, to, func(row int32, score float64) {
		out = append(out, scored{Row: row, Score: score * bonus.Of(row)})
	})
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return out, nil
}
