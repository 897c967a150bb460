package schema

import (
	"fmt"
	"reflect"
	"time"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/freerange/weeknotes/search/analysis"
	"github.com/freerange/weeknotes/search/archive"
)

// Prepared is a post made ready for the index away from the builder's
// goroutine: its Bleve document, already analysed. Analysis was a third
// of a build's CPU, and Bleve would otherwise do it inside Batch, which
// the builder waits on; done in the renderers' goroutines it runs beside
// everything else.
type Prepared struct {
	Doc    *document.Document // for Batch.IndexAdvanced
	Length int                // tokens in the text field, as BM25 counts a field's length
}

// Preparer analyses posts the way the mapping says and counts their words
// for the vocabulary. It is safe for concurrent use.
type Preparer struct {
	terms     *analysis.Counter          // the text field's analysis
	options   index.FieldIndexingOptions // of the text field
	fieldOpts map[string]index.FieldIndexingOptions
	keyword   bleveanalysis.Analyzer
}

func NewPreparer(m *mapping.IndexMappingImpl) (*Preparer, error) {
	options := FieldOptions(m, FieldText)
	terms, err := analysis.NewCounter(options)
	if err != nil {
		return nil, err
	}
	pr := &Preparer{terms: terms, options: options, fieldOpts: map[string]index.FieldIndexingOptions{}, keyword: m.AnalyzerNamed(keyword.Name)}
	for _, f := range []string{FieldAuthor, FieldTopics, FieldProjects, FieldKind, FieldYear, FieldMonth, FieldLinks, FieldDate, FieldWeek, FieldMeta, FieldHTML} {
		pr.fieldOpts[f] = FieldOptions(m, f)
	}
	if pr.keyword == nil {
		return nil, fmt.Errorf("no %s analyzer", keyword.Name)
	}
	return pr, nil
}

// prepare analyses p: the text field's terms, with positions for phrase
// queries, exactly as the prose analyzer would (the test
// TestPrepareMatchesAnalyzer holds it to that); and counts its terms for
// the vocabulary.
func (pr *Preparer) Prepare(p archive.Post) *Prepared {
	// Stored as written: the filters lower-case tokens in place, and
	// tokens share input's bytes, so input is a copy.
	value := make([]byte, 0, len(p.Title)+len(textSeparator)+len(p.Text))
	value = append(append(append(value, p.Title...), textSeparator...), p.Text...)
	input := append([]byte(nil), value...)
	length, freqs := pr.terms.Frequencies(input)
	doc := document.NewDocument(p.Name)
	doc.AddField(&analyzedField{
		name:        FieldText,
		value:       value,
		options:     pr.options,
		length:      length,
		frequencies: freqs,
		// Bleve asks each document's size for its memory statistics, and
		// summing every token's size then cost 4% of a build: estimated
		// once here from the counts.
		size: sizeAnalyzedField + len(input) + len(freqs)*sizeTokenFreq + length*sizeTokenLocation,
	})
	pr.addFields(doc, p)
	return &Prepared{Doc: doc, Length: length}
}

// addFields adds p's facet, date, week and stored fields to doc, as the
// mapping would map them.
func (pr *Preparer) addFields(doc *document.Document, p archive.Post) {
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
	keyword(FieldAuthor, p.Author.Slug)
	keyword(FieldTopics, slugs(p.Topics)...)
	keyword(FieldProjects, slugs(p.Projects)...)
	keyword(FieldKind, p.Kind)
	keyword(FieldYear, YearOf(p.Created))
	keyword(FieldMonth, MonthOf(p.Created))
	keyword(FieldLinks, p.Links...)
	if f, err := document.NewDateTimeFieldWithIndexingOptions(FieldDate, nil, wallClock(p.Created), time.RFC3339, pr.fieldOpts[FieldDate]); err == nil {
		doc.AddField(f)
	}
	if p.Week > 0 {
		doc.AddField(document.NewNumericFieldWithIndexingOptions(FieldWeek, nil, float64(p.Week), pr.fieldOpts[FieldWeek]))
	}
	doc.AddField(document.NewTextFieldCustom(FieldMeta, nil, EncodeMeta(p), pr.fieldOpts[FieldMeta], pr.keyword))
	doc.AddField(document.NewTextFieldCustom(FieldHTML, nil, []byte(p.HTML), pr.fieldOpts[FieldHTML], pr.keyword))
}

// Length is how many tokens the text field of a post with this title and
// text holds (what Prepare gives as Prepared.Length).
func (pr *Preparer) Length(title, text string) int {
	n, _ := pr.terms.Frequencies([]byte(TextValue(title, text)))
	return n
}

// distinctTerms is the vocabulary's terms of text (see analysis.Counter),
// each once.
func (pr *Preparer) DistinctTerms(text string) map[string]struct{} {
	return pr.terms.DistinctTerms(text)
}

// vocabulary merges the counts of every post Prepared: term -> the posts
// that use it. The Preparer must not be used after it.
func (pr *Preparer) Vocabulary() map[string]uint32 { return pr.terms.Vocabulary() }

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
