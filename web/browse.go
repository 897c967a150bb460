package web

// Browsing the archive: the timeline, topics (tags), people, projects and
// the pages behind flat URLs, as HTML and as JSON.
//
//	GET /timeline                 posts per month, every year
//	GET /timeline/YYYY            a year: its months and its posts by week
//	GET /timeline/YYYY/MM         a month's posts
//	GET /tags, /people, /projects every value with its count (?sort=name for A-Z)
//	GET /tags/SLUG                a topic's posts, histogram, people, related topics
//	GET /SLUG                     a post, else a person, else a project
//	GET /api/timeline, /api/tags, /api/people, /api/projects, /api/posts/NAME

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/browse"
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
}

// browse returns the index being served and its Browse, made on first use.
func (s *Server) browse(c *gin.Context) (*search.Index, *browse.Browse) {
	st := s.browseState(c)
	return st.ix, st.b
}

// browseState is the Browse of the request's index. The state keeps a
// reference of its own, let go of when a newer index's state replaces it;
// a request still using the old state holds its own reference to the
// same snapshot, so it stays open until that request ends.
func (s *Server) browseState(c *gin.Context) *browseState {
	ix := s.index(c)
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
		return &browseState{ix: ix, b: browse.New(ix)}
	}
	st := &browseState{ix: own, b: browse.New(own)}
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

// histogram is a server-rendered SVG bar chart of posts per month with a
// table beside it for screen readers and keyboards (the bars are not
// focusable; the table's links are).
type histogram struct {
	ID      string
	Caption string
	Width   float64
	Height  float64
	BarW    float64
	Bars    []hbar
	Ticks   []htick
	Short   bool // a year or less: a label per month, centred
}

// Chart is the SVG and the table of the histogram. It is written here
// rather than in a template: html/template's escaping of a thousand
// numbers cost several milliseconds a page. Every string is escaped.
func (h *histogram) Chart() template.HTML {
	var w strings.Builder
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }
	esc := template.HTMLEscapeString
	fmt.Fprintf(&w, `<svg class="hist" viewBox="0 -4 %s %s" aria-hidden="true" focusable="false">`, num(h.Width), num(h.Height+22))
	fmt.Fprintf(&w, `<line class="axis" x1="0" x2="%s" y1="%s" y2="%s"/>`, num(h.Width), num(h.Height), num(h.Height))
	anchor := ""
	if h.Short {
		anchor = ` text-anchor="middle"`
	}
	for _, t := range h.Ticks {
		fmt.Fprintf(&w, `<line class="tick" x1="%s" x2="%s" y1="%s" y2="%s"/><text class="tick-label" x="%s" y="%s"%s>%s</text>`,
			num(t.X), num(t.X), num(h.Height), num(h.Height+5), num(t.X), num(h.Height+16), anchor, esc(t.Label))
	}
	for _, b := range h.Bars {
		if b.Count == 0 {
			continue
		}
		noun := "posts"
		if b.Count == 1 {
			noun = "post"
		}
		fmt.Fprintf(&w, `<a href="%s" tabindex="-1"><title>%s: %d %s</title><rect class="bar" x="%s" y="%s" width="%s" height="%s"/></a>`,
			esc(b.URL), esc(b.Label), b.Count, noun, num(b.X), num(b.Y), num(h.BarW), num(b.H))
	}
	w.WriteString(`</svg><details class="hist-table"><summary>Posts per month as a table</summary><table><thead><tr><th scope="col">Month</th><th scope="col">Posts</th></tr></thead><tbody>`)
	for _, b := range h.Bars {
		if b.Count > 0 {
			fmt.Fprintf(&w, `<tr><th scope="row"><a href="%s">%s</a></th><td>%d</td></tr>`, esc(b.URL), esc(b.Label), b.Count)
		}
	}
	w.WriteString(`</tbody></table></details>`)
	return template.HTML(w.String())
}

type hbar struct {
	Label string // "February 2018"
	Count int
	X, Y  float64
	H     float64
	URL   string
}

type htick struct {
	X     float64
	Label string
}

const (
	histWidth  = 720.0
	histHeight = 80.0
)

