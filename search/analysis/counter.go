package analysis

import (
	"fmt"
	"runtime"

	"github.com/blevesearch/bleve/v2/analysis"
	index "github.com/blevesearch/bleve_index_api"
)

// Counter analyses the prose of posts for a build, as Prose would, and
// counts the posts that use each term for the vocabulary. It is safe for
// concurrent use: each goroutine borrows a worker of its own, one per
// core, and a goroutine past that waits for one.
//
// The vocabulary is the analyzer's terms just before stemming (spellings
// folded, lower-cased, possessives and stop words gone: "don't", "cotech",
// "v3.0.0", "organization" for "organisation"), and each
// term is looked up once per use for both its stem and its count, so
// counting the vocabulary costs next to nothing on top of stemming.
type Counter struct {
	tokenizer wordTokenizer
	filters   []analysis.TokenFilter     // Prose's, but for its stemmer
	options   index.FieldIndexingOptions // of the field the frequencies are for
	workers   chan *worker
}

// NewCounter makes a Counter whose Frequencies are for a field indexed
// with options.
func NewCounter(options index.FieldIndexingOptions) (*Counter, error) {
	an, ok := Prose().(*analysis.DefaultAnalyzer)
	if !ok || len(an.TokenFilters) == 0 {
		return nil, fmt.Errorf("analyzer %s is not a default analyzer", Name)
	}
	tok, okT := an.Tokenizer.(wordTokenizer)
	_, okS := an.TokenFilters[len(an.TokenFilters)-1].(stemFilter)
	okF := len(an.CharFilters) == 1
	if okF {
		_, okF = an.CharFilters[0].(foldFilter)
	}
	if !okT || !okS || !okF {
		return nil, fmt.Errorf("analyzer %s is not the fast en", Name)
	}
	n := runtime.GOMAXPROCS(0)
	c := &Counter{tokenizer: tok, filters: an.TokenFilters[:len(an.TokenFilters)-1], options: options, workers: make(chan *worker, n)}
	for range n {
		c.workers <- &worker{ids: map[string]int32{}, stemIDs: map[string]int32{}}
	}
	return c, nil
}

// worker is one goroutine's state: its tokens, reused from text to text,
// and its share of the vocabulary.
type worker struct {
	sink  tokenSink
	ids   map[string]int32 // term -> index of the slices below
	stems []stemmed
	stem  []int32  // the index of the term's stem in stemIDs' numbering
	count []uint32 // posts that use the term
	last  []uint32 // the last post (this worker's numbering) to use it
	post  uint32

	stemIDs  map[string]int32 // stem -> its number
	stemLast []uint32         // the last post to use the stem
	stemSlot []int32          // the stem's place in that post's frequencies
	tokenIDs []int32          // the current post's tokens' term numbers
	slots    []int32          // the current post's tokens' places in its frequencies
	groups   []stemGroup      // the current post's stems
}

// stemGroup is one stem of a post: its first token and how many it has.
type stemGroup struct{ first, n int32 }

// newTerm numbers a term the worker hasn't seen, with its stem.
func (w *worker) newTerm(term []byte) int32 {
	id := int32(len(w.stems))
	w.ids[string(term)] = id
	st := stemmed{keep: len(term)}
	if !unstemmed(term) {
		st = stems.stem(term)
	}
	stem := string(term[:st.keep]) + st.tail
	sid, ok := w.stemIDs[stem]
	if !ok {
		sid = int32(len(w.stemLast))
		w.stemIDs[stem] = sid
		w.stemLast = append(w.stemLast, 0)
		w.stemSlot = append(w.stemSlot, 0)
	}
	w.stems = append(w.stems, st)
	w.stem = append(w.stem, sid)
	w.count = append(w.count, 0)
	w.last = append(w.last, 0)
	return id
}

