// Package highlight marks a query's words in text: a post's title with
// each matched word in <mark>, and the passage of its text that holds the
// most of the query's distinct words, as a snippet.
//
// Its contract: words are found the way the index matched them, each word
// of the text that the given analyzer turns into one of the query's terms
// (so "migrated" is found for "migrating"), or that starts with one of its
// prefix words; only the required words (Parsed.Must) count. Output is
// HTML: the text escaped, runs of white space squashed to one space, the
// matches in <mark> and an ellipsis where a passage cuts the text. Only the
// first MaxScan bytes of a text are searched for a snippet, so callers
// need read no more. Find looks through a whole text once, for its snippet
// and for the parts of it (a post's sections) that hold the most of the
// query's clauses, each with a snippet of its own; MarkHTML marks the
// words in HTML's text, never in its tags. It knows nothing of an index:
// callers hand it the text.
package highlight

import (
	"bytes"
	"encoding/binary"
	"html"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/freerange/weeknotes/search/querylang"
)

// snippetBytes is about how much text a snippet shows.
const snippetBytes = 220

// match is where one query term matched in a field's text.
type termMatch struct {
	start, end int
	term       string
	clauses    uint64 // the query's clauses (bits, by index in Parsed.Must) that term answers
}

// Finder locates a query's words in text the way the index matched them:
// each word of the text that the analyzer turns into one of the query's
// terms, or that starts with one of its prefixes. A Finder reuses its
// buffers from text to text: it is not safe for concurrent use.
type Finder struct {
	an       analysis.Analyzer
	terms    map[string]bool
	prefixes []string
	keys     map[string]bool   // leading letters a word must share with a term to be analysed
	clauses  map[string]uint64 // term or prefix -> the clauses of Parsed.Must it answers, as bits
	memo     map[string]string // word, ASCII lower-cased -> the term it yields, or ""
	lower    []byte            // reused for each text's lower-cased copy
}

// New is a Finder of the required words of p, as an analyzes them; nil
// when p has none to find (no words, or only stop words).
func New(an analysis.Analyzer, p querylang.Parsed) *Finder {
	f := &Finder{an: an, terms: map[string]bool{}, keys: map[string]bool{}, memo: map[string]string{}, clauses: map[string]uint64{}}
	for i, c := range p.Must {
		bit := uint64(1) << (i % 64) // a query has at most querylang.MaxTerms clauses
		for _, a := range c {
			if a.Prefix && utf8.RuneCountInString(a.Text) >= 2 {
				pre := strings.ToLower(a.Text)
				f.prefixes = append(f.prefixes, pre)
				f.clauses[pre] |= bit
				continue
			}
			for _, tok := range f.an.Analyze([]byte(a.Text)) {
				t := string(tok.Term)
				f.terms[t] = true
				f.clauses[t] |= bit
				// The stemmer only rewrites endings: a word yields a
				// stem of four letters or more only if it starts with
				// the stem's first three (two for short stems: spy, spi).
				k := 3
				if len(t) < 4 {
					k = 2
				}
				f.keys[t[:min(k, len(t))]] = true
			}
		}
	}
	if len(f.terms) == 0 && len(f.prefixes) == 0 {
		return nil
	}
	return f
}

// Title is title with the query's words in <mark>, or "" when it holds
// none of them.
func (f *Finder) Title(title string) string {
	ms := f.find(title, MaxScan)
	if len(ms) == 0 {
		return ""
	}
	return mark(title, ms, 0, len(title))
}

// Snippet is the passage of about 220 bytes of text's first MaxScan bytes
// that holds the most of the query's distinct words (then the most
// matches), widened to whole words, with the words in <mark>; "" when the
// text holds none of them.
func (f *Finder) Snippet(text string) string {
	ms := f.find(text, MaxScan)
	if len(ms) == 0 {
		return ""
	}
	return bestPassage(text, ms, snippetBytes)
}

// MaxScan bounds the text read and searched for a snippet: the best
// passage of the first 8 KB (a long post's first 1,500 words) costs a
// fraction of reading a 20 MB post, and most posts are shorter.
const MaxScan = 8 << 10

