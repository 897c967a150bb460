package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// archive plans the sample archive: which weeks have notes, who wrote
// what, and what each post says.
type archive struct {
	r     *rng
	weeks []int // the weeks with a note, in order
}

func newArchive(seed uint64) *archive {
	a := &archive{r: &rng{state: seed}}
	for w := firstWeek; w <= lastWeek; w++ {
		if w == 473 || w == 474 { // the seeds
			a.weeks = append(a.weeks, w)
			continue
		}
		f := friday(w)
		christmas := f.Month() == time.December && f.Day() >= 20 || f.Month() == time.January && f.Day() <= 3
		if christmas || a.r.chance(5) {
			continue
		}
		a.weeks = append(a.weeks, w)
	}
	return a
}

// friday is the Friday of a week: week 473 ended on Friday 9 February 2018.
func friday(week int) time.Time {
	return time.Date(2018, time.February, 9, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*(week-473))
}

// ukTime is t read as British time, roughly: summer time from April to
// September.
func ukTime(t time.Time) time.Time {
	if t.Month() >= time.April && t.Month() <= time.September {
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.FixedZone("BST", 3600))
	}
	return t
}

func stamp(t time.Time) string { return t.Format("2006-01-02 15:04:05 -07:00") }

// longDate is "Monday, 10th August 2015".
func longDate(t time.Time) string {
	d := t.Day()
	suffix := "th"
	if d/10 != 1 {
		switch d % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprintf("%s, %d%s %s %d", t.Weekday(), d, suffix, t.Month(), t.Year())
}

func personBySlug(slug string) *person {
	for _, p := range people {
		if p.slug == slug {
			return p
		}
	}
	return nil
}

func team(week int) []*person {
	var out []*person
	for _, p := range people {
		if p.activeIn(week) {
			out = append(out, p)
		}
	}
	return out
}

func activeProjects(week int) []*project {
	var out []*project
	for _, p := range projects {
		if week >= p.from && week <= p.to {
			out = append(out, p)
		}
	}
	return out
}

// post is one post snip before it is written out.
type post struct {
	folder, name, title string
	kind                string // blog or show-and-tell
	author              *person
	at                  time.Time
	draft               bool
	body                strings.Builder
	refs                map[string]string // reference links: label -> URL
	used                map[string]bool   // sentences already in the post
	err                 error
}

func (a *archive) newPost(folder, name, title, kind string, author *person, at time.Time) *post {
	return &post{folder: folder, name: name, title: title, kind: kind, author: author, at: ukTime(at),
		refs: map[string]string{}, used: map[string]bool{}}
}

func (p *post) para(s string) {
	if s == "" {
		return
	}
	if p.body.Len() > 0 {
		p.body.WriteString("\n\n")
	}
	p.body.WriteString(s)
}

func (p *post) heading(h string) { p.para("## " + h) }

func (p *post) file() file {
	var b strings.Builder
	b.WriteString(p.title + "\n" + strings.Repeat("=", len(p.title)) + "\n\n")
	b.WriteString(p.body.String())
	b.WriteString("\n")
	if len(p.refs) > 0 {
		b.WriteString("\n")
		labels := make([]string, 0, len(p.refs))
		for l := range p.refs {
			labels = append(labels, l)
		}
		sort.Strings(labels)
		for _, l := range labels {
			fmt.Fprintf(&b, "[%s]: %s\n", l, p.refs[l])
		}
	}
	updated := p.at.Add(time.Duration(len(p.name)%7*11) * time.Minute)
	fmt.Fprintf(&b, "\n:name: %s\n:updated_at: %s\n:created_at: %s\n:render_as: Blog\n:kind: %s\n", p.name, stamp(updated), stamp(p.at), p.kind)
	if p.draft {
		b.WriteString(":draft: true\n")
	}
	title := p.title
	if strings.Contains(title, ": ") { // YAML would read a mapping
		title = strconv.Quote(title)
	}
	fmt.Fprintf(&b, ":is_page: true\n:written_with: markdown\n:author: %s\n:page_title: %s\n", p.author.slug, title)
	if strings.Contains(p.body.String(), "<%=") {
		b.WriteString(":erb: true\n")
	}
	b.WriteString(":extension: markdown\n")
	return file{path: p.folder + "/" + p.name + ".snip.markdown", data: []byte(b.String())}
}

// words fills the slots of the sentences of one paragraph; see vocab.go.
type words struct {
	a      *archive
	post   *post
	week   int
	p, q   *person
	proj   *project
	refs   bool // links as references ([Nia][nia-okafor]) rather than inline
	values map[string]string
}

func (a *archive) words(p *post, week int, proj *project) *words {
	w := &words{a: a, post: p, week: week, proj: proj, refs: len(p.name)%3 == 0}
	w.reset()
	return w
}

// reset picks new teammates, tools and days for the next paragraph.
func (w *words) reset() {
	r := w.a.r
	var others []*person
	for _, m := range team(w.week) {
		if m != w.post.author {
			others = append(others, m)
		}
	}
	others = shuffled(r, others)
	w.p, w.q = others[0], others[len(others)-1]
	proj := w.proj
	if proj == nil {
		proj = pick(r, activeProjects(w.week))
	}
	f := shuffled(r, proj.features)
	t := shuffled(r, tools)
	d := shuffled(r, days)
	w.values = map[string]string{
		"p": w.p.first, "q": w.q.first, "P": w.personLink(w.p), "Q": w.personLink(w.q),
		"proj": proj.name, "Proj": w.link(proj.name, proj.slug), "client": proj.client,
		"feat": f[0], "feat2": f[1], "tool": t[0], "tool2": t[1], "day": d[0], "day2": d[1],
		"n": fmt.Sprint(r.between(2, 9)), "big": fmt.Sprint(r.between(12, 480) * 10),
		"prospect": pick(r, prospects), "place": pick(r, places), "city": pick(r, cities), "event": pick(r, events),
		"book": pick(r, books), "food": pick(r, foods), "task": pick(r, tasks),
		"finding": pick(r, findings), "plan": pick(r, plans), "thing": pick(r, things),
		"monday": longDate(friday(w.week).AddDate(0, 0, -4)),
	}
}

func (w *words) personLink(p *person) string { return w.link(p.first, p.slug) }

func (w *words) link(label, slug string) string {
	if w.refs {
		w.post.refs[slug] = "/" + slug
		return "[" + label + "][" + slug + "]"
	}
	return "[" + label + "](/" + slug + ")"
}

// fill replaces every {slot} in s, and the slots its values bring.
func (w *words) fill(s string) string {
	for depth := 0; strings.Contains(s, "{") && depth < 4; depth++ {
		var b strings.Builder
		for {
			i := strings.IndexByte(s, '{')
			if i < 0 {
				b.WriteString(s)
				break
			}
			j := strings.IndexByte(s[i:], '}')
			if j < 0 {
				b.WriteString(s)
				break
			}
			slot := s[i+1 : i+j]
			v, ok := w.values[slot]
			if !ok && w.post.err == nil {
				w.post.err = fmt.Errorf("%s: no value for {%s}", w.post.name, slot)
			}
			b.WriteString(s[:i] + v)
			s = s[i+j+1:]
		}
		s = b.String()
	}
	return s
}

// sentences is a paragraph of n sentences from pool, none used before in
// the post.
func (w *words) sentences(pool []string, n int) string {
	var out []string
	for _, s := range shuffled(w.a.r, pool) {
		if len(out) == n {
			break
		}
		if w.post.used[s] {
			continue
		}
		w.post.used[s] = true
		out = append(out, w.fill(s))
	}
	w.reset()
	return strings.Join(out, " ")
}

func (a *archive) writePeople() []file {
	var out []file
	for _, p := range people {
		var b strings.Builder
		b.WriteString(strings.Join(p.bio, "\n\n"))
		fmt.Fprintf(&b, "\n\n:display_name: %s\n:image: people/%s.jpg\n", p.full(), p.slug)
		if p.site != "" {
			fmt.Fprintf(&b, ":site: %s\n", p.site)
		}
		if p.github != "" {
			fmt.Fprintf(&b, ":github: %s\n", p.github)
		}
		at := friday(max(p.from, firstWeek))
		fmt.Fprintf(&b, "\n:created_at: %s\n:updated_at: %s\n", stamp(at), stamp(at))
		out = append(out, file{path: "people/" + p.slug + ".snip.markdown", data: []byte(b.String())})
	}
	return out
}

func (a *archive) writeProjects() []file {
	var out []file
	for _, p := range projects {
		var b strings.Builder
		b.WriteString(strings.Join(p.about, "\n\n"))
		fmt.Fprintf(&b, "\n\n:display_name: %s\n:url: %s\n\n", p.name, p.url)
		at := ukTime(friday(p.from).Add(11 * time.Hour))
		fmt.Fprintf(&b, ":created_at: %s\n:updated_at: %s\n", stamp(at), stamp(at))
		out = append(out, file{path: "projects/" + p.slug + ".snip.markdown", data: []byte(b.String())})
	}
	return out
}

// The weeks of the show and tells, in showAndTells' order: each shows
// something of a project while the project runs.
var showAndTellWeeks = []int{430, 405, 524, 470, 552, 332, 352, 382, 458, 500, 540}

func (a *archive) writePosts() ([]file, error) {
	var posts []*post
	shows := map[int]shown{}
	for i, s := range showAndTells {
		p := a.showAndTell(s, showAndTellWeeks[i])
		shows[showAndTellWeeks[i]] = shown{p, s}
		posts = append(posts, p)
	}
	for _, w := range a.weeks {
		if w == 473 || w == 474 {
			continue
		}
		posts = append(posts, a.weekNote(w, shows[w]))
	}
	posts = append(posts, a.blogPosts()...)
	var out []file
	for _, p := range posts {
		if p.err != nil {
			return nil, p.err
		}
		out = append(out, p.file())
	}
	return out, nil
}

// shown is a show and tell, for the note of its week.
type shown struct {
	post *post
	show showAndTell
}

func (a *archive) author(week int) *person { return pick(a.r, team(week)) }

func (a *archive) weekNote(week int, show shown) *post {
	r := a.r
	at := friday(week).Add(time.Duration(16*60+r.intn(180)) * time.Minute)
	title := fmt.Sprintf("Week %d", week)
	p := a.newPost("weeknotes", fmt.Sprintf("week-%d", week), title, "blog", a.author(week), at)
	w := a.words(p, week, nil)

	p.para(w.fill(pick(r, openings)))
	for _, m := range people {
		if m.from == week && week > firstWeek {
			p.para(fmt.Sprintf("We're very pleased to say that %s joined us this week. There's a [proper welcome](/welcome-%s) on the blog.", w.link(m.full(), m.slug), m.slug))
		}
		if m.to == week && week < lastWeek {
			p.para(fmt.Sprintf("It was %s's last week with us. We'll miss having %s around, and we wish them all the best in %s.", m.first, m.first, pick(r, cities)))
		}
	}
	if r.chance(75) {
		p.para(w.fill(pick(r, intros)))
	}

	active := activeProjects(week)
	var mine []*project
	for _, pr := range active {
		if len(active) == 1 || r.chance(80) {
			mine = append(mine, pr)
		}
	}
	if len(mine) == 0 {
		mine = active[:1]
	}
	for _, pr := range mine {
		w := a.words(p, week, pr)
		p.heading(pr.name)
		pool := append(append([]string(nil), projectSentences...), pr.sentences...)
		p.para(w.sentences(pool, r.between(2, 3)))
		p.para(w.sentences(pool, r.between(1, 3)))
		if r.chance(30) {
			p.para(w.sentences(pool, 2))
		}
	}
	if show.post != nil {
		p.heading("Show and tell")
		p.para(fmt.Sprintf("At this fortnight's show and tell %s showed us [%s](/%s).", w.personLink(w.p), strings.ToLower(show.show.title[:1])+show.show.title[1:], show.post.name))
	}
	var sections []topic
	for _, t := range shuffled(r, topics) {
		if len(sections) < 3 && r.chance(t.weight) {
			sections = append(sections, t)
		}
	}
	if len(sections) == 0 {
		sections = append(sections, topics[len(topics)-1])
	}
	sort.SliceStable(sections, func(i, j int) bool { return !sections[i].bullets && sections[j].bullets })
	for _, t := range sections {
		h := t.headings[0]
		if len(t.headings) > 1 && r.chance(30) {
			h = pick(r, t.headings[1:])
		}
		p.heading(h)
		if t.bullets {
			var items []string
			for _, s := range shuffled(r, things)[:r.between(3, 5)] {
				items = append(items, "- "+w.fill(s))
				w.reset()
			}
			p.para(strings.Join(items, "\n"))
			continue
		}
		p.para(w.sentences(t.sentences, r.between(2, 3)))
	}
	p.para(pick(r, closings))
	if r.chance(50) {
		p.para("-- " + p.author.first)
	} else {
		p.para(fmt.Sprintf("<%%= by('%s') %%>", p.author.slug))
	}
	return p
}

func (a *archive) showAndTell(s showAndTell, week int) *post {
	r := a.r
	at := friday(week).Add(time.Duration(14*60+r.intn(120)) * time.Minute)
	p := a.newPost("blog", "show-and-tell-"+s.slug, "Show & Tell: "+s.title, "show-and-tell", a.author(week), at)
	w := a.words(p, week, nil)
	p.para("Every other Friday we show each other something we've made, found or learned. This time:")
	p.para(w.fill(s.sentences[0]))
	if s.image != "" {
		p.para(fmt.Sprintf("<%%= image_tag('%s', alt: '%s') %%>", s.image, s.alt))
	}
	p.para(w.fill(strings.Join(s.sentences[1:], " ")))
	p.para("-- " + p.author.first)
	return p
}

func (a *archive) blogPosts() []*post {
	r := a.r
	var out []*post
	wednesday := func(week int) time.Time {
		return friday(week).AddDate(0, 0, -2).Add(time.Duration(10*60+r.intn(300)) * time.Minute)
	}

	// Write-ups of project work, one a project.
	for i, tp := range techPosts {
		pr := projects[i%len(projects)]
		week := r.between(pr.from+4, pr.to-2)
		title := strings.ReplaceAll(tp.title, "{proj}", pr.name)
		p := a.newPost("blog", slugOf(title), title, "blog", a.author(week), wednesday(week))
		w := a.words(p, week, pr)
		fill := func(ss []string) string {
			return w.fill(strings.ReplaceAll(strings.Join(ss, " "), "{proj}", w.link(pr.name, pr.slug)))
		}
		p.para(fill(tp.problem))
		p.heading(tp.headings[0])
		p.para(w.sentences(projectSentences, 2))
		p.heading(tp.headings[1])
		p.para(fill(tp.tried))
		p.para("```" + tp.lang + "\n" + tp.code + "\n```")
		p.heading(tp.headings[2])
		p.para(fill(tp.learned))
		p.para(fmt.Sprintf("<%%= by('%s') %%>", p.author.slug))
		out = append(out, p)
	}

	// Notes from events, one a year.
	for year := 2015; year <= 2019; year++ {
		week := weekOf(time.Date(year, time.Month(r.between(3, 10)), r.between(1, 28), 0, 0, 0, 0, time.UTC))
		ev := events[(year-2015)%len(events)]
		title := fmt.Sprintf("Notes from %s, %d", ev, year)
		p := a.newPost("blog", slugOf(title), strings.ToUpper(title[:1])+title[1:], "blog", a.author(week), wednesday(week))
		w := a.words(p, week, nil)
		p.para(w.fill(fmt.Sprintf("{P} and {Q} went to %s in {city}. These are their notes, lightly edited.", ev)))
		p.heading("The talks")
		p.para(w.sentences(conferenceTalks, 3))
		p.heading("What we'll take back")
		p.para(w.sentences(projectSentences, 2))
		p.para("-- " + p.author.first)
		out = append(out, p)
	}

	// Welcomes and goodbyes.
	for _, m := range people {
		if m.from > firstWeek {
			p := a.newPost("blog", "welcome-"+m.slug, "Welcome, "+m.first, "blog", a.author(m.from-1), wednesday(m.from))
			w := a.words(p, m.from, nil)
			p.para(fmt.Sprintf("We're delighted that %s has joined the team.", w.link(m.full(), m.slug)))
			p.para(m.bio[0])
			p.para(w.fill("In the first weeks " + m.first + " will be working on {Proj} with {P}."))
			p.para(fmt.Sprintf("<%%= by('%s') %%>", p.author.slug))
			out = append(out, p)
		}
		if m.from > 0 && m.to < lastWeek {
			p := a.newPost("blog", "goodbye-"+m.slug, "Goodbye and thank you, "+m.first, "blog", a.author(m.to-1), wednesday(m.to))
			w := a.words(p, m.to, nil)
			p.para(fmt.Sprintf("This week is %s's last with us, after %d years.", w.link(m.full(), m.slug), (m.to-m.from)/52))
			p.para(w.fill(m.first + " worked on nearly everything we did in that time, most recently {Proj}, and leaves the code, and the team, better than they were."))
			p.para("Thank you, " + m.first + ". Keep in touch.")
			p.para("-- " + p.author.first)
			out = append(out, p)
		}
	}

	// A year in review, each December.
	for year := 2015; year <= 2018; year++ {
		week := weekOf(time.Date(year, time.December, 17, 0, 0, 0, 0, time.UTC))
		title := fmt.Sprintf("%d in review", year)
		p := a.newPost("blog", slugOf(title), title, "blog", a.author(week), wednesday(week))
		w := a.words(p, week, nil)
		notes, seen := 0, map[*project]bool{}
		var worked []string
		for _, wk := range a.weeks {
			if friday(wk).Year() != year || wk == 473 { // week 473 is a draft
				continue
			}
			notes++
			for _, pr := range activeProjects(wk) {
				if !seen[pr] {
					seen[pr] = true
					worked = append(worked, w.link(pr.name, pr.slug)+" for "+pr.client)
				}
			}
		}
		p.para(fmt.Sprintf("Another year gone. We wrote %d weeknotes this year; here is the short version.", notes))
		p.heading("Projects")
		p.para("We worked on " + joinAnd(worked) + ".")
		p.heading("The team")
		var members []string
		for _, m := range team(week) {
			members = append(members, w.link(m.first, m.slug))
		}
		p.para(fmt.Sprintf("We ended the year as %s: %s.", numberWords[len(members)], joinAnd(members)))
		p.heading("Next year")
		p.para(w.sentences(topicNamed("Business development").sentences, 2))
		p.para(fmt.Sprintf("<%%= by('%s') %%>", p.author.slug))
		out = append(out, p)
	}

	// Looking for work as a project ends.
	for _, week := range []int{410, 532} {
		at := friday(week).AddDate(0, 2, 0)
		title := fmt.Sprintf("Available for new projects from %s %d", at.Month(), at.Year())
		p := a.newPost("blog", slugOf(title), title, "blog", a.author(week), wednesday(week))
		w := a.words(p, week, nil)
		p.para(w.fill("Our work on {Proj} comes to an end soon, so we're looking for what comes next."))
		p.para("We're a small team of developers and designers who build and look after web services for public bodies, charities and co-operatives. We work in short iterations, show our work every week and charge for an iteration rather than by the hour.")
		p.para("If you'd like to talk, get in touch.")
		p.para("-- " + p.author.first)
		out = append(out, p)
	}

	// A draft, shown only with --drafts.
	week := lastWeek - 3
	p := a.newPost("blog", "thinking-about-a-four-day-week", "Thinking about a four-day week", "blog", a.author(week), wednesday(week))
	p.draft = true
	w := a.words(p, week, nil)
	p.para("We've been talking about working four days a week, all of us, for the same pay. This is a draft of what we think so far.")
	p.heading("Why")
	p.para(w.sentences(topicNamed("Remote working").sentences, 2))
	p.heading("What worries us")
	p.para("Clients who expect us on a Friday, mostly. And whether we'll just do five days' work in four.")
	out = append(out, p)
	return out
}

// weekOf is the week whose Friday is on or after t.
func weekOf(t time.Time) int {
	days := int(t.Sub(friday(473)).Hours() / 24)
	w := 473 + days/7
	if friday(w).Before(t) {
		w++
	}
	return w
}

func slugOf(title string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(title) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(c)
		} else if c != '\'' {
			dash = true
		}
	}
	return b.String()
}

func joinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

func topicNamed(heading string) topic {
	for _, t := range topics {
		if t.headings[0] == heading {
			return t
		}
	}
	return topic{}
}

var numberWords = []string{"none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}
