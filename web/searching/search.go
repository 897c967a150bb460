package searching

import (
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/querylang"
	"github.com/freerange/weeknotes/web/chart"
	"github.com/freerange/weeknotes/web/site"
)

// The URL of a search is its whole state: q (words, and filters typed in
// it), one parameter per filter value (author, project, topic, year, month,
// kind, week, after, before), sort, page or cursor. A filter typed in q and
// the same filter chosen from a facet are one thing: /search moves typed
// filters into parameters with a redirect, so both show as the same chip.

// filterParams are the URL parameters that filter, in chip order.
var filterParams = []string{"author", "project", "topic", "year", "month", "kind", "week", "after", "before"}

// ParseRequest reads a search from the URL, naming the parameter at fault.
func ParseRequest(q url.Values) (querylang.Request, error) {
	r := querylang.Request{
		Query:    q.Get("q"),
		Authors:  q["author"],
		Projects: q["project"],
		Topics:   q["topic"],
		Years:    q["year"],
		Months:   q["month"],
		Kinds:    q["kind"],
		After:    q.Get("after"),
		Before:   q.Get("before"),
		Sort:     q.Get("sort"),
		Cursor:   q.Get("cursor"),
	}
	for _, w := range q["week"] {
		n, err := strconv.Atoi(w)
		if err != nil || n < 1 {
			return r, &querylang.InvalidError{Param: "week", Msg: fmt.Sprintf("%q is not a week number", w)}
		}
		r.Weeks = append(r.Weeks, n)
	}
	for _, p := range []struct {
		name string
		dst  *int
	}{{"page", &r.Page}, {"per_page", &r.PerPage}} {
		v := q.Get(p.name)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return r, &querylang.InvalidError{Param: p.name, Msg: fmt.Sprintf("%q is not a whole number from 1 up", v)}
		}
		*p.dst = n
	}
	return r, r.Normalize()
}

// canonical is the URL of r with the filters typed in q moved into
// parameters; "" when q holds none.
func canonical(u *url.URL, r querylang.Request) string {
	typed := r.TypedFilters()
	if len(typed) == 0 {
		return ""
	}
	q := cloneValues(u.Query())
	q.Del("page")
	q.Del("cursor")
	if r.Text == "" {
		q.Del("q")
	} else {
		q.Set("q", r.Text)
	}
	for _, f := range typed {
		if f.Field == "after" || f.Field == "before" {
			q.Set(f.Field, f.Value)
		} else if !containsValue(q[f.Field], f.Value) {
			q.Add(f.Field, f.Value)
		}
	}
	return "/search?" + q.Encode()
}

func containsValue(vals []string, v string) bool {
	for _, x := range vals {
		if x == v {
			return true
		}
	}
	return false
}

type facetView struct {
	Name   string
	Title  string
	Values []facetLink
	// Shown are the first values and those selected, Hidden the rest
	// (under "Show all"), as HTML list items (facetItems).
	Shown, Hidden template.HTML
}

type facetLink struct {
	search.FacetValue
	URL string
}

// facetShown is how many values of a facet show before "Show all": years
// and months are short, so more of them.
func facetShown(name string) int {
	if name == "year" || name == "month" {
		return 16
	}
	return 8
}

// facetItems are a facet's values as list items: a page has a hundred or
// so, and written here they cost a tenth of what the template's escaping,
// done action by action through reflection, did. Every text and attribute
// is escaped with html.EscapeString; URLs are built by url.Values.Encode.
func (f *facetView) facetItems() {
	var shown, hidden strings.Builder
	cut := facetShown(f.Name)
	for i, v := range f.Values {
		b := &hidden
		if i < cut || v.Selected {
			b = &shown
		}
		b.WriteString(`<li><a class="facet-value" href="`)
		b.WriteString(html.EscapeString(v.URL))
		b.WriteString(`"`)
		if v.Selected {
			b.WriteString(` aria-current="true"`)
		}
		b.WriteString(`><span class="check" aria-hidden="true"></span><span class="facet-label">`)
		b.WriteString(html.EscapeString(v.Label))
		b.WriteString(`</span><span class="count">`)
		b.WriteString(strconv.Itoa(v.Count))
		b.WriteString(`<span class="visually-hidden"> posts`)
		if v.Selected {
			b.WriteString(`, selected: select again to remove`)
		}
		b.WriteString(`</span></span></a></li>`)
	}
	f.Shown, f.Hidden = template.HTML(shown.String()), template.HTML(hidden.String())
}

