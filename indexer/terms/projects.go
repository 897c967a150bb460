package terms

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/freerange/weeknotes/indexer/render"
	"github.com/freerange/weeknotes/search/archive"
)

// ProjectMatcher finds the projects a post is about: those it names in a
// heading, links to (/mocha) or mentions by name in its text.
type ProjectMatcher struct {
	labels map[string]string // project slug -> display name
	byName map[string]string // Slug(name or alias) -> project slug, for headings
	// Names as written, split into words and keyed by their first word:
	// one pass over a post's words finds every mention (case-sensitive,
	// whole words, punctuation between words ignored).
	byFirst map[string][]nameWords
}

type nameWords struct {
	words []string
	slug  string
}

func NewProjectMatcher(projects []archive.Entity, aliases map[string]string) *ProjectMatcher {
	m := &ProjectMatcher{labels: map[string]string{}, byName: map[string]string{}, byFirst: map[string][]nameWords{}}
	add := func(name, slug string) {
		words := splitWords(name)
		if len(words) == 0 {
			return
		}
		m.byName[archive.Slug(name)] = slug
		m.byFirst[words[0]] = append(m.byFirst[words[0]], nameWords{words, slug})
	}
	for _, p := range projects {
		m.labels[p.Slug] = p.Name
		add(p.Name, p.Slug)
	}
	names := make([]string, 0, len(aliases))
	for name := range aliases {
		names = append(names, name)
	}
	sort.Strings(names) // map order must not change the result
	for _, name := range names {
		if _, ok := m.labels[aliases[name]]; ok {
			add(name, aliases[name])
		}
	}
	return m
}

// splitWords splits s into runs of letters and digits.
func splitWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func (m *ProjectMatcher) Match(r render.Rendered) []archive.Term {
	found := map[string]bool{}
	for _, h := range r.Headings {
		hs := "-" + archive.Slug(h.Text) + "-"
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
	// One pass over the text's words, none of them copied: a post's
	// text is long and names are few.
	for i := 0; ; {
		start, end := nextWord(r.Text, i)
		if start < 0 {
			break
		}
		i = end
		for _, n := range m.byFirst[r.Text[start:end]] {
			if n.followedAt(r.Text, end) {
				found[n.slug] = true
			}
		}
	}
	out := make([]archive.Term, 0, len(found))
	for slug := range found {
		out = append(out, archive.Term{Slug: slug, Label: m.labels[slug]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Slug < out[j].Slug })
	return out
}

// followedAt says whether the name's words after the first come next in
// text, from byte i on.
func (n nameWords) followedAt(text string, i int) bool {
	for _, w := range n.words[1:] {
		start, end := nextWord(text, i)
		if start < 0 || text[start:end] != w {
			return false
		}
		i = end
	}
	return true
}

// nextWord finds the first run of letters and digits in s at or after
// byte i, as splitWords splits; start is -1 when there is none.
func nextWord(s string, i int) (start, end int) {
	start = -1
	for i < len(s) {
		c := s[i]
		size := 1
		var word bool
		if c < utf8.RuneSelf {
			word = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			word = unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			return start, i
		}
		i += size
	}
	if start < 0 {
		return -1, -1
	}
	return start, len(s)
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

// TableError is a problem with a table (the project alias table, the
// topic table): File names it, for the warning.
type TableError struct {
	File string
	Err  error
}

func (e *TableError) Error() string { return e.Err.Error() }

// unwrapPathError is the cause of a file system error without the path,
// which the warning names already.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// AliasFile is the optional project alias table at the soup root; it is
// not a snip.
const AliasFile = "aliases.yml"

// LoadProjectAliases reads the alias table: YAML mapping "Name as written" to a
// project slug, for projects that posts call something other than their
// display name. file is the table, or "" for root's AliasFile if there
// is one.
func LoadProjectAliases(root, file string) (map[string]string, error) {
	if file == "" {
		file = filepath.Join(root, AliasFile)
		if _, err := os.Stat(file); err != nil {
			return nil, nil
		}
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, &TableError{file, fmt.Errorf("alias table: %w", unwrapPathError(err))}
	}
	var m map[string]string
	if err := yaml.Unmarshal(data, &m); err != nil {
		return nil, &TableError{file, fmt.Errorf("alias table is not a YAML mapping of name to project slug: %v", err)}
	}
	return m, nil
}
