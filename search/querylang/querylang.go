// Package querylang reads the query language of the search box into a
// Parsed query, and gives a Parsed query back as text. It knows nothing of
// the index: it neither analyses words nor checks that a filter's value
// names anything in the archive.
//
//	redis queue          every word must match (title matches rank higher)
//	"asset manager"      a phrase
//	-draft               a word that must not match
//	redis OR postgres    either word
//	migrat*              a word prefix
//	author:chris-roos    a filter; author:"chris roos" matches display names
//	project:mocha topic:cotech year:2018 month:2018-02 kind:show-and-tell week:474
//	after:2017-12 before:2018-03-01
//
// Text that isn't one of these is read as plain words: an unbalanced quote
// is ignored, a lone "-" too, and "foo:bar" with an unknown field is two
// words. A filter with no value yet (author:, as someone types) is read as
// its word, with a hint of what it needs (Parsed.Hints); a value that
// can't mean anything (year:soon) is an *Error that names it. A query holds at most MaxTerms
// words, phrases and filters. Words keep their case and punctuation: the
// analyzer decides what they match.
package querylang

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Error is a query that can't be read; Msg says why in words a user can
// act on, and names the filter at fault.
type Error struct {
	Msg string
}

func (e *Error) Error() string { return e.Msg }

// MaxTerms is the most words, phrases and filters one query may hold.
const MaxTerms = 32

// Atom is one word, phrase or prefix of a query.
type Atom struct {
	Text   string
	Phrase bool
	Prefix bool
}

// Clause is a set of atoms of which at least one must match (OR).
type Clause []Atom

// Filter is a field filter typed in the search box.
type Filter struct {
	Field string // author, project, topic, year, month, kind, week, after, before
	Value string
	span  [2]int // where it was typed, to give the query back without it
}

// Parsed is a query split into its parts.
type Parsed struct {
	Must    []Clause // every clause must match
	Exclude []Atom   // none may match
	Filters []Filter
	// Hints say what a half-typed filter ("author:", nothing after it)
	// needs; it is searched as the word it is meanwhile.
	Hints []string
	text  string // the query as typed
}

// Typed is the query as it was typed, filters and all ("" for a Parsed
// built by hand).
func (p Parsed) Typed() string { return p.text }

// WithMust is p with its Must clauses replaced, keeping what was typed,
// its exclusions and its filters: a spelling correction of p.
func (p Parsed) WithMust(must []Clause) Parsed {
	p.Must = must
	return p
}

var filterFields = map[string]bool{
	"author": true, "project": true, "topic": true, "year": true, "month": true,
	"kind": true, "week": true, "after": true, "before": true,
}

// ParseQuery reads a query typed in the search box. Errors are *Error.
func ParseQuery(s string) (Parsed, error) {
	p := Parsed{text: s}
	i, n := 0, 0
	orNext := false
	// spaceAt says whether a space starts at byte j (runes decoded: a byte
	// of a multi-byte character such as 0x85 is not a space).
	spaceAt := func(j int) bool {
		r, _ := utf8.DecodeRuneInString(s[j:])
		return unicode.IsSpace(r)
	}
	for i < len(s) {
		if spaceAt(i) {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			continue
		}
		start := i
		negate := false
		if s[i] == '-' {
			negate = true
			i++
			if i >= len(s) || spaceAt(i) {
				continue // a lone "-"
			}
		}
		var atom Atom
		var filter *Filter
		if s[i] == '"' {
			end := strings.IndexByte(s[i+1:], '"')
			if end < 0 {
				// Unbalanced quote: the rest are plain words.
				i++
				continue
			}
			atom = Atom{Text: s[i+1 : i+1+end], Phrase: true}
			i += end + 2
		} else {
			j := i
			for j < len(s) && !spaceAt(j) && s[j] != '"' {
				j++
			}
			word := s[i:j]
			if k := strings.IndexByte(word, ':'); k > 0 && filterFields[strings.ToLower(word[:k])] {
				field := strings.ToLower(word[:k])
				value := word[k+1:]
				if value == "" && j < len(s) && s[j] == '"' {
					end := strings.IndexByte(s[j+1:], '"')
					if end < 0 { // unbalanced: the rest is the value
						value = s[j+1:]
						j = len(s)
					} else {
						value = s[j+1 : j+1+end]
						j += end + 2
					}
				}
				value = strings.TrimSpace(value)
				switch {
				case value == "":
					// Half typed: searched as the word it is, with a hint.
					p.Hints = append(p.Hints, fmt.Sprintf("%s: needs a value, as in %s", field, filterExample[field]))
					atom = Atom{Text: word}
				case negate:
					return p, &Error{fmt.Sprintf("-%s: a filter can't be negated; search for %s:%s and pick from the facets instead", field, field, value)}
				default:
					filter = &Filter{Field: field, Value: value, span: [2]int{start, j}}
				}
			} else {
				atom = Atom{Text: word}
				if strings.HasSuffix(word, "*") {
					atom = Atom{Text: strings.TrimRight(word, "*"), Prefix: true}
				}
			}
			i = j
		}
		if filter != nil {
			if err := checkFilter(*filter); err != nil {
				return p, err
			}
			if n++; n > MaxTerms {
				return p, tooMany()
			}
			p.Filters = append(p.Filters, *filter)
			continue
		}
		if atom.Text == "OR" && !atom.Phrase && !negate {
			orNext = len(p.Must) > 0
			continue
		}
		if !hasWordChar(atom.Text) {
			continue // punctuation alone matches nothing
		}
		if n++; n > MaxTerms {
			return p, tooMany()
		}
		switch {
		case negate:
			p.Exclude = append(p.Exclude, atom)
		case orNext:
			p.Must[len(p.Must)-1] = append(p.Must[len(p.Must)-1], atom)
		default:
			p.Must = append(p.Must, Clause{atom})
		}
		orNext = false
	}
	return p, nil
}

