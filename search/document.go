package search

import (
	"fmt"
	"reflect"
	"runtime"
	"time"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/freerange/weeknotes/search/archive"
)

// prepared is a post made ready for the index away from the builder's
// goroutine: its Bleve document, already analysed. Analysis was a third
// of a build's CPU, and Bleve would otherwise do it inside Batch, which
// the builder waits on; done in the renderers' goroutines it runs beside
// everything else.
type prepared struct {
	doc *document.Document
}

// preparer analyses posts the way the mapping says and counts their words
// for the vocabulary. It is safe for concurrent use: each goroutine
// borrows a worker of its own.
type preparer struct {
	tokenizer wordTokenizer
	filters   []analysis.TokenFilter     // the analyzer's, but for its stemmer
	options   index.FieldIndexingOptions // of the text field
	fieldOpts map[string]index.FieldIndexingOptions
	keyword   analysis.Analyzer
	workers   chan *prepWorker
}

func newPreparer(m *mapping.IndexMappingImpl) (*preparer, error) {
	an, ok := proseAnalyzerFast().(*analysis.DefaultAnalyzer)
	if !ok || len(an.TokenFilters) == 0 {
		return nil, fmt.Errorf("analyzer %s is not a default analyzer", proseAnalyzer)
	}
	tok, okT := an.Tokenizer.(wordTokenizer)
	_, okS := an.TokenFilters[len(an.TokenFilters)-1].(stemFilter)
	if !okT || !okS {
		return nil, fmt.Errorf("analyzer %s is not the fast en", proseAnalyzer)
	}
	// One worker per core is enough for the goroutines that can run at
	// once; a goroutine past that waits for one.
	n := runtime.GOMAXPROCS(0)
	pr := &preparer{fieldOpts: map[string]index.FieldIndexingOptions{}, tokenizer: tok, filters: an.TokenFilters[:len(an.TokenFilters)-1], options: fieldOptions(m, fieldText),
		workers: make(chan *prepWorker, n), keyword: m.AnalyzerNamed(keyword.Name)}
	for _, f := range []string{fieldAuthor, fieldTopics, fieldProjects, fieldKind, fieldYear, fieldMonth, fieldDate, fieldWeek, fieldMeta, fieldHTML} {
		pr.fieldOpts[f] = fieldOptions(m, f)
	}
	if pr.keyword == nil {
		return nil, fmt.Errorf("no %s analyzer", keyword.Name)
	}
	for range n {
		pr.workers <- &prepWorker{ids: map[string]int32{}, stemIDs: map[string]int32{}}
	}
	return pr, nil
}