// hitView is what the "hit" template shows of a hit: its fields laid out
// flat (the template reads each through reflection, and a field promoted
// from embedded structs is a search), and the parts that depend on its post
// alone (its byline and its pills) rendered once per post and snapshot.
type hitView struct {
	URL, Title         string
	Draft              bool
	TitleHTML, Snippet template.HTML // the query's words marked, escaped by the highlighter
	Byline, Tags       template.HTML
	Sections           []search.SectionHit // the post's sections that match (their HTML marked by the highlighter)
	Thumbnail          *archive.Picture    // the post's first picture of known size, for wide screens
}

func (s *Pages) hitViews(sp *snapshotPages, hits []search.Hit) ([]hitView, error) {
	out := make([]hitView, len(hits))
	for i, h := range hits {
		f, err := s.fragments(sp, "search", h)
		if err != nil {
			return nil, err
		}
		out[i] = hitView{URL: h.URL(), Title: h.Title, Draft: h.Draft,
			TitleHTML: template.HTML(h.TitleHTML), Snippet: template.HTML(h.Snippet),
			Byline: f.byline, Tags: f.tags, Sections: h.Sections, Thumbnail: h.Thumbnail()}
	}
	return out, nil
}

type searchPage struct {
	site.Base
	Result     *search.Result
	Hits       []hitView // the Result's, ready to show
	Nearly     []hitView
	Related    []hitView   // posts on the same subject as the hits
	RelatedBy  []site.Link // the words that found them, each a search of its own
	First      int         // 1-based rank of the first hit
	Last       int
	Prev       string // URL of the previous page, "" on the first
	Next       string
	Facets     []facetView
	Sorts      []site.Link
	Chips      []site.Link      // filters in force; each link removes one
	Suggestion *site.Link       // "Did you mean"
	People     []site.Link      // people the query names: "only NAME" narrows to their posts
	Topics     []site.Link      // nearest topics, when nothing matches
	Alone      []wordAlone      // each word searched alone, when nothing matches
	Hints      []string         // what a half-typed filter needs (querylang.Parsed.Hints)
	Chart      *chart.Histogram // matches per month, zoomed to the months that have them
	Applied    int              // filters in force, for the Filters control
	Clear      string           // the URL without any filter
}

var (
	chipLabels = map[string]string{"author": "Author", "project": "Project", "topic": "Topic", "year": "Year", "month": "Month", "kind": "Kind"}
)

