package search

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// SchemaVersion changes whenever the mapping or the stored document
// changes; an index built with another version is rebuilt, not read.
const SchemaVersion = 9

// Field names in the index.
const (
	fieldText = "text" // title and body, prose analyzer (Bleve's en, faster), term vectors for phrases
)

// Facets whose labels the catalog keeps (Catalog.Labels keys). Facet values
// are not indexed by Bleve: the in-memory table filters and counts them.
const (
	fieldAuthor   = "author"
	fieldTopics   = "topics"
	fieldProjects = "projects"
)

// buildMapping is the whole schema: one static document mapping so nothing
// is indexed by accident, and prose with the English analyzer (Bleve's en,
// made faster: see analyzer.go). The vocabulary, terms before stemming, for spelling
// suggestions, is in words.fst. Facets, dates and weeks are not indexed:
// the in-memory table (posts.gob) filters, counts and sorts by
// them, which at 100,000 posts is an order of magnitude faster than Bleve's
// doc values and keeps them out of every batch.
//
// Title and body are one field: a word then costs one posting list, not two
// (matching each word in "title OR body" took most of a query's time). The
// title's weight is added in memory from each post's title terms; see
// titleBonus.
func buildMapping() mapping.IndexMapping {
	prose := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = proseAnalyzer
		f.Store = false             // text.dat holds the text for snippets
		f.IncludeTermVectors = true // phrase queries need positions
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fieldText, prose())
	// No _all field: nothing searches it, and Bleve builds it for every
	// document unless it is disabled (a seventh of a 10,000-post build).
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())

	m := bleve.NewIndexMapping()
	m.ScoringModel = index.BM25Scoring
	m.DefaultMapping = doc
	m.DefaultAnalyzer = proseAnalyzer
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m
}
