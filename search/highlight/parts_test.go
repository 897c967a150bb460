package highlight_test

import (
	"strings"
	"testing"

	"github.com/freerange/weeknotes/search/highlight"
)

// A text's parts are scored by the clauses they hold words of and by how
// many words: what a hit's sections are ranked by.
func TestFoundPart(t *testing.T) {
	t.Parallel()
	text := "Hookline\nRenewed the hookline certificate.\nMocha\nReleased mocha; no certificates.\nOther\nNothing."
	hook := strings.Index(text, "Hookline")
	mocha := strings.Index(text, "Mocha")
	other := strings.Index(text, "Other")
	for _, c := range []struct {
		query      string
		start, end int
		clauses    int
		words      int
	}{
		{"hookline", hook, mocha, 1, 2},
		{"hookline", mocha, other, 0, 0},
		{"hookline certificate", hook, mocha, 2, 3},
		{"hookline certificate", mocha, other, 1, 1}, // "certificates" is certificate's
		{"hookline OR mocha", mocha, other, 1, 2},
		{"mocha certif*", mocha, len(text), 2, 3},
		{"hookline", hook + 1, mocha, 1, 1}, // a word cut by the part's start is not in it
		{"nothing", other, len(text), 1, 1},
	} {
		found := finder(t, c.query).Find(text)
		bits, words := found.Part(c.start, c.end)
		if got := highlight.Clauses(bits); got != c.clauses || words != c.words {
			t.Errorf("%q in %q: %d clauses, %d words; want %d, %d", c.query, text[c.start:c.end], got, words, c.clauses, c.words)
		}
	}
}

func TestFoundPartSnippet(t *testing.T) {
	t.Parallel()
	filler := strings.Repeat("word ", 60)
	text := "Intro " + filler + "\nHookline\n\n" + filler + "the hookline app " + filler + "\nMocha\n  A release.\n"
	body := strings.Index(text, "Hookline\n") + len("Hookline\n")
	mocha := strings.Index(text, "Mocha")
	f := finder(t, "hookline")
	found := f.Find(text)

	got := found.PartSnippet(body, mocha, 120)
	if !strings.Contains(got, "the <mark>hookline</mark> app") || !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") || len(got) > 160 {
		t.Errorf("PartSnippet of the Hookline section = %q, want about 120 bytes around the marked word, cut both ends", got)
	}
	// A part without the words: its opening, white space skipped.
	if got := found.PartSnippet(mocha+len("Mocha\n"), len(text), 120); got != "A release." {
		t.Errorf("PartSnippet of the Mocha section = %q, want its opening, unmarked", got)
	}
	if got := found.MarkLine(strings.Index(text, "Hookline\n"), "Hookline"); got != "<mark>Hookline</mark>" {
		t.Errorf("MarkLine of the heading = %q, want it marked", got)
	}
	if got := found.MarkLine(mocha, "Mocha"); got != "Mocha" {
		t.Errorf("MarkLine of a heading without the words = %q, want it as it is", got)
	}
	if got := found.MarkLine(mocha, "Mocha release"); got != "" {
		t.Errorf("MarkLine of a heading the text doesn't have there = %q, want none", got)
	}
	if got := found.PartSnippet(len(text)-1, len(text), 120); got != "" {
		t.Errorf("PartSnippet of white space = %q, want none", got)
	}
	// The snippet of the whole text is Finder.Snippet's.
	if got, want := found.Snippet(), f.Snippet(text); got != want {
		t.Errorf("Found.Snippet = %q, Finder.Snippet = %q", got, want)
	}
	long := strings.Repeat("x ", highlight.MaxScan) + " hookline"
	if got := f.Find(long).Snippet(); got != "" {
		t.Errorf("Found.Snippet of a word past MaxScan = %q, want none (as Finder.Snippet)", got)
	}
	if _, n := f.Find(long).Part(0, len(long)); n != 1 {
		t.Errorf("Find found %d words in the whole text, want the one past MaxScan", n)
	}
}

func TestMarkHTML(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, query, in, want string
		marks                 int
	}{
		{
			name:  "text only, never a tag or an attribute",
			query: "hookline",
			in:    `<p title="hookline"><a href="/hookline">Hookline</a> app: hookline.tv</p>`,
			want:  `<p title="hookline"><a href="/hookline"><mark>Hookline</mark></a> app: <mark>hookline</mark>.tv</p>`,
			marks: 2,
		},
		{
			name:  "stems, as search matched them",
			query: "migrating",
			in:    "<li>We migrated; migration next</li>",
			want:  "<li>We <mark>migrated</mark>; <mark>migration</mark> next</li>",
			marks: 2,
		},
		{
			name:  "entities stay characters, escaped again",
			query: "chips",
			in:    "<p>Fish &amp; chips &lt;3 — “quoted”</p>",
			want:  "<p>Fish &amp; <mark>chips</mark> &lt;3 — “quoted”</p>",
			marks: 1,
		},
		{
			name:  "the section link's label is left alone",
			query: "section link",
			in:    `<h2 id="link">Link <a class="anchor" href="#link"><span aria-hidden="true">#</span><span class="visually-hidden">Link to this section</span></a></h2>`,
			want:  `<h2 id="link"><mark>Link</mark> <a class="anchor" href="#link"><span aria-hidden="true">#</span><span class="visually-hidden">Link to this section</span></a></h2>`,
			marks: 1,
		},
		{
			name:  "preformatted text keeps its white space",
			query: "deploy",
			in:    "<pre><code>  cap  deploy\n\tdone</code></pre>",
			want:  "<pre><code>  cap  <mark>deploy</mark>\n\tdone</code></pre>",
			marks: 1,
		},
		{
			name:  "comments and scripts are not text",
			query: "secret",
			in:    "<!-- secret --><script>var secret</script><style>.secret{}</style>secret",
			want:  "<!-- secret --><script>var secret</script><style>.secret{}</style><mark>secret</mark>",
			marks: 1,
		},
		{
			name:  "no match: byte for byte, odd markup too",
			query: "absent",
			in:    "<P CLASS=x>Fish &amp chips &#163;5\r\n<BR/><img src=a alt='a &quot; b'></P>",
			want:  "<P CLASS=x>Fish &amp chips &#163;5\r\n<BR/><img src=a alt='a &quot; b'></P>",
		},
		{
			name:  "inside a word is no match",
			query: "cat",
			in:    "<p>Concatenate the cat</p>",
			want:  "<p>Concatenate the <mark>cat</mark></p>",
			marks: 1,
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, n := finder(t, c.query).MarkHTML(c.in)
			if got != c.want || n != c.marks {
				t.Errorf("MarkHTML(%q)\n = %q, %d\nwant %q, %d", c.in, got, n, c.want, c.marks)
			}
		})
	}
}

// Past MaxMarkHTML the HTML is copied as it is.
func TestMarkHTMLBounded(t *testing.T) {
	t.Parallel()
	para := "<p>the hookline app</p>\n"
	in := strings.Repeat(para, 2*highlight.MaxMarkHTML/len(para))
	got, n := finder(t, "hookline").MarkHTML(in)
	if strings.ReplaceAll(strings.ReplaceAll(got, "<mark>", ""), "</mark>", "") != in {
		t.Fatal("MarkHTML changed more than marks")
	}
	if want := highlight.MaxMarkHTML / len(para); n < want-1 || n > want+1 {
		t.Errorf("marked %d words, want about %d (those in the first %d bytes)", n, want, highlight.MaxMarkHTML)
	}
}
