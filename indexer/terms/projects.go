package terms

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/freerange/weeknotes/indexer/render"
	"github.com/freerange/weeknotes/search/archive"
)

// ProjectMatcher finds the projects a post is about: those it names in a
// heading, links to (/mocha) or mentions by name in its text. A project's
// names are its display name, the leading words of it ("Crown
// Marketplace" of "Crown Marketplace for the Crown Commercial Service"),
// its slug's words ("asset-manager" is Asset Manager) and the alias
// table's names for it. Names are matched as whole words, punctuation
// between them ignored, and as written, except a slug's words, which
// match in any case provided each word is capitalised as a name is
// ("Asset Manager", "BBC Voice", not "asset manager").
type ProjectMatcher struct {
	labels map[string]string   // project slug -> display name
	names  map[string][]string // project slug -> its names, as Names lists them
	byName map[string]string   // Slug(name or alias) -> project slug, for headings
	// Names as written, split into words and keyed by their first word:
	// one pass over a post's words finds every mention (case-sensitive,
	// whole words, punctuation between words ignored).
	byFirst map[string][]nameWords
	// A slug's words, in lower case and keyed by the first: they match
	// capitalised words of any case.
	byFirstFold map[string][]nameWords
}

type nameWords struct {
	words []string
	slug  string
	fold  bool // words are lower case, matched against capitalised words of any case
}

// minNameLetters is the fewest letters and digits a name made from a
// slug or cut from a display name may have: "P" or "Go" would be found
// everywhere.
const minNameLetters = 4

func NewProjectMatcher(projects []archive.Entity, aliases map[string]string) *ProjectMatcher {
	m := &ProjectMatcher{labels: map[string]string{}, names: map[string][]string{}, byName: map[string]string{},
		byFirst: map[string][]nameWords{}, byFirstFold: map[string][]nameWords{}}
	has := map[string]map[string]bool{} // slug -> names added, to add each once
	add := func(name, slug string, fold bool) {
		words := splitWords(name)
		if len(words) == 0 {
			return
		}
		if fold {
			for i, w := range words {
				words[i] = strings.ToLower(w)
			}
		}
		key := strings.Join(words, " ")
		if fold {
			key = "\x00" + key
		}
		if has[slug] == nil {
			has[slug] = map[string]bool{}
		}
		if has[slug][key] {
			return
		}
		has[slug][key] = true
		// Names lists each once in any case: it is for marking them.
		if said := strings.ToLower(strings.Join(words, " ")); !has[slug]["said "+said] {
			has[slug]["said "+said] = true
			m.names[slug] = append(m.names[slug], name)
		}
		if _, taken := m.byName[archive.Slug(name)]; !taken || !fold {
			m.byName[archive.Slug(name)] = slug
		}
		n := nameWords{words: words, slug: slug, fold: fold}
		if fold {
			m.byFirstFold[words[0]] = append(m.byFirstFold[words[0]], n)
		} else {
			m.byFirst[words[0]] = append(m.byFirst[words[0]], n)
		}
	}
	for _, p := range projects {
		m.labels[p.Slug] = p.Name
		add(p.Name, p.Slug, false)
		if lead := leadingWords(p.Name); lead != "" {
			add(lead, p.Slug, false)
		}
	}
	names := make([]string, 0, len(aliases))
	for name := range aliases {
		names = append(names, name)
	}
	sort.Strings(names) // map order must not change the result
	for _, name := range names {
		if _, ok := m.labels[aliases[name]]; ok {
			add(name, aliases[name], false)
		}
	}
	for _, p := range projects {
		if words := slugWords(p.Slug); words != "" {
			add(words, p.Slug, true)
		}
	}
	return m
}

// Names are the names the matcher finds a project by: its display name,
// the leading words of it, the alias table's names, its slug's words; each
// once, in that order.
func (m *ProjectMatcher) Names(slug string) []string { return m.names[slug] }

// slugWords is a slug as words ("asset-manager" -> "asset manager"), or ""
// when it has too few letters to be looked for.
func slugWords(slug string) string {
	words := splitWords(slug)
	if letters(words) < minNameLetters {
		return ""
	}
	return strings.Join(words, " ")
}

func letters(words []string) int {
	n := 0
	for _, w := range words {
		n += utf8.RuneCountInString(w)
	}
	return n
}

// connectives end the leading words of a display name: "Asset Management
// for GOV.UK" is also Asset Management.
var connectives = map[string]bool{
	"for": true, "of": true, "at": true, "by": true, "in": true, "on": true, "with": true,
	"to": true, "from": true, "and": true, "the": true, "a": true, "an": true, "&": true,
	"-": true, "–": true, "—": true, "|": true,
}

// webEnds are the ends of a domain name, dropped from a name's leading
// words: TheAuteurs.com is also TheAuteurs.
var webEnds = []string{".com", ".org", ".net", ".io", ".co.uk", ".org.uk"}

