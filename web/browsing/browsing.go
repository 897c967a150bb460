// Package browsing serves the pages for browsing the archive: the
// timeline, topics (tags), people, projects and the pages behind flat
// URLs, as HTML and as JSON, and the sitemap. Each request's pages come
// from the one index it took (site.Index); the Browse of the index being
// served is made once and kept until a newer index replaces it.
//
//	GET /timeline                 posts per month, every year
//	GET /timeline/YYYY            a year: its months and its posts by date
//	GET /timeline/YYYY/MM         a month's posts by date
//	GET /tags, /people, /projects every value with its count (?sort=name for A-Z,
//	                              ?q= to filter); /tags only topics of two posts
//	                              or more unless ?all=1
//	GET /tags/SLUG                a topic's posts, histogram, people, related topics
//	GET /SLUG                     a post, else a person, else a project; a name
//	                              that differs from one page's only in case or
//	                              punctuation is a 301 to it, another unknown
//	                              name a 404 offering the nearest names
//	GET /api/timeline, /api/tags, /api/people, /api/projects, /api/posts/NAME,
//	    /api/people/SLUG, /api/projects/SLUG
//	GET /sitemap.xml              every page of the archive
package browsing

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/browse"
	"github.com/freerange/weeknotes/search/querylang"
	"github.com/freerange/weeknotes/web/chart"
	"github.com/freerange/weeknotes/web/site"
)

// browseState is the Browse of one index; a swapped-in index gets its own.
type browseState struct {
	ix    *search.Index
	b     *browse.Browse
	lists sync.Map // "/tags?sort=name" and so on -> template.HTML of the list
	// mentions caches each project's highlighted mentions: finding them
	// reads every post's text.
	mentions sync.Map // project slug -> []browse.Mention
	// sitemap is the sitemap, once written.
	sitemap atomic.Pointer[[]byte]
	// projectByTopic maps a topic slug to the project of that slug or
	// name (projectOf).
	projectsOnce   sync.Once
	projectByTopic map[string]browse.Count
}

// Pages are the browsing pages of one server.
type Pages struct {
	site   *site.Site
	holder *search.Holder // the index served, for the Browse kept
	// browsing is the Browse of the index served.
	browsing atomic.Pointer[browseState]
	browseMu sync.Mutex // one Browse made at a time
}

// New is the browsing pages of the index holder serves.
func New(s *site.Site, holder *search.Holder) *Pages { return &Pages{site: s, holder: holder} }

// Close lets go of the Browse kept.
func (s *Pages) Close() {
	if st := s.browsing.Swap(nil); st != nil {
		st.ix.Close()
	}
}

// browse returns the index being served and its Browse, made on first use.
func (s *Pages) browse(c *gin.Context) (*search.Index, *browse.Browse) {
	st := s.browseState(c)
	return st.ix, st.b
}

// browseState is the Browse of the request's index. The state keeps a
// reference of its own, let go of when a newer index's state replaces it;
// a request still using the old state holds its own reference to the
// same snapshot, so it stays open until that request ends.
func (s *Pages) browseState(c *gin.Context) *browseState {
	ix := site.Index(c)
	if st := s.browsing.Load(); st != nil && st.ix.Is(ix) {
		return st
	}
	s.browseMu.Lock()
	defer s.browseMu.Unlock()
	if st := s.browsing.Load(); st != nil && st.ix.Is(ix) {
		return st
	}
	own := s.holder.Take()
	if own == nil || !own.Is(ix) {
		// Swapped since the request began: a state for this request only.
		if own != nil {
			own.Close()
		}
		return &browseState{ix: ix, b: browse.New(ix, s.site.Log)}
	}
	st := &browseState{ix: own, b: browse.New(own, s.site.Log)}
	if old := s.browsing.Swap(st); old != nil {
		old.ix.Close()
	}
	return st
}

// Limits on what one page lists.
const (
	profilePosts = 50
	mentionPosts = 40
	relatedPosts = 5
	sameWeekMax  = 6
)

// entry is one line of a list of posts; a gap stands for week numbers the
// series skips.
type entry struct {
	archive.Post
	Sentence string // the excerpt's text
	Sections []termLink
	More     int // sections not listed
	Gap      []int
}

// GapText says which numbers a gap skips.
func (e entry) GapText() string {
	switch n := len(e.Gap); {
	case n == 0:
		return ""
	case n == 1:
		return fmt.Sprintf("Week %d is missing", e.Gap[0])
	case n == 2:
		return fmt.Sprintf("Weeks %d and %d are missing", e.Gap[0], e.Gap[1])
	default:
		return fmt.Sprintf("Weeks %d to %d are missing (%d weeks)", e.Gap[0], e.Gap[n-1], n)
	}
}

// entries lists a period's posts by date, oldest first, with each run of
// missing week numbers after the week before it; b, when set, gives each
// its excerpt.
func entries(posts []archive.Post, w browse.Weeks, b *browse.Browse) []entry {
	missing := map[int][]int{} // week before the gap -> the gap
	for _, n := range w.Missing {
		missing[prevWeek(w, n)] = append(missing[prevWeek(w, n)], n)
	}
	out := make([]entry, 0, len(posts)+len(missing))
	for _, p := range posts {
		e := entry{Post: p}
		if b != nil {
			x := b.Excerpt(p)
			e.Sentence = x.Text
			e.Sections, e.More = sectionLinks(x.Sections)
		}
		out = append(out, e)
		if p.Week > 0 && len(missing[p.Week]) > 0 {
			out = append(out, entry{Gap: missing[p.Week]})
			delete(missing, p.Week)
		}
	}
	return out
}