func (s *Pages) searchPage(c *gin.Context) error {
	// A page is the same for the same URL on the same snapshot (pagecache.go).
	pages, key := s.searchPages.of(site.Index(c)), "?"+c.Request.URL.RawQuery
	if p, ok := pages.page(key); ok {
		p.write(c)
		return nil
	}
	r, err := ParseRequest(c.Request.URL.Query())
	if err != nil {
		return err
	}
	if to := canonical(c.Request.URL, r); to != "" {
		c.Redirect(http.StatusFound, to)
		return nil
	}
	res, err := site.Index(c).Search(c.Request.Context(), r)
	if err != nil {
		return err
	}
	title := "All posts"
	if r.Text != "" {
		title = "Search: " + r.Text
	}
	page := searchPage{Base: s.site.Base(c, title), Result: res}
	if page.Hits, err = s.hitViews(pages, res.Hits); err != nil {
		return err
	}
	if page.Nearly, err = s.hitViews(pages, res.Nearly); err != nil {
		return err
	}
	if page.Related, err = s.hitViews(pages, res.Related); err != nil {
		return err
	}
	for _, w := range res.RelatedBy {
		page.RelatedBy = append(page.RelatedBy, site.Link{Label: w, URL: "/search?q=" + url.QueryEscape(w)})
	}
	page.Query = r.Text
	q := c.Request.URL.Query()
	page.First = (r.Page-1)*r.PerPage + 1
	if r.Cursor != "" {
		page.First = 0 // position unknown past a cursor
	}
	page.Last = page.First + len(res.Hits) - 1
	if r.Page > 1 && r.Cursor == "" {
		page.Prev = withParam(q, "page", strconv.Itoa(r.Page-1))
	}
	if res.Next != "" {
		if r.Page < 10 && r.Cursor == "" {
			page.Next = withParam(q, "page", strconv.Itoa(r.Page+1))
		} else {
			// Deep pages go by cursor: no page counts every skipped hit.
			n := cloneValues(q)
			n.Del("page")
			n.Set("cursor", res.Next)
			page.Next = "/search?" + n.Encode()
		}
	}
	if res.Total > 0 && r.Text != "" {
		for _, o := range []string{querylang.SortRelevance, querylang.SortNewest, querylang.SortOldest} {
			page.Sorts = append(page.Sorts, site.Link{Label: o, URL: withParam(q, "sort", o), Active: r.Sort == o})
		}
	}
	for _, f := range res.Filters {
		label := f.Label
		if l := chipLabels[f.Field]; l != "" {
			label = l + ": " + f.Label
		}
		page.Chips = append(page.Chips, site.Link{Label: label, URL: without(q, f.Field, f.Value)})
	}
	if len(res.Filters) > 0 {
		n := cloneValues(q)
		for _, p := range append(filterParams, "page", "cursor") {
			n.Del(p)
		}
		page.Clear = "/search?" + n.Encode()
	}
	for _, f := range []archive.Facet{archive.FacetAuthor, archive.FacetProject, archive.FacetTopic, archive.FacetYear, archive.FacetMonth} {
		name := f.Name()
		vals := res.Facets[name]
		if len(vals) == 0 {
			continue
		}
		fv := facetView{Name: name, Title: f.Label()}
		urls := newFilterURLs(q, name)
		for _, v := range vals {
			u := urls.without(v.Value)
			if !v.Selected {
				u = urls.withAdded(v.Value)
			}
			fv.Values = append(fv.Values, facetLink{FacetValue: v, URL: u})
		}
		fv.facetItems()
		page.Facets = append(page.Facets, fv)
	}
	if sg := res.Suggestion; sg != nil {
		page.Suggestion = &site.Link{Label: sg.Query, URL: withParam(q, "q", sg.Query)}
	}
	for _, p := range res.People {
		page.People = append(page.People, site.Link{Label: p.Label, URL: withAdded(q, "author", p.Value)})
	}
	if res.Total == 0 && r.Text != "" {
		for _, t := range site.Index(c).NearestTopics(r.Text, 5) {
			page.Topics = append(page.Topics, site.Link{Label: t.Label, URL: "/search?topic=" + url.QueryEscape(t.Slug)})
		}
		if page.Alone, err = wordsAlone(c, q, r); err != nil {
			return err
		}
		if len(page.Topics) == 0 {
			if page.Topics, err = topicsOfWords(c, page.Alone); err != nil {
				return err
			}
		}
	}
	page.Hints = r.Parsed().Hints
	noun := "Posts"
	if r.Text != "" || len(res.Filters) > 0 {
		noun = "Matches"
	}
	page.Chart = searchChart(q, r, res.Timeline, noun)
	page.Applied = len(res.Filters)
	body, err := s.renderPage("search", page)
	if err != nil {
		return err
	}
	p := &cachedPage{body: body}
	pages.keep(key, p)
	p.write(c)
	return nil
}

// wordAlone is one word (or phrase, or OR of words) of a search that found
// nothing, searched alone: with the search's filters, or, when that finds
// nothing either, in every post (Unfiltered).
type wordAlone struct {
	Label      string
	URL        string // "" when it finds nothing
	Count      int
	Unfiltered bool
}

