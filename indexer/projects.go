package indexer

import (
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/freerange/weeknotes/search"
)

// projectMatcher finds the projects a post is about: those it names in a
// heading, links to (/mocha) or mentions by name in its text.
type projectMatcher struct {
	labels  map[string]string // project slug -> display name
	byName  map[string]string // Slug(name or alias) -> project slug, for headings
	mention *regexp.Regexp    // names as written, case-sensitive, whole words
	byText  map[string]string // name as written -> project slug
}

func newProjectMatcher(projects []search.Entity, aliases map[string]string) *projectMatcher {
	m := &projectMatcher{labels: map[string]string{}, byName: map[string]string{}, byText: map[string]string{}}
	add := func(name, slug string) {
		name = strings.TrimSpace(name)
		if name == "" {
			return
		}
		m.byName[Slug(name)] = slug
		m.byText[name] = slug
	}
	for _, p := range projects {
		m.labels[p.Slug] = p.Name
		add(p.Name, p.Slug)
	}
	for name, slug := range aliases {
		if _, ok := m.labels[slug]; ok {
			add(name, slug)
		}
	}
	names := make([]string, 0, len(m.byText))
	for n := range m.byText {
		names = append(names, n)
	}
	// Longest first, so "FutureLearn Video" wins over "FutureLearn".
	sort.Slice(names, func(i, j int) bool {
		if len(names[i]) != len(names[j]) {
			return len(names[i]) > len(names[j])
		}
		return names[i] < names[j]
	})
	if len(names) > 0 {
		quoted := make([]string, len(names))
		for i, n := range names {
			quoted[i] = regexp.QuoteMeta(n)
		}
		m.mention = regexp.MustCompile(`(?:^|[^\pL\pN])(` + strings.Join(quoted, "|") + `)(?:[^\pL\pN]|$)`)
	}
	return m
}

func (m *projectMatcher) match(r Rendered) []search.Term {
	found := map[string]bool{}
	for _, h := range r.Headings {
		hs := "-" + Slug(h.Text) + "-"
		for name, slug := range m.byName {
			if strings.Contains(hs, "-"+name+"-") {
				found[slug] = true
			}
		}
	}
	for _, link := range r.Links {
		if slug := localSlug(link); slug != "" {
			if _, ok := m.labels[slug]; ok {
				found[slug] = true
			}
		}
	}
	if m.mention != nil {
		for _, sm := range m.mention.FindAllStringSubmatch(r.Text, -1) {
			found[m.byText[sm[1]]] = true
		}
	}
	out := make([]search.Term, 0, len(found))
	for slug := range found {
		out = append(out, search.Term{Slug: slug, Label: m.labels[slug]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Slug < out[j].Slug })
	return out
}

// localSlug returns "mocha" for a link to "/mocha" (or "/mocha/", "/mocha#x"),
// and "" for links elsewhere.
func localSlug(link string) string {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil || u.Scheme != "" || u.Host != "" {
		return ""
	}
	p := strings.Trim(u.Path, "/")
	if p == "" || strings.Contains(p, "/") {
		return ""
	}
	return p
}