// WeekNote is the entry's weekNote.
func (e entry) WeekNote() string { return site.WeekNote(e.Title, e.Week) }

func prevWeek(w browse.Weeks, n int) int {
	best := 0
	for _, p := range w.Posts {
		if p.Week < n && p.Week > best {
			best = p.Week
		}
	}
	return best
}

// maxSections is the most section headings a line of a list names.
const maxSections = 6

// sectionLinks links a post's section headings to their topics, at most
// maxSections of them, and says how many more there are.
func sectionLinks(ts []archive.Term) ([]termLink, int) {
	n := min(len(ts), maxSections)
	out := make([]termLink, n)
	for i, t := range ts[:n] {
		out[i] = termLink{Slug: t.Slug, Label: t.Label, URL: termURL(archive.FacetTopic, t.Slug)}
	}
	return out, len(ts) - n
}

type yearRow struct {
	Year   int
	Count  int
	Months []monthCell
}

type monthCell struct {
	Name  string
	Count int
	URL   string
	Level int    // 0 for none, else 1-4 of the busiest month's count: the heatmap's shade
	Label string // "February 2018"
}

// heatLevel shades a month by its share of the busiest month's posts.
func heatLevel(n, most int) int {
	if n <= 0 || most <= 0 {
		return 0
	}
	return min(4, (4*n+most-1)/most)
}

type timelinePage struct {
	site.Base
	Histogram *chart.Histogram
	Years     []yearRow
	Total     int
	FirstYear int
	LastYear  int
	Missing   int
	WeekFirst int
	WeekLast  int
}

func (s *Pages) timeline(c *gin.Context) error {
	_, b := s.browse(c)
	page := timelinePage{Base: s.site.Base(c, "Timeline"), Total: b.Len()}
	page.Histogram = chart.New("hist-all", "Posts", chart.Zoom(b.Months()), chart.Timeline)
	most := 0
	for _, y := range b.Timeline() {
		for _, m := range y.Months {
			most = max(most, m.Count)
		}
	}
	for _, y := range b.Timeline() {
		row := yearRow{Year: y.Year, Count: y.Count}
		for _, m := range y.Months {
			cell := monthCell{Name: time.Month(m.Month).String()[:3], Count: m.Count, Level: heatLevel(m.Count, most),
				Label: time.Month(m.Month).String() + " " + strconv.Itoa(y.Year)}
			if m.Count > 0 {
				cell.URL = fmt.Sprintf("/timeline/%d/%02d", y.Year, m.Month)
			}
			row.Months = append(row.Months, cell)
		}
		page.Years = append(page.Years, row)
	}
	if n := len(page.Years); n > 0 {
		page.FirstYear, page.LastYear = page.Years[0].Year, page.Years[n-1].Year
	}
	page.Missing = len(b.MissingWeeks())
	page.WeekFirst, page.WeekLast = b.Series()
	c.HTML(http.StatusOK, "timeline", page)
	return nil
}

type periodPage struct {
	site.Base
	Year      int
	Month     int // 0 for a year
	Heading   string
	Histogram *chart.Histogram
	Months    []monthCell // a year's months
	Entries   []entry
	Count     int // posts
	Missing   []int
	Weeks     int // numbered weeks in the period
	Prev      *site.Link
	Next      *site.Link
	Up        site.Link
}

// period parses /timeline/YYYY[/MM]; ErrNotFound for anything else.
func parsePeriod(ys, ms string) (int, int, error) {
	if len(ys) != 4 {
		return 0, 0, search.ErrNotFound
	}
	y, err := strconv.Atoi(ys)
	if err != nil || y < 1000 {
		return 0, 0, search.ErrNotFound
	}
	if ms == "" {
		return y, 0, nil
	}
	m, err := strconv.Atoi(ms)
	if len(ms) != 2 || err != nil || m < 1 || m > 12 {
		return 0, 0, search.ErrNotFound
	}
	return y, m, nil
}