// newHistogram lays out one bar per month. A label of every January (or
// of every month when the range is a year or less) marks the axis.
func newHistogram(id, what string, months []search.MonthCount) *histogram {
	if len(months) == 0 {
		return nil
	}
	h := &histogram{ID: id, Width: histWidth, Height: histHeight}
	most, total, peak := 1, 0, ""
	for _, m := range months {
		if m.Count > most {
			most, peak = m.Count, m.Month
		}
		total += m.Count
	}
	if peak == "" && len(months) > 0 {
		peak = months[0].Month
	}
	h.BarW = histWidth / float64(len(months))
	short := len(months) <= 12
	h.Short = short
	for i, m := range months {
		t, _ := time.Parse("2006-01", m.Month)
		x := float64(i) * h.BarW
		bh := 0.0
		if m.Count > 0 {
			bh = 2 + (histHeight-2)*float64(m.Count)/float64(most)
		}
		h.Bars = append(h.Bars, hbar{Label: t.Format("January 2006"), Count: m.Count, X: x, Y: histHeight - bh, H: bh,
			URL: "/timeline/" + strings.Replace(m.Month, "-", "/", 1)})
		switch {
		case short:
			h.Ticks = append(h.Ticks, htick{X: x + h.BarW/2, Label: t.Format("Jan")})
		case t.Month() == time.January || i == 0 && t.Month() <= time.July:
			h.Ticks = append(h.Ticks, htick{X: x, Label: t.Format("2006")})
		}
	}
	first, last := months[0].Month, months[len(months)-1].Month
	pt, _ := time.Parse("2006-01", peak)
	ft, _ := time.Parse("2006-01", first)
	lt, _ := time.Parse("2006-01", last)
	h.Caption = fmt.Sprintf("%s per month, %s to %s: %d in all, most in %s (%d).",
		what, ft.Format("January 2006"), lt.Format("January 2006"), total, pt.Format("January 2006"), most)
	return h
}

