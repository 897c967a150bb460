package snip

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/freerange/weeknotes/search/archive"
)

// Snip is one file of a soup split into its content and its metadata.
type Snip struct {
	Path    string            // slash-separated, relative to the soup root
	Name    string            // :name:, else the file name up to its first dot
	Content string            // everything above the metadata block
	Meta    map[string]string // metadata values by lower-case key, trimmed; lists joined with ", "
	ModTime time.Time         // the file's modification time
	File    archive.FileStamp // size, time and hash of the file as read (set by the soup reader)
	// Draft says the snip must not be published: a :draft: entry is true
	// in any YAML 1.1 spelling, or is neither clearly true nor clearly
	// false (fail closed). It is set even when other metadata entries are
	// not valid YAML, so a watcher can withdraw a post saved as a draft
	// together with a typo rather than keep its last published version.
	Draft bool
}

// Limits on what one metadata entry may cost. An entry over them is a
// warning and is left out; the rest of the snip is read.
const (
	// MaxMetaValueBytes is the largest entry (key, value and continuation
	// lines) read as YAML. The soups' longest entry is under 300 bytes.
	MaxMetaValueBytes = 4 << 10
	// MaxMetaNodes bounds the YAML nodes one value may expand to, aliases
	// followed: a "billion laughs" of nested anchors is refused, not built.
	MaxMetaNodes = 1000
	// MaxMetaDepth bounds how deeply one value's lists may nest.
	MaxMetaDepth = 8
)

// knownKeys are the metadata keys the soup format is known to use. A group
// of `:key: value` lines above the last one counts as metadata only when it
// holds one of them, so a paragraph such as ":tada: shipped it!" stays content.
var knownKeys = map[string]bool{
	"name": true, "created_at": true, "updated_at": true, "kind": true,
	"author": true, "page_title": true, "draft": true, "display_name": true,
	"render_as": true, "is_page": true, "written_with": true, "extension": true,
	"erb": true, "created_sha": true, "url": true, "week_dates": true,
	"image": true, "images": true, "site": true, "twitter": true,
	"layout": true, "canonical_url": true, "video_js": true, "me_urls": true,
	"linkedin": true, "title": true, "description": true, "tags": true,
}

var keyLine = regexp.MustCompile(`^:([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]|$)`)

// Parse splits data into content and metadata. Problems with single
// values (YAML that doesn't parse, a key given twice with different values)
// come back as warnings; the snip is still usable.
func Parse(path string, data []byte, modTime time.Time) (Snip, []string) {
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	lines := strings.Split(text, "\n")
	start := metadataStart(lines)

	s := Snip{Path: path, ModTime: modTime, Meta: map[string]string{}}
	s.Content = strings.TrimRight(strings.Join(lines[:start], "\n"), " \t\n") + "\n"
	if strings.TrimSpace(s.Content) == "" {
		s.Content = ""
	}
	var warnings []string
	for _, e := range entries(lines[start:]) {
		if len(e.text) > MaxMetaValueBytes {
			warnings = append(warnings, fmt.Sprintf("metadata :%s: is %d bytes, over the %d KiB limit for one entry; left out",
				e.key, len(e.text), MaxMetaValueBytes>>10))
			if e.key == "draft" {
				s.Draft = true // unclear: fail closed
			}
			continue
		}
		value, err := parseValue(e.key, e.text)
		var tooBig *budgetError
		switch {
		case errors.As(err, &tooBig):
			warnings = append(warnings, fmt.Sprintf("metadata :%s: %v; left out", e.key, err))
			if e.key == "draft" {
				s.Draft = true
			}
			continue
		case err != nil:
			warnings = append(warnings, fmt.Sprintf("metadata :%s: is not valid YAML (%v); using it as plain text", e.key, err))
		}
		if e.key == "draft" {
			draft, clear := draftValue(value)
			if !clear {
				warnings = append(warnings, fmt.Sprintf("metadata :draft: %q is neither true nor false; held back as a draft", value))
			}
			// Any entry that says draft holds the post back, even when
			// a later one says otherwise.
			s.Draft = s.Draft || draft
		}
		if old, dup := s.Meta[e.key]; dup && old != value {
			warnings = append(warnings, fmt.Sprintf("metadata :%s: is given twice (%q and %q); using the last", e.key, old, value))
		}
		// Copies: a key or value cut from the file's text would keep the whole
		// text alive as long as the metadata, which a build's scan keeps
		// for every snip while it drops the content.
		s.Meta[strings.Clone(e.key)] = strings.Clone(value)
	}
	s.Name = s.Meta["name"]
	if s.Name == "" {
		s.Name = nameFromPath(path)
	}
	return s, warnings
}

