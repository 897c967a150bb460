package analysis

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/char/regexp"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// Spelling variants are folded before words are found, so that
// "visualization" meets "visualisation", "color" "colour" and "coop"
// "co-op": the British endings -ise, -isation, -yse and -our become -ize,
// -ization, -yze and -or for the words below, and the hyphen after a prefix
// below is dropped. The same folding runs at index and at query time.
//
// In the index mapping the folding is five of Bleve's regexp char filters
// (see DefineMapped), so plain Bleve opens the index and analyses text as
// it was indexed; the prose analyzer folds with foldFilter, which gives
// exactly the bytes those filters give (fold_test.go holds it to them),
// far faster than five regular expressions over every post.
//
// A word, for the filters, is a run of ASCII letters, digits and
// underscores (what \b means in Go's regular expressions); only runs of
// letters alone are folded.
//
// A version is split after its major number: "v3.0.0" is "v3 0.0", so
// "mocha v3" finds the posts about Mocha v3.0.0 and v3.0 (one word to the
// tokenizer, a full stop between digits joins them). "v3.0.0" typed is
// split the same way, so it still finds them (v3 and 0.0, as words).
var (
	// foldPrefixes lose the hyphen that joins them to the next word:
	// "co-op" is "coop", "re-use" "reuse", "e-mail" "email". A joined
	// word no longer matches its second half, so prefixes whose words are
	// searched for alone are not here: "multi-factor authentication"
	// should be found by "two factor authentication", "non-GDS" by "GDS".
	foldPrefixes = []string{"co", "e", "re"}

	// iseStems are what comes before -ise, -ised, -isation... in words
	// spelt -ize in American English; any letters may come before them
	// ("reorganise", "decentralised"). Words that are -ise in both
	// (advertise, exercise, promise, surprise, revise, wise...) are not
	// here.
	iseStems = []string{
		"agon", "amort", "anonym", "apolog", "atom", "author", "canon", "capital", "categor",
		"central", "character", "civil", "colon", "commercial", "commodit", "computer",
		"conceptual", "container", "contextual", "critic", "crystal", "custom", "digit",
		"docker", "dramat", "econom", "emphas", "energ", "equal", "external", "familiar",
		"fantas", "fertil", "final", "formal", "general", "global", "harmon", "hospital",
		"human", "hypothes", "ideal", "immun", "incentiv", "individual", "industrial",
		"initial", "internal", "item", "jeopard", "legal", "liberal", "local", "magnet",
		"material", "maxim", "mechan", "memo", "memor", "miniatur", "minim", "mobil",
		"modern", "modular", "monet", "moral", "motor", "national", "neutral", "normal",
		"operational", "optim", "organ", "parallel", "parameter", "patron", "penal",
		"personal", "plural", "polar", "popular", "pressur", "priorit", "production",
		"public", "radical", "random", "rational", "real", "recogn", "regular",
		"revolution", "sanit", "scrutin", "secular", "serial", "social", "special",
		"spiritual", "stabil", "standard", "steril", "subsid", "summar", "symbol",
		"sympath", "synchron", "synthes", "systemat", "terror", "theor", "token",
		"trivial", "tyrann", "union", "urban", "util", "vapor", "vector", "victim",
		"virtual", "visual", "vocal", "western",
	}
	iseSuffixes = []string{"e", "ed", "es", "er", "ers", "ing", "able", "ation", "ations", "ational"}

	// yseStems are analyse, paralyse and catalyse's.
	yseStems    = []string{"anal", "catal", "paral"}
	yseSuffixes = []string{"e", "ed", "es", "er", "ers", "ing"}

	// ourStems come before -our in words spelt -or in American English,
	// with anything after it ("colourful", "favourite", "neighbourhood")
	// and any letters before ("discoloured"). four, hour, your, our,
	// tour, pour, glamour and the like are not here.
	ourStems = []string{
		"arb", "ard", "arm", "behavi", "cand", "clam", "col", "demean", "endeav", "fav",
		"ferv", "flav", "harb", "hon", "hum", "lab", "neighb", "od", "parl", "ranc",
		"rig", "rum", "sav", "savi", "splend", "succ", "tum", "val", "vap", "vig",
	}
)

// Names of the prose analyzer's parts in the index mapping.
const (
	// MappedName is the prose analyzer's name in the index mapping: the
	// folding char filters, then en's tokenizer and filters.
	MappedName = "weeknotes_prose"

	foldPrefixFilter  = "weeknotes_fold_prefix"
	foldIseFilter     = "weeknotes_fold_ise"
	foldYseFilter     = "weeknotes_fold_yse"
	foldOurFilter     = "weeknotes_fold_our"
	foldVersionFilter = "weeknotes_fold_version"
)