// entry is one line of a list of posts; a gap stands for week numbers the
// series skips.
type entry struct {
	archive.Post
	Sentence string
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

// entries lists a period's posts: the numbered weeks by number, other posts
// among them by date, and each run of missing week numbers after the week
// before it.
func entries(all []archive.Post, w browse.Weeks, sentences bool) []entry {
	posts := make([]archive.Post, 0, len(all))
	i := 0
	for _, p := range all {
		if p.Week > 0 {
			continue
		}
		for i < len(w.Posts) && w.Posts[i].Created.Before(p.Created) {
			posts = append(posts, w.Posts[i])
			i++
		}
		posts = append(posts, p)
	}
	posts = append(posts, w.Posts[i:]...)
	missing := map[int][]int{} // week before the gap -> the gap
	for _, n := range w.Missing {
		missing[prevWeek(w, n)] = append(missing[prevWeek(w, n)], n)
	}
	var out []entry
	for _, p := range posts {
		e := entry{Post: p}
		if sentences {
			e.Sentence = firstSentence(p.Summary)
		}
		out = append(out, e)
		if p.Week > 0 && len(missing[p.Week]) > 0 {
			out = append(out, entry{Gap: missing[p.Week]})
			delete(missing, p.Week)
		}
	}
	return out
}

func prevWeek(w browse.Weeks, n int) int {
	best := 0
	for _, p := range w.Posts {
		if p.Week < n && p.Week > best {
			best = p.Week
		}
	}
	return best
}

// firstSentence is the first sentence of a summary, or its first 200 bytes.
func firstSentence(s string) string {
	for i := 0; i+1 < len(s); i++ {
		if (s[i] == '.' || s[i] == '!' || s[i] == '?') && (s[i+1] == ' ' || s[i+1] == '\n') && i > 20 {
			return s[:i+1]
		}
	}
	if len(s) > 200 {
		cut := strings.LastIndexByte(s[:200], ' ')
		if cut < 100 {
			cut = 200
		}
		for cut > 0 && !isRuneStart(s[cut]) {
			cut--
		}
		return s[:cut] + "…"
	}
	return s
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

type yearRow struct {
	Year   int
	Count  int
	Months []monthCell
}

type monthCell struct {
	Name  string
	Count int
	URL   string
}

type timelinePage struct {
	basePage
	Histogram *histogram
	Years     []yearRow
	Total     int
	FirstYear int
	LastYear  int
	Missing   int
	WeekFirst int
	WeekLast  int
}

func (s *Server) timeline(c *gin.Context) error {
	_, b := s.browse(c)
	page := timelinePage{basePage: s.base(c, "Timeline"), Total: b.Len()}
	page.Histogram = newHistogram("hist-all", "Posts", b.Months())
	for _, y := range b.Timeline() {
		row := yearRow{Year: y.Year, Count: y.Count}
		for _, m := range y.Months {
			cell := monthCell{Name: time.Month(m.Month).String()[:3], Count: m.Count}
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
	basePage
	Year      int
	Month     int // 0 for a year
	Heading   string
	Histogram *histogram
	Months    []monthCell // a year's months
	Entries   []entry
	Count     int // posts
	Missing   []int
	Weeks     int // numbered weeks in the period
	Prev      *link
	Next      *link
	Up        link
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

func (s *Server) timelinePeriod(c *gin.Context) error {
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
		page.Histogram = newHistogram("hist-year", "Posts", ms)
		page.Entries = entries(posts, weeks, false)
		page.Up = link{Label: "All years", URL: "/timeline"}
		for i := yi - 1; i >= 0; i-- {
			if tl[i].Count > 0 {
				page.Prev = &link{Label: strconv.Itoa(tl[i].Year), URL: fmt.Sprintf("/timeline/%d", tl[i].Year)}
				break
			}
		}
		for i := yi + 1; i < len(tl); i++ {
			if tl[i].Count > 0 {
				page.Next = &link{Label: strconv.Itoa(tl[i].Year), URL: fmt.Sprintf("/timeline/%d", tl[i].Year)}
				break
			}
		}
	} else {
		page.Heading = time.Month(month).String() + " " + strconv.Itoa(year)
		page.Entries = entries(posts, weeks, true)
		page.Up = link{Label: strconv.Itoa(year), URL: fmt.Sprintf("/timeline/%d", year)}
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
		monthLink := func(m string) *link {
			t, _ := time.Parse("2006-01", m)
			return &link{Label: t.Format("January 2006"), URL: "/timeline/" + strings.Replace(m, "-", "/", 1)}
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
	page.basePage = s.base(c, page.Heading+" · Timeline")
	c.HTML(http.StatusOK, "period", page)
	return nil
}

// termList is /tags, /people or /projects.
type termList struct {
	basePage
	Heading string
	Noun    string // "topic", "person", "project"
	Count   int
	List    template.HTML // the list, written once per index (see termsHTML)
	ByName  bool
	Sorts   []link
}

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

// termsHTML writes a list of topics, people or projects with their counts.
// Like Chart, it is written here, and once per index: a list of a thousand
// topics cost html/template over 10 ms. Every string is escaped.
func termsHTML(facet archive.Facet, terms []browse.Count) template.HTML {
	var w strings.Builder
	esc := template.HTMLEscapeString
	w.WriteString(`<ul class="terms">`)
	for _, t := range terms {
		noun := "posts"
		if t.Count == 1 {
			noun = "post"
		}
		fmt.Fprintf(&w, `<li><a href="%s">%s</a> <span class="count">%d<span class="visually-hidden"> %s</span></span></li>`+"\n",
			esc(termURL(facet, t.Slug)), esc(t.Label), t.Count, noun)
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
	return false, &search.InvalidError{Param: "sort", Msg: fmt.Sprintf("%q is not one of count, name", c.Query("sort"))}
}

func (s *Server) termList(c *gin.Context) error {
	k := kinds[c.FullPath()]
	byName, err := sortParam(c)
	if err != nil {
		return err
	}
	st := s.browseState(c)
	terms := st.b.Terms(k, byName)
	page := termList{basePage: s.base(c, k.Label()), Heading: k.Label(), Noun: k.Noun(), ByName: byName, Count: len(terms)}
	key := c.FullPath() + strconv.FormatBool(byName)
	if v, ok := st.lists.Load(key); ok {
		page.List = v.(template.HTML)
	} else {
		page.List = termsHTML(k, terms)
		st.lists.Store(key, page.List)
	}
	page.Sorts = []link{
		{Label: "Most posts", URL: c.FullPath(), Active: !byName},
		{Label: "A–Z", URL: c.FullPath() + "?sort=name", Active: byName},
	}
	c.HTML(http.StatusOK, "terms", page)
	return nil
}

// profilePage is a topic, person or project.
type profilePage struct {
	basePage
	Profile   *browse.Profile
	About     template.HTML // the snip's bio or description, sanitised at index time
	Histogram *histogram
	Mentions  []browse.Mention
	Topics    []termLink
	Projects  []termLink
	People    []termLink
	SearchURL string // every post of it, in the search page
}

func links(facet archive.Facet, cs []browse.Count) []termLink {
	out := make([]termLink, len(cs))
	for i, c := range cs {
		out[i] = termLink{Slug: c.Slug, Label: c.Label, Count: c.Count, URL: termURL(facet, c.Slug)}
	}
	return out
}

func (s *Server) profile(c *gin.Context, facet archive.Facet, slug, tmpl string) error {
	_, b := s.browse(c)
	pr, err := b.Profile(facet, slug, profilePosts)
	if err != nil {
		return err
	}
	page := profilePage{Profile: pr}
	what := "Posts"
	switch facet {
	case archive.FacetTopic:
		page.basePage = s.base(c, pr.Label+" · Topics")
		page.Feed = "/feed.xml?topic=" + url.QueryEscape(slug)
	case archive.FacetAuthor:
		page.basePage = s.base(c, pr.Label)
		page.Feed = "/feed.xml?author=" + url.QueryEscape(slug)
	case archive.FacetProject:
		page.basePage = s.base(c, pr.Label+" · Projects")
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
	page.Histogram = newHistogram("hist-"+facet.Name(), what, pr.Months)
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

func (s *Server) tagPage(c *gin.Context) error {
	return s.profile(c, archive.FacetTopic, c.Param("slug"), "tag")
}

// postView is the post page.
type postView struct {
	basePage
	Post     archive.Post
	Body     template.HTML
	MonthURL string
	Nav      []navItem
	Related  []archive.Post
	SameWeek []archive.Post
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

// flat serves /NAME: a post, a person or a project, as the original site's
// flat URLs did.
func (s *Server) flat(c *gin.Context, name string) error {
	ix, b := s.browse(c)
	switch b.Kind(name) {
	case "person":
		return s.profile(c, archive.FacetAuthor, name, "person")
	case "project":
		return s.profile(c, archive.FacetProject, name, "project")
	case "post":
	default:
		return search.ErrNotFound
	}
	p, n, err := s.shownPost(c, ix, b, name)
	if err != nil {
		return err
	}
	page := postView{
		basePage: s.base(c, p.Title),
		Post:     p,
		Body:     template.HTML(p.HTML),
		MonthURL: p.Created.Format("/timeline/2006/01"),
		Nav:      postNav(n),
		Related:  b.Related(name, relatedPosts),
		SameWeek: b.SameWeek(name, sameWeekMax),
	}
	c.HTML(http.StatusOK, "post", page)
	return nil
}

// JSON

type apiYear = browse.YearCount

func (s *Server) apiTimeline(c *gin.Context) error {
	_, b := s.browse(c)
	out := b.Timeline()
	if out == nil {
		out = []apiYear{}
	}
	c.JSON(http.StatusOK, out)
	return nil
}

func (s *Server) apiTerms(c *gin.Context) error {
	facet := map[string]archive.Facet{"/api/tags": archive.FacetTopic, "/api/people": archive.FacetAuthor, "/api/projects": archive.FacetProject}[c.FullPath()]
	byName, err := sortParam(c)
	if err != nil {
		return err
	}
	_, b := s.browse(c)
	out := b.Terms(facet, byName)
	if out == nil {
		out = []browse.Count{}
	}
	c.JSON(http.StatusOK, out)
	return nil
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
	Author   apiPerson      `json:"author"`
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
	Related  []apiPostRef   `json:"related"`
	SameWeek []apiPostRef   `json:"same_week_other_years"`
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
func (s *Server) shownPost(c *gin.Context, ix *search.Index, b *browse.Browse, name string) (archive.Post, browse.Neighbours, error) {
	p, err := ix.Get(c.Request.Context(), name)
	if err != nil {
		return p, browse.Neighbours{}, err
	}
	if p.Draft && !s.cfg.Drafts {
		return p, browse.Neighbours{}, search.ErrNotFound
	}
	n, err := b.Neighbours(name)
	return p, n, err
}

func (s *Server) apiPost(c *gin.Context) error {
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
		Author:     apiPerson{Slug: p.Author.Slug, Name: p.Author.Label},
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
		Related:    postRefs(b.Related(name, relatedPosts)),
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

// browseRoutes adds the pages of browse.go and feeds.go.
func (s *Server) browseRoutes(e *gin.Engine) {
	e.GET("/timeline", s.handle(s.timeline))
	e.GET("/timeline/:year", s.handle(s.timelinePeriod))
	e.GET("/timeline/:year/:month", s.handle(s.timelinePeriod))
	e.GET("/tags", s.handle(s.termList))
	e.GET("/tags/:slug", s.handle(s.tagPage))
	e.GET("/people", s.handle(s.termList))
	e.GET("/projects", s.handle(s.termList))
	e.GET("/api/timeline", s.handle(s.apiTimeline))
	e.GET("/api/tags", s.handle(s.apiTerms))
	e.GET("/api/people", s.handle(s.apiTerms))
	e.GET("/api/projects", s.handle(s.apiTerms))
	e.GET("/api/posts/:name", s.handle(s.apiPost))
	e.GET("/feed.xml", s.handle(s.feed))
	e.GET("/opensearch.xml", s.handle(s.openSearch))
	e.GET("/sitemap.xml", s.handle(s.sitemap))
}
