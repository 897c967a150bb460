package caches

import (
	"strconv"
	"strings"

	"github.com/freerange/weeknotes/search/archive"
)

// Intern makes the posts share one copy of each string and list they
// repeat: authors, kinds, topics, projects, sections' headings and ids,
// pictures, and whole lists of topics, projects and sections alike. Read
// from posts.gob every one is a copy of its own: at 100,000 posts
// (8 authors, some 450 topics and 1,500 headings) the copies were some
// 25 MB of a server's heap. The lists are shared, so no one may change a
// post's lists in place (Snapshot.At says so already).
func Intern(posts []archive.Post) {
	in := interner{strs: map[string]string{}, terms: map[string][]archive.Term{},
		sections: map[string][]archive.Section{}}
	for i := range posts {
		p := &posts[i]
		in.str(&p.Author.Slug)
		in.str(&p.Author.Label)
		in.str(&p.Kind)
		p.Topics = in.termList(p.Topics)
		p.Projects = in.termList(p.Projects)
		p.Sections = in.sectionList(p.Sections)
		for j := range p.Images {
			in.str(&p.Images[j].Name)
			in.str(&p.Images[j].Version)
			in.str(&p.Images[j].Alt)
		}
	}
}

type interner struct {
	strs     map[string]string
	terms    map[string][]archive.Term
	sections map[string][]archive.Section
	key      strings.Builder
}

func (in *interner) str(s *string) {
	if v, ok := in.strs[*s]; ok {
		*s = v
	} else {
		in.strs[*s] = *s
	}
}

func (in *interner) termList(ts []archive.Term) []archive.Term {
	if len(ts) == 0 {
		return ts
	}
	in.key.Reset()
	for _, t := range ts {
		in.key.WriteString(t.Slug)
		in.key.WriteByte(0)
		in.key.WriteString(t.Label)
		in.key.WriteByte(0)
	}
	if shared, ok := in.terms[in.key.String()]; ok {
		return shared
	}
	for j := range ts {
		in.str(&ts[j].Slug)
		in.str(&ts[j].Label)
	}
	in.terms[in.key.String()] = ts
	return ts
}

func (in *interner) sectionList(ss []archive.Section) []archive.Section {
	if len(ss) == 0 {
		return ss
	}
	in.key.Reset()
	for _, s := range ss {
		in.key.WriteString(s.Heading)
		in.key.WriteByte(0)
		in.key.WriteString(s.ID)
		in.key.WriteByte(0)
		in.key.WriteString(strconv.Itoa(s.Start))
		in.key.WriteByte(0)
	}
	if shared, ok := in.sections[in.key.String()]; ok {
		return shared
	}
	for j := range ss {
		in.str(&ss[j].Heading)
		in.str(&ss[j].ID)
	}
	in.sections[in.key.String()] = ss
	return ss
}
