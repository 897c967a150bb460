package querylang

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// parsedOpts compare Parsed values by what a caller sees: the spans and
// the text as typed are checked through WithoutFilters instead.
var parsedOpts = cmp.Options{
	cmpopts.IgnoreUnexported(Parsed{}, Filter{}),
	cmpopts.EquateEmpty(),
}

// words is a Must of one-word clauses.
func words(ws ...string) []Clause {
	out := make([]Clause, len(ws))
	for i, w := range ws {
		out[i] = Clause{{Text: w}}
	}
	return out
}

func TestParseQuery(t *testing.T) {
	t.Parallel()
	manyWords := func(n int) string { return strings.TrimSpace(strings.Repeat("w ", n)) }
	tests := []struct {
		name string
		in   string
		want Parsed
	}{
		{"empty", "", Parsed{}},
		{"only spaces", " \t\n ", Parsed{}},
		{"one word", "redis", Parsed{Must: words("redis")}},
		{"every word is a clause", "redis  queue\tmigration", Parsed{Must: words("redis", "queue", "migration")}},
		{"case is kept for the analyzer", "CoTech", Parsed{Must: words("CoTech")}},
		{"phrase", `"asset manager"`, Parsed{Must: []Clause{{{Text: "asset manager", Phrase: true}}}}},
		{"phrase between words", `redis "asset manager" queue`, Parsed{Must: []Clause{{{Text: "redis"}}, {{Text: "asset manager", Phrase: true}}, {{Text: "queue"}}}}},
		{"phrase keeps its inner spaces", `" asset  manager "`, Parsed{Must: []Clause{{{Text: " asset  manager ", Phrase: true}}}}},
		{"a word ends at a quote", `asset"manager"`, Parsed{Must: []Clause{{{Text: "asset"}}, {{Text: "manager", Phrase: true}}}}},
		{"empty phrase is nothing", `"" redis`, Parsed{Must: words("redis")}},
		{"excluded word", "redis -draft", Parsed{Must: words("redis"), Exclude: []Atom{{Text: "draft"}}}},
		{"excluded word first", "-draft redis", Parsed{Must: words("redis"), Exclude: []Atom{{Text: "draft"}}}},
		{"only an exclusion", "-draft", Parsed{Exclude: []Atom{{Text: "draft"}}}},
		{"excluded phrase", `redis -"asset manager"`, Parsed{Must: words("redis"), Exclude: []Atom{{Text: "asset manager", Phrase: true}}}},
		{"excluded prefix", "redis -migrat*", Parsed{Must: words("redis"), Exclude: []Atom{{Text: "migrat", Prefix: true}}}},
		{"a hyphen inside a word is not an exclusion", "co-op", Parsed{Must: words("co-op")}},
		{"OR", "redis OR postgres", Parsed{Must: []Clause{{{Text: "redis"}, {Text: "postgres"}}}}},
		{"OR chain", "redis OR postgres OR mysql queue", Parsed{Must: []Clause{{{Text: "redis"}, {Text: "postgres"}, {Text: "mysql"}}, {{Text: "queue"}}}}},
		{"OR with a phrase and a prefix", `"asset manager" OR migrat*`, Parsed{Must: []Clause{{{Text: "asset manager", Phrase: true}, {Text: "migrat", Prefix: true}}}}},
		{"lower-case or is a word", "redis or postgres", Parsed{Must: words("redis", "or", "postgres")}},
		{"quoted OR is a phrase", `redis "OR" postgres`, Parsed{Must: []Clause{{{Text: "redis"}}, {{Text: "OR", Phrase: true}}, {{Text: "postgres"}}}}},
		{"leading OR is dropped", "OR redis", Parsed{Must: words("redis")}},
		{"trailing OR is dropped", "redis OR", Parsed{Must: words("redis")}},
		{"OR OR", "redis OR OR postgres", Parsed{Must: []Clause{{{Text: "redis"}, {Text: "postgres"}}}}},
		{"OR before an exclusion", "redis OR -draft queue", Parsed{Must: words("redis", "queue"), Exclude: []Atom{{Text: "draft"}}}},
		{"a filter between OR and its word", "redis OR year:2018 postgres",
			Parsed{Must: []Clause{{{Text: "redis"}, {Text: "postgres"}}}, Filters: []Filter{{Field: "year", Value: "2018"}}}},
		{"prefix", "migrat*", Parsed{Must: []Clause{{{Text: "migrat", Prefix: true}}}}},
		{"prefix with stars", "migrat**", Parsed{Must: []Clause{{{Text: "migrat", Prefix: true}}}}},
		{"lone star", "* redis", Parsed{Must: words("redis")}},
		{"punctuation alone", "redis !!! ... queue", Parsed{Must: words("redis", "queue")}},
		{"question", "when did we migrate the Redis queue?", Parsed{Must: words("when", "did", "we", "migrate", "the", "Redis", "queue?")}},

		{"author", "author:chris-roos", Parsed{Filters: []Filter{{Field: "author", Value: "chris-roos"}}}},
		{"author quoted", `author:"chris roos"`, Parsed{Filters: []Filter{{Field: "author", Value: "chris roos"}}}},
		{"author quoted then words", `author:"Chris Roos" cotech`, Parsed{Must: words("cotech"), Filters: []Filter{{Field: "author", Value: "Chris Roos"}}}},
		{"author quoted value is trimmed", `author:" chris roos "`, Parsed{Filters: []Filter{{Field: "author", Value: "chris roos"}}}},
		{"author quote left open takes the rest", `cotech author:"chris roos`, Parsed{Must: words("cotech"), Filters: []Filter{{Field: "author", Value: "chris roos"}}}},
		{"field name ignores case", "Author:Chris-Roos", Parsed{Filters: []Filter{{Field: "author", Value: "Chris-Roos"}}}},
		{"project", "project:mocha", Parsed{Filters: []Filter{{Field: "project", Value: "mocha"}}}},
		{"topic", "topic:cotech", Parsed{Filters: []Filter{{Field: "topic", Value: "cotech"}}}},
		{"year", "year:2018", Parsed{Filters: []Filter{{Field: "year", Value: "2018"}}}},
		{"month", "month:2018-02", Parsed{Filters: []Filter{{Field: "month", Value: "2018-02"}}}},
		{"kind", "kind:show-and-tell", Parsed{Filters: []Filter{{Field: "kind", Value: "show-and-tell"}}}},
		{"week", "week:474", Parsed{Filters: []Filter{{Field: "week", Value: "474"}}}},
		{"after year", "after:2017", Parsed{Filters: []Filter{{Field: "after", Value: "2017"}}}},
		{"after month", "after:2017-12", Parsed{Filters: []Filter{{Field: "after", Value: "2017-12"}}}},
		{"before day", "before:2018-03-01", Parsed{Filters: []Filter{{Field: "before", Value: "2018-03-01"}}}},
		{"spring 2018", "after:2018-03 before:2018-06", Parsed{Filters: []Filter{{Field: "after", Value: "2018-03"}, {Field: "before", Value: "2018-06"}}}},
		{"every filter with words", `redis author:chris-roos project:asset-manager topic:gds year:2018 month:2018-02 kind:blog week:473 after:2018 before:2019 queue`,
			Parsed{Must: words("redis", "queue"), Filters: []Filter{
				{Field: "author", Value: "chris-roos"}, {Field: "project", Value: "asset-manager"}, {Field: "topic", Value: "gds"},
				{Field: "year", Value: "2018"}, {Field: "month", Value: "2018-02"}, {Field: "kind", Value: "blog"},
				{Field: "week", Value: "473"}, {Field: "after", Value: "2018"}, {Field: "before", Value: "2019"},
			}}},
		{"same filter twice", "author:chris-roos author:james-mead", Parsed{Filters: []Filter{{Field: "author", Value: "chris-roos"}, {Field: "author", Value: "james-mead"}}}},
		{"a value may hold a colon", "topic:a:b", Parsed{Filters: []Filter{{Field: "topic", Value: "a:b"}}}},

		{"unknown field is words", "foo:bar", Parsed{Must: words("foo:bar")}},
		{"a colon first is a word", ":author", Parsed{Must: words(":author")}},
		{"unbalanced quote is plain words", `"asset manager`, Parsed{Must: words("asset", "manager")}},
		{"unbalanced quote after a word", `redis "queue`, Parsed{Must: words("redis", "queue")}},
		{"unbalanced quote at the end", `redis "`, Parsed{Must: words("redis")}},
		{"unbalanced excluded phrase is plain words", `-"asset manager`, Parsed{Must: words("asset", "manager")}},
		{"lone dash", "redis - queue", Parsed{Must: words("redis", "queue")}},
		{"lone dash at the end", "redis -", Parsed{Must: words("redis")}},
		{"only a dash", "-", Parsed{}},

		{"MaxTerms words", manyWords(MaxTerms), Parsed{Must: words(strings.Fields(manyWords(MaxTerms))...)}},
		{"MaxTerms counting a filter", manyWords(MaxTerms-1) + " year:2018", Parsed{Must: words(strings.Fields(manyWords(MaxTerms - 1))...), Filters: []Filter{{Field: "year", Value: "2018"}}}},
		{"OR operators are not terms", strings.Repeat("w OR ", MaxTerms-1) + "w", Parsed{Must: []Clause{func() Clause {
			c := make(Clause, MaxTerms)
			for i := range c {
				c[i] = Atom{Text: "w"}
			}
			return c
		}()}}},

		// A UTF-8 letter whose encoding holds the byte 0x85 or 0xA0 (à is
		// C3 A0) must not be read as a space.
		{"non-ASCII letters stay whole", "voilà", Parsed{Must: words("voilà")}},
		{"Arabic word", "تعليم", Parsed{Must: words("تعليم")}},
		{"non-ASCII in a filter", "author:šárka", Parsed{Filters: []Filter{{Field: "author", Value: "šárka"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseQuery(tt.in)
			if err != nil {
				t.Fatalf("ParseQuery(%q) error: %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got, parsedOpts); diff != "" {
				t.Errorf("ParseQuery(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// A filter with no value yet is what someone is typing: it is searched as
// its word, and a hint says what it needs.
func TestParseQueryHalfTypedFilter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		words string // String() of what is searched
		hint  string
	}{
		{"author:", "author:", "author: needs a value, as in author:chris-roos"},
		{"author: chris", "author: chris", "author: needs a value"},
		{`author:""`, "author:", "author: needs a value"},
		{`author:"  "`, "author:", "author: needs a value"},
		{"cotech week:", "cotech week:", "week: needs a value, as in week:474"},
		{"-year:", "-year:", "year: needs a value"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := ParseQuery(tt.in)
			if err != nil {
				t.Fatalf("ParseQuery(%q) = %v, want no error", tt.in, err)
			}
			if got := p.String(); got != tt.words {
				t.Errorf("ParseQuery(%q) searches %q, want %q", tt.in, got, tt.words)
			}
			if len(p.Filters) != 0 || len(p.Hints) != 1 || !strings.Contains(p.Hints[0], tt.hint) {
				t.Errorf("ParseQuery(%q): filters %v, hints %q; want no filter and a hint with %q", tt.in, p.Filters, p.Hints, tt.hint)
			}
		})
	}
}

func TestParseQueryErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		msg  string // the error message must contain it
	}{
		{"negated filter", "-author:x", "author"},
		{"negated quoted filter", `redis -author:"chris roos"`, "author"},
		{"year that is a word", "year:soon", "year:soon"},
		{"two-digit year", "year:18", "year"},
		{"month 13", "month:2018-13", "month:2018-13"},
		{"month without a year", "month:02", "month"},
		{"week 0", "week:0", "week:0"},
		{"negative week", "week:-1", "week"},
		{"week that is a word", "week:last", "week"},
		{"after yesterday", "after:yesterday", "after:yesterday"},
		{"before a day that does not exist", "before:2018-02-30", "before"},
		{"too many words", strings.Repeat("w ", MaxTerms+1), "32"},
		{"too many with excluded words", strings.Repeat("w ", MaxTerms) + "-x", "32"},
		{"too many with OR", strings.Repeat("w OR ", MaxTerms) + "w", "32"},
		{"too many counting filters", "year:2018 " + strings.Repeat("w ", MaxTerms), "32"},
		// MaxTerms covers filters too: "the most words, phrases and filters".
		{"too many filters", strings.Repeat("week:1 ", MaxTerms+1), "32"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseQuery(tt.in)
			var qe *Error
			if !errors.As(err, &qe) {
				t.Fatalf("ParseQuery(%q) error = %v, want an *Error", tt.in, err)
			}
			if !strings.Contains(qe.Msg, tt.msg) {
				t.Errorf("ParseQuery(%q) error = %q, want it to mention %q", tt.in, qe.Msg, tt.msg)
			}
		})
	}
}

func TestWithoutFilters(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", ""},
		{"redis", "redis"},
		{"year:2018", ""},
		{"redis author:chris-roos queue", "redis queue"},
		{`author:"chris roos" redis`, "redis"},
		{`redis author:"chris roos`, "redis"},
		{"  redis   year:2018  \t queue ", "redis queue"},
		{`redis -draft "asset  manager" migrat* year:2018`, `redis -draft "asset manager" migrat*`},
		{"redis OR year:2018 postgres", "redis OR postgres"},
		{"foo:bar redis", "foo:bar redis"},
		{`"asset manager`, `"asset manager`},
		{"Author:Chris-Roos TOPIC:cotech", ""},
		{`year:2018"author:x`, `"`},
		{"after:2018-03 before:2018-06", ""},
	}
	for _, tt := range tests {
		p, err := ParseQuery(tt.in)
		if err != nil {
			t.Errorf("ParseQuery(%q): %v", tt.in, err)
			continue
		}
		if got := p.WithoutFilters(); got != tt.want {
			t.Errorf("ParseQuery(%q).WithoutFilters() = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParsedString(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", ""},
		{"redis  queue", "redis queue"},
		{"year:2018 redis", "redis"},
		{"-draft redis", "redis -draft"},
		{`redis OR postgres -draft "asset manager" migrat*`, `redis OR postgres "asset manager" migrat* -draft`},
		{`-"asset manager" -migrat*`, `-"asset manager" -migrat*`},
		{`"asset manager`, "asset manager"},
		{"redis OR", "redis"},
		{"redis - !!! queue", "redis queue"},
	}
	for _, tt := range tests {
		p, err := ParseQuery(tt.in)
		if err != nil {
			t.Errorf("ParseQuery(%q): %v", tt.in, err)
			continue
		}
		if got := p.String(); got != tt.want {
			t.Errorf("ParseQuery(%q).String() = %q, want %q", tt.in, got, tt.want)
		}
	}
	// A Parsed built by hand, as correct builds one.
	p := Parsed{Must: []Clause{{{Text: "asset"}}, {{Text: "manager"}, {Text: "mangler"}}}, Filters: []Filter{{Field: "year", Value: "2018"}}}
	if got, want := p.String(), "asset manager OR mangler"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"", "redis", `"asset manager"`, "-draft", `-"asset manager"`, "redis OR postgres OR mysql",
		"migrat*", "author:chris-roos", `author:"chris roos" cotech`, `author:"chris roos`,
		"foo:bar", `"unbalanced`, "redis - queue", "author:", "-author:x", "year:soon",
		"month:2018-13", "week:0", "after:yesterday", "before:2018-03-01 after:2017", `year:2018"author:x`,
		`"b"author:"x"y`, "redis OR year:2018 postgres", "OR", "--x", "*", `""`, "a:b:c", "topic:a:b",
		strings.Repeat("w ", MaxTerms+1), strings.Repeat("w OR ", 20), "Author:X KIND:blog",
		"\xff\xfe", "redis\x00queue",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseQuery(s)
		if err != nil {
			var qe *Error
			if !errors.As(err, &qe) || qe.Msg == "" {
				t.Fatalf("ParseQuery(%q) error = %#v, want an *Error with a message", s, err)
			}
			return
		}
		terms := len(p.Exclude) + len(p.Filters)
		for _, c := range p.Must {
			if len(c) == 0 {
				t.Errorf("ParseQuery(%q) has an empty clause", s)
			}
			terms += len(c)
		}
		if terms > MaxTerms {
			t.Errorf("ParseQuery(%q) holds %d terms, more than MaxTerms", s, terms)
		}
		for _, f := range p.Filters {
			if !filterFields[f.Field] || strings.TrimSpace(f.Value) == "" {
				t.Errorf("ParseQuery(%q) filter %+v", s, f)
			}
			if f.span[0] < 0 || f.span[0] >= f.span[1] || f.span[1] > len(s) {
				t.Errorf("ParseQuery(%q) filter %+v has span %v", s, f, f.span)
			}
		}
		if utf8.ValidString(s) {
			for _, a := range atoms(p) {
				if !utf8.ValidString(a.Text) {
					t.Errorf("ParseQuery(%q) made an atom of invalid UTF-8: %q", s, a.Text)
				}
			}
		}

		// The query without its filters holds no filter and the same words.
		w := p.WithoutFilters()
		q, err := ParseQuery(w)
		if err != nil {
			t.Fatalf("ParseQuery(%q).WithoutFilters() = %q, which does not parse: %v", s, w, err)
		}
		if len(q.Filters) > 0 {
			t.Errorf("ParseQuery(%q).WithoutFilters() = %q still holds filters %+v", s, w, q.Filters)
		}
		// Runs of spaces fold to one, inside phrases too, which the
		// analyzer never sees.
		if diff := cmp.Diff(p.Must, q.Must, parsedOpts, foldSpaces); diff != "" {
			t.Errorf("ParseQuery(%q).WithoutFilters() = %q reads differently (-want +got):\n%s", s, w, diff)
		}
		if diff := cmp.Diff(p.Exclude, q.Exclude, parsedOpts, foldSpaces); diff != "" {
			t.Errorf("ParseQuery(%q).WithoutFilters() = %q excludes differently (-want +got):\n%s", s, w, diff)
		}
	})
}

var foldSpaces = cmp.Transformer("foldSpaces", func(a Atom) Atom {
	a.Text = strings.Join(strings.Fields(a.Text), " ")
	return a
})

func atoms(p Parsed) []Atom {
	out := append([]Atom(nil), p.Exclude...)
	for _, c := range p.Must {
		out = append(out, c...)
	}
	return out
}
