package schema

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/freerange/weeknotes/search/analysis"
)

// Version changes whenever the mapping or the stored document
// changes; an index built with another version is rebuilt, not read.
const Version = 18

// Field names in the Bleve index. Every post is one document, its ID the
// post's name. The mapping names only analyzers Bleve registers itself, or
// defines from Bleve's parts, so plain Bleve opens the index (bleve.Open)
// and can query and facet it.
const (
	// Title and body, analysed as prose (analysis.MappedName: spelling
	// variants folded, then Bleve's en), with term vectors for phrases and
	// stored, so every cache can be rebuilt from the index.
	FieldText = "text"

	// Facet fields: keyword, with doc values, holding the slugs the JSON
	// API uses as facet values.
	FieldAuthor   = "author"
	FieldTopics   = "topics"
	FieldProjects = "projects"
	FieldKind     = "kind"
	FieldYear     = "year"  // "2018"
	FieldMonth    = "month" // "2018-02"

	// The flat addresses the post links to (archive.Post.Links): keyword,
	// searched (a person's name finds the posts that link to them), not
	// faceted, so no doc values.
	FieldLinks = "links"

	FieldDate = "date" // datetime: the post's creation time
	FieldWeek = "week" // number: the week's number; absent when not a numbered week

	// Stored only: what result lists and post pages show.
	FieldMeta = "meta" // the post's metadata as JSON (storedPost)
	FieldHTML = "html" // the rendered, sanitised HTML
)

// Mapping is the whole schema: one static document mapping so nothing
// is indexed by accident.
//
// Title and body are one field: a word then costs one posting list, not two
// (matching each word in "title OR body" took most of a query's time). The
// title's weight is added in memory from each post's title terms; see
// titleBonus.
func Mapping() *mapping.IndexMappingImpl {
	prose := bleve.NewTextFieldMapping()
	prose.Analyzer = analysis.MappedName
	prose.Store = true
	prose.IncludeTermVectors = true // phrase queries need positions
	prose.IncludeInAll = false
	prose.DocValues = false

	facet := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false // the values are in meta too
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = true
		return f
	}
	date := bleve.NewDateTimeFieldMapping()
	date.Store, date.IncludeInAll, date.DocValues = false, false, true
	week := bleve.NewNumericFieldMapping()
	week.Store, week.IncludeInAll, week.DocValues = false, false, true
	stored := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = keyword.Name
		f.Index = false
		f.Store = true
		f.IncludeTermVectors, f.IncludeInAll, f.DocValues = false, false, false
		return f
	}

	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(FieldText, prose)
	for _, name := range []string{FieldAuthor, FieldTopics, FieldProjects, FieldKind, FieldYear, FieldMonth} {
		doc.AddFieldMappingsAt(name, facet())
	}
	links := facet()
	links.DocValues = false
	doc.AddFieldMappingsAt(FieldLinks, links)
	doc.AddFieldMappingsAt(FieldDate, date)
	doc.AddFieldMappingsAt(FieldWeek, week)
	doc.AddFieldMappingsAt(FieldMeta, stored())
	doc.AddFieldMappingsAt(FieldHTML, stored())
	// No _all field: nothing searches it, and Bleve builds it for every
	// document unless it is disabled (a seventh of a 10,000-post build).
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())

	m := bleve.NewIndexMapping()
	// The prose analyzer, defined from Bleve's own parts, so that plain
	// Bleve opens the index and analyses queries as it was indexed.
	if err := analysis.DefineMapped(m); err != nil {
		panic(err) // a constant definition that every test builds: cannot fail
	}
	m.ScoringModel = index.BM25Scoring
	m.DefaultMapping = doc
	m.DefaultAnalyzer = analysis.MappedName
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m
}

// fieldOptions is what the mapping says of a field, for documents built by
// hand (document.go) to match it exactly.
func FieldOptions(m *mapping.IndexMappingImpl, field string) index.FieldIndexingOptions {
	return m.DefaultMapping.Properties[field].Fields[0].Options()
}
