package terms

import (
	"html"
	"regexp"
	"strings"
	"unicode"

	"github.com/freerange/weeknotes/search/archive"
)

var spaces = regexp.MustCompile(`\s+`)

// Topic turns a section heading into a topic: a slug and a display label.
// Entities are decoded, emoji and symbols dropped, stray punctuation at
// either end trimmed. ok is false when nothing is left.
func Topic(heading string) (t archive.Term, ok bool) {
	s := html.UnescapeString(heading)
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.So, r) || unicode.Is(unicode.Sk, r) || unicode.Is(unicode.Cs, r) ||
			unicode.Is(unicode.Co, r) || r == '\u200d' || r == '\ufe0f' || unicode.Is(unicode.Mn, r) && r >= 0x1f000 {
			return -1
		}
		return r
	}, s)
	s = spaces.ReplaceAllString(s, " ")
	s = strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) && r != ')' && r != '"' || unicode.IsSymbol(r)
	})
	slug := archive.Slug(s)
	if slug == "" {
		return archive.Term{}, false
	}
	return archive.Term{Slug: slug, Label: s}, true
}