func (s *Pages) timelinePeriod(c *gin.Context) error {
	year, month, err := parsePeriod(c.Param("year"), c.Param("month"))
	if err != nil {
		return err
	}
	_, b := s.browse(c)
	tl := b.Timeline()
	yi := -1
	for i, y := range tl {
		if y.Year == year {
			yi = i
		}
	}
	if yi < 0 {
		return search.ErrNotFound
	}
	page := periodPage{Year: year, Month: month}
	posts := b.Period(year, month)
	page.Count = len(posts)
	weeks := b.WeeksIn(year, month)
	page.Missing = weeks.Missing
	page.Weeks = len(weeks.Posts)
	if month == 0 {
		page.Heading = strconv.Itoa(year)
		var ms []search.MonthCount
		for _, m := range tl[yi].Months {
			key := fmt.Sprintf("%d-%02d", year, m.Month)
			ms = append(ms, search.MonthCount{Month: key, Count: m.Count})
			cell := monthCell{Name: time.Month(m.Month).String(), Count: m.Count}
			if m.Count > 0 {
				cell.URL = fmt.Sprintf("/timeline/%d/%02d", year, m.Month)
			}
			page.Months = append(page.Months, cell)
		}
		page.Histogram = chart.New("hist-year", "Posts", ms, chart.Timeline)
		page.Entries = entries(posts, weeks, nil)
		page.Up = site.Link{Label: "All years", URL: "/timeline"}
		for i := yi - 1; i >= 0; i-- {
			if tl[i].Count > 0 {
				page.Prev = &site.Link{Label: strconv.Itoa(tl[i].Year), URL: fmt.Sprintf("/timeline/%d", tl[i].Year)}
				break
			}
		}
		for i := yi + 1; i < len(tl); i++ {
			if tl[i].Count > 0 {
				page.Next = &site.Link{Label: strconv.Itoa(tl[i].Year), URL: fmt.Sprintf("/timeline/%d", tl[i].Year)}
				break
			}
		}
	} else {
		page.Heading = time.Month(month).String() + " " + strconv.Itoa(year)
		page.Entries = entries(posts, weeks, b)
		page.Up = site.Link{Label: strconv.Itoa(year), URL: fmt.Sprintf("/timeline/%d", year)}
		// The nearest months before and after with posts.
		var flat []search.MonthCount
		for _, y := range tl {
			for _, m := range y.Months {
				flat = append(flat, search.MonthCount{Month: fmt.Sprintf("%d-%02d", y.Year, m.Month), Count: m.Count})
			}
		}
		key := fmt.Sprintf("%d-%02d", year, month)
		at := -1
		for i, m := range flat {
			if m.Month == key {
				at = i
			}
		}
		monthLink := func(m string) *site.Link {
			t, _ := time.Parse("2006-01", m)
			return &site.Link{Label: t.Format("January 2006"), URL: "/timeline/" + strings.Replace(m, "-", "/", 1)}
		}
		for i := at - 1; i >= 0; i-- {
			if flat[i].Count > 0 {
				page.Prev = monthLink(flat[i].Month)
				break
			}
		}
		for i := at + 1; at >= 0 && i < len(flat); i++ {
			if flat[i].Count > 0 {
				page.Next = monthLink(flat[i].Month)
				break
			}
		}
	}
	page.Base = s.site.Base(c, page.Heading+" · Timeline")
	c.HTML(http.StatusOK, "period", page)
	return nil
}

// termList is /tags, /people or /projects.
type termList struct {
	site.Base
	Heading string
	Noun    string        // "topic", "person", "project"
	Count   int           // listed
	List    template.HTML // the list, written once per index (see termsHTML)
	ByName  bool
	Sorts   []site.Link
	Path    string
	// Topics used by one post are left out unless All: most are a heading
	// written once.
	All      bool
	Hidden   int    // left out for that
	AllCount int    // listed and left out
	AllURL   string // the list with them
	Filter   string // the words the list is filtered by
	Clear    string // the list without the filter
	// People and projects that no post names are listed apart, after
	// the others: a zero among counts reads as a broken count.
	Apart        template.HTML
	ApartCount   int
	ApartHeading string
}

// listHTML is a list as written once per index: the terms with posts and,
// for people and projects, those without, apart.
type listHTML struct {
	main, apart template.HTML
	apartCount  int
}

// apartHeadings head the people and projects no post names.
var apartHeadings = map[archive.Facet]string{
	archive.FacetAuthor:  "People with no posts",
	archive.FacetProject: "Projects no post mentions",
}

// writeList writes a list's terms, those of people and projects without
// posts apart.
func (st *browseState) writeList(k archive.Facet, shown []browse.Count) listHTML {
	if _, ok := apartHeadings[k]; !ok {
		return listHTML{main: st.termsHTML(k, shown)}
	}
	var with, without []browse.Count
	for _, t := range shown {
		if t.Count > 0 {
			with = append(with, t)
		} else {
			without = append(without, t)
		}
	}
	l := listHTML{main: st.termsHTML(k, with), apartCount: len(without)}
	if len(without) > 0 {
		l.apart = st.termsHTML(k, without)
	}
	return l
}

// minTopicPosts is how many posts a topic needs to be listed on /tags
// without ?all=1.
const minTopicPosts = 2

// maxFilter bounds the filter of a list.
const maxFilter = 100

type termLink struct {
	Slug, Label string
	Count       int
	URL         string
}

// kinds maps a list's path to what it lists.
var kinds = map[string]archive.Facet{
	"/tags":     archive.FacetTopic,
	"/people":   archive.FacetAuthor,
	"/projects": archive.FacetProject,
}

func termURL(facet archive.Facet, slug string) string {
	if facet == archive.FacetTopic {
		return "/tags/" + url.PathEscape(slug)
	}
	return "/" + url.PathEscape(slug)
}