// leadingWords is the start of a display name before its first
// connective, comma, colon or bracket, or before a domain's end; "" when
// that is the whole name or too short to look for.
func leadingWords(name string) string {
	fields := strings.Fields(name)
	var kept []string
cut:
	for i, f := range fields {
		if i > 0 && connectives[f] {
			break
		}
		for _, end := range webEnds {
			if len(f) > len(end) && strings.HasSuffix(strings.ToLower(f), end) {
				kept = append(kept, f[:len(f)-len(end)])
				break cut
			}
		}
		if j := strings.IndexAny(f, ",:;("); j >= 0 {
			if j > 0 {
				kept = append(kept, f[:j])
			}
			break
		}
		kept = append(kept, f)
	}
	lead := strings.Join(kept, " ")
	if lead == strings.Join(fields, " ") || letters(splitWords(lead)) < minNameLetters {
		return ""
	}
	return lead
}

// splitWords splits s into runs of letters and digits.
func splitWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// capitalised says whether a word starts as a name does: with a capital
// letter or a digit.
func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || unicode.IsTitle(r)
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
	for _, slug := range LocalLinks(r.Links) {
		if _, ok := m.labels[slug]; ok {
			found[slug] = true
		}
	}
	// One pass over the text's words, none of them copied: a post's
	// text is long and names are few (and with none, no pass).
	for i := 0; len(m.byFirst) > 0 || len(m.byFirstFold) > 0; {
		start, end := nextWord(r.Text, i)
		if start < 0 {
			break
		}
		i = end
		w := r.Text[start:end]
		for _, n := range m.byFirst[w] {
			if n.followedAt(r.Text, end) {
				found[n.slug] = true
			}
		}
		if len(m.byFirstFold) > 0 && capitalised(w) {
			for _, n := range m.byFirstFold[strings.ToLower(w)] {
				if n.followedAt(r.Text, end) {
					found[n.slug] = true
				}
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
		if start < 0 {
			return false
		}
		if got := text[start:end]; n.fold && !(capitalised(got) && strings.EqualFold(got, w)) || !n.fold && got != w {
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

// LocalLinks is the flat addresses of links ("/kalvir-sandhu" and
// "kalvir-sandhu#about" are "kalvir-sandhu"), each once, sorted; nil for
// none.
func LocalLinks(links []string) []string {
	var out []string
	for _, link := range links {
		if slug := localSlug(link); slug != "" {
			out = append(out, slug)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
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
// not a snip. Without one (and without Options.Aliases) the table built
// into the binary, a copy of data/aliases.yml, is used.
const AliasFile = "aliases.yml"

//go:embed default-aliases.yml
var defaultAliases []byte

// BuiltInAliases names the built-in alias table in warnings.
const BuiltInAliases = "(built-in alias table)"

// LoadProjectAliases reads the alias table: YAML mapping "Name as written" to a
// project slug, for projects that posts call something other than their
// display name. file is the table; "" is root's AliasFile, else the one
// built in. A table given replaces the built-in one; it is not added to it.
func LoadProjectAliases(root, file string) (map[string]string, error) {
	data := defaultAliases
	if file == "" {
		if _, err := os.Stat(filepath.Join(root, AliasFile)); err == nil {
			file = filepath.Join(root, AliasFile)
		}
	}
	if file != "" {
		var err error
		if data, err = os.ReadFile(file); err != nil {
			return nil, &TableError{file, fmt.Errorf("alias table: %w", unwrapPathError(err))}
		}
	} else {
		file = BuiltInAliases
	}
	var m map[string]string
	if err := yaml.Unmarshal(data, &m); err != nil {
		return nil, &TableError{file, fmt.Errorf("alias table is not a YAML mapping of name to project slug: %v", err)}
	}
	return m, nil
}

// matchRules names the rules ProjectMatcher follows, in the alias
// table's stamp: an index made under other rules (before slugs' words and
// leading words were names) renders every post again. Change it when the
// rules change.
const matchRules = "names: display, leading, aliases, slug words"

// AliasTableStamp is the alias table's stamp, as TopicTableStamp is the
// topic table's: the file's size and time, or the built-in table's size
// and hash; either with the matching rules in force. ok is false for a
// table given that can't be read (Load warns).
func AliasTableStamp(root, table string) (st archive.FileStamp, ok bool) {
	file := table
	if file == "" {
		file = filepath.Join(root, AliasFile)
	}
	info, err := os.Stat(file)
	if err != nil {
		if table != "" {
			return archive.FileStamp{}, false
		}
		sum := sha256.Sum256(defaultAliases)
		return archive.FileStamp{Size: int64(len(defaultAliases)), Hash: matchRules + "; built-in " + hex.EncodeToString(sum[:8])}, true
	}
	return archive.FileStamp{Size: info.Size(), ModTime: info.ModTime(), Hash: matchRules}, true
}
