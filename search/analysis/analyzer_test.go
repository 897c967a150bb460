package analysis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/freerange/weeknotes/indexer/testsoup"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
)

// tokenizerCases are inputs where word segmentation is easy to get wrong.
var tokenizerCases = []string{
	"",
	" ",
	"a",
	"_",
	"__",
	"_1",
	"1_",
	"_a_",
	"Hello, world!",
	"don't won't it's James's the cats' toys",
	"don’t won’t it’s James’s ‘quoted’ ’s",
	"rock 'n' roll 'tis",
	"v3.0.0 v1.2 1.2.3. 3.14 .5 5. 1..2 a..b",
	"3,000 1,000,000 1;2 1:2 a,b a;b a:b a.b a'b 1'2 a'1 1'a",
	"e.g. i.e. U.S.A. etc.",
	"foo_bar foo__bar _foo_ 1_2 a_1 1_a a_.b a._b 1_.2",
	"http://example.com/a/b?c=d&e=f#g https://www.freerange.com/blog/2024-01-01-week-1.html",
	"mailto:someone@example.com user@host.co.uk",
	"std::vector<int> a::b 12:30 10:30am",
	"C++ C# F# .NET node.js Node.JS x86_64 IPv6 ::1 127.0.0.1",
	"emoji 🎉🎉 ❤️ 👍🏽 🇬🇧 🇬🇧🇫🇷 a🎉b",
	"CJK 中文字符 日本語のテキスト カタカナ ひらがな 한국어 텍스트",
	"a\u0301 e\u0301t\u00e9 \u0301 \u0301\u0301a  \u0301x .\u0301 _\u0301 1\u0301",
	"a.\u0301b 1.\u03012 a\u00adb a\u200db a\u200bb \u200d \u00ad",
	"line one\r\nline two\r\rthree\n\nfour\r",
	"\r\n\u0301 \r\u0301 \n\u0301",
	"tabs\tand\ttabs\v\fvertical",
	"a\u0085b a\u2028b a\u2029b",
	"invalid \xff bytes",
	"\xff",
	"\xffa",
	"a\xff",
	"a \xff b",
	"a.\xff b",
	"ab\xc3",
	"\xc3\xa9t\xc3",
	"caf\xc3\xa9 na\xc3\xafve r\xc3\xa9sum\xc3\xa9",
	"\xcd a \xcda \xe2\x80 \xe2\x80a",
	"trailing punctuation... really?! (yes). \"quoted\" [link](url) `code`",
	"end with apostrophe' end with colon: end with comma, end.",
	"£100 €5 $3.50 50% 1½ ½",
	"non\u00a0breaking space—em dash–en dash … ellipsis",
	"Hebrew שלום עולם ש\"ב ש'ב",
	"Arabic مرحبا بالعالم ١٢٣ 123",
	"full width ＡＢＣ１２３ ＂ ＇ ．",
	"# Heading\n\n* bullet\n* another _emphasis_ **strong**\n\n> quote\n",
	"![image](http://example.com/image.png \"title\")",
	"word\u2019s word\uff07s WORD'S word'S",
	"fi\ufb01 \u2126 \u212a",
}

// bleveProseAnalyzer is MappedName as plain Bleve has it: defined in an
// index mapping, written out as JSON (as index_meta.json holds it) and
// read back. It is what weeknotes_en must match.
func bleveProseAnalyzer(t testing.TB) analysis.Analyzer {
	t.Helper()
	m := mapping.NewIndexMapping()
	if err := DefineMapped(m); err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	read := mapping.NewIndexMapping()
	if err := json.Unmarshal(data, read); err != nil {
		t.Fatalf("reading the mapping back: %v", err)
	}
	an := read.AnalyzerNamed(MappedName)
	if an == nil {
		t.Fatalf("the mapping read back has no analyzer %s", MappedName)
	}
	return an
}

func weeknotesAnalyzer(t testing.TB) analysis.Analyzer {
	t.Helper()
	an, err := registry.NewCache().AnalyzerNamed(Name)
	if err != nil {
		t.Fatal(err)
	}
	return an
}

// sameTokens reports the first difference between two token streams, or "".
func sameTokens(want, got analysis.TokenStream) string {
	for i := 0; i < len(want) || i < len(got); i++ {
		if i >= len(want) {
			return fmt.Sprintf("token %d: extra %v", i, got[i])
		}
		if i >= len(got) {
			return fmt.Sprintf("token %d: missing %v", i, want[i])
		}
		w, g := want[i], got[i]
		if !bytes.Equal(w.Term, g.Term) || w.Start != g.Start || w.End != g.End ||
			w.Position != g.Position || w.Type != g.Type || w.KeyWord != g.KeyWord {
			return fmt.Sprintf("token %d: want %q %v, got %q %v", i, w.Term, w, g.Term, g)
		}
	}
	return ""
}

// quoteShort quotes input for a message, cut short if long.
func quoteShort(input []byte) string {
	if len(input) > 200 {
		return fmt.Sprintf("%q... (%d bytes)", input[:200], len(input))
	}
	return fmt.Sprintf("%q", input)
}

