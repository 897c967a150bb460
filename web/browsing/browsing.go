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
//	GET /SLUG                     a post, else a person, else a project
//	GET /api/timeline, /api/tags, /api/people, /api/projects, /api/posts/NAME
//	GET /sitemap.xml              every page of the archive
package browsing

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
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/browse"
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

// entries lists a period's posts by date, oldest first, with each run of
// missing week numbers after the week before it.
func entries(posts []archive.Post, w browse.Weeks, sentences bool) []entry {
	missing := map[int][]int{} // week before the gap -> the gap
	for _, n := range w.Missing {
		missing[prevWeek(w, n)] = append(missing[prevWeek(w, n)], n)
	}
	out := make([]entry, 0, len(posts)+len(missing))
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
		page.Entries = entries(posts, weeks, false)
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
		page.Entries = entries(posts, weeks, true)
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
	for _, t := range terms {
		fmt.Fprintf(&w, `<li><a href="%s">%s</a> <span class="count">%d<span class="visually-hidden"> %s</span></span>`,
			esc(termURL(facet, t.Slug)), esc(t.Label), t.Count, chart.PostsNoun(t.Count))
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
	return false, &search.InvalidError{Param: "sort", Msg: fmt.Sprintf("%q is not one of count, name", c.Query("sort"))}
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
		return &search.InvalidError{Param: "all", Msg: fmt.Sprintf("%q is not 1 or 0", v)}
	}
	filter := strings.TrimSpace(c.Query("q"))
	if len(filter) > maxFilter || !utf8.ValidString(filter) {
		return &search.InvalidError{Param: "q", Msg: fmt.Sprintf("must be valid text of at most %d bytes", maxFilter)}
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
	if filter == "" {
		key := listURL(path, byName, all, "")
		if v, ok := st.lists.Load(key); ok {
			page.List = v.(template.HTML)
		} else {
			page.List = st.termsHTML(k, shown)
			st.lists.Store(key, page.List)
		}
	} else {
		page.List = st.termsHTML(k, shown)
		page.Clear = listURL(path, byName, all, "")
	}
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
	Mentions  []browse.Mention
	Topics    []termLink
	Projects  []termLink
	People    []termLink
	SearchURL string    // every post of it, in the search page
	Project   *termLink // the project a topic is also
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
	if page.Histogram = chart.New("hist-"+facet.Name(), what, chart.Zoom(pr.Months), chart.Timeline); page.Histogram != nil {
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
	return s.profile(c, archive.FacetTopic, c.Param("slug"), "tag")
}

// postView is the post page.
type postView struct {
	site.Base
	Post     archive.Post
	Body     template.HTML
	MonthURL string
	Nav      []navItem
	Related  []archive.Post
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
		return search.ErrNotFound
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
		Related:  b.Related(name, relatedPosts),
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
	e.GET("/api/posts/:name", s.site.Handle(s.apiPost))
	e.GET("/sitemap.xml", s.site.Handle(s.sitemap))
}
