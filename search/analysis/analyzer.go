// Package analysis is Weeknotes' analysis of prose: Bleve's English
// analyzer "en" (unicode tokenizer, possessive_en, to_lower, stop_en,
// porter stemmer) after folding spelling variants (British -ise, -yse and
// -our to -ize, -yze and -or for a list of words, "co-op" to "coop", and
// "v3.0.0" to "v3 0.0": see fold.go), made faster, giving exactly the
// tokens that Bleve's own parts give - the same terms, offsets, positions
// and types, for any input, valid UTF-8 or not. The index mapping defines that analyzer from
// Bleve's parts (DefineMapped, named MappedName), so plain Bleve reads the
// index; queries analysed with Prose match what it indexed.
//
// Importing the package registers the analyzer with Bleve's registry as
// Name (its char filter, tokenizer and stemmer as FoldName, TokenizerName
// and StemmerName). Prose is that analyzer. Counter analyses posts' text
// for a build on many goroutines at once, giving Bleve its term
// frequencies ready made and counting the posts that use each word for the
// vocabulary.
//
// Analyzers rewrite their input in place (to_lower), and tokens share
// its bytes: hand them memory that is theirs.
package analysis

import (
	"bytes"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/registry"
	porterstemmer "github.com/blevesearch/go-porterstemmer"
	"github.com/blevesearch/segment"
)

// The prose analyzer is MappedName - the folding char filters, then
// Bleve's English analyzer "en" (unicode tokenizer, possessive_en,
// to_lower, stop_en, porter stemmer) - with its costly stages swapped for
// faster ones that give exactly the same tokens: same terms, offsets,
// positions and types, for any input, valid UTF-8 or not (analyzer_test.go
// checks this against Bleve, on tricky inputs, the corpus and under the
// fuzzer). Building an index spends most of its CPU in analysis, most of
// that in segment's word segmentation and the porter stemmer:
//
//   - foldFilter does the five regular expressions' folding in one pass
//     over the text's bytes;
//   - wordTokenizer segments ASCII text itself, by the word-break rules the
//     segment library applies to ASCII, and hands every token that starts
//     at or runs into a non-ASCII byte to the segment library;
//   - stemFilter memoises the porter stemmer: a post's words are mostly
//     words already seen.
const (
	// Name is the analyzer's name in Bleve's registry.
	Name = "weeknotes_en"
	// FoldName is its char filter's: the folding char filters of the
	// mapping, at once.
	FoldName = "weeknotes_fold"
	// TokenizerName is its tokenizer's: Bleve's unicode, made faster.
	TokenizerName = "weeknotes_unicode"
	// StemmerName is its stemmer's: Bleve's porter, memoised.
	StemmerName = "weeknotes_porter"
	// Terms remembered; past it the rest are stemmed each time (right,
	// only slower). Queries use the memo too, so a stream of made-up words
	// could fill it: at this size that costs a server about 20 MB at most,
	// and the vocabularies measured fit (12,834 terms in the corpus,
	// 100,541 in 100,000 synthetic posts).
	stemMemoMaxLength = 1 << 18
	stemMemoMaxTerm   = 64 // bytes: longer terms (URLs, hashes) are stemmed each time
)

func init() {
	if err := registry.RegisterCharFilter(FoldName, func(map[string]interface{}, *registry.Cache) (analysis.CharFilter, error) {
		return foldFilter{}, nil
	}); err != nil {
		panic(err)
	}
	if err := registry.RegisterTokenizer(TokenizerName, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		return wordTokenizer{}, nil
	}); err != nil {
		panic(err)
	}
	if err := registry.RegisterTokenFilter(StemmerName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return stemFilter{}, nil
	}); err != nil {
		panic(err)
	}
	if err := registry.RegisterAnalyzer(Name, proseAnalyzerConstructor); err != nil {
		panic(err)
	}
}