// compareTokenizers checks wordTokenizer against Bleve's unicode tokenizer.
func compareTokenizers(t testing.TB, input []byte) {
	t.Helper()
	want := unicode.NewUnicodeTokenizer().Tokenize(input)
	got := wordTokenizer{}.Tokenize(input)
	if d := sameTokens(want, got); d != "" {
		t.Errorf("tokenizer, input %s: %s", quoteShort(input), d)
	}
}

// compareAnalyzers checks weeknotes_en against Bleve's parts. The
// analyzers rewrite their input in place, so each gets its own copy.
func compareAnalyzers(t testing.TB, bleveEn, weeknotesEn analysis.Analyzer, input []byte) {
	t.Helper()
	want := bleveEn.Analyze(bytes.Clone(input))
	got := weeknotesEn.Analyze(bytes.Clone(input))
	if d := sameTokens(want, got); d != "" {
		t.Errorf("analyzer, input %s: %s", quoteShort(input), d)
	}
}

func TestWordTokenizerMatchesUnicodeTokenizer(t *testing.T) {
	for _, in := range tokenizerCases {
		compareTokenizers(t, []byte(in))
		// The same text after and before other text, so that each case is
		// seen at the start, middle and end of the input.
		compareTokenizers(t, []byte("x "+in+" y"))
		compareTokenizers(t, []byte(in+in))
	}
	// A long input, past any guess of the token count.
	compareTokenizers(t, []byte(strings.Repeat("a b 1 _ ", 10000)))
	compareTokenizers(t, []byte(strings.Repeat("a", 100000)))
}

// TestWordTokenizerRandomMix compares the tokenizers on many short strings
// of the pieces where segmentation rules meet: each ASCII class, and
// non-ASCII characters that join, extend, break or are invalid.
func TestWordTokenizerRandomMix(t *testing.T) {
	pieces := []string{
		"a", "Z", "s", "0", "9", "_", ".", ":", ",", ";", "'", "\"", " ", "\t",
		"\r", "\n", "\r\n", "\v", "\f", "-", "/", "@", "#", "?", "!",
		"\u0301", "\u00ad", "\u200d", "\u200b", "\ufe0f", // Extend, Format
		"\u2019", "\u2018", "\u00b7", "\u2024", "\uff0e", "\u066c", "\u203f", // Mid*, ExtendNumLet
		"é", "ß", "Ω", "\u0661", "\uff11", "א", "\u05f4", // letters, digits, Hebrew
		"中", "ア", "ｱ", "ー", "ひ", "한", "\U0001F1EC", "\U0001F389", // ideographs, kana, Hangul, regional, emoji
		"\u0085", "\u2028", "\u00a0", "\u2014", "£",
		"\xff", "\xc3", "\xe2\x80", "\xcd", "\xf0\x9f", "\x80",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	for range 50000 {
		b.Reset()
		for range 1 + rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		compareTokenizers(t, []byte(b.String()))
		if t.Failed() {
			return
		}
	}
}

func TestProseAnalyzerMatchesMapped(t *testing.T) {
	bleveEn, weeknotesEn := bleveProseAnalyzer(t), weeknotesAnalyzer(t)
	if _, ok := weeknotesEn.(*analysis.DefaultAnalyzer); !ok {
		t.Fatalf("%s is a %T, want *analysis.DefaultAnalyzer", Name, weeknotesEn)
	}
	for _, in := range tokenizerCases {
		compareAnalyzers(t, bleveEn, weeknotesEn, []byte(in))
	}
	// Words the stemmer changes in different ways, twice over so that the
	// second time comes from the memo.
	words := "running runs ran happily happiness caresses ponies ties caress cats feed agreed " +
		"plastered bled motoring sing conflated troubled sized hopping tanned falling hissing " +
		"fizzed failing filing happy sky relational conditional rational valenci hesitanci " +
		"digitizer conformabli radicalli differentli vileli analogousli vietnamization " +
		"predication operator feudalism decisiveness hopefulness callousness formaliti " +
		"sensitiviti sensibiliti triplicate formative formalize electriciti electrical " +
		"hopeful goodness revival allowance inference airliner gyroscopic adjustable " +
		"defensible irritant replacement adjustment dependent adoption homologou " +
		"communism activate angulariti homologous effective bowdlerize probate rate " +
		"cease controll roll generalizations oscillators ΑΒΓΔ αβγ σσσ Σ ÉCOLE école " +
		"Ⱥȸ ȺȺȺ \xff\xfe \xffing \xffs s\xff ab\xff"
	for range 2 {
		compareAnalyzers(t, bleveEn, weeknotesEn, []byte(words))
	}
	for _, in := range foldCases {
		compareAnalyzers(t, bleveEn, weeknotesEn, []byte(in))
	}
}

// TestProseAnalyzerConcurrent analyses at once from several goroutines,
// mostly words new to the stemmer's memo, so that its merges run while it
// is read (go test -race).
func TestProseAnalyzerConcurrent(t *testing.T) {
	bleveEn, weeknotesEn := bleveProseAnalyzer(t), weeknotesAnalyzer(t)
	suffixes := []string{"", "s", "ing", "ed", "ational", "ness", "ly", "ies", "ement", "ful"}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(g), 3))
			for range 20 {
				var b strings.Builder
				for range 500 {
					for range 3 + rng.IntN(6) {
						b.WriteByte(byte('a' + rng.IntN(26)))
					}
					b.WriteString(suffixes[rng.IntN(len(suffixes))])
					b.WriteByte(' ')
				}
				compareAnalyzers(t, bleveEn, weeknotesEn, []byte(b.String()))
			}
		}()
	}
	wg.Wait()
}

