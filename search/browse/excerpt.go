package browse

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/freerange/weeknotes/search/archive"
)

// Excerpt is what a list shows of a post to say what it is about: its
// opening words past the greetings and dates weeknotes open with
// ("Howdi folks.", "Week beginning Monday, 10th August 2026."), and its
// section headings, which are its topics.
type Excerpt struct {
	Text     string         // plain text; "" when the post's sections begin before anything else is said
	Sections []archive.Term // the post's topics, in the order of its headings
}

// excerptRead is how much of a post's text an excerpt looks at past its
// summary: the opening, before the first section.
const excerptRead = 8 << 10

// passageRead is how much of a post's text a section is looked for in.
const passageRead = 64 << 10

// Excerpt is what a list shows of p.
func (b *Browse) Excerpt(p archive.Post) Excerpt {
	e := Excerpt{Sections: p.Topics}
	lead := b.stripOpening(p.Summary)
	if lead != "" {
		e.Text = firstSentence(lead)
		return e
	}
	// The summary was all greeting: the words after it, up to the first
	// section.
	r, ok := b.ix.Row(p.Name)
	if !ok {
		return e
	}
	text, _, err := b.ix.ReadText(r, excerptRead, nil)
	if err != nil {
		return e
	}
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		// A line that reads as a heading, in a post with sections, is
		// one of them, though the topic table filed it under another
		// name ("Government Digital Service" under GDS).
		if sectionOf(line, p.Topics) >= 0 || signOff.MatchString(line) || len(p.Topics) > 0 && readsAsHeading(line) {
			break
		}
		if s := b.stripOpening(line); s != "" {
			e.Text = firstSentence(s)
			break
		}
	}
	return e
}

// Passage is the start of the section of p headed by the topic slug (the
// CoTech section, on the CoTech page): plain text, a few sentences. A
// heading the topic table filed under another name is not found by it; then
// the passage is the first paragraph that names the topic, else the
// excerpt's text.
func (b *Browse) Passage(p archive.Post, topic string) string {
	label := topic
	want := -1
	for i, t := range p.Topics {
		if t.Slug == topic {
			label, want = t.Label, i
		}
	}
	r, ok := b.ix.Row(p.Name)
	if !ok || want < 0 {
		return b.Excerpt(p).Text
	}
	text, _, err := b.ix.ReadText(r, passageRead, nil)
	if err != nil {
		return b.Excerpt(p).Text
	}
	var lines []string
	for line := range strings.Lines(text) {
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, line)
		}
	}
	start := -1
	for i, line := range lines {
		if sectionOf(line, p.Topics) == want {
			start = i + 1
			break
		}
	}
	if start < 0 {
		lower := strings.ToLower(label)
		for i, line := range lines {
			if strings.Contains(strings.ToLower(line), lower) && sectionOf(line, p.Topics) < 0 {
				start = i
				break
			}
		}
	}
	if start < 0 {
		return b.Excerpt(p).Text
	}
	var w strings.Builder
	for _, line := range lines[start:] {
		if sectionOf(line, p.Topics) >= 0 || signOff.MatchString(line) || w.Len() >= passageLen {
			break
		}
		if w.Len() > 0 {
			w.WriteByte(' ')
		}
		w.WriteString(line)
	}
	return clipSentences(w.String(), passageLen)
}

// clipSentences cuts s to about n bytes, after a sentence when one ends in
// the second half, else as clip does.
func clipSentences(s string, n int) string {
	if len(s) <= n {
		return s
	}
	end := -1
	for _, m := range sentenceEnd.FindAllStringIndex(s[:n+1], -1) {
		end = m[1]
	}
	if end > n/2 {
		return strings.TrimSpace(s[:end])
	}
	return clip(s, n)
}

// passageLen is about how long a passage is, in bytes.
const passageLen = 320

// sectionOf is the index among topics of the topic a line heads, or -1
// when the line is no heading of theirs. A heading is its topic's label as
// a slug, or its plural ("Printer kits" under Printer kit), or, when it
// reads as a heading (a few words, no full stop), the topic's words and
// more ("NHS Vaccinations (Mavis)", filed under NHS Vaccinations).
func sectionOf(line string, topics []archive.Term) int {
	if len(line) > 200 || len(topics) == 0 {
		return -1
	}
	s := archive.Slug(line)
	if s == "" {
		return -1
	}
	for i, t := range topics {
		if s == t.Slug || s == t.Slug+"s" || s == t.Slug+"es" ||
			strings.HasSuffix(t.Slug, "y") && s == t.Slug[:len(t.Slug)-1]+"ies" ||
			strings.ReplaceAll(s, "-", "") == strings.ReplaceAll(t.Slug, "-", "") {
			return i
		}
	}
	if !readsAsHeading(line) {
		return -1
	}
	for i, t := range topics {
		if strings.HasPrefix(s, t.Slug+"-") {
			return i
		}
	}
	return -1
}

// headingWords is the most words a line that reads as a heading has.
const headingWords = 8

// readsAsHeading says whether a line looks like a heading: a few words,
// not ending as a sentence or a clause does.
func readsAsHeading(line string) bool {
	line = strings.TrimRightFunc(line, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsSymbol(r) || r == '\ufe0f' })
	return line != "" && len(strings.Fields(line)) <= headingWords && !strings.ContainsAny(line[len(line)-1:], ".!?,;:")
}