// proseAnalyzerConstructor builds the analyzer as an
// *analysis.DefaultAnalyzer, as "en" is: callers type-assert it to run the
// tokenizer and the filters themselves.
func proseAnalyzerConstructor(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
	folder, err := cache.CharFilterNamed(FoldName)
	if err != nil {
		return nil, err
	}
	tokenizer, err := cache.TokenizerNamed(TokenizerName)
	if err != nil {
		return nil, err
	}
	var filters []analysis.TokenFilter
	for _, name := range []string{en.PossessiveName, lowercase.Name, en.StopName, StemmerName} {
		f, err := cache.TokenFilterNamed(name)
		if err != nil {
			return nil, err
		}
		filters = append(filters, f)
	}
	return &analysis.DefaultAnalyzer{CharFilters: []analysis.CharFilter{folder}, Tokenizer: tokenizer, TokenFilters: filters}, nil
}

// ASCII word-break classes, as the segment library (Unicode 8.0
// WordBreakProperty) has them.
const (
	wbOther     = iota // space, tab, LF, VT, FF, '"' and other punctuation
	wbCR               // '\r'
	wbLetter           // ALetter: A-Z a-z
	wbDigit            // Numeric: 0-9
	wbUnderline        // ExtendNumLet: '_'
	wbMidLetter        // MidLetter: ':'
	wbMidNumLet        // MidNumLet '.' and Single_Quote '\'': both join letters and digits
	wbMidNum           // MidNum: ',' ';'
	wbNonASCII         // a byte of a multi-byte sequence, or an invalid one
)

var wbClass = func() (t [256]uint8) {
	for c := 0x80; c < 0x100; c++ {
		t[c] = wbNonASCII
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = wbLetter
		t[c-'a'+'A'] = wbLetter
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = wbDigit
	}
	t['\r'] = wbCR
	t['_'] = wbUnderline
	t[':'] = wbMidLetter
	t['.'] = wbMidNumLet
	t['\''] = wbMidNumLet
	t[','] = wbMidNum
	t[';'] = wbMidNum
	return t
}()

// wordTokenizer is a drop-in for Bleve's unicode tokenizer
// (analysis/tokenizer/unicode), several times faster on mostly-ASCII text.
//
// Bleve asks segment.SegmentWords for one segment at a time, each from the
// end of the last, so a segment depends only on the bytes from its start
// on. wordTokenizer does the same, but takes a segment that starts with an
// ASCII byte itself when that segment and the byte after it are ASCII
// (past a full stop, colon, comma, semicolon or apostrophe the byte after
// that too). There the segment library's rules come down to:
//
//   - a word is a run of letters, digits and underscores, which also takes
//     in a full stop, colon or apostrophe between two letters, and a full
//     stop, comma, semicolon or apostrophe between two digits (WB5-WB13b);
//     it is Numeric if it has a digit and no letter, else AlphaNumeric (so
//     a lone underscore is a word);
//   - "\r\n" is one segment, anything else one byte, none of them a token.
//
// Any other segment - one starting at a non-ASCII byte, or that a
// non-ASCII byte might extend or end (Extend and Format characters join
// what precedes them, ’ joins letters, and the segment library stops
// altogether at a non-word segment followed by invalid UTF-8: Bleve
// tokenizes "a \xff b" as just "a") - is the segment library's, for
// exactly that segment.
type wordTokenizer struct{}

// tokenSink hands out tokens from few allocations: one backing array per
// call unless the guess of the count was short.
type tokenSink struct {
	rv    analysis.TokenStream
	chunk []analysis.Token
	next  int // chunk[next:] are free
}

func (s *tokenSink) add(term []byte, start int, typ analysis.TokenType, remaining int) {
	if s.next == len(s.chunk) {
		s.grow(start, remaining)
	}
	t := &s.chunk[s.next]
	s.next++
	t.Term = term
	t.Start = start
	t.End = start + len(term)
	t.Position = len(s.rv) + 1
	t.Type = typ
	s.rv = append(s.rv, t)
}

// grow allocates a new chunk for what remains, guessing its count from the
// bytes per token so far.
func (s *tokenSink) grow(done, remaining int) {
	perToken := done / (len(s.rv) + 1)
	if perToken < 1 {
		perToken = 1
	}
	n := remaining/perToken + 16
	if n > 4096 {
		n = 4096
	}
	s.chunk = make([]analysis.Token, n)
	s.next = 0
}