// find returns the matches of the query's words in text's first limit
// bytes, in order. It looks only where a word starts with a term's leading
// letters, found with strings.Index over an ASCII-lower-cased copy, so most
// of a long text is skipped at memory speed.
func (f *Finder) find(text string, limit int) []termMatch {
	if len(text) > limit {
		text = text[:limit]
	}
	f.lower = asciiLowerInto(f.lower[:0], text)
	lower := f.lower
	var out []termMatch
	look := func(key string) {
		k := []byte(key)
		for i := 0; i < len(lower); {
			j := bytes.Index(lower[i:], k)
			if j < 0 {
				return
			}
			at := i + j
			i = at + len(key)
			if before, _ := utf8.DecodeLastRuneInString(text[:at]); at > 0 && isWordRune(before) {
				continue // inside a word
			}
			end := at
			for end < len(text) {
				r, n := utf8.DecodeRuneInString(text[end:])
				if !isWordRune(r) && r != '\'' && r != '’' {
					break
				}
				end += n
			}
			word := strings.TrimRight(text[at:end], "'’")
			if t := f.term(word, lower[at:at+len(word)]); t != "" {
				out = append(out, termMatch{start: at, end: at + len(word), term: t, clauses: f.clauses[t]})
			}
			i = max(i, end)
		}
	}
	for k := range f.keys {
		look(k)
	}
	for _, p := range f.prefixes {
		look(p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	dedup := out[:0]
	for i, m := range out {
		if i == 0 || m.start != out[i-1].start {
			dedup = append(dedup, m)
		}
	}
	return dedup
}

// asciiLowerInto appends s to dst with ASCII letters lower-cased, so byte
// offsets stay valid; dst is reused from hit to hit. Eight bytes at a time:
// every hit's text passes through here, and a byte at a time was the
// costliest part of finding the words.
func asciiLowerInto(dst []byte, s string) []byte {
	n := len(dst)
	dst = append(dst, s...)
	b := dst[n:]
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		low7 := w &^ highs // no carry between bytes below
		atLeastA := low7 + (0x80-'A')*ones
		pastZ := low7 + (0x80-'Z'-1)*ones
		// High bit of each byte that is ASCII (no high bit of its own)
		// and from 'A' to 'Z'.
		if upper := atLeastA &^ pastZ &^ w & highs; upper != 0 {
			binary.LittleEndian.PutUint64(b[i:], w|upper>>2) // 0x80>>2 is 'a'-'A'
		}
	}
	for ; i < len(b); i++ {
		if 'A' <= b[i] && b[i] <= 'Z' {
			b[i] += 'a' - 'A'
		}
	}
	return dst
}

// term is the query term word yields, or "". asciiLower is word with its
// ASCII letters lower-cased (find's copy of the text): the memo's key, so
// a word seen before costs a lookup and no allocation.
func (f *Finder) term(word string, asciiLower []byte) string {
	if t, ok := f.memo[string(asciiLower)]; ok {
		return t
	}
	lower := strings.ToLower(word)
	t := ""
	for _, p := range f.prefixes {
		if strings.HasPrefix(lower, p) {
			t = p
		}
	}
	if t == "" && (len(lower) >= 2 && f.keys[lower[:2]] || len(lower) >= 3 && f.keys[lower[:3]]) {
		for _, tok := range f.filter(lower) {
			if f.terms[string(tok.Term)] {
				t = string(tok.Term)
			}
		}
	}
	f.memo[string(asciiLower)] = t
	return t
}

// filter runs one word through the analyzer's char filters (spelling
// variants folded) and token filters (possessive, lower case, stop words,
// stemmer), skipping its tokenizer: the word is already one token, and
// segmenting it again costs more than the rest.
func (f *Finder) filter(word string) analysis.TokenStream {
	da, ok := f.an.(*analysis.DefaultAnalyzer)
	if !ok {
		return f.an.Analyze([]byte(word))
	}
	in := []byte(word)
	for _, cf := range da.CharFilters {
		in = cf.Filter(in)
	}
	ts := analysis.TokenStream{{Term: in, Start: 0, End: len(in), Position: 1, Type: analysis.AlphaNumeric}}
	for _, tf := range da.TokenFilters {
		ts = tf.Filter(ts)
	}
	return ts
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// bestPassage picks the window of about size bytes that holds the most
// distinct matched terms (then the most matches), widens it to whole words
// and marks the matches.
func bestPassage(text string, ms []termMatch, size int) string {
	ms = clean(text, ms)
	if len(ms) == 0 {
		return ""
	}
	// Number the distinct terms (a query has at most querylang.MaxTerms), so a
	// window's distinct terms are the bits set in one word. A query has
	// few: a list searched in order beats a map, and both live on the
	// stack for a passage of up to 64 matches.
	var idBuf [64]uint8
	ids := idBuf[:0]
	if len(ms) > len(idBuf) {
		ids = make([]uint8, 0, len(ms))
	}
	var termBuf [8]string
	terms := termBuf[:0]
	for _, m := range ms {
		n := slices.Index(terms, m.term)
		if n < 0 {
			n = len(terms)
			terms = append(terms, m.term)
		}
		ids = append(ids, uint8(n%64))
	}
	best, bestTerms, bestCount := 0, -1, 0
	for i := range ms {
		var set uint64
		j := i
		for ; j < len(ms) && ms[j].end-ms[i].start <= size; j++ {
			set |= 1 << ids[j]
		}
		if n := bits.OnesCount64(set); n > bestTerms || n == bestTerms && j-i > bestCount {
			best, bestTerms, bestCount = i, n, j-i
		}
	}
	last := best + bestCount - 1
	// Centre the matches in the window, then snap to word boundaries.
	slack := size - (ms[last].end - ms[best].start)
	start := max(0, ms[best].start-slack/3)
	end := min(len(text), start+size)
	if end-start < size {
		start = max(0, end-size)
	}
	start = wordStart(text, start, ms[best].start)
	end = wordEnd(text, end, ms[last].end)
	return mark(text, ms, start, end)
}

// clean sorts matches and drops any that overlap or don't fall on UTF-8
// boundaries of text (a stale location must never split a character).
func clean(text string, ms []termMatch) []termMatch {
	sort.Slice(ms, func(i, j int) bool { return ms[i].start < ms[j].start })
	out := ms[:0]
	last := -1
	for _, m := range ms {
		if m.start < last || m.end > len(text) || m.start >= m.end ||
			!utf8.RuneStart(text[m.start]) || m.end < len(text) && !utf8.RuneStart(text[m.end]) {
			continue
		}
		out = append(out, m)
		last = m.end
	}
	return out
}

// mark escapes text[start:end] and wraps the matches inside it in <mark>,
// with an ellipsis where the passage cuts the text.
func mark(text string, ms []termMatch, start, end int) string {
	ms = clean(text, ms)
	var b strings.Builder
	b.Grow(end - start + len(ms)*13 + 8)
	if start > 0 {
		b.WriteString("…")
	}
	pos := start
	for _, m := range ms {
		if m.start < pos || m.end > end {
			continue
		}
		writeSquashed(&b, text[pos:m.start])
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[m.start:m.end]))
		b.WriteString("</mark>")
		pos = m.end
	}
	writeSquashed(&b, text[pos:end])
	if end < len(text) {
		b.WriteString("…")
	}
	return b.String()
}

