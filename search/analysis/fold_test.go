package analysis

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
)

// foldCases are inputs where folding is easy to get wrong: word
// boundaries (Go's \b is ASCII), case, prefixes in a row, words that must
// not fold, and non-ASCII and invalid bytes beside folded words.
var foldCases = []string{
	"visualisation Visualisations VISUALISED visualising visualise visualiser visualisable",
	"organisation organisational reorganising disorganised Organisers",
	"analyse analysed analyses analysing analyser paralysed catalyse analysis",
	"colour colours coloured discoloured watercolour Colourful COLOUR behaviour behavioural favourite honourable neighbourhood",
	"four hour your our tour pour flour sour glamour journal course source contour devour paramour",
	"advertise exercise promise surprise revise wise otherwise enterprise expertise premise raise arise noise",
	"co-op co-ops Co-op CO-OP co-operative co-working co-re-use re-use e-mail E-Mail pre-commit non-client multi-tenant sub-domain",
	"taco-op x-co-op co- -op co-_x co-1 co--op co-\u00e9 \u00e9co-op co-op\u00e9 co\u2010op e-e-e-e",
	"\u00e9organise organise\u00e9 organise_x organise2 2organise _organise organis\u00e9",
	"vapourise colourise organisationally organisations' colour's CO-OP's",
	"\u017f organi\u017fe organi\u212ae K\u212a",
	"\xffcolour colour\xff \xffco-op co-op\xff co-\xffop",
	"a-b-c -- - -co- re-- --re-use",
	"hum humour humus rumour armour armoury odour od our odours valour savoury saviour",
	"Honour HONOURS hOnOuR",
	"savouriour colourcolour humourhumour",
	"",
	"co",
	"co-",
	"-",
	"v3.0.0 V3.0 v3. v3.x v.3 v33.44.5 xv3.0 v3.0v4.1 _v3.0 v3.0.v4.1 (v3.0) v3.0.0-beta v\u00e93.0 \u00e9v3.0 v3.\xff",
	"v1.2 v1.2.3.4 v10 v2.0.0.v3.1",
}

// regexpFold applies the mapping's folding char filters, Bleve's regexp
// char filters, in order: what fold must give.
func regexpFold(t testing.TB, input []byte) []byte {
	t.Helper()
	c := registry.NewCache()
	for _, cf := range mappedCharFilters() {
		f, err := c.DefineCharFilter(cf.name, cf.config)
		if err != nil {
			t.Fatal(err)
		}
		input = f.Filter(input)
	}
	return input
}

// regexpFolder is regexpFold's filters built once, for the many inputs
// of the random and fuzz tests.
func regexpFolder(t testing.TB) func([]byte) []byte {
	t.Helper()
	c := registry.NewCache()
	var filters []analysis.CharFilter
	for _, cf := range mappedCharFilters() {
		f, err := c.DefineCharFilter(cf.name, cf.config)
		if err != nil {
			t.Fatal(err)
		}
		filters = append(filters, f)
	}
	return func(input []byte) []byte {
		for _, f := range filters {
			input = f.Filter(input)
		}
		return input
	}
}

func compareFold(t testing.TB, regexps func([]byte) []byte, input []byte) {
	t.Helper()
	want := regexps(bytes.Clone(input))
	got := fold(bytes.Clone(input))
	if !bytes.Equal(want, got) {
		t.Errorf("fold(%s) = %q, the regexp filters give %q", quoteShort(input), got, want)
	}
}