func (t wordTokenizer) Tokenize(input []byte) analysis.TokenStream {
	// About one token per six bytes in prose and Markdown. Tokens come in
	// chunks of at most a few thousand, the later ones sized by the text
	// so far, so that a long text with few words wastes little.
	guess := len(input)/6 + 1
	s := tokenSink{
		rv:    make(analysis.TokenStream, 0, guess),
		chunk: make([]analysis.Token, min(guess, 2048)),
	}
	return t.tokenizeInto(input, &s)
}

// reuse empties the sink for another text, keeping its memory: the tokens
// it handed out before are overwritten, so only a caller that is done with
// them may reuse it (a build is, once a post's term frequencies are made).
func (s *tokenSink) reuse() {
	clear(s.rv) // drop pointers into the old chunks
	s.rv = s.rv[:0]
	s.next = 0
}

// tokenizeInto tokenizes input with the tokens taken from s.
func (wordTokenizer) tokenizeInto(input []byte, s *tokenSink) analysis.TokenStream {
	n := len(input)
	// p is where the next segment starts. offset is where Bleve reckons it
	// starts: the sum of the segments' lengths, which would differ from p
	// were the segment library ever to advance past a segment's end.
	p, offset := 0, 0
	for p < n {
		c := wbClass[input[p]]
		switch c {
		case wbLetter, wbDigit, wbUnderline:
			letters, digits := c == wbLetter, c == wbDigit
			prev := c
			i := p + 1
		word:
			for i < n {
				k := wbClass[input[i]]
				switch k {
				case wbLetter, wbDigit, wbUnderline:
					letters = letters || k == wbLetter
					digits = digits || k == wbDigit
					prev = k
					i++
					continue
				case wbMidLetter, wbMidNumLet, wbMidNum:
					if i+1 == n {
						break word
					}
					next := wbClass[input[i+1]]
					if next == wbNonASCII {
						goto slow
					}
					if prev == wbLetter && next == wbLetter && k != wbMidNum ||
						prev == wbDigit && next == wbDigit && k != wbMidLetter {
						prev = next
						i += 2
						continue
					}
					break word
				case wbNonASCII:
					goto slow
				}
				break
			}
			typ := analysis.AlphaNumeric
			if digits && !letters {
				typ = analysis.Numeric
			}
			s.add(input[p:i], offset, typ, n-i)
			offset += i - p
			p = i
			continue
		case wbNonASCII:
			goto slow
		default:
			// Not a token: "\r\n", or one byte.
			l := 1
			if c == wbCR && p+1 < n && input[p+1] == '\n' {
				l = 2
			}
			if p+l < n && input[p+l] >= 0x80 {
				goto slow
			}
			p += l
			offset += l
			continue
		}
	slow:
		// The segment library's segment, as Bleve's Segmenter takes it;
		// like that, stop at an error or a missing segment.
		advance, term, typ, err := segment.SegmentWords(input[p:], true)
		if err != nil || term == nil || advance <= 0 || advance > n-p {
			break
		}
		if typ != segment.None {
			s.add(term, offset, segmentTokenType(typ), n-p-advance)
		}
		offset += len(term)
		p += advance
	}
	return s.rv
}

// segmentTokenType is the unicode tokenizer's convertType.
func segmentTokenType(t int) analysis.TokenType {
	switch t {
	case segment.Ideo, segment.Kana:
		return analysis.Ideographic
	case segment.Number:
		return analysis.Numeric
	}
	return analysis.AlphaNumeric
}

// stemFilter is Bleve's porter stemmer filter (analysis/token/porter) with a
// memo shared by all its users: porter stemming a word takes far longer
// than looking it up. Like Bleve's, it leaves keyword tokens alone and
// stems the others without lower-casing them. Bleve's puts every stem in
// new memory; this one shortens the term where the stem is a prefix of it
// (as most are), so the term still shares the tokenizer's input, and copies
// other stems into new memory, never sharing bytes with the memo.
type stemFilter struct{}

// stemmed is a term's stem: term[:keep] + tail. Most stems are prefixes of
// their terms, and then the memo's answer needs no further memory read.
type stemmed struct {
	keep int
	tail string
}

// stems memoises the porter stemmer, term -> stem, for every stemFilter.
var stems stemMemo