// Openings that say nothing of the week: a greeting, a date, how the
// writer hopes the reader is, an apology for lateness.
var (
	greetingWords = `(?:(?:why|well|oh),?\s+)?(?:howd[iy]e?|hi|hiya|hello|hey|heya|yo|ahoy|greetings|salut|bonjour|aloha\w*|g[’']?day|good\s+(?:morning|afternoon|evening|day)|morning|afternoon|evening|happy\s+new\s+year|welcome|how\s+are\s+(?:ya|you))`
	greeting      = regexp.MustCompile(`(?i)^` + greetingWords + `\b`)
	// A greeting that a comma ends, before the first sentence proper:
	// "G'day folks, I hope ...".
	greetingComma = regexp.MustCompile(`(?i)^` + greetingWords + `(?:\s+[\pL’']+){0,2},\s+`)
	dated         = regexp.MustCompile(`(?i)^weeks?\s+(?:beginning|commencing|ending|starting|of)\b|` +
		`^(?:the\s+)?(?:two|three|four|\d)\s+weeks\s+(?:beginning|commencing|starting)\b|` +
		`^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\s+\pL+\.?\s+(?:to|-|–)\s+`)
	// The title said again: "Weeks 901 and 902.", "Week 868 & 869".
	weekNumbers = regexp.MustCompile(`(?i)^weeks?\s+\d+(?:\s*(?:,|and|&|to|-|–)\s*\d+)*\s*[.!:]?$`)
	pleasantry  = regexp.MustCompile(`(?i)^(?:i|we)\s+(?:trust|hope)\b.*\b(?:well|good|ok)\b`)
	lateNote    = regexp.MustCompile(`(?i)\bwriting\s+(?:these|this\s+week[’']?s)\s+(?:week\s?)?notes\b.*\blate\b`)
	// How a post ends: "Until next time.", "– Chris", "That's all folks!".
	signOff     = regexp.MustCompile(`(?i)^(?:until next (?:time|week)|that[’']?s all|thanks for reading|cheers|bye|see you|[–—-]{1,2}\s*\pL)`)
	sentenceEnd = regexp.MustCompile(`[.!?…]+["”’)]*(?:\s+|$)`)
)

// Most words a greeting or a pleasantry sentence has; a longer one says
// something more.
const (
	greetingMax   = 8
	pleasantryMax = 8
	// commonOpening is how many posts must open with a sentence for it
	// to be a formula ("Note that we're writing these notes nearly 6
	// months late which is why they're in summary form.").
	commonOpening = 3
)

// openings counts the opening sentences of the archive's posts, in their
// normal form, once.
type openings struct {
	once sync.Once
	n    map[string]int
}

func (b *Browse) commonOpening(sentence string) bool {
	b.opening.once.Do(func() {
		b.opening.n = map[string]int{}
		for r := range int32(b.ix.Len()) {
			s, _ := splitSentence(b.ix.Summary(r))
			if s != "" {
				b.opening.n[normalSentence(s)]++
			}
		}
	})
	return b.opening.n[normalSentence(sentence)] >= commonOpening
}

// normalSentence is a sentence in lower case with its digits and
// punctuation folded, so openings that differ only in a number are one.
func normalSentence(s string) string {
	var w strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsDigit(r):
			if !space && w.Len() > 0 {
				w.WriteByte(' ')
			}
			w.WriteByte('#')
			space = true
		case unicode.IsLetter(r):
			if space && w.Len() > 0 {
				w.WriteByte(' ')
			}
			w.WriteRune(r)
			space = false
		default:
			space = true
		}
	}
	return w.String()
}

// boilerplate says whether a sentence is one of the openings that say
// nothing of the week.
func (b *Browse) boilerplate(s string) bool {
	words := len(strings.Fields(s))
	switch {
	case greeting.MatchString(s) && words <= greetingMax,
		pleasantry.MatchString(s) && words <= pleasantryMax,
		dated.MatchString(s), weekNumbers.MatchString(s),
		lateNote.MatchString(s):
		return true
	}
	return b.commonOpening(s)
}

// stripOpening is s without the greetings, dates and formulas it opens
// with; "" when that is all it is.
func (b *Browse) stripOpening(s string) string {
	for {
		// Emoji left at the start say nothing ("Happy New Year! 🎉").
		s = strings.TrimLeftFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsSymbol(r) || r == '\ufe0f' || r == '\u200d' })
		if s == "" {
			return ""
		}
		// "G'day folks, we moved office": the greeting goes, the sentence
		// stays; in "Howdi, folks." the comma is inside the greeting.
		if m := greetingComma.FindStringIndex(s); m != nil {
			if next, _ := splitSentence(s[m[1]:]); len(strings.Fields(next)) >= 3 {
				s = capitalise(s[m[1]:])
				continue
			}
		}
		sentence, rest := splitSentence(s)
		if b.boilerplate(sentence) {
			s = rest
			continue
		}
		return s
	}
}

// splitSentence splits off the first sentence of s.
func splitSentence(s string) (sentence, rest string) {
	if m := sentenceEnd.FindStringIndex(s); m != nil {
		return strings.TrimSpace(s[:m[1]]), s[m[1]:]
	}
	return s, ""
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// firstSentence is the first sentence of s of more than a few words, or
// its first 200 bytes.
func firstSentence(s string) string {
	for i := 0; i+1 < len(s); i++ {
		if (s[i] == '.' || s[i] == '!' || s[i] == '?') && (s[i+1] == ' ' || s[i+1] == '\n') && i > 20 {
			return s[:i+1]
		}
	}
	return clip(s, 200)
}

// clip cuts s to about n bytes at a space, with an ellipsis.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut < n/2 {
		cut = n
	}
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strings.TrimRight(s[:cut], " ,;:") + "…"
}