// writeSquashed writes s to b as html.EscapeString(squash(s)) would, in
// one pass and without a copy.
func writeSquashed(b *strings.Builder, s string) {
	if !strings.ContainsAny(s, "\n\t\r") && !strings.Contains(s, "  ") {
		htmlEscaper.WriteString(b, s)
		return
	}
	space := false
	run := 0 // start of the bytes not yet written
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case unicode.IsSpace(r):
			htmlEscaper.WriteString(b, s[run:i])
			space = true // written once, before the next word
			run = i + size
		case space:
			b.WriteByte(' ')
			space = false
		}
		if r == utf8.RuneError && size == 1 {
			// As ranging over s does.
			htmlEscaper.WriteString(b, s[run:i])
			b.WriteString("\uFFFD")
			run = i + size
		}
		i += size
	}
	htmlEscaper.WriteString(b, s[run:])
	if space {
		b.WriteByte(' ')
	}
}

// htmlEscaper escapes as html.EscapeString does, writing to a builder.
var htmlEscaper = strings.NewReplacer(`&`, "&amp;", `'`, "&#39;", `<`, "&lt;", `>`, "&gt;", `"`, "&#34;")

// wordStart moves i back to the start of a word (never past limit).
func wordStart(text string, i, limit int) int {
	if i <= 0 {
		return 0
	}
	for j := i; j > 0 && i-j < 30; j-- {
		if isSpaceByte(text[j-1]) {
			return j
		}
	}
	for i < limit && !utf8.RuneStart(text[i]) {
		i++
	}
	return i
}

// wordEnd moves i forward to the end of a word (never before limit).
func wordEnd(text string, i, limit int) int {
	if i >= len(text) {
		return len(text)
	}
	for j := i; j < len(text) && j-i < 30; j++ {
		if isSpaceByte(text[j]) {
			return j
		}
	}
	for i > limit && i < len(text) && !utf8.RuneStart(text[i]) {
		i--
	}
	return i
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' }
