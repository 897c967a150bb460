package archive

import (
	"html"
	"strings"
	"unicode"
)

// Slug folds a name into the form used in URLs and facet values: lower case,
// "&" read as "and", apostrophes dropped, every other run of non-letters and
// non-digits one hyphen. "Show & Tell" and "Show and Tell" are both
// "show-and-tell".
func Slug(s string) string {
	s = strings.ToLower(html.UnescapeString(s))
	s = strings.ReplaceAll(s, "&", " and ")
	var b strings.Builder
	hyphen := false
	for _, r := range s {
		switch {
		case r == '\'' || r == '’' || r == '‘':
			// "GFR's" -> "gfrs", not "gfr-s"
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		default:
			hyphen = true
		}
	}
	return b.String()
}