// frequencies is analysis.TokenFrequency for stemmed tokens, given each
// token's term number, without a map lookup per token or an allocation
// per term: terms are grouped by their stems' numbers, and the
// frequencies and locations of a post each come from one allocation.
// Locations are in token order, as Bleve's are. tokens are unstemmed; only
// the first token of each stem is stemmed, to give the index its bytes.
func (w *worker) frequencies(tokens analysis.TokenStream, ids []int32) index.TokenFrequencies {
	groups := w.groups[:0]
	slots := w.slots[:0]
	for i, id := range ids {
		sid := w.stem[id]
		if w.stemLast[sid] != w.post {
			w.stemLast[sid] = w.post
			w.stemSlot[sid] = int32(len(groups))
			groups = append(groups, stemGroup{first: int32(i)})
		}
		slot := w.stemSlot[sid]
		groups[slot].n++
		slots = append(slots, slot)
	}
	w.slots, w.groups = slots, groups
	freqs := make([]index.TokenFreq, len(groups))
	locs := make([]index.TokenLocation, len(tokens))
	ptrs := make([]*index.TokenLocation, len(tokens))
	off := int32(0)
	for g := range groups {
		freqs[g].Locations = ptrs[off : off : off+groups[g].n]
		off += groups[g].n
	}
	for i, t := range tokens {
		locs[i] = index.TokenLocation{Start: t.Start, End: t.End, Position: t.Position}
		f := &freqs[slots[i]]
		f.Locations = append(f.Locations, &locs[i])
	}
	rv := make(index.TokenFrequencies, len(groups))
	var buf []byte // stems that are not prefixes of their terms; kept by the index
	for g, gr := range groups {
		t := tokens[gr.first]
		buf = applyStem(t, w.stems[ids[gr.first]], buf)
		freqs[g].Term = t.Term
		freqs[g].SetFrequency(int(gr.n))
		rv[string(t.Term)] = &freqs[g]
	}
	return rv
}

// Frequencies analyses one post's text as Prose would and gives its
// length in tokens and its term frequencies, with positions for phrase
// queries when the field's options ask for them, exactly as
// analysis.TokenFrequency over Prose's tokens would give them; and counts
// the post once for each term it uses in the vocabulary.
//
// input is rewritten (folded, lower-cased) and the frequencies' terms share its
// bytes: the caller hands over memory that is no one else's.
func (c *Counter) Frequencies(input []byte) (int, index.TokenFrequencies) {
	w := <-c.workers
	defer func() { c.workers <- w }()
	w.sink.reuse()
	tokens := c.tokenizer.tokenizeInto(fold(input), &w.sink)
	for _, f := range c.filters {
		tokens = f.Filter(tokens)
	}
	w.post++
	keywords := false
	ids := w.tokenIDs[:0]
	for _, t := range tokens {
		id, ok := w.ids[string(t.Term)]
		if !ok {
			id = w.newTerm(t.Term)
		}
		if w.last[id] != w.post {
			w.last[id] = w.post
			w.count[id]++
		}
		ids = append(ids, id)
		keywords = keywords || t.KeyWord
	}
	w.tokenIDs = ids
	if keywords || !c.options.IncludeTermVectors() || c.options.SkipFreqNorm() {
		// Not the prose field as it is; do it Bleve's way.
		var buf []byte
		for i, t := range tokens {
			if !t.KeyWord {
				buf = applyStem(t, w.stems[ids[i]], buf)
			}
		}
		return len(tokens), analysis.TokenFrequency(tokens, nil, c.options)
	}
	return len(tokens), w.frequencies(tokens, ids)
}

// DistinctTerms is the vocabulary's terms of text (see Counter), each
// once. It counts nothing.
func (c *Counter) DistinctTerms(text string) map[string]struct{} {
	tokens := c.tokenizer.Tokenize(fold([]byte(text)))
	for _, f := range c.filters {
		tokens = f.Filter(tokens)
	}
	out := make(map[string]struct{}, len(tokens)/2)
	for _, t := range tokens {
		out[string(t.Term)] = struct{}{}
	}
	return out
}

// VocabularyTerms are text's terms as the vocabulary has them (see
// Counter), in order: Prose's tokens before stemming. A stop word has
// none; "Visualisation's" has "visualization".
func VocabularyTerms(text string) []string {
	an := Prose().(*analysis.DefaultAnalyzer) // as NewCounter checks
	tokens := an.Tokenizer.Tokenize(fold([]byte(text)))
	for _, f := range an.TokenFilters[:len(an.TokenFilters)-1] { // all but the stemmer
		tokens = f.Filter(tokens)
	}
	out := make([]string, len(tokens))
	for i, t := range tokens {
		out[i] = string(t.Term)
	}
	return out
}

// Vocabulary merges every worker's counts: term -> the posts that use it.
// The Counter must not be used after it.
func (c *Counter) Vocabulary() map[string]uint32 {
	all := map[string]uint32{}
	for range cap(c.workers) {
		w := <-c.workers
		for term, id := range w.ids {
			all[term] += w.count[id]
		}
	}
	return all
}