// wordsAlone searches each part of a query of two or more that found
// nothing on its own, to show which of them does find posts.
func wordsAlone(c *gin.Context, q url.Values, r querylang.Request) ([]wordAlone, error) {
	p := r.Parsed()
	if len(p.Must) < 2 {
		return nil, nil
	}
	ix := site.Index(c)
	var out []wordAlone
	for _, clause := range p.Must {
		text := querylang.Parsed{Must: []querylang.Clause{clause}}.String()
		w := wordAlone{Label: text}
		n, err := ix.Count(c.Request.Context(), r.WithQuery(text))
		if err != nil {
			return nil, err
		}
		w.Count = n
		if n > 0 {
			w.URL = withParam(q, "q", text)
		} else if filtered(q) {
			if n, err = ix.Count(c.Request.Context(), querylang.Request{Query: text}); err != nil {
				return nil, err
			}
			if n > 0 {
				w.Count, w.Unfiltered, w.URL = n, true, "/search?q="+url.QueryEscape(text)
			}
		}
		out = append(out, w)
	}
	return out, nil
}

// topicsOfWords are the topics nearest a search that found nothing when
// no topic is named like its words: the five most used among the posts
// its words find alone.
func topicsOfWords(c *gin.Context, alone []wordAlone) ([]site.Link, error) {
	uses := map[string]int{}
	labels := map[string]string{}
	for _, w := range alone {
		if w.URL == "" {
			continue
		}
		r, err := ParseRequest(mustQuery(w.URL))
		if err != nil {
			return nil, err
		}
		res, err := site.Index(c).Search(c.Request.Context(), r)
		if err != nil {
			return nil, err
		}
		for _, t := range res.Facets[archive.FacetTopic.Name()] {
			uses[t.Value] += t.Count
			labels[t.Value] = t.Label
		}
	}
	slugs := make([]string, 0, len(uses))
	for slug := range uses {
		slugs = append(slugs, slug)
	}
	sort.Slice(slugs, func(i, j int) bool {
		a, b := slugs[i], slugs[j]
		return uses[a] > uses[b] || uses[a] == uses[b] && a < b
	})
	var out []site.Link
	for _, slug := range slugs[:min(len(slugs), 5)] {
		out = append(out, site.Link{Label: labels[slug], URL: "/search?topic=" + url.QueryEscape(slug)})
	}
	return out, nil
}

// mustQuery is the parameters of a URL this package made.
func mustQuery(u string) url.Values {
	_, raw, _ := strings.Cut(u, "?")
	q, _ := url.ParseQuery(raw)
	return q
}

// filtered says whether the URL's search has a filter.
func filtered(q url.Values) bool {
	for _, p := range filterParams {
		if len(q[p]) > 0 {
			return true
		}
	}
	return false
}

// searchChart is the matches per month of a search, zoomed to the months
// that have them: a bar narrows the search to its month, a year's row to
// its year.
func searchChart(q url.Values, r querylang.Request, months []search.MonthCount, noun string) *chart.Histogram {
	base := cloneValues(q)
	base.Del("year")
	base.Del("month") // a bar's period replaces the search's
	monthURLs, yearURLs := newFilterURLs(base, "month"), newFilterURLs(base, "year")
	links := chart.Links{
		Month: func(m string) string { return monthURLs.withAdded(m) },
		Year:  func(y int) string { return yearURLs.withAdded(strconv.Itoa(y)) },
		Selected: func(key string) bool {
			return containsValue(r.Months, key) || containsValue(r.Years, key)
		},
	}
	h := chart.New("matches", noun, chart.Zoom(months), links)
	if h != nil {
		h.Height = 48
	}
	return h
}

// HitTags are the pills under a hit: its projects, then its topics, five
// at most, and whether it has more.
type HitTags struct {
	List []HitTag
	More bool
}

type HitTag struct {
	Label   string
	URL     string
	Project bool
}