func TestAnalyzerStemFilterKeywords(t *testing.T) {
	ts := analysis.TokenStream{
		{Term: []byte("running"), KeyWord: true},
		{Term: []byte("running")},
		{Term: []byte("\xff")},
		{Term: []byte("ab")},
		{Term: []byte(strings.Repeat("walk", 25) + "ing")},
	}
	stemFilter{}.Filter(ts)
	for i, want := range []string{"running", "run", "\ufffd", "ab", strings.Repeat("walk", 25)} {
		if string(ts[i].Term) != want {
			t.Errorf("token %d: got %q, want %q", i, ts[i].Term, want)
		}
	}
}

func FuzzWordTokenizer(f *testing.F) {
	for _, in := range tokenizerCases {
		f.Add([]byte(in))
	}
	bleveEn, weeknotesEn := bleveProseAnalyzer(f), weeknotesAnalyzer(f)
	f.Fuzz(func(t *testing.T, input []byte) {
		compareTokenizers(t, input)
		compareAnalyzers(t, bleveEn, weeknotesEn, input)
	})
}

// corpusFiles reads the Markdown files of the shared corpus, skipping the
// test when it is absent.
func corpusFiles(t testing.TB) [][]byte {
	return testsoup.CorpusFiles(t, "../../../shared/corpus/soups")
}

func TestWordTokenizerCorpus(t *testing.T) {
	files := corpusFiles(t)
	bleveEn, weeknotesEn := bleveProseAnalyzer(t), weeknotesAnalyzer(t)
	for _, b := range files {
		compareTokenizers(t, b)
		compareAnalyzers(t, bleveEn, weeknotesEn, b)
	}
}

// BenchmarkAnalyzer analyses the corpus with Bleve's en, with the mapping's
// analyzer of Bleve's parts and with weeknotes_en (after a first pass that
// fills the stemmer's memo, as a build of many posts soon does).
func BenchmarkAnalyzer(b *testing.B) {
	files := corpusFiles(b)
	size := 0
	for _, f := range files {
		size += len(f)
	}
	enAnalyzer, err := registry.NewCache().AnalyzerNamed(en.AnalyzerName)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		an   analysis.Analyzer
	}{{en.AnalyzerName, enAnalyzer}, {MappedName, bleveProseAnalyzer(b)}, {Name, weeknotesAnalyzer(b)}} {
		name, an := c.name, c.an
		// Analysers rewrite their input, so each run gets a fresh copy.
		copies := make([][]byte, len(files))
		for i, f := range files {
			copies[i] = bytes.Clone(f)
			an.Analyze(copies[i])
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				for i, f := range files {
					copy(copies[i], f)
					an.Analyze(copies[i])
				}
			}
		})
	}
}

// BenchmarkTokenizer compares the tokenizers alone on the corpus.
func BenchmarkTokenizer(b *testing.B) {
	files := corpusFiles(b)
	size := 0
	for _, f := range files {
		size += len(f)
	}
	for _, tc := range []struct {
		name string
		tok  analysis.Tokenizer
	}{{"unicode", unicode.NewUnicodeTokenizer()}, {TokenizerName, wordTokenizer{}}} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				for _, f := range files {
					tc.tok.Tokenize(f)
				}
			}
		})
	}
}

// BenchmarkStemFilter compares Bleve's porter filter with stemFilter on the
// corpus's words, as they reach the stemmer in en (after possessive_en,
// to_lower and stop_en), and with stemFilter's memo already filled.
func BenchmarkStemFilter(b *testing.B) {
	files := corpusFiles(b)
	an := bleveProseAnalyzer(b).(*analysis.DefaultAnalyzer)
	unstemmed := &analysis.DefaultAnalyzer{Tokenizer: an.Tokenizer, TokenFilters: an.TokenFilters[:len(an.TokenFilters)-1]}
	var streams []analysis.TokenStream
	var terms [][][]byte
	for _, f := range files {
		ts := unstemmed.Analyze(bytes.Clone(f))
		streams = append(streams, ts)
		var tt [][]byte
		for _, tok := range ts {
			tt = append(tt, tok.Term)
		}
		terms = append(terms, tt)
	}
	for _, ts := range streams {
		stemFilter{}.Filter(slices.Clone(ts)) // fills the memo
	}
	for _, tc := range []struct {
		name   string
		filter analysis.TokenFilter
	}{{porter.Name, porter.NewPorterStemmer()}, {StemmerName, stemFilter{}}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for i, ts := range streams {
					for j, tok := range ts {
						tok.Term = terms[i][j]
					}
					tc.filter.Filter(ts)
				}
			}
		})
	}
}