func tooMany() error {
	return &Error{fmt.Sprintf("has more than %d words, phrases and filters", MaxTerms)}
}

var filterExample = map[string]string{
	"author": "author:chris-roos", "project": "project:mocha", "topic": "topic:cotech",
	"year": "year:2018", "month": "month:2018-02", "kind": "kind:show-and-tell", "week": "week:474",
	"after": "after:2017-12", "before": "before:2018-03-01",
}

func hasWordChar(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
}

func checkFilter(f Filter) error {
	bad := func(what string) error {
		return &Error{fmt.Sprintf("%s:%s is not %s (as in %s)", f.Field, f.Value, what, filterExample[f.Field])}
	}
	switch f.Field {
	case "year":
		if !ValidYear(f.Value) {
			return bad("a year")
		}
	case "month":
		if _, err := time.Parse("2006-01", f.Value); err != nil {
			return bad("a month")
		}
	case "week":
		if n, err := strconv.Atoi(f.Value); err != nil || n < 1 {
			return bad("a week number")
		}
	case "after", "before":
		if _, err := ParsePeriod(f.Value); err != nil {
			return bad("a date")
		}
	}
	return nil
}

// ValidYear says whether s is a year as year: takes it: four digits, from
// 1000.
func ValidYear(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && len(s) == 4 && n >= 1000
}

// ParsePeriod reads YYYY, YYYY-MM or YYYY-MM-DD as the start of that period
// (UTC).
func ParsePeriod(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not YYYY, YYYY-MM or YYYY-MM-DD", s)
}

// WithoutFilters is the query as typed with its filters taken out, for
// the search box once the filters show as chips.
func (p Parsed) WithoutFilters() string {
	var b strings.Builder
	last := 0
	for _, f := range p.Filters {
		b.WriteString(p.text[last:f.span[0]])
		last = f.span[1]
	}
	b.WriteString(p.text[last:])
	return strings.Join(strings.Fields(b.String()), " ")
}

// HasText says whether the query has words to match, not just filters.
func (p Parsed) HasText() bool { return len(p.Must) > 0 || len(p.Exclude) > 0 }

// WithFilters gives a parsed query back as text with the filters that
// were typed in it, so a suggestion keeps them.
func (p Parsed) WithFilters() string {
	parts := []string{p.String()}
	for _, f := range p.Filters {
		parts = append(parts, p.text[f.span[0]:f.span[1]])
	}
	return strings.TrimSpace(strings.Join(parts, " "))
}

// String gives a parsed query back as text (without its filters).
func (p Parsed) String() string {
	var parts []string
	atom := func(a Atom) string {
		switch {
		case a.Phrase:
			return `"` + a.Text + `"`
		case a.Prefix:
			return a.Text + "*"
		}
		return a.Text
	}
	for _, c := range p.Must {
		alts := make([]string, len(c))
		for i, a := range c {
			alts[i] = atom(a)
		}
		parts = append(parts, strings.Join(alts, " OR "))
	}
	for _, a := range p.Exclude {
		parts = append(parts, "-"+atom(a))
	}
	return strings.Join(parts, " ")
}