// maxHitTopics is how many topics a hit shows; the post has the rest.
const maxHitTopics = 5

// Tags lists a hit's projects and topics. A topic named as one of its
// projects ("Trainline", the project, and "Trainline", a heading) is left
// out: two pills of one name, one outlined and one grey, read as a
// mistake, and the project's pill finds the posts either way.
func Tags(projects, topics []archive.Term) HitTags {
	var t HitTags
	named := map[string]bool{}
	for _, p := range projects {
		named[p.Slug] = true
		named[archive.Slug(p.Label)] = true
		t.List = append(t.List, HitTag{Label: p.Label, URL: "/search?project=" + url.QueryEscape(p.Slug), Project: true})
	}
	shown := 0
	for _, tp := range topics {
		if named[tp.Slug] {
			continue
		}
		if shown == maxHitTopics {
			t.More = true
			break
		}
		shown++
		t.List = append(t.List, HitTag{Label: tp.Label, URL: "/search?topic=" + url.QueryEscape(tp.Slug)})
	}
	return t
}

// filterURLs make the URLs that add a value to one filter, or take one
// away, as withAdded and without would, for the hundred or so links of a
// page: the parameters before and after the filter's (url.Values.Encode
// sorts them by name) are encoded once, not once a link.
type filterURLs struct {
	key           string
	before, after string   // the other parameters, encoded, less page and cursor
	values        []string // the filter's values in force
}

func newFilterURLs(q url.Values, key string) filterURLs {
	lo, hi := url.Values{}, url.Values{}
	for k, v := range q {
		switch {
		case k == "page" || k == "cursor" || k == key:
		case k < key:
			lo[k] = v
		default:
			hi[k] = v
		}
	}
	return filterURLs{key: key, before: lo.Encode(), after: hi.Encode(), values: q[key]}
}

func (f filterURLs) url(values []string) string {
	var b strings.Builder
	b.WriteString("/search?")
	sep := func() {
		if b.Len() > len("/search?") {
			b.WriteByte('&')
		}
	}
	if f.before != "" {
		b.WriteString(f.before)
	}
	k := url.QueryEscape(f.key)
	for _, v := range values {
		sep()
		b.WriteString(k + "=" + url.QueryEscape(v))
	}
	if f.after != "" {
		sep()
		b.WriteString(f.after)
	}
	return b.String()
}

// withAdded is withAdded(q, key, value).
func (f filterURLs) withAdded(value string) string {
	return f.url(append(f.values[:len(f.values):len(f.values)], value))
}

// without is without(q, key, value).
func (f filterURLs) without(value string) string {
	var kept []string
	for _, v := range f.values {
		if v != value && archive.Slug(v) != value {
			kept = append(kept, v)
		}
	}
	return f.url(kept)
}

// withParam is the search URL with one parameter set; changing anything
// but the page goes back to the first page.
func withParam(q url.Values, key, value string) string {
	n := cloneValues(q)
	if key != "page" {
		n.Del("page")
	}
	n.Del("cursor")
	n.Set(key, value)
	return "/search?" + n.Encode()
}

// withAdded adds a value to a filter.
func withAdded(q url.Values, key, value string) string {
	n := cloneValues(q)
	n.Del("page")
	n.Del("cursor")
	n.Add(key, value)
	return "/search?" + n.Encode()
}

// without removes one value of a filter, however it was written: a chip
// shows the slug, the URL may hold the display name.
func without(q url.Values, key, value string) string {
	n := cloneValues(q)
	n.Del("page")
	n.Del("cursor")
	var kept []string
	for _, v := range q[key] {
		if v != value && archive.Slug(v) != value {
			kept = append(kept, v)
		}
	}
	n[key] = kept
	if len(kept) == 0 {
		n.Del(key)
	}
	return "/search?" + n.Encode()
}

func cloneValues(q url.Values) url.Values {
	n := url.Values{}
	for k, v := range q {
		n[k] = append([]string(nil), v...)
	}
	return n
}
