package terms

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/freerange/weeknotes/search/archive"
)

// TopicFile is the optional topic alias table at the soup root; it is not
// a snip. Without one (and without Options.Topics) the table built into
// the binary, a copy of data/topics.yml, is used.
const TopicFile = "topics.yml"

//go:embed default-topics.yml
var defaultTopics []byte

// Folder files a post's headings under the archive's topics: a
// heading the alias table names is filed under the table's topic
// ("Miscellany" under Miscellaneous), and a plural under its singular when
// the archive has that as a heading of its own ("Printer kits" under
// Printer kit). Whether a plural folds depends on the other posts, so the
// folder is made from every post's headings before any post is rendered.
type Folder struct {
	aliases  map[string]archive.Term // Slug(name as written) -> the topic
	known    map[string]bool         // topic slugs the archive's headings make, aliases applied
	projects map[string]bool         // project slugs: a topic of that slug is never folded away
}

func NewFolder(aliases map[string]archive.Term, projects []archive.Entity) *Folder {
	f := &Folder{aliases: aliases, known: map[string]bool{}, projects: map[string]bool{}}
	for _, p := range projects {
		f.projects[p.Slug] = true
	}
	return f
}

// Written are the topic slugs headings (as ScanHeadings finds them)
// write, once each, in order: the alias table applied, no plural folded.
// Posts' written topics are what the folder knows (Know).
func (f *Folder) Written(headings []string) []string {
	var out []string
	for _, h := range headings {
		if t, ok := Topic(h); ok {
			if slug := f.Alias(t).Slug; !slices.Contains(out, slug) {
				out = append(out, slug)
			}
		}
	}
	return out
}

func (f *Folder) Alias(t archive.Term) archive.Term {
	if a, ok := f.aliases[t.Slug]; ok {
		return a
	}
	return t
}

// Know adds a topic slug to those the archive's headings write.
func (f *Folder) Know(slug string) { f.known[slug] = true }

// Knows says whether the archive has the topic slug.
func (f *Folder) Knows(slug string) bool { return f.known[slug] }

// Fold is the topic t is filed under.
func (f *Folder) Fold(t archive.Term) archive.Term {
	if a, ok := f.aliases[t.Slug]; ok {
		return a
	}
	if f.projects[t.Slug] {
		return t
	}
	for _, end := range []string{"s", "es"} {
		if f.projects[t.Slug+end] {
			// "Smart Answer" is the project Smart Answers.
			return archive.Term{Slug: t.Slug + end, Label: t.Label + end}
		}
	}
	for _, s := range singulars(t) {
		if f.aliases[s.Slug].Slug != "" {
			return f.aliases[s.Slug]
		}
		if f.known[s.Slug] || f.projects[s.Slug] {
			return s
		}
	}
	return t
}

// FoldsInto reports whether some topic among slugs would fold into the
// new topic slug s: adding s to an archive that had none changes how
// those posts fold.
func FoldsInto(s string, slugs []string) bool {
	for _, other := range slugs {
		if other == s || !strings.HasSuffix(other, "s") {
			continue
		}
		for _, c := range singulars(archive.Term{Slug: other, Label: other}) {
			if c.Slug == s {
				return true
			}
		}
	}
	return false
}

// Recount is how many posts write each topic (before, by slug) once the
// posts whose topics are gone write them no more and those whose topics
// came do. refold says a topic comes to be written, or stops being
// written, that another topic of the archive folds into (the first
// "Printer kit" beside "Printer kits", or the last one deleted): then how
// posts not changed are filed changes too, and every post must be
// rendered again.
func Recount(before map[string]int, gone, came [][]string) (after map[string]int, refold bool) {
	after = maps.Clone(before)
	if after == nil {
		after = map[string]int{}
	}
	for _, slugs := range gone {
		for _, slug := range slugs {
			if after[slug]--; after[slug] <= 0 {
				delete(after, slug)
			}
		}
	}
	for _, slugs := range came {
		for _, slug := range slugs {
			after[slug]++
		}
	}
	all := make([]string, 0, len(after))
	for slug := range after {
		all = append(all, slug)
	}
	for slug := range before {
		if after[slug] == 0 {
			all = append(all, slug)
		}
	}
	for _, slug := range all {
		if (before[slug] == 0) != (after[slug] == 0) && FoldsInto(slug, all) {
			return after, true
		}
	}
	return after, false
}

// singulars are the forms a topic whose last word is a plural could have
// in the singular, likeliest first: "stories" -> story, "boxes" -> box
// and boxe, "kits" -> kit. The archive decides which, if any, is a topic.
// Words of one to three letters, or ending in ss, us, is or ws (class,
// status, analysis, news), are left alone.
func singulars(t archive.Term) []archive.Term {
	i := strings.LastIndexByte(t.Slug, '-')
	word := t.Slug[i+1:]
	if len(word) < 4 || !strings.HasSuffix(word, "s") {
		return nil
	}
	for _, end := range []string{"ss", "us", "is", "ws"} {
		if strings.HasSuffix(word, end) {
			return nil
		}
	}
	var cut []struct{ drop, add string }
	if strings.HasSuffix(word, "ies") && len(word) > 4 {
		cut = append(cut, struct{ drop, add string }{"ies", "y"})
	}
	if strings.HasSuffix(word, "es") {
		cut = append(cut, struct{ drop, add string }{"es", ""})
	}
	cut = append(cut, struct{ drop, add string }{"s", ""})
	var out []archive.Term
	for _, c := range cut {
		out = append(out, archive.Term{
			Slug:  t.Slug[:len(t.Slug)-len(c.drop)] + c.add,
			Label: singularLabel(t.Label, c.drop, c.add),
		})
	}
	return out
}