func TestFold(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Visualisation visualised", "Visualization visualized"},
		{"ORGANISATIONAL", "ORGANizATIONAL"}, // the replacement writes "iz"; to_lower does the rest
		{"analysing paralysed analysis", "analyzing paralyzed analysis"},
		{"colourful behaviours Favourite", "colorful behaviors Favorite"},
		{"four hours of your tour", "four hours of your tour"},
		{"advertise a surprise exercise", "advertise a surprise exercise"},
		{"co-op co-re-use e-mail non-client", "coop coreuse email non-client"},
		{"taco-op co- co-1 \u00e9co-op", "taco-op co- co1 \u00e9coop"},
		{"organise_x organise2 \u00e9organise organi\u017fe", "organise_x organise2 \u00e9organize organi\u017fe"},
		{"Mocha v3.0.0, V2.1 and v3. xv3.0 v3.x", "Mocha v3 0.0, V2 1 and v3. xv3.0 v3.x"},
	} {
		if got := string(fold([]byte(c.in))); got != c.want {
			t.Errorf("fold(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := string(regexpFold(t, []byte(c.in))); got != c.want {
			t.Errorf("the regexp filters give %q for %q, want %q", got, c.in, c.want)
		}
	}
}

func TestFoldMatchesRegexpFilters(t *testing.T) {
	regexps := regexpFolder(t)
	for _, in := range append(foldCases, tokenizerCases...) {
		compareFold(t, regexps, []byte(in))
		compareFold(t, regexps, []byte("x "+in+" y"))
		compareFold(t, regexps, []byte(in+in))
	}
}

// TestFoldRandomMix compares fold with the filters on many short strings
// of the pieces that folding looks at.
func TestFoldRandomMix(t *testing.T) {
	pieces := []string{
		"co", "Co", "CO", "e", "E", "re", "pre", "non", "multi", "sub", "-", "--",
		"organ", "visual", "real", "anal", "is", "IS", "Is", "ys", "iz", "e", "es", "ed", "er", "ers",
		"ing", "able", "ation", "ations", "ational", "our", "OUR", "ou", "r", "col", "hum", "sav", "savi",
		"u", "a", "z", "s", "1", "_", " ", "'", "’", "é", "ſ", "\u212a", "\xff", "\xc3", ".",
		"v", "V", "v3", "2", "0", "10", ".0",
	}
	regexps := regexpFolder(t)
	rng := rand.New(rand.NewPCG(5, 6))
	var b strings.Builder
	for range 100000 {
		b.Reset()
		for range 1 + rng.IntN(10) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		compareFold(t, regexps, []byte(b.String()))
		if t.Failed() {
			return
		}
	}
}

func TestFoldCorpus(t *testing.T) {
	regexps := regexpFolder(t)
	for _, f := range corpusFiles(t) {
		compareFold(t, regexps, f)
	}
}

func FuzzFold(f *testing.F) {
	for _, in := range foldCases {
		f.Add([]byte(in))
	}
	regexps := regexpFolder(f)
	f.Fuzz(func(t *testing.T, input []byte) {
		compareFold(t, regexps, input)
	})
}

// The mapping's analyzer names only Bleve's own parts: nothing this
// package registers, which plain Bleve would not know.
func TestMappedUsesOnlyBleveParts(t *testing.T) {
	m := mapping.NewIndexMapping()
	if err := DefineMapped(m); err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, ours := range []string{Name, FoldName, TokenizerName, StemmerName} {
		if bytes.Contains(data, []byte(`"`+ours+`"`)) {
			t.Errorf("the mapping names %s, which only this package registers: %s", ours, data)
		}
	}
	if an, ok := bleveProseAnalyzer(t).(*analysis.DefaultAnalyzer); !ok || len(an.CharFilters) != 5 || len(an.TokenFilters) != 4 {
		t.Errorf("%s read back is %#v, want 5 char filters, a tokenizer and 4 token filters", MappedName, an)
	}
}

// BenchmarkFold folds the corpus, the cost fold adds to weeknotes_en.
func BenchmarkFold(b *testing.B) {
	files := corpusFiles(b)
	size := 0
	copies := make([][]byte, len(files))
	for i, f := range files {
		size += len(f)
		copies[i] = bytes.Clone(f)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for i, f := range files {
			copy(copies[i], f)
			fold(copies[i])
		}
	}
}
