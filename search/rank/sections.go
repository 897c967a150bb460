package rank

import (
	"html"
	"sort"
	"strings"

	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/highlight"
	"github.com/freerange/weeknotes/search/querylang"
)

// A hit points into its post: the sections (archive.Section) that hold the
// query's words, best first, each with a link to its heading that carries
// the words for the post page to mark.
const (
	// sectionsShown is the most sections a hit lists.
	sectionsShown = 3
	// sectionSnippetBytes is about how much of a section its snippet
	// shows: a line.
	sectionSnippetBytes = 120
	// sectionScan bounds the text read for a hit with sections, for its
	// snippet and theirs (a hit without reads highlight.MaxScan). A
	// section that starts past it is not listed: the cost of a page of
	// hits stays bounded whatever a post's length.
	sectionScan = 64 << 10
)

// SectionHit is one section of a hit's post that holds the query's words.
type SectionHit struct {
	Heading     string // as the post shows it
	HeadingHTML string // HTML: the heading, matches in <mark>
	URL         string // the post at the section's heading, with the words to mark (?q=)
	Snippet     string // HTML: the section's best passage, matches in <mark>
}

// TextToRead is how much of a hit's text its snippet and sections need.
func TextToRead(p *archive.Post) int64 {
	if len(p.Sections) > 0 {
		return sectionScan
	}
	return highlight.MaxScan
}

// MarkWords is the query whose words a section's URL carries: what
// matched, without exclusions or filters.
func MarkWords(p querylang.Parsed) string {
	return querylang.Parsed{Must: p.Must}.String()
}

// Sections are the sections of post, in whose text f found the query's
// words, that hold words of the most of the query's clauses, then the most
// of its words, then come first; at most sectionsShown. words is what each
// section's URL carries for the page to mark (MarkWords).
func Sections(f *highlight.Finder, post *archive.Post, found highlight.Found, words string) []SectionHit {
	textLen := len(found.Text())
	type candidate struct {
		i, clauses, words int
	}
	var cands []candidate
	for i, s := range post.Sections {
		if s.Start >= textLen {
			break // past what was read
		}
		end := textLen
		if i+1 < len(post.Sections) {
			end = min(end, post.Sections[i+1].Start)
		}
		bits, n := found.Part(s.Start, end)
		if n > 0 {
			cands = append(cands, candidate{i, highlight.Clauses(bits), n})
		}
	}
	sort.SliceStable(cands, func(a, b int) bool {
		if cands[a].clauses != cands[b].clauses {
			return cands[a].clauses > cands[b].clauses
		}
		return cands[a].words > cands[b].words
	})
	var out []SectionHit
	for _, c := range cands[:min(len(cands), sectionsShown)] {
		s := post.Sections[c.i]
		end := textLen
		if c.i+1 < len(post.Sections) {
			end = min(end, post.Sections[c.i+1].Start)
		}
		// The snippet is of what the heading heads: its own words show
		// above it.
		body := end
		if nl := strings.IndexByte(found.Text()[s.Start:end], '\n'); nl >= 0 {
			body = s.Start + nl + 1
		}
		// The heading's line as the text has it, its words found
		// already; marked afresh when it reads otherwise (white space).
		heading := found.MarkLine(s.Start, s.Heading)
		if heading == "" {
			if heading = f.Title(s.Heading); heading == "" {
				heading = html.EscapeString(s.Heading)
			}
		}
		out = append(out, SectionHit{
			Heading:     s.Heading,
			HeadingHTML: heading,
			URL:         post.SectionURL(s.ID, words),
			Snippet:     found.PartSnippet(body, end, sectionSnippetBytes),
		})
	}
	return out
}
