package indexer

import (
	"fmt"
	"github.com/freerange/weeknotes/search"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Snip is one file of a soup split into its content and its metadata.
type Snip struct {
	Path    string            // slash-separated, relative to the soup root
	Name    string            // :name:, else the file name up to its first dot
	Content string            // everything above the metadata block
	Meta    map[string]string // metadata values, trimmed; lists joined with ", "
	ModTime time.Time         // the file's modification time
	File    search.FileStamp  // size, time and hash of the file as read (set by the soup reader)
}

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

// ParseSnip splits data into content and metadata. Problems with single
// values (YAML that doesn't parse, a key given twice with different values)
// come back as warnings; the snip is still usable.
func ParseSnip(path string, data []byte, modTime time.Time) (Snip, []string) {
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
		value, err := parseValue(e.key, e.text)
		if err != nil {
			warnings = append(warnings, fmt.Sprintf("metadata :%s: is not valid YAML (%v); using it as plain text", e.key, err))
		}
		if old, dup := s.Meta[e.key]; dup && old != value {
			warnings = append(warnings, fmt.Sprintf("metadata :%s: is given twice (%q and %q); using the last", e.key, old, value))
		}
		s.Meta[e.key] = value
	}
	s.Name = s.Meta["name"]
	if s.Name == "" {
		s.Name = nameFromPath(path)
	}
	return s, warnings
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
// groups separated by blank lines, from the end up.
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
		if i >= 0 && strings.TrimSpace(lines[i]) != "" {
			// The group is cut by a content line: only its key lines
			// from the first one down can be metadata, and only if
			// this is the last group.
			if !last {
				return start
			}
			first := i + 1
			for first <= end && !keyLine.MatchString(lines[first]) {
				first++
			}
			if first > end {
				return start
			}
			return first
		}
		group := lines[i+1 : end+1]
		if !keyLine.MatchString(group[0]) {
			return start // continuation lines with no key above them
		}
		if !last && !hasKnownKey(group) {
			return start
		}
		start = i + 1
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
		if m := keyLine.FindStringSubmatch(l); m != nil && knownKeys[m[1]] {
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
			out = append(out, entry{key: m[1], text: l[1:]})
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
	return nodeString(doc.Content[0].Content[1]), nil
}

func nodeString(n *yaml.Node) string {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return ""
		}
		return strings.TrimSpace(n.Value)
	case yaml.SequenceNode:
		parts := make([]string, 0, len(n.Content))
		for _, c := range n.Content {
			parts = append(parts, nodeString(c))
		}
		return strings.Join(parts, ", ")
	case yaml.AliasNode:
		return nodeString(n.Alias)
	}
	return ""
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