// ContentOf is the Content that Parse gave data when that was n bytes
// long, without parsing data again: Content is the text's start, less
// the space at its end, plus a newline.
func ContentOf(data []byte, n int) string {
	if n == 0 {
		return ""
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	return text[:n-1] + "\n"
}

// nameFromPath is the file name up to its first dot.
func nameFromPath(path string) string {
	base := path[strings.LastIndex(path, "/")+1:]
	if i := strings.IndexByte(base, '.'); i >= 0 {
		base = base[:i]
	}
	return base
}

// metadataStart returns the index of the first line of the trailing metadata
// block (len(lines) when there is none). The block is a run of key lines,
// indented continuation lines (YAML lists) and blank lines; it is read in
// groups separated by blank lines, from the end up. The last group is always
// metadata; a group above it is when it, or a group further up, holds a
// known key: a group of unknown keys only (":tada: shipped!") between two
// metadata groups is metadata too, one above them all is content. A group
// cut from the content above by no blank line keeps its key lines only.
func metadataStart(lines []string) int {
	start := len(lines)
	i := len(lines) - 1
	for i >= 0 && strings.TrimSpace(lines[i]) == "" {
		i--
	}
	last := true
	for i >= 0 {
		// One group: lines up to the previous blank line.
		end := i
		for i >= 0 && strings.TrimSpace(lines[i]) != "" && isMetaLine(lines[i]) {
			i--
		}
		cut := i >= 0 && strings.TrimSpace(lines[i]) != ""
		first := i + 1
		for first <= end && !keyLine.MatchString(lines[first]) {
			first++
		}
		switch {
		case first > end:
			return start // no key line
		case cut:
			// Cut by a content line: its key lines from the first one
			// down can be metadata.
			if last || hasKnownKey(lines[first:end+1]) {
				return first
			}
			return start
		case first != i+1:
			return start // continuation lines with no key above them
		}
		if last || hasKnownKey(lines[first:end+1]) {
			start = first
		}
		last = false
		for i >= 0 && strings.TrimSpace(lines[i]) == "" {
			i--
		}
	}
	return start
}

func isMetaLine(line string) bool {
	return keyLine.MatchString(line) || line[0] == ' ' || line[0] == '\t'
}

func hasKnownKey(group []string) bool {
	for _, l := range group {
		if m := keyLine.FindStringSubmatch(l); m != nil && knownKeys[strings.ToLower(m[1])] {
			return true
		}
	}
	return false
}

type entry struct {
	key  string
	text string // "key: value" plus continuation lines, as YAML
}

func entries(block []string) []entry {
	var out []entry
	for _, l := range block {
		if m := keyLine.FindStringSubmatch(l); m != nil {
			// Keys are case-insensitive: :Draft: is :draft:.
			out = append(out, entry{key: strings.ToLower(m[1]), text: strings.ToLower(m[1]) + l[1+len(m[1]):]})
			continue
		}
		if strings.TrimSpace(l) != "" && len(out) > 0 {
			out[len(out)-1].text += "\n" + l
		}
	}
	return out
}

// parseValue reads one "key: value" entry with a YAML parser, so quoting,
// lists and escapes follow YAML. On a parse error the raw text is used.
func parseValue(key, text string) (string, error) {
	if v := strings.TrimSpace(strings.TrimPrefix(text, key+":")); isPlainScalar(v) && !strings.Contains(text, "\n") {
		// YAML would read this one-line plain scalar as its own text;
		// skipping the parser here halves the cost of reading a soup.
		switch v {
		case "~", "null", "Null", "NULL":
			return "", nil
		}
		return v, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		raw := strings.TrimSpace(strings.TrimPrefix(text, key+":"))
		return strings.Trim(raw, `"'`), err
	}
	if len(doc.Content) == 0 || len(doc.Content[0].Content) < 2 {
		return "", nil
	}
	b := &nodeBudget{nodes: MaxMetaNodes}
	v := b.text(doc.Content[0].Content[1], 0)
	if b.err != nil {
		return "", b.err
	}
	return v, nil
}

// budgetError is a value that would cost more than the limits allow.
type budgetError struct{ msg string }

func (e *budgetError) Error() string { return e.msg }

// nodeBudget writes a YAML value as text while counting what it costs:
// every node, an alias's target each time it is followed, and the depth.
// Past MaxMetaNodes or MaxMetaDepth it stops, so an alias bomb costs at
// most MaxMetaNodes steps however far it would expand.
type nodeBudget struct {
	nodes int
	err   error
}

func (b *nodeBudget) text(n *yaml.Node, depth int) string {
	if b.err != nil {
		return ""
	}
	if b.nodes--; b.nodes < 0 {
		b.err = &budgetError{fmt.Sprintf("expands to over %d values (aliases followed)", MaxMetaNodes)}
		return ""
	}
	if depth > MaxMetaDepth {
		b.err = &budgetError{fmt.Sprintf("nests over %d levels deep", MaxMetaDepth)}
		return ""
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return ""
		}
		return strings.TrimSpace(n.Value)
	case yaml.SequenceNode:
		parts := make([]string, 0, len(n.Content))
		for _, c := range n.Content {
			parts = append(parts, b.text(c, depth+1))
		}
		return strings.Join(parts, ", ")
	case yaml.AliasNode:
		if n.Alias == nil {
			return ""
		}
		return b.text(n.Alias, depth+1)
	}
	return ""
}