// projectOf is the project a topic is also, by slug or by the project's
// name ("Trainline" the heading and Trainline the project), if any.
func (st *browseState) projectOf(topic string) (browse.Count, bool) {
	st.projectsOnce.Do(func() {
		st.projectByTopic = map[string]browse.Count{}
		for _, p := range st.b.Terms(archive.FacetProject, false) {
			if _, taken := st.projectByTopic[archive.Slug(p.Label)]; !taken {
				st.projectByTopic[archive.Slug(p.Label)] = p
			}
		}
		for _, p := range st.b.Terms(archive.FacetProject, false) {
			st.projectByTopic[p.Slug] = p
		}
	})
	p, ok := st.projectByTopic[topic]
	return p, ok
}

// termsHTML writes a list of topics, people or projects with their counts;
// a topic that is also a project links to it. Like Chart, it is written
// here, and once per index: a list of a thousand topics cost html/template
// over 10 ms. Every string is escaped.
func (st *browseState) termsHTML(facet archive.Facet, terms []browse.Count) template.HTML {
	var w strings.Builder
	esc := template.HTMLEscapeString
	w.WriteString(`<ul class="terms">`)
	if facet == archive.FacetAuthor {
		w.Reset()
		w.WriteString(`<ul class="terms people">`)
	}
	for _, t := range terms {
		avatar := ""
		if facet == archive.FacetAuthor {
			avatar = avatarHTML(st.b.Entity(facet, t.Slug))
		}
		if t.Count == 0 {
			// Listed apart, under a heading that says so: a 0 says nothing more.
			fmt.Fprintf(&w, `<li><a href="%s">%s%s</a>`, esc(termURL(facet, t.Slug)), avatar, esc(t.Label))
		} else {
			fmt.Fprintf(&w, `<li><a href="%s">%s%s</a> <span class="count">%d<span class="visually-hidden"> %s</span></span>`,
				esc(termURL(facet, t.Slug)), avatar, esc(t.Label), t.Count, chart.PostsNoun(t.Count))
		}
		if facet == archive.FacetTopic {
			if p, ok := st.projectOf(t.Slug); ok {
				fmt.Fprintf(&w, ` <a class="also-project" href="%s" title="%s">project<span class="visually-hidden"> %s</span></a>`,
					esc(termURL(archive.FacetProject, p.Slug)), esc("The project "+p.Label), esc(p.Label))
			}
		}
		w.WriteString("</li>\n")
	}
	w.WriteString(`</ul>`)
	return template.HTML(w.String())
}

func sortParam(c *gin.Context) (bool, error) {
	switch c.Query("sort") {
	case "", "count":
		return false, nil
	case "name":
		return true, nil
	}
	return false, &querylang.InvalidError{Param: "sort", Msg: fmt.Sprintf("%q is not one of count, name", c.Query("sort"))}
}

