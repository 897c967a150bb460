package search

import (
	"fmt"
	"reflect"
	"runtime"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// prepared is a post made ready for the index away from the builder's
// goroutine: its Bleve document, already analysed. Analysis is most of a
// build's CPU, and Bleve would otherwise do it inside Batch, which the
// builder waits on; done in the renderers' goroutines it runs beside
// everything else.
type prepared struct {
	doc *document.Document
}

// preparer analyses posts the way the mapping says and counts their words
// for the vocabulary. It is safe for concurrent use: analyzers are, and
// each goroutine borrows a counter of its own.
type preparer struct {
	analyzer analysis.DefaultAnalyzer
	options  index.FieldIndexingOptions
	counters chan *vocabCounter
}

func newPreparer(m mapping.IndexMapping) (*preparer, error) {
	fm := m.(*mapping.IndexMappingImpl).DefaultMapping.Properties[fieldText].Fields[0]
	an, ok := m.AnalyzerNamed(fm.Analyzer).(*analysis.DefaultAnalyzer)
	if !ok {
		return nil, fmt.Errorf("analyzer %q of field %s is not a tokenizer and filters", fm.Analyzer, fieldText)
	}
	// One counter per core is enough for the goroutines that can run at
	// once; a goroutine past that waits for one.
	n := runtime.GOMAXPROCS(0)
	pr := &preparer{analyzer: *an, options: fm.Options(), counters: make(chan *vocabCounter, n)}
	for range n {
		pr.counters <- newVocabCounter()
	}
	return pr, nil
}

// prepare analyses p: the text field's terms, with positions for phrase
// queries; and counts its words as written, lower-cased, for the
// vocabulary (spelling suggestions and completions).
func (pr *preparer) prepare(p Post) *prepared {
	input := []byte(p.Title + "\n\n" + p.Text)
	tokens := pr.analyzer.Tokenizer.Tokenize(input)
	// Before the filters, which change terms in place.
	c := <-pr.counters
	c.addPost(tokens)
	pr.counters <- c
	for _, f := range pr.analyzer.TokenFilters {
		tokens = f.Filter(tokens)
	}
	freqs := analysis.TokenFrequency(tokens, nil, pr.options)
	doc := document.NewDocument(p.Name)
	doc.AddField(&analyzedField{
		name:        fieldText,
		value:       input,
		options:     pr.options,
		length:      len(tokens),
		frequencies: freqs,
		// Bleve asks each document's size for its memory statistics, and
		// summing every token's size then cost 4% of a build: estimated
		// once here from the counts.
		size: sizeAnalyzedField + len(input) + len(freqs)*sizeTokenFreq + len(tokens)*sizeTokenLocation,
	})
	return &prepared{doc: doc}
}

// vocabulary merges every counter's counts. The preparer must not be used
// after it.
func (pr *preparer) vocabulary() map[string]uint32 {
	all := map[string]uint32{}
	for range cap(pr.counters) {
		(<-pr.counters).addTo(all)
	}
	return all
}

// eachWord calls fn with each lower-cased word of tokens: each token split
// at anything but a letter or digit ("don't" gives "don" and "t"). The
// slice is reused from call to call.
func eachWord(tokens analysis.TokenStream, fn func(word []byte)) {
	var buf []byte
	for _, t := range tokens {
		buf = buf[:0]
		for i := 0; i < len(t.Term); {
			c := t.Term[i]
			if c < utf8.RuneSelf {
				i++
				switch {
				case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
					buf = append(buf, c)
					continue
				case 'A' <= c && c <= 'Z':
					buf = append(buf, c+'a'-'A')
					continue
				}
			} else {
				r, n := utf8.DecodeRune(t.Term[i:])
				i += n
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					buf = utf8.AppendRune(buf, unicode.ToLower(r))
					continue
				}
			}
			if len(buf) > 0 {
				fn(buf)
				buf = buf[:0]
			}
		}
		if len(buf) > 0 {
			fn(buf)
		}
	}
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