// prepWorker is one goroutine's state while preparing: its tokens, reused
// from post to post, and its share of the vocabulary.
//
// The vocabulary is the analyzer's terms just before stemming (lower-cased,
// possessives and stop words gone: "don't", "cotech", "v3.0.0"), and each
// term is looked up once per use for both its stem and its count, so
// counting the vocabulary costs next to nothing on top of stemming.
type prepWorker struct {
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
func (w *prepWorker) newTerm(term []byte) int32 {
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
func (w *prepWorker) frequencies(tokens analysis.TokenStream, ids []int32) index.TokenFrequencies {
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

// prepare analyses p: the text field's terms, with positions for phrase
// queries, exactly as the prose analyzer would (the test
// TestPrepareMatchesAnalyzer holds it to that); and counts its terms for
// the vocabulary.
func (pr *preparer) prepare(p archive.Post) *prepared {
	input := []byte(p.Title + "\n\n" + p.Text)
	w := <-pr.workers
	defer func() { pr.workers <- w }()
	w.sink.reuse()
	tokens := pr.tokenizer.tokenizeInto(input, &w.sink)
	for _, f := range pr.filters {
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
	var freqs index.TokenFrequencies
	if keywords || !pr.options.IncludeTermVectors() || pr.options.SkipFreqNorm() {
		// Not the prose field as it is; do it Bleve's way.
		var buf []byte
		for i, t := range tokens {
			if !t.KeyWord {
				buf = applyStem(t, w.stems[ids[i]], buf)
			}
		}
		freqs = analysis.TokenFrequency(tokens, nil, pr.options)
	} else {
		freqs = w.frequencies(tokens, ids)
	}
	doc := document.NewDocument(p.Name)
	doc.AddField(&analyzedField{
		name: fieldText,
		// Stored as written: the filters lower-case tokens in place, and
		// tokens share input's bytes.
		value:       []byte(p.Title + "\n\n" + p.Text),
		options:     pr.options,
		length:      len(tokens),
		frequencies: freqs,
		// Bleve asks each document's size for its memory statistics, and
		// summing every token's size then cost 4% of a build: estimated
		// once here from the counts.
		size: sizeAnalyzedField + len(input) + len(freqs)*sizeTokenFreq + len(tokens)*sizeTokenLocation,
	})
	pr.addFields(doc, p)
	return &prepared{doc: doc}
}

// addFields adds p's facet, date, week and stored fields to doc, as the
// mapping would map them.
func (pr *preparer) addFields(doc *document.Document, p archive.Post) {
	keyword := func(name string, values ...string) {
		for i, v := range values {
			if v == "" {
				continue
			}
			var pos []uint64
			if len(values) > 1 {
				pos = []uint64{uint64(i)}
			}
			doc.AddField(document.NewTextFieldCustom(name, pos, []byte(v), pr.fieldOpts[name], pr.keyword))
		}
	}
	slugs := func(ts []archive.Term) []string {
		out := make([]string, len(ts))
		for i, t := range ts {
			out[i] = t.Slug
		}
		return out
	}
	keyword(fieldAuthor, p.Author.Slug)
	keyword(fieldTopics, slugs(p.Topics)...)
	keyword(fieldProjects, slugs(p.Projects)...)
	keyword(fieldKind, p.Kind)
	keyword(fieldYear, yearOf(p.Created))
	keyword(fieldMonth, monthOf(p.Created))
	if f, err := document.NewDateTimeFieldWithIndexingOptions(fieldDate, nil, wallClock(p.Created), time.RFC3339, pr.fieldOpts[fieldDate]); err == nil {
		doc.AddField(f)
	}
	if p.Week > 0 {
		doc.AddField(document.NewNumericFieldWithIndexingOptions(fieldWeek, nil, float64(p.Week), pr.fieldOpts[fieldWeek]))
	}
	doc.AddField(document.NewTextFieldCustom(fieldMeta, nil, encodeMeta(p), pr.fieldOpts[fieldMeta], pr.keyword))
	doc.AddField(document.NewTextFieldCustom(fieldHTML, nil, []byte(p.HTML), pr.fieldOpts[fieldHTML], pr.keyword))
}

// distinctTerms is the vocabulary's terms of text (see prepWorker), each
// once.
func (pr *preparer) distinctTerms(text string) map[string]struct{} {
	tokens := pr.tokenizer.Tokenize([]byte(text))
	for _, f := range pr.filters {
		tokens = f.Filter(tokens)
	}
	out := make(map[string]struct{}, len(tokens)/2)
	for _, t := range tokens {
		out[string(t.Term)] = struct{}{}
	}
	return out
}

// vocabulary merges every worker's counts. The preparer must not be used
// after it.
func (pr *preparer) vocabulary() map[string]uint32 {
	all := map[string]uint32{}
	for range cap(pr.workers) {
		w := <-pr.workers
		for term, id := range w.ids {
			all[term] += w.count[id]
		}
	}
	return all
}

// analyzedField is a text field analysed before it reaches Bleve: Analyze,
// which Bleve calls inside Batch, has nothing left to do.
type analyzedField struct {
	name        string
	value       []byte
	options     index.FieldIndexingOptions
	length      int
	frequencies index.TokenFrequencies
	size        int
}

var (
	sizeAnalyzedField = int(reflect.TypeOf(analyzedField{}).Size())
	sizeTokenFreq     = int(reflect.TypeOf(index.TokenFreq{}).Size()) + 16 // and its term
	sizeTokenLocation = int(reflect.TypeOf(index.TokenLocation{}).Size()) + 8
)

func (f *analyzedField) Name() string                        { return f.name }
func (f *analyzedField) ArrayPositions() []uint64            { return nil }
func (f *analyzedField) Options() index.FieldIndexingOptions { return f.options }
func (f *analyzedField) Analyze()                            {}
func (f *analyzedField) Value() []byte                       { return f.value }
func (f *analyzedField) NumPlainTextBytes() uint64           { return uint64(len(f.value)) }
func (f *analyzedField) EncodedFieldType() byte              { return 't' }
func (f *analyzedField) AnalyzedLength() int                 { return f.length }
func (f *analyzedField) AnalyzedTokenFrequencies() index.TokenFrequencies {
	return f.frequencies
}
func (f *analyzedField) Size() int { return f.size }

// wallClock is t's date and time as written, read as UTC: the date field
// holds it so that a range of calendar years or months over it agrees
// with the year and month fields (a post of 23:00 on 31 December, -05:00,
// belongs to that year, as its author dated it).
func wallClock(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}