// eitherCase is a regular expression for s, ASCII letters in either case.
// Go's (?i) would also let s match ſ and k the Kelvin sign.
func eitherCase(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if 'a' <= c && c <= 'z' {
			fmt.Fprintf(&b, "[%c%c]", c-'a'+'A', c)
		} else {
			b.WriteString(regexpQuote(string(c)))
		}
	}
	return b.String()
}

func regexpQuote(s string) string {
	return strings.NewReplacer(`\`, `\\`, `.`, `\.`, `-`, `\-`).Replace(s)
}

func anyOf(words []string) string {
	alts := make([]string, len(words))
	for i, w := range words {
		alts[i] = eitherCase(w)
	}
	return "(?:" + strings.Join(alts, "|") + ")"
}

// mappedCharFilters are the folding char filters as Bleve's regexp char
// filter configurations, in the order they run.
func mappedCharFilters() []struct {
	name   string
	config map[string]interface{}
} {
	regexpFilter := func(re, replace string) map[string]interface{} {
		return map[string]interface{}{"type": regexp.Name, "regexp": re, "replace": replace}
	}
	return []struct {
		name   string
		config map[string]interface{}
	}{
		{foldPrefixFilter, regexpFilter(`\b(`+anyOf(foldPrefixes)+`)-\b`, `${1}`)},
		{foldIseFilter, regexpFilter(`\b([A-Za-z]*`+anyOf(iseStems)+`)[Ii][Ss](`+anyOf(iseSuffixes)+`)\b`, `${1}iz${2}`)},
		{foldYseFilter, regexpFilter(`\b([A-Za-z]*`+anyOf(yseStems)+`)[Yy][Ss](`+anyOf(yseSuffixes)+`)\b`, `${1}yz${2}`)},
		{foldOurFilter, regexpFilter(`\b([A-Za-z]*`+anyOf(ourStems)+`)[Oo][Uu]([Rr][A-Za-z]*)\b`, `${1}o${2}`)},
		{foldVersionFilter, regexpFilter(`\b([Vv][0-9]+)\.([0-9])`, `${1} ${2}`)},
	}
}

// mappedAnalyzer is MappedName's configuration: Bleve's custom analyzer of
// the folding char filters and en's tokenizer and token filters.
func mappedAnalyzer() map[string]interface{} {
	var cfs []interface{}
	for _, cf := range mappedCharFilters() {
		cfs = append(cfs, cf.name)
	}
	return map[string]interface{}{
		"type":          custom.Name,
		"char_filters":  cfs,
		"tokenizer":     unicode.Name,
		"token_filters": []interface{}{en.PossessiveName, lowercase.Name, en.StopName, porter.Name},
	}
}

// Definer is where DefineMapped defines the analyzer: a Bleve index
// mapping (*mapping.IndexMappingImpl).
type Definer interface {
	AddCustomCharFilter(name string, config map[string]interface{}) error
	AddCustomAnalyzer(name string, config map[string]interface{}) error
}

// DefineMapped defines, in an index mapping, the analyzer MappedName: the
// prose analyzer built from parts Bleve registers itself (its regexp char
// filter, the unicode tokenizer, possessive_en, to_lower, stop_en and the
// porter stemmer), so the stored mapping needs nothing of ours to be
// opened, and a plain Bleve match query analyses text as Prose does.
func DefineMapped(m Definer) error {
	for _, cf := range mappedCharFilters() {
		if err := m.AddCustomCharFilter(cf.name, cf.config); err != nil {
			return fmt.Errorf("char filter %s: %w", cf.name, err)
		}
	}
	if err := m.AddCustomAnalyzer(MappedName, mappedAnalyzer()); err != nil {
		return fmt.Errorf("analyzer %s: %w", MappedName, err)
	}
	return nil
}

// foldFilter is the five folding char filters at once. It rewrites its
// input in place (folding never lengthens text) and returns what is left
// of it.
type foldFilter struct{}

func (foldFilter) Filter(input []byte) []byte { return fold(input) }

// byteClass says of each byte whether \b counts it a word byte (an ASCII
// letter, digit or underscore) and whether it is an ASCII letter.
var byteClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			t[c] = classWord | classLetter
		case '0' <= c && c <= '9' || c == '_':
			t[c] = classWord
		}
	}
	return t
}()

const (
	classWord = 1 << iota
	classLetter
)

func isWordByte(c byte) bool { return byteClass[c]&classWord != 0 }

// lower is an ASCII letter in lower case (and any other byte changed
// somehow: compare only letters with it).
func lower(c byte) byte { return c | 0x20 }

// hasSuffixFold says whether letters ends with suffix (lower case), case
// ignored.
func hasSuffixFold(letters []byte, suffix string) bool {
	if len(letters) < len(suffix) {
		return false
	}
	letters = letters[len(letters)-len(suffix):]
	for i := range len(suffix) {
		if lower(letters[i]) != suffix[i] {
			return false
		}
	}
	return true
}

// fold gives what the five filters give, in place: first the hyphens
// after prefixes go (the prefix filter matches a whole word followed by
// "-" and a word byte), then each run of letters has its -ise, -yse and
// -our ending folded, in that order, then versions are split.
func fold(input []byte) []byte {
	return foldVersions(foldEndings(foldHyphens(input)))
}

// foldVersions makes a space of the full stop after a version's major
// number: "v" or "V" starting a word, digits, ".", a digit. The filter's
// matches do not overlap, and a match ends at the digit after the stop:
// in "v3.0.0" only the first stop goes; the rest of the text is as it
// was for \b, a full stop and a space being alike no word bytes.
func foldVersions(b []byte) []byte {
	for i := 0; ; {
		j := bytes.IndexAny(b[i:], "vV")
		if j < 0 {
			return b
		}
		v := i + j
		i = v + 1
		if v > 0 && isWordByte(b[v-1]) {
			continue
		}
		d := v + 1
		for d < len(b) && '0' <= b[d] && b[d] <= '9' {
			d++
		}
		if d == v+1 || d+1 >= len(b) || b[d] != '.' || b[d+1] < '0' || b[d+1] > '9' {
			continue
		}
		b[d] = ' '
		i = d + 2
	}
}

// maxPrefix is the longest of foldPrefixes.
var maxPrefix = func() (n int) {
	for _, p := range foldPrefixes {
		n = max(n, len(p))
	}
	return n
}()

// foldHyphens drops each '-' between a word that is one of foldPrefixes
// and a word byte. The filter finds its matches in the text as it was: in
// "co-re-use" the word before the second hyphen is "re", though the first
// hyphen has gone.
func foldHyphens(b []byte) []byte {
	w, r := 0, 0 // b[:w] is the output so far; b[r:] is yet to be copied to it
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], '-')
		if j < 0 {
			break
		}
		h := i + j
		i = h + 1
		if h+1 == len(b) || !isWordByte(b[h+1]) {
			continue
		}
		// The word before the hyphen. Bytes from r-1 on are as they were
		// (b[r-1] is the hyphen last dropped, and w < r).
		s := h
		for s > 0 && isWordByte(b[s-1]) && h-s <= maxPrefix {
			s--
		}
		if s == h || h-s > maxPrefix || !isPrefixWord(b[s:h]) {
			continue
		}
		w += copy(b[w:], b[r:h])
		r = h + 1
	}
	if r == 0 {
		return b
	}
	w += copy(b[w:], b[r:])
	return b[:w]
}

func isPrefixWord(word []byte) bool {
	for _, p := range foldPrefixes {
		if len(p) == len(word) && hasSuffixFold(word, p) {
			return true
		}
	}
	return false
}

// foldEndings folds each run of word bytes that is all letters: -ise then
// -yse then -our.
func foldEndings(b []byte) []byte {
	w := 0 // the output's length: i until a byte is dropped
	for i := 0; i < len(b); {
		if byteClass[b[i]]&classWord == 0 {
			b[w] = b[i]
			w++
			i++
			continue
		}
		j, class := i, uint8(classLetter)
		for j < len(b) && byteClass[b[j]]&classWord != 0 {
			class &= byteClass[b[j]]
			j++
		}
		if w < i {
			copy(b[w:], b[i:j])
		}
		run := b[w : w+j-i]
		if class != 0 && len(run) >= 5 { // all letters
			foldSuffix(run, 'i', iseStems, iseSuffixes)
			foldSuffix(run, 'y', yseStems, yseSuffixes)
			run = foldOur(run)
		}
		w += len(run)
		i = j
	}
	return b[:w]
}

// foldSuffix folds a run of letters ending in stem, v, 's' and one of
// suffixes to stem, v, 'z' (v lower-cased, as the filter's replacement
// writes it).
func foldSuffix(run []byte, v byte, stems, suffixes []string) {
	for _, suf := range suffixes {
		n := len(run) - len(suf) - 2 // where v is
		if n < 1 || lower(run[n+1]) != 's' || lower(run[n]) != v || !hasSuffixFold(run, suf) {
			continue
		}
		for _, stem := range stems {
			if hasSuffixFold(run[:n], stem) {
				run[n], run[n+1] = v, 'z'
				return
			}
		}
		return // the suffix is the only one the run can end with
	}
}

// foldOur drops the u of the last "our" in a run of letters that follows
// one of ourStems, and lower-cases its o (as the filter's replacement
// writes it).
func foldOur(run []byte) []byte {
	for p := len(run) - 3; p >= 1; p-- {
		if lower(run[p+1]) != 'u' || lower(run[p]) != 'o' || lower(run[p+2]) != 'r' {
			continue
		}
		for _, stem := range ourStems {
			if hasSuffixFold(run[:p], stem) {
				run[p] = 'o'
				copy(run[p+1:], run[p+2:])
				return run[:len(run)-1]
			}
		}
	}
	return run
}