// listURL is a list's URL with its parameters, those left empty dropped.
func listURL(path string, byName, all bool, filter string) string {
	q := url.Values{}
	if byName {
		q.Set("sort", "name")
	}
	if all {
		q.Set("all", "1")
	}
	if filter != "" {
		q.Set("q", filter)
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// matchesFilter says whether a term's label or slug holds the filter's
// words, in any case.
func matchesFilter(t browse.Count, lower, slug string) bool {
	return strings.Contains(strings.ToLower(t.Label), lower) || slug != "" && strings.Contains(t.Slug, slug)
}

func (s *Pages) termList(c *gin.Context) error {
	path := c.FullPath()
	k := kinds[path]
	byName, err := sortParam(c)
	if err != nil {
		return err
	}
	all := false
	switch v := c.Query("all"); v {
	case "", "0":
	case "1":
		all = true
	default:
		return &querylang.InvalidError{Param: "all", Msg: fmt.Sprintf("%q is not 1 or 0", v)}
	}
	filter := strings.TrimSpace(c.Query("q"))
	if len(filter) > maxFilter || !utf8.ValidString(filter) {
		return &querylang.InvalidError{Param: "q", Msg: fmt.Sprintf("must be valid text of at most %d bytes", maxFilter)}
	}
	st := s.browseState(c)
	terms := st.b.Terms(k, byName)
	page := termList{Base: s.site.Base(c, k.Label()), Heading: k.Label(), Noun: k.Noun(), ByName: byName, Path: path, All: all, Filter: filter}
	minPosts := 0
	if k == archive.FacetTopic && !all {
		minPosts = minTopicPosts
	}
	lower, slug := strings.ToLower(filter), archive.Slug(filter)
	shown := terms
	if minPosts > 0 || filter != "" {
		shown = make([]browse.Count, 0, len(terms))
		for _, t := range terms {
			if filter != "" && !matchesFilter(t, lower, slug) {
				continue
			}
			if t.Count < minPosts {
				page.Hidden++
				continue
			}
			shown = append(shown, t)
		}
	}
	page.Count = len(shown)
	var list listHTML
	if filter == "" {
		key := listURL(path, byName, all, "")
		if v, ok := st.lists.Load(key); ok {
			list = v.(listHTML)
		} else {
			list = st.writeList(k, shown)
			st.lists.Store(key, list)
		}
	} else {
		list = st.writeList(k, shown)
		page.Clear = listURL(path, byName, all, "")
	}
	page.List, page.Apart, page.ApartCount, page.ApartHeading = list.main, list.apart, list.apartCount, apartHeadings[k]
	if page.Hidden > 0 {
		page.AllURL = listURL(path, byName, true, filter)
		page.AllCount = page.Count + page.Hidden
	}
	page.Sorts = []site.Link{
		{Label: "Most posts", URL: listURL(path, false, all, filter), Active: !byName},
		{Label: "A–Z", URL: listURL(path, true, all, filter), Active: byName},
	}
	c.HTML(http.StatusOK, "terms", page)
	return nil
}

// profilePage is a topic, person or project.
type profilePage struct {
	site.Base
	Profile   *browse.Profile
	About     template.HTML // the snip's bio or description, sanitised at index time
	Histogram *chart.Histogram
	Rows      []listed // a topic's or person's posts, each with what says why it is listed
	Mentions  []browse.Mention
	Years     []yearLink // a person's years with posts
	Topics    []termLink
	Projects  []termLink
	People    []termLink
	SearchURL string      // every post of it, in the search page
	Project   *termLink   // the project a topic is also
	Head      profileHead // a person's or project's photo and links
}

// listed is a post in a list, with what puts it there: the passage of
// it a topic's page lists it for, the excerpt of it a person's page shows,
// what a related post shares.
type listed struct {
	archive.Post
	ShowAuthor bool // not on the author's own page
	Passage    string
	Sections   []termLink
	More       int    // sections not listed
	Why        string // what a related post shares with the post shown
}

// WeekNote is the row's weekNote.
func (l listed) WeekNote() string { return site.WeekNote(l.Title, l.Week) }

// yearLink is a year a person wrote in, linked to their posts of it.
type yearLink struct {
	Year  int
	Count int
	URL   string
}

// profileLinks leads a profile's chart to its own posts of a month or a
// year, in the search page.
func profileLinks(facet archive.Facet, slug string) chart.Links {
	return chart.Links{
		Month: func(m string) string {
			return "/search?" + url.Values{facet.Name(): {slug}, "month": {m}}.Encode()
		},
		Year: func(y int) string {
			return "/search?" + url.Values{facet.Name(): {slug}, "year": {strconv.Itoa(y)}}.Encode()
		},
	}
}

// activeYears are the years of a profile's months that have posts.
func activeYears(facet archive.Facet, slug string, months []search.MonthCount) []yearLink {
	var out []yearLink
	for _, m := range months {
		y, err := strconv.Atoi(m.Month[:4])
		if err != nil || m.Count == 0 {
			continue
		}
		if len(out) == 0 || out[len(out)-1].Year != y {
			out = append(out, yearLink{Year: y, URL: profileLinks(facet, slug).Year(y)})
		}
		out[len(out)-1].Count += m.Count
	}
	return out
}

func links(facet archive.Facet, cs []browse.Count) []termLink {
	out := make([]termLink, len(cs))
	for i, c := range cs {
		out[i] = termLink{Slug: c.Slug, Label: c.Label, Count: c.Count, URL: termURL(facet, c.Slug)}
	}
	return out
}

func (s *Pages) profile(c *gin.Context, facet archive.Facet, slug, tmpl string) error {
	_, b := s.browse(c)
	pr, err := b.Profile(facet, slug, profilePosts)
	if err != nil {
		return err
	}
	page := profilePage{Profile: pr}
	what := "Posts"
	switch facet {
	case archive.FacetTopic:
		page.Base = s.site.Base(c, pr.Label+" · Topics")
		page.Feed = "/feed.xml?topic=" + url.QueryEscape(slug)
		if p, ok := s.browseState(c).projectOf(slug); ok {
			page.Project = &termLink{Slug: p.Slug, Label: p.Label, Count: p.Count, URL: termURL(archive.FacetProject, p.Slug)}
		}
	case archive.FacetAuthor:
		page.Base = s.site.Base(c, pr.Label)
		page.Feed = "/feed.xml?author=" + url.QueryEscape(slug)
		page.Years = activeYears(facet, slug, pr.Months)
	case archive.FacetProject:
		page.Base = s.site.Base(c, pr.Label+" · Projects")
		page.Feed = "/feed.xml?project=" + url.QueryEscape(slug)
		what = "Posts mentioning it"
		st := s.browseState(c)
		if v, ok := st.mentions.Load(slug); ok {
			page.Mentions = v.([]browse.Mention)
		} else {
			if page.Mentions, err = b.Mentions(slug, mentionPosts); err != nil {
				return err
			}
			st.mentions.Store(slug, page.Mentions)
		}
	}
	page.FeedTitle = pr.Label
	page.SearchURL = "/search?" + url.Values{facet.Name(): {slug}}.Encode()
	if pr.Entity != nil {
		page.About = template.HTML(withoutTitle(pr.Entity.HTML))
	}
	page.Head = headOf(pr.Entity, facet, pr.Label)
	for _, p := range pr.Posts {
		switch facet {
		case archive.FacetTopic:
			page.Rows = append(page.Rows, listed{Post: p, ShowAuthor: true, Passage: b.Passage(p, slug)})
		case archive.FacetAuthor:
			x := b.Excerpt(p)
			l := listed{Post: p, Passage: x.Text}
			l.Sections, l.More = sectionLinks(x.Sections)
			page.Rows = append(page.Rows, l)
		}
	}
	if page.Histogram = chart.New("hist-"+facet.Name(), what, chart.Zoom(pr.Months), profileLinks(facet, slug)); page.Histogram != nil {
		page.Histogram.Noun = "Posts"
	}
	page.Topics = links(archive.FacetTopic, pr.Topics)
	page.Projects = links(archive.FacetProject, pr.Projects)
	page.People = links(archive.FacetAuthor, pr.People)
	c.HTML(http.StatusOK, tmpl, page)
	return nil
}

// withoutTitle drops the heading a snip's HTML opens with: the page has
// its own.
func withoutTitle(h string) string {
	t := strings.TrimSpace(h)
	if strings.HasPrefix(t, "<h1") || strings.HasPrefix(t, "<h2") {
		end := "</h" + t[2:3] + ">"
		if i := strings.Index(t, end); i >= 0 {
			return t[i+len(end):]
		}
	}
	return h
}

func (s *Pages) tagPage(c *gin.Context) error {
	slug := c.Param("slug")
	err := s.profile(c, archive.FacetTopic, slug, "tag")
	if errors.Is(err, search.ErrNotFound) {
		return s.nearMiss(c, slug, "topic")
	}
	return err
}

// Kinds of page a near miss is looked for among: those at /NAME, and
// topics.
var (
	flatKinds = []string{"post", "person", "project"}
	nearKinds = []string{"post", "person", "project", "topic"}
)

// nearestNames is how many pages a 404 offers.
const nearestNames = 5

// nearMiss answers a name that leads nowhere: a 301 to the one page of
// the kind asked for (kind "topic" for /tags/NAME, else a post, person or
// project) whose name differs only in case or punctuation, otherwise a
// 404 that offers the nearest names.
func (s *Pages) nearMiss(c *gin.Context, name, kind string) error {
	_, b := s.browse(c)
	same, nearest := b.Near(name, nearKinds, nearestNames)
	var one []browse.Place
	for _, p := range same {
		if p.Kind == kind || kind != "topic" && p.Kind != "topic" {
			one = append(one, p)
		}
	}
	if len(one) == 1 {
		to := placeURL(one[0])
		if q := c.Request.URL.RawQuery; q != "" {
			to += "?" + q
		}
		c.Redirect(http.StatusMovedPermanently, to)
		return nil
	}
	nf := &site.NotFound{}
	for _, p := range append(same, nearest...) {
		if len(nf.Nearest) == nearestNames {
			break
		}
		nf.Nearest = append(nf.Nearest, site.NearLink{Label: p.Label, Kind: p.Kind, URL: placeURL(p)})
	}
	return nf
}

func placeURL(p browse.Place) string {
	if p.Kind == "topic" {
		return termURL(archive.FacetTopic, p.Slug)
	}
	return "/" + url.PathEscape(p.Slug)
}

// postView is the post page.
type postView struct {
	site.Base
	Post     archive.Post
	Body     template.HTML
	MonthURL string
	Nav      []navItem
	Related  []listed // with what each shares with the post
	SameWeek []archive.Post
	// Marked is how many words of Words (?q=, a result's section link)
	// the body has in <mark>; 0 when none.
	Marked     int
	Words      string
	ResultsURL string // the search the words came from
}

// navItem is a link to a post around the one shown.
type navItem struct {
	Kind  string // "Previous post", "Next week", ...
	Title string
	URL   string
	Rel   string // prev, next
	Class string // prev-week, next-week: the numbered series
	Next  bool
}

// postNav lists the posts around one, saying once when the post before
// by date is also the week before.
func postNav(n browse.Neighbours) []navItem {
	var out []navItem
	for _, side := range []struct {
		post, week *archive.Post
		dir, rel   string
		next       bool
	}{{n.Prev, n.PrevWeek, "Previous", "prev", false}, {n.Next, n.NextWeek, "Next", "next", true}} {
		switch {
		case side.post != nil && side.week != nil && side.post.Name == side.week.Name:
			out = append(out, navItem{Kind: side.dir + " post and week", Title: side.post.Title, URL: side.post.URL(), Rel: side.rel, Class: side.rel + "-week", Next: side.next})
		default:
			if side.post != nil {
				out = append(out, navItem{Kind: side.dir + " post", Title: side.post.Title, URL: side.post.URL(), Rel: side.rel, Next: side.next})
			}
			if side.week != nil {
				out = append(out, navItem{Kind: side.dir + " week", Title: side.week.Title, URL: side.week.URL(), Class: side.rel + "-week", Next: side.next})
			}
		}
	}
	return out
}

// Flat serves /NAME: a post, a person or a project, as the original site's
// flat URLs did.
func (s *Pages) Flat(c *gin.Context, name string) error {
	ix, b := s.browse(c)
	switch b.Kind(name) {
	case "person":
		return s.profile(c, archive.FacetAuthor, name, "person")
	case "project":
		return s.profile(c, archive.FacetProject, name, "project")
	case "post":
	default:
		return s.nearMiss(c, name, "post")
	}
	p, n, err := s.shownPost(c, ix, b, name)
	if err != nil {
		return err
	}
	page := postView{
		Base:     s.site.Base(c, p.Title),
		Post:     p,
		Body:     template.HTML(p.HTML),
		MonthURL: p.Created.Format("/timeline/2006/01"),
		Nav:      postNav(n),
		Related:  relatedRows(b.RelatedWhy(name, relatedPosts)),
		SameWeek: b.SameWeek(name, sameWeekMax),
	}
	// A result's section link asks for its words to be marked; a q that
	// marks nothing (or is no query at all) leaves the post as it is.
	if q := c.Query("q"); q != "" {
		if marked, n := search.MarkPost(p.HTML, q); n > 0 {
			page.Body, page.Marked, page.Words = template.HTML(marked), n, q
			page.ResultsURL = "/search?q=" + url.QueryEscape(q)
		}
		page.Canonical = s.site.BaseURL + p.URL()
	}
	c.HTML(http.StatusOK, "post", page)
	return nil
}

// Listed is a post of the start page's list, with its excerpt: its
// opening words past greetings and dates, and its section headings.
type Listed struct {
	search.Hit
	Excerpt  string
	Sections []termLink
	More     int // sections not listed
}

// Excerpts gives each hit its excerpt, from the request's index.
func (s *Pages) Excerpts(c *gin.Context, hits []search.Hit) []Listed {
	_, b := s.browse(c)
	out := make([]Listed, len(hits))
	for i, h := range hits {
		x := b.Excerpt(h.Post)
		out[i] = Listed{Hit: h, Excerpt: x.Text}
		out[i].Sections, out[i].More = sectionLinks(x.Sections)
	}
	return out
}

// relatedRows lists related posts with what each shares.
func relatedRows(rs []browse.RelatedPost) []listed {
	out := make([]listed, len(rs))
	for i, r := range rs {
		out[i] = listed{Post: r.Post, ShowAuthor: true, Why: why(r)}
	}
	return out
}

// why says what a related post shares: "Both about Mocha; topics CoTech
// and GDS; words “redis” and “queue”".
func why(r browse.RelatedPost) string {
	var parts []string
	labels := func(ts []archive.Term) []string {
		out := make([]string, len(ts))
		for i, t := range ts {
			out[i] = t.Label
		}
		return out
	}
	if len(r.Projects) > 0 {
		parts = append(parts, "the project"+plural(len(r.Projects))+" "+and(labels(r.Projects)))
	}
	if len(r.Topics) > 0 {
		parts = append(parts, "the topic"+plural(len(r.Topics))+" "+and(labels(r.Topics[:min(3, len(r.Topics))])))
	}
	if len(r.Words) > 0 {
		quoted := make([]string, len(r.Words))
		for i, w := range r.Words {
			quoted[i] = "“" + w + "”"
		}
		parts = append(parts, "the word"+plural(len(r.Words))+" "+and(quoted))
	}
	if len(parts) == 0 {
		return ""
	}
	return "Shares " + strings.Join(parts, "; ")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// and joins words as a list is written: "a", "a and b", "a, b and c".
func and(ws []string) string {
	switch len(ws) {
	case 0:
		return ""
	case 1:
		return ws[0]
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " and " + ws[len(ws)-1]
}

// JSON

type apiYear = browse.YearCount

func (s *Pages) apiTimeline(c *gin.Context) error {
	_, b := s.browse(c)
	out := b.Timeline()
	if out == nil {
		out = []apiYear{}
	}
	c.JSON(http.StatusOK, out)
	return nil
}

func (s *Pages) apiTerms(c *gin.Context) error {
	facet := map[string]archive.Facet{"/api/tags": archive.FacetTopic, "/api/people": archive.FacetAuthor, "/api/projects": archive.FacetProject}[c.FullPath()]
	byName, err := sortParam(c)
	if err != nil {
		return err
	}
	_, b := s.browse(c)
	terms := b.Terms(facet, byName)
	if facet == archive.FacetTopic {
		if terms == nil {
			terms = []browse.Count{}
		}
		c.JSON(http.StatusOK, terms)
		return nil
	}
	out := make([]apiEntity, len(terms))
	for i, t := range terms {
		out[i] = entityJSON(t.Slug, t.Label, t.Count, b.Entity(facet, t.Slug))
	}
	c.JSON(http.StatusOK, out)
	return nil
}

// apiProfile is one person or project as JSON: GET /api/people/SLUG,
// /api/projects/SLUG.
type apiProfile struct {
	apiEntity
	URL  string `json:"url"`
	HTML string `json:"html"` // the bio or description
}

func (s *Pages) apiEntity(facet archive.Facet) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		slug := c.Param("slug")
		_, b := s.browse(c)
		pr, err := b.Profile(facet, slug, 0)
		if err != nil {
			return err
		}
		out := apiProfile{apiEntity: entityJSON(slug, pr.Label, pr.Count, pr.Entity), URL: termURL(facet, slug)}
		if pr.Entity != nil {
			out.HTML = withoutTitle(pr.Entity.HTML)
		}
		c.JSON(http.StatusOK, out)
		return nil
	}
}

type apiPostRef struct {
	Name  string `json:"name"`
	URL   string `json:"url"`
	Title string `json:"title"`
	Date  string `json:"date"`
	Week  *int   `json:"week"`
}

type apiPost struct {
	apiPostRef
	Author   site.Person    `json:"author"`
	Updated  string         `json:"updated"`
	Kind     string         `json:"kind"`
	Draft    bool           `json:"draft,omitempty"`
	Topics   []archive.Term `json:"topics"`
	Projects []archive.Term `json:"projects"`
	Summary  string         `json:"summary"`
	HTML     string         `json:"html"`
	Prev     *apiPostRef    `json:"prev"`
	Next     *apiPostRef    `json:"next"`
	PrevWeek *apiPostRef    `json:"prev_week"`
	NextWeek *apiPostRef    `json:"next_week"`
	Related  []apiRelated   `json:"related"`
	SameWeek []apiPostRef   `json:"same_week_other_years"`
}

// apiRelated is a related post with what it shares with the post.
type apiRelated struct {
	apiPostRef
	Projects []archive.Term `json:"shared_projects"`
	Topics   []archive.Term `json:"shared_topics"`
	Words    []string       `json:"shared_words"`
}

func apiRelatedPosts(rs []browse.RelatedPost) []apiRelated {
	out := make([]apiRelated, len(rs))
	for i, r := range rs {
		out[i] = apiRelated{apiPostRef: postRef(r.Post), Projects: nonNil(r.Projects), Topics: nonNil(r.Topics), Words: r.Words}
		if out[i].Words == nil {
			out[i].Words = []string{}
		}
	}
	return out
}

func postRef(p archive.Post) apiPostRef {
	r := apiPostRef{Name: p.Name, URL: p.URL(), Title: p.Title, Date: p.Created.Format(time.RFC3339)}
	if p.Week > 0 {
		w := p.Week
		r.Week = &w
	}
	return r
}

func postRefPtr(p *archive.Post) *apiPostRef {
	if p == nil {
		return nil
	}
	r := postRef(*p)
	return &r
}

func postRefs(ps []archive.Post) []apiPostRef {
	out := make([]apiPostRef, len(ps))
	for i, p := range ps {
		out[i] = postRef(p)
	}
	return out
}

// shownPost is a post with its neighbours, for its page and its JSON; a
// draft is not found unless the server shows drafts.
func (s *Pages) shownPost(c *gin.Context, ix *search.Index, b *browse.Browse, name string) (archive.Post, browse.Neighbours, error) {
	p, err := ix.Get(c.Request.Context(), name)
	if err != nil {
		return p, browse.Neighbours{}, err
	}
	if p.Draft && !s.site.Drafts {
		return p, browse.Neighbours{}, search.ErrNotFound
	}
	n, err := b.Neighbours(name)
	return p, n, err
}

func (s *Pages) apiPost(c *gin.Context) error {
	name := c.Param("name")
	ix, b := s.browse(c)
	if b.Kind(name) != "post" {
		return search.ErrNotFound
	}
	p, n, err := s.shownPost(c, ix, b, name)
	if err != nil {
		return err
	}
	out := apiPost{
		apiPostRef: postRef(p),
		Author:     site.Person{Slug: p.Author.Slug, Name: p.Author.Label},
		Updated:    p.Updated.Format(time.RFC3339),
		Kind:       p.Kind,
		Draft:      p.Draft,
		Topics:     nonNil(p.Topics),
		Projects:   nonNil(p.Projects),
		Summary:    p.Summary,
		HTML:       p.HTML,
		Prev:       postRefPtr(n.Prev),
		Next:       postRefPtr(n.Next),
		PrevWeek:   postRefPtr(n.PrevWeek),
		NextWeek:   postRefPtr(n.NextWeek),
		Related:    apiRelatedPosts(b.RelatedWhy(name, relatedPosts)),
		SameWeek:   postRefs(b.SameWeek(name, sameWeekMax)),
	}
	c.JSON(http.StatusOK, out)
	return nil
}

func nonNil(ts []archive.Term) []archive.Term {
	if ts == nil {
		return []archive.Term{}
	}
	return ts
}

// Routes adds the pages of this package.
func (s *Pages) Routes(e *gin.Engine) {
	e.GET("/timeline", s.site.Handle(s.timeline))
	e.GET("/timeline/:year", s.site.Handle(s.timelinePeriod))
	e.GET("/timeline/:year/:month", s.site.Handle(s.timelinePeriod))
	e.GET("/tags", s.site.Handle(s.termList))
	e.GET("/tags/:slug", s.site.Handle(s.tagPage))
	e.GET("/people", s.site.Handle(s.termList))
	e.GET("/projects", s.site.Handle(s.termList))
	e.GET("/api/timeline", s.site.Handle(s.apiTimeline))
	e.GET("/api/tags", s.site.Handle(s.apiTerms))
	e.GET("/api/people", s.site.Handle(s.apiTerms))
	e.GET("/api/projects", s.site.Handle(s.apiTerms))
	e.GET("/api/people/:slug", s.site.Handle(s.apiEntity(archive.FacetAuthor)))
	e.GET("/api/projects/:slug", s.site.Handle(s.apiEntity(archive.FacetProject)))
	e.GET("/api/posts/:name", s.site.Handle(s.apiPost))
	e.GET("/sitemap.xml", s.site.Handle(s.sitemap))
}
