package snip

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/freerange/weeknotes/indexer/testsoup"
)

func TestParseSnip(t *testing.T) {
	mod := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name     string
		path     string // default "blog/hello.snip.markdown"
		in       string
		want     Snip // Path and ModTime are filled in
		warnings []string
	}{
		{
			name: "content and metadata",
			in:   "Hello there.\n\nSecond paragraph.\n\n:name: greeting\n:kind: blog\n:author: chris-roos\n",
			want: Snip{Name: "greeting", Content: "Hello there.\n\nSecond paragraph.\n",
				Meta: map[string]string{"name": "greeting", "kind": "blog", "author": "chris-roos"}},
		},
		{
			name: "name from the file name when there is no :name:",
			path: "weeknotes/week-12.snip.markdown",
			in:   "Body.\n\n:kind: blog\n",
			want: Snip{Name: "week-12", Content: "Body.\n", Meta: map[string]string{"kind": "blog"}},
		},
		{
			name: "name from a file name without .snip",
			path: "blog/plain.markdown",
			in:   "Body.\n\n:kind: blog\n",
			want: Snip{Name: "plain", Content: "Body.\n", Meta: map[string]string{"kind": "blog"}},
		},
		{
			name: "emoji shortcode paragraph above the metadata stays content",
			in:   "We worked hard.\n\n:tada: we shipped\n\n:name: x\n:kind: blog\n",
			want: Snip{Name: "x", Content: "We worked hard.\n\n:tada: we shipped\n",
				Meta: map[string]string{"name": "x", "kind": "blog"}},
		},
		{
			name: "an emoji shortcode paragraph alone is content when the metadata has a known key",
			in:   ":wave: hello everyone\n\n:kind: blog\n",
			want: Snip{Name: "hello", Content: ":wave: hello everyone\n", Meta: map[string]string{"kind": "blog"}},
		},
		{
			name: "content line straight above the metadata",
			in:   "Last line of text\n:name: x\n:kind: blog",
			want: Snip{Name: "x", Content: "Last line of text\n", Meta: map[string]string{"name": "x", "kind": "blog"}},
		},
		{
			name: "blank lines between metadata groups",
			in:   "Text.\n\n:name: x\n\n:kind: blog\n:author: a\n\n\n:created_at: 2018-02-09 10:22:25 +0100\n\n",
			want: Snip{Name: "x", Content: "Text.\n", Meta: map[string]string{
				"name": "x", "kind": "blog", "author": "a", "created_at": "2018-02-09 10:22:25 +0100"}},
		},
		{
			name: "a group of unknown keys above the metadata is content",
			in:   "Intro.\n\n:foo: bar\n:baz: qux\n\n:name: x\n",
			want: Snip{Name: "x", Content: "Intro.\n\n:foo: bar\n:baz: qux\n", Meta: map[string]string{"name": "x"}},
		},
		{
			name: "quoted values",
			in: "Body.\n\n:created_at: \"2018-02-09 10:22:25 +01:00\"\n:page_title: 'It''s done'\n" +
				":display_name: \"Tab\\tand \\\"quote\\\"\"\n",
			want: Snip{Name: "hello", Content: "Body.\n", Meta: map[string]string{
				"created_at":   "2018-02-09 10:22:25 +01:00",
				"page_title":   "It's done",
				"display_name": "Tab\tand \"quote\"",
			}},
		},
		{
			name: "trailing spaces and tabs are trimmed",
			in:   "Body.\n\n:author: ben-griffiths   \n:kind:\tblog\t\n",
			want: Snip{Name: "hello", Content: "Body.\n", Meta: map[string]string{"author": "ben-griffiths", "kind": "blog"}},
		},
		{
			name: "block and flow lists are joined",
			in:   "Body.\n\n:images:\n  - a.jpg\n  - b.jpg\n:tags: [ruby, testing]\n:kind: blog\n",
			want: Snip{Name: "hello", Content: "Body.\n", Meta: map[string]string{
				"images": "a.jpg, b.jpg", "tags": "ruby, testing", "kind": "blog"}},
		},
		{
			name: "empty and boolean values",
			in:   "Body.\n\n:draft: true\n:page_title:\n:is_page: yes\n",
			want: Snip{Name: "hello", Content: "Body.\n", Meta: map[string]string{
				"draft": "true", "page_title": "", "is_page": "yes"}, Draft: true},
		},
		{
			name: "keys are case-insensitive",
			in:   "Body.\n\n:Draft: true\n:KIND: blog\n",
			want: Snip{Name: "hello", Content: "Body.\n", Meta: map[string]string{"draft": "true", "kind": "blog"}, Draft: true},
		},
		{
			name: "a draft above a group of unknown keys only",
			in:   "Body.\n\n:kind: blog\n:draft: true\n\n:tada: shipped\n\n:foo: bar\n",
			want: Snip{Name: "hello", Content: "Body.\n", Meta: map[string]string{
				"kind": "blog", "draft": "true", "tada": "shipped", "foo": "bar"}, Draft: true},
		},
		{
			name: "a draft group with no blank line above it, above another group",
			in:   "Body.\n:kind: blog\n:draft: true\n\n:foo: bar\n",
			want: Snip{Name: "hello", Content: "Body.\n", Meta: map[string]string{
				"kind": "blog", "draft": "true", "foo": "bar"}, Draft: true},
		},
		{
			name: "a paragraph of unknown keys above the metadata stays content",
			in:   "Body.\n\n:tada: shipped!\n\n:kind: blog\n",
			want: Snip{Name: "hello", Content: "Body.\n\n:tada: shipped!\n", Meta: map[string]string{"kind": "blog"}},
		},
		{
			name: "a draft beside a value that is not valid YAML is still a draft",
			in:   "Body.\n\n:tags: [a, b\n:draft: true\n:kind: blog\n",
			want: Snip{Name: "hello", Content: "Body.\n", Meta: map[string]string{
				"tags": "[a, b", "draft": "true", "kind": "blog"}, Draft: true},
			warnings: []string{"metadata :tags: is not valid YAML ("},
		},
		{
			name:     "a draft value that is not valid YAML is a draft",
			in:       "Body.\n\n:draft: [yes\n:kind: blog\n",
			want:     Snip{Name: "hello", Content: "Body.\n", Meta: map[string]string{"draft": "[yes", "kind": "blog"}, Draft: true},
			warnings: []string{"metadata :draft: is not valid YAML (", `metadata :draft: "[yes" is neither true nor false; held back as a draft`},
		},
		{
			name:     "draft true then false: any true holds the post back",
			in:       "Body.\n\n:draft: true\n:draft: false\n",
			want:     Snip{Name: "hello", Content: "Body.\n", Meta: map[string]string{"draft": "false"}, Draft: true},
			warnings: []string{`metadata :draft: is given twice ("true" and "false"); using the last`},
		},
		{
			name:     "a billion laughs is refused, the other values read",
			in:       "Body.\n\n:kind: blog\n" + testsoup.Laughs(9) + ":author: chris-roos\n",
			want:     Snip{Name: "hello", Content: "Body.\n", Meta: map[string]string{"kind": "blog", "author": "chris-roos"}},
			warnings: []string{"metadata :tags: expands to over 1000 values (aliases followed); left out"},
		},
		{
			name:     "lists nested too deep are refused",
			in:       "Body.\n\n:tags: " + strings.Repeat("[", 20) + "x" + strings.Repeat("]", 20) + "\n:kind: blog\n",
			want:     Snip{Name: "hello", Content: "Body.\n", Meta: map[string]string{"kind": "blog"}},
			warnings: []string{"metadata :tags: nests over 8 levels deep; left out"},
		},
		{
			name: "a few aliases are fine",
			in:   "Body.\n\n:tags:\n  - &a redis\n  - *a\n  - [*a, x]\n",
			want: Snip{Name: "hello", Content: "Body.\n", Meta: map[string]string{"tags": "redis, redis, redis, x"}},
		},
		{
			name:     "an entry over the size limit is left out",
			in:       "Body.\n\n:page_title: \"" + strings.Repeat("x", MaxMetaValueBytes) + "\"\n:kind: blog\n",
			want:     Snip{Name: "hello", Content: "Body.\n", Meta: map[string]string{"kind": "blog"}},
			warnings: []string{"metadata :page_title: is 4110 bytes, over the 4 KiB limit for one entry; left out"},
		},
		{
			name: "invalid YAML: warning and the raw value",
			in:   "Body.\n\n:page_title: Notes: part one\n:kind: blog\n",
			want: Snip{Name: "hello", Content: "Body.\n", Meta: map[string]string{
				"page_title": "Notes: part one", "kind": "blog"}},
			warnings: []string{"metadata :page_title: is not valid YAML ("},
		},
		{
			name: "duplicate keys: the last wins, with a warning",
			in:   "Body.\n\n:author: floppy\n:author: chris-roos\n",
			want: Snip{Name: "hello", Content: "Body.\n", Meta: map[string]string{"author": "chris-roos"}},
			warnings: []string{
				`metadata :author: is given twice ("floppy" and "chris-roos"); using the last`,
			},
		},
		{
			name: "a key given twice with the same value is no problem",
			in:   "Body.\n\n:kind: blog\n:kind: blog\n",
			want: Snip{Name: "hello", Content: "Body.\n", Meta: map[string]string{"kind": "blog"}},
		},
		{
			name: "no metadata at all",
			in:   "# Title\n\nBody text.\n",
			want: Snip{Name: "hello", Content: "# Title\n\nBody text.\n", Meta: map[string]string{}},
		},
		{
			name: "only metadata",
			in:   ":name: lonely\n:kind: blog\n",
			want: Snip{Name: "lonely", Content: "", Meta: map[string]string{"name": "lonely", "kind": "blog"}},
		},
		{
			name: "empty file",
			in:   "",
			want: Snip{Name: "hello", Content: "", Meta: map[string]string{}},
		},
		{
			name: "blank file",
			in:   "\n \n\t\n",
			want: Snip{Name: "hello", Content: "", Meta: map[string]string{}},
		},
		{
			name: "CRLF line endings",
			in:   "Line one\r\nLine two\r\n\r\n:name: crlf\r\n:kind: blog\r\n",
			want: Snip{Name: "crlf", Content: "Line one\nLine two\n", Meta: map[string]string{"name": "crlf", "kind": "blog"}},
		},
		{
			name: "indented lines in content are not metadata",
			in:   "Code:\n\n    :name: not-meta\n\nEnd.\n",
			want: Snip{Name: "hello", Content: "Code:\n\n    :name: not-meta\n\nEnd.\n", Meta: map[string]string{}},
		},
		{
			name: "a Ruby symbol mid-line is not a key",
			in:   "Use :symbol in Ruby.\n:name: x\n",
			want: Snip{Name: "x", Content: "Use :symbol in Ruby.\n", Meta: map[string]string{"name": "x"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.path
			if path == "" {
				path = "blog/hello.snip.markdown"
			}
			got, warnings := Parse(path, []byte(tt.in), mod)
			want := tt.want
			want.Path, want.ModTime = path, mod
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
			// What a build's renderers read again gives the same content.
			if c := ContentOf([]byte(tt.in), len(got.Content)); c != got.Content {
				t.Errorf("ContentOf(%q) = %q, Parse gave %q", tt.in, c, got.Content)
			}
			// YAML error texts come from the YAML library: match prefixes.
			if len(warnings) != len(tt.warnings) {
				t.Fatalf("warnings = %q, want %d like %q", warnings, len(tt.warnings), tt.warnings)
			}
			for i, w := range warnings {
				if !strings.HasPrefix(w, tt.warnings[i]) {
					t.Errorf("warning %d = %q, want it to start with %q", i, w, tt.warnings[i])
				}
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	est := time.FixedZone("", -5*3600)
	bst := time.FixedZone("", 3600)
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2018-02-21 20:02:17.420792000 -05:00", time.Date(2018, 2, 21, 20, 2, 17, 420792000, est)},
		{"2021-05-21 14:37:00 +0100", time.Date(2021, 5, 21, 14, 37, 0, 0, bst)},
		{"2021-05-21 14:37:00 -0500", time.Date(2021, 5, 21, 14, 37, 0, 0, est)},
		{"2018-02-09 10:22:25 +01:00", time.Date(2018, 2, 9, 10, 22, 25, 0, bst)},
		{"2018-02-09 10:22:25.5 +01:00", time.Date(2018, 2, 9, 10, 22, 25, 500_000_000, bst)},
		{"2018-02-09 10:22:25 Z", time.Date(2018, 2, 9, 10, 22, 25, 0, time.UTC)},
		{"2018-02-09 10:22:25 UTC", time.Date(2018, 2, 9, 10, 22, 25, 0, time.UTC)},
		{"2018-02-09T10:22:25Z", time.Date(2018, 2, 9, 10, 22, 25, 0, time.UTC)},
		{"2018-02-09T10:22:25+01:00", time.Date(2018, 2, 9, 10, 22, 25, 0, bst)},
		{"2018-02-09T10:22:25.123456789-05:00", time.Date(2018, 2, 9, 10, 22, 25, 123456789, est)},
		{"2018-02-09T10:22:25-0500", time.Date(2018, 2, 9, 10, 22, 25, 0, est)},
		{"2018-02-09 10:22:25+01:00", time.Date(2018, 2, 9, 10, 22, 25, 0, bst)},
		{"2018-02-09 10:22:25", time.Date(2018, 2, 9, 10, 22, 25, 0, time.UTC)},
		{"2018-02-09 10:22", time.Date(2018, 2, 9, 10, 22, 0, 0, time.UTC)},
		{"2018-02-09", time.Date(2018, 2, 9, 0, 0, 0, 0, time.UTC)},
		{"  2018-02-09 10:22:25 +0100  ", time.Date(2018, 2, 9, 10, 22, 25, 0, bst)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			if err != nil {
				t.Fatalf("ParseDate(%q): %v", tt.in, err)
			}
			// The offset matters (posts show their local time), so
			// compare the instant and the offset, not time.Time's innards.
			if !got.Equal(tt.want) {
				t.Errorf("ParseDate(%q) = %v, want %v", tt.in, got, tt.want)
			}
			_, gotOff := got.Zone()
			_, wantOff := tt.want.Zone()
			if gotOff != wantOff {
				t.Errorf("ParseDate(%q) offset = %ds, want %ds", tt.in, gotOff, wantOff)
			}
		})
	}

	for _, bad := range []string{
		"", "next Tuesday", "2018-13-01", "2018-02-30 10:00:00 +0100", "09/02/2018",
		"2018-02-09 25:00:00 +0100", "2018-02-09 10:22:25 +01", "1518822145",
	} {
		t.Run("bad "+bad, func(t *testing.T) {
			got, err := ParseDate(bad)
			if err == nil {
				t.Fatalf("ParseDate(%q) = %v, want an error", bad, got)
			}
			if !strings.Contains(err.Error(), bad) {
				t.Errorf("error %q does not name the value %q", err, bad)
			}
			if !got.IsZero() {
				t.Errorf("ParseDate(%q) = %v with an error, want the zero time", bad, got)
			}
		})
	}
}

// FuzzParseSnip checks what Parse promises whatever the input:
//   - it never panics;
//   - the content is the input's first lines, untouched apart from CRLF and
//     trailing blanks, so nothing above the metadata is ever rewritten;
//   - every line it does not keep as content is a metadata line (a key line,
//     an indented continuation or a blank line), so no line of prose is lost;
//   - every metadata key was written as ":key:" in the input;
//   - a snip always has a name.
func FuzzParseSnip(f *testing.F) {
	for _, seed := range []string{
		"",
		"Hello.\n\n:name: x\n:kind: blog\n",
		"We worked hard.\n\n:tada: we shipped\n\n:name: x\n:kind: blog\n",
		"Body.\n\n:images:\n  - a.jpg\n  - b.jpg\n:page_title: Notes: part one\n",
		"Body\r\n:author: a \r\n:author: b\r\n",
		":created_at: \"2018-02-09 10:22:25 +01:00\"\n\n\n:draft: true",
		"  - orphan\n\n:kind: blog\n",
		":a: [unterminated\n:b: {x: 1}\n:c: &anchor v\n:d: *anchor\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s, _ := Parse("blog/fuzz.snip.markdown", []byte(in), time.Time{})
		text := strings.ReplaceAll(in, "\r\n", "\n")

		kept := strings.TrimSuffix(s.Content, "\n")
		if !strings.HasPrefix(text, kept) {
			t.Fatalf("content %q is not a prefix of the input %q", s.Content, text)
		}
		if s.Content != "" && !strings.HasSuffix(s.Content, "\n") {
			t.Fatalf("content %q does not end with a newline", s.Content)
		}
		if c := ContentOf([]byte(in), len(s.Content)); c != s.Content {
			t.Fatalf("ContentOf(%q) = %q, Parse gave %q", in, c, s.Content)
		}
		for _, line := range strings.Split(text[len(kept):], "\n") {
			if strings.TrimSpace(line) != "" && !keyLine.MatchString(line) && line[0] != ' ' && line[0] != '\t' {
				t.Fatalf("line %q is neither content nor metadata (content %q)", line, s.Content)
			}
		}
		for k := range s.Meta { // keys are read case-insensitively, and kept lower-case
			if !strings.Contains(strings.ToLower(text), ":"+k+":") {
				t.Fatalf("key %q is not in the input", k)
			}
		}
		if s.Name == "" {
			t.Fatal("empty name")
		}
	})
}

// The shortcut for plain one-line values must read them exactly as YAML
// does.
// TestDraftSpellings: every YAML 1.1 true is a draft, the false spellings
// are not, anything else is a warning and a draft (fail closed).
func TestDraftSpellings(t *testing.T) {
	tests := []struct {
		value   string
		draft   bool
		warning bool
	}{
		{"y", true, false}, {"Y", true, false}, {"yes", true, false}, {"Yes", true, false}, {"YES", true, false},
		{"true", true, false}, {"True", true, false}, {"TRUE", true, false},
		{"on", true, false}, {"On", true, false}, {"ON", true, false},
		{"n", false, false}, {"no", false, false}, {"No", false, false}, {"off", false, false},
		{"false", false, false}, {"False", false, false}, {"FALSE", false, false}, {`"false"`, false, false},
		{"1", true, true}, {"maybe", true, true}, {"", true, true}, {"~", true, true}, {"fAlSe", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			s, ws := Parse("blog/x.snip.markdown", []byte("Body.\n\n:kind: blog\n:draft: "+tt.value+"\n"), time.Time{})
			if s.Draft != tt.draft {
				t.Errorf(":draft: %s: Draft = %v, want %v", tt.value, s.Draft, tt.draft)
			}
			if got := len(ws) > 0; got != tt.warning {
				t.Errorf(":draft: %s: warnings %q, want a warning: %v", tt.value, ws, tt.warning)
			}
			if tt.warning && !strings.Contains(ws[0], "neither true nor false; held back as a draft") {
				t.Errorf(":draft: %s: warning %q", tt.value, ws[0])
			}
		})
	}
}

func TestPlainScalarsReadAsYAMLWould(t *testing.T) {
	values := []string{
		"week-474", "2018-02-21 20:02:17.420792000 -05:00", "2021-05-21 14:37:00 +0100", "Week 474",
		"true", "474", "1e3", "chris-roos", "~", "null", "Asset Management for GOV.UK", "O2 blue",
		"what's new", "a:b", "http://example.com/x?y=1", "Mon 18 Apr to Sun 24 Apr", "ünïcödé", "x #y", "x: y",
		"- item", "'quoted'", `"quoted"`, "[a, b]", "&anchor", "*alias", "!tag", "|", ">", "%", "@", "`",
	}
	for _, v := range values {
		if !isPlainScalar(v) {
			continue
		}
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte("k: "+v), &doc); err != nil {
			t.Errorf("%q: YAML says %v but the shortcut takes it", v, err)
			continue
		}
		want := (&nodeBudget{nodes: MaxMetaNodes}).text(doc.Content[0].Content[1], 0)
		if got, _ := parseValue("k", "k: "+v); got != want {
			t.Errorf("parseValue(%q) = %q, YAML reads %q", v, got, want)
		}
	}
}