// draftValue reads a :draft: value: whether it holds the post back, and
// whether it was clear. Any capitalisation of a YAML 1.1 true (y, yes,
// true, on) is a draft; n, no, false and off, lower-case, Capitalised or
// UPPER, are not; anything else, an empty value too, is unclear, and a
// draft.
func draftValue(v string) (draft, clear bool) {
	switch strings.ToLower(v) {
	case "y", "yes", "true", "on":
		return true, true
	}
	switch v {
	case "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF":
		return false, true
	}
	return true, false
}

// dateLayouts are the date forms seen in soups. Go accepts fractional
// seconds after the seconds field even when a layout doesn't mention them.
var dateLayouts = []string{
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 Z07:00",
	zoneNameLayout,
	time.RFC3339Nano,
	"2006-01-02T15:04:05-0700",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
}

const zoneNameLayout = "2006-01-02 15:04:05 MST"

// ParseDate reads a metadata date, keeping its offset. Dates without an
// offset are read as UTC.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			if name, off := t.Zone(); layout == zoneNameLayout && off == 0 &&
				name != "UTC" && !strings.HasPrefix(name, "GMT") {
				// Go gives a zone name it doesn't know ("BST", "+01")
				// a zero offset, which would shift the date silently.
				continue
			}
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("unrecognised date %q", s)
}

// isPlainScalar says whether YAML reads v as a plain scalar equal to v:
// nothing that quotes, flows, anchors, tags, blocks or comments.
func isPlainScalar(v string) bool {
	if v == "" || strings.ContainsAny(v, "\t\r") {
		return false
	}
	switch v[0] {
	case '"', '\'', '[', ']', '{', '}', '&', '*', '!', '|', '>', '%', '@', '`', '#', '-', '?', ':', ',':
		return false
	}
	return !strings.Contains(v, ": ") && !strings.Contains(v, " #") && !strings.HasSuffix(v, ":")
}