// stemMemo is read far more than written: once a build has seen a few
// thousand posts nearly every word is in it. So reads go to an immutable
// map, without locks or writes to shared memory that would have the cores
// contend; new stems go to a small locked map, which is merged into a new
// immutable map when it has grown by half the old one's size (copying each
// stem a few times in all).
type stemMemo struct {
	frozen atomic.Pointer[map[string]stemmed]
	mu     sync.Mutex
	recent map[string]stemmed // stems not yet in frozen
	size   int                // len(*frozen) + len(recent)
}

func (m *stemMemo) stem(term []byte) stemmed {
	if len(term) > stemMemoMaxTerm {
		return porterStem(term)
	}
	frozen := m.frozen.Load()
	if frozen != nil {
		if st, ok := (*frozen)[string(term)]; ok {
			return st
		}
	}
	m.mu.Lock()
	st, ok := m.recent[string(term)]
	m.mu.Unlock()
	if ok {
		return st
	}
	st = porterStem(term)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.size >= stemMemoMaxLength {
		return st
	}
	if m.recent == nil {
		m.recent = map[string]stemmed{}
	}
	if _, ok := m.recent[string(term)]; !ok {
		m.recent[string(term)] = st
		m.size++
	}
	frozen = m.frozen.Load()
	if old := m.size - len(m.recent); len(m.recent) >= max(256, old/2) {
		merged := make(map[string]stemmed, m.size)
		if frozen != nil {
			for k, v := range *frozen {
				merged[k] = v
			}
		}
		for k, v := range m.recent {
			merged[k] = v
		}
		m.frozen.Store(&merged)
		m.recent = map[string]stemmed{}
	}
	return st
}

// Stem is the prose analyzer's stem of a term before stemming (a
// vocabulary word), from the same memo.
func Stem(term []byte) string {
	if unstemmed(term) {
		return string(term)
	}
	st := stems.stem(term)
	return string(term[:st.keep]) + st.tail
}

// porterStem stems term exactly as Bleve's porter filter does.
func porterStem(term []byte) stemmed {
	stem := analysis.BuildTermFromRunes(porterstemmer.StemWithoutLowerCasing(bytes.Runes(term)))
	keep := 0
	for keep < len(term) && keep < len(stem) && term[keep] == stem[keep] {
		keep++
	}
	if keep == len(stem) {
		return stemmed{keep: keep}
	}
	return stemmed{keep: keep, tail: string(stem[keep:])}
}

func (stemFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	var buf []byte // for stems that are not prefixes of their terms
	for _, token := range input {
		if token.KeyWord {
			continue
		}
		if unstemmed(token.Term) {
			continue
		}
		buf = applyStem(token, stems.stem(token.Term), buf)
	}
	return input
}

// unstemmed says whether the stemmer leaves term alone: words of two runes
// or fewer (Bleve re-encodes them, which changes only invalid UTF-8).
func unstemmed(term []byte) bool {
	return len(term) <= 2 && (len(term) == 0 || term[0] < 0x80 && term[len(term)-1] < 0x80)
}

// applyStem makes token's term its stem. A stem that is not a prefix of the
// term is copied into buf, or new memory when buf is short; applyStem
// returns what is left of buf.
func applyStem(token *analysis.Token, st stemmed, buf []byte) []byte {
	term := token.Term
	if st.tail == "" {
		token.Term = term[:st.keep]
		return buf
	}
	l := st.keep + len(st.tail)
	if len(buf) < l {
		buf = make([]byte, max(l, 256))
	}
	copy(buf, term[:st.keep])
	copy(buf[st.keep:], st.tail)
	token.Term = buf[:l:l]
	return buf[l:]
}

// Prose is the prose analyzer: MappedName, made faster, with identical
// tokens. The index mapping defines MappedName from Bleve's parts (so
// plain Bleve can open the index); builds and queries use this one. It is
// an *analysis.DefaultAnalyzer, as en is, and safe for concurrent use. Its
// char filter rewrites the input in place.
var Prose = sync.OnceValue(func() analysis.Analyzer {
	an, err := registry.NewCache().AnalyzerNamed(Name)
	if err != nil {
		panic(err) // registered in init: cannot fail
	}
	return an
})
