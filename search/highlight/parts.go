package highlight

import (
	"math/bits"
	"sort"
)

// Found is where the query's words fall in one text, found in one pass for
// both the text's snippet and the parts of it (a post's sections) that hold
// them.
type Found struct {
	text string
	ms   []termMatch // in order, none overlapping
}

// Find finds the query's words in the whole of text: the caller bounds
// how much it reads.
func (f *Finder) Find(text string) Found {
	return Found{text: text, ms: clean(text, f.find(text, len(text)))}
}

// Text is the text the words were found in.
func (fd Found) Text() string { return fd.text }

// Snippet is what Finder.Snippet gives for the text: the best passage of
// its first MaxScan bytes.
func (fd Found) Snippet() string {
	cut := min(len(fd.text), MaxScan)
	n := sort.Search(len(fd.ms), func(i int) bool { return fd.ms[i].end > cut })
	if n == 0 {
		return ""
	}
	// bestPassage cleans the matches in place: Find's are clean already,
	// so they stay as they are.
	return bestPassage(fd.text[:cut], fd.ms[:n], snippetBytes)
}

// Part is what text[start:end] holds of the query: the clauses of
// Parsed.Must it has words of, as bits (bit i for Must[i]), and how many of
// the query's words it has.
func (fd Found) Part(start, end int) (clauses uint64, words int) {
	for _, m := range fd.within(start, end) {
		clauses |= m.clauses
		words++
	}
	return clauses, words
}

// Clauses is how many clauses a Part's bits name.
func Clauses(bitset uint64) int { return bits.OnesCount64(bitset) }

// PartSnippet is the passage of about size bytes of text[start:end] that
// holds the most of the query's distinct words, marked as Snippet marks
// them, with an ellipsis where it cuts the part; the part's opening,
// unmarked, when it holds none of them; "" when it is only white space
// (which it never starts or ends with).
func (fd Found) PartSnippet(start, end, size int) string {
	for start < end && isSpaceByte(fd.text[start]) {
		start++
	}
	for end > start && isSpaceByte(fd.text[end-1]) {
		end--
	}
	if start >= end {
		return ""
	}
	part := fd.text[start:end]
	in := fd.within(start, end)
	if len(in) == 0 {
		return mark(part, nil, 0, wordEnd(part, min(size, len(part)), 0))
	}
	ms := make([]termMatch, len(in))
	for i, m := range in {
		m.start -= start
		m.end -= start
		ms[i] = m
	}
	return bestPassage(part, ms, size)
}

// MarkLine is line, which the text holds at start (a section's heading),
// escaped, with the query's words in <mark> as found there; "" when the
// text at start is not line.
func (fd Found) MarkLine(start int, line string) string {
	end := start + len(line)
	if start < 0 || end > len(fd.text) || fd.text[start:end] != line {
		return ""
	}
	in := fd.within(start, end)
	ms := make([]termMatch, len(in))
	for i, m := range in {
		m.start -= start
		m.end -= start
		ms[i] = m
	}
	return mark(line, ms, 0, len(line))
}

// within is the matches wholly inside text[start:end].
func (fd Found) within(start, end int) []termMatch {
	i := sort.Search(len(fd.ms), func(i int) bool { return fd.ms[i].start >= start })
	j := i + sort.Search(len(fd.ms)-i, func(k int) bool { return fd.ms[i+k].end > end })
	return fd.ms[i:j]
}