// singularLabel ends the label's last word as its singular does, keeping
// the case it was written in ("Printer KITS" -> "Printer KIT").
func singularLabel(label, drop, add string) string {
	end := len(label)
	for end > 0 && !isWordByte(label[end-1]) {
		end--
	}
	if end < len(drop) || !strings.EqualFold(label[end-len(drop):end], drop) {
		return label // the label doesn't end as the slug does: leave it
	}
	if add != "" && strings.ToUpper(label[end-len(drop):end]) == label[end-len(drop):end] {
		add = strings.ToUpper(add)
	}
	return label[:end-len(drop)] + add + label[end:]
}

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c >= 0x80
}

var (
	atxHeading    = regexp.MustCompile(`^ {0,3}#{2,3}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$`)
	setextH2      = regexp.MustCompile(`^ {0,3}-+[ \t]*$`)
	markdownLink  = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	inlineMarkers = strings.NewReplacer("**", "", "__", "", "`", "", "*", "")
)

// ScanHeadings finds the level-2 and level-3 headings of Markdown without
// rendering it, as its text: close enough to what rendering finds to say
// which topics an archive has (a "## heading" inside a code block counts
// here, and at worst lets a plural fold into a singular no post has).
func ScanHeadings(content string) []string {
	var out []string
	lines := strings.Split(content, "\n")
	for i, line := range lines {
		line = strings.TrimRight(line, "\r")
		text := ""
		if m := atxHeading.FindStringSubmatch(line); m != nil {
			text = m[1]
		} else if i > 0 && setextH2.MatchString(line) {
			prev := strings.TrimSpace(lines[i-1])
			if prev != "" && !strings.HasPrefix(prev, "#") && !strings.HasPrefix(prev, "-") && !strings.HasPrefix(prev, "*") {
				text = prev
			}
		}
		if text == "" {
			continue
		}
		text = markdownLink.ReplaceAllString(text, "$1")
		out = append(out, inlineMarkers.Replace(text))
	}
	return out
}

// LoadTopicTable reads the topic alias table: YAML mapping a topic as
// headings write it to the topic to file it under, both as names
// ("Miscellany: Miscellaneous"). Names are compared as slugs, so case and
// punctuation don't matter; the right-hand name is the topic's label.
// file is the table; "" is root's TopicFile, else the one built in.
func LoadTopicTable(root, file string) (map[string]archive.Term, error) {
	data := defaultTopics
	if file == "" {
		if _, err := os.Stat(filepath.Join(root, TopicFile)); err == nil {
			file = filepath.Join(root, TopicFile)
		}
	}
	if file != "" {
		var err error
		if data, err = os.ReadFile(file); err != nil {
			return nil, &TableError{file, fmt.Errorf("topic table: %w", unwrapPathError(err))}
		}
	} else {
		file = "(built-in topic table)"
	}
	return parseTopicAliases(file, data)
}

func parseTopicAliases(file string, data []byte) (map[string]archive.Term, error) {
	var m map[string]string
	if err := yaml.Unmarshal(data, &m); err != nil {
		return nil, &TableError{file, fmt.Errorf("topic table is not a YAML mapping of heading to topic: %v", err)}
	}
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	out := map[string]archive.Term{}
	var bad []string
	for _, name := range names {
		from, fok := Topic(name)
		to, tok := Topic(m[name])
		if !fok || !tok {
			bad = append(bad, fmt.Sprintf("%q: %q", name, m[name]))
			continue
		}
		if from.Slug != to.Slug {
			out[from.Slug] = to
		}
	}
	// A topic that is itself filed under another is followed there, so a
	// chain (A: B, B: C) files A under C; names in a loop stay themselves.
	direct := make(map[string]archive.Term, len(out))
	for k, v := range out {
		direct[k] = v
	}
	for from, to := range direct {
		seen := map[string]bool{from: true}
		for {
			next, ok := direct[to.Slug]
			if !ok {
				break
			}
			if seen[to.Slug] {
				to = archive.Term{}
				break
			}
			seen[to.Slug] = true
			to = next
		}
		if to.Slug == "" {
			delete(out, from)
		} else {
			out[from] = to
		}
	}
	if len(bad) > 0 {
		return out, &TableError{file, fmt.Errorf("topic table: %s have no letter or digit on one side; left out", strings.Join(bad, ", "))}
	}
	return out, nil
}

// TopicTableStamp is the topic table's stamp: the file's size and time, or,
// for the built-in table, its size and hash, so that a binary with another
// table, or an index made before there was one, renders every post again. table is as for LoadTopicTable.
func TopicTableStamp(root, table string) archive.FileStamp {
	file := table
	if file == "" {
		file = filepath.Join(root, TopicFile)
	}
	info, err := os.Stat(file)
	if err != nil {
		if table != "" {
			return archive.FileStamp{} // unreadable: Load warns
		}
		sum := sha256.Sum256(defaultTopics)
		return archive.FileStamp{Size: int64(len(defaultTopics)), Hash: "built-in " + hex.EncodeToString(sum[:8])}
	}
	return archive.FileStamp{Size: info.Size(), ModTime: info.ModTime()}
}
