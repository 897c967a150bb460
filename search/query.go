package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	bsearch "github.com/blevesearch/bleve/v2/search"
	htmlhl "github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Limits on what a request may ask for.
const (
	MaxQueryBytes  = 500
	MaxPerPage     = 100
	DefaultPerPage = 10
	MaxPage        = 1000
	searchTimeout  = 5 * time.Second
	titleBoost     = 3.0
)

// Sort orders.
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
	SortOldest    = "oldest"
)

// ErrNotFound means no post has the name asked for.
var ErrNotFound = errors.New("not found")

// InvalidError is a request the caller can fix; Param names what is wrong.
type InvalidError struct {
	Param string
	Msg   string
}

func (e *InvalidError) Error() string { return e.Param + ": " + e.Msg }

// Request is one search, already split into parameters.
type Request struct {
	Query    string
	Authors  []string
	Projects []string
	Topics   []string
	Years    []string
	Sort     string // SortRelevance (default with a query), SortNewest (default without)
	Page     int    // from 1
	PerPage  int
}

// Normalize checks r and fills in defaults. Every error is an *InvalidError.
func (r *Request) Normalize() error {
	if !utf8.ValidString(r.Query) {
		return &InvalidError{"q", "is not valid UTF-8"}
	}
	if len(r.Query) > MaxQueryBytes {
		return &InvalidError{"q", fmt.Sprintf("is longer than %d bytes", MaxQueryBytes)}
	}
	r.Query = strings.TrimSpace(r.Query)
	for _, f := range []struct {
		name string
		vals []string
	}{{"author", r.Authors}, {"project", r.Projects}, {"topic", r.Topics}, {"year", r.Years}} {
		for _, v := range f.vals {
			if v == "" || len(v) > 100 || !utf8.ValidString(v) || strings.ContainsFunc(v, unicode.IsSpace) {
				return &InvalidError{f.name, fmt.Sprintf("%q is not a valid value", v)}
			}
		}
	}
	for _, y := range r.Years {
		if n, err := strconv.Atoi(y); err != nil || n < 1000 || n > 9999 {
			return &InvalidError{"year", fmt.Sprintf("%q is not a year", y)}
		}
	}
	switch r.Sort {
	case "":
		r.Sort = SortRelevance
		if r.Query == "" {
			r.Sort = SortNewest
		}
	case SortRelevance, SortNewest, SortOldest:
	default:
		return &InvalidError{"sort", fmt.Sprintf("%q is not one of relevance, newest, oldest", r.Sort)}
	}
	if r.Page == 0 {
		r.Page = 1
	}
	if r.Page < 1 || r.Page > MaxPage {
		return &InvalidError{"page", fmt.Sprintf("must be between 1 and %d", MaxPage)}
	}
	if r.PerPage == 0 {
		r.PerPage = DefaultPerPage
	}
	if r.PerPage < 1 || r.PerPage > MaxPerPage {
		return &InvalidError{"per_page", fmt.Sprintf("must be between 1 and %d", MaxPerPage)}
	}
	return nil
}

// Hit is one post in a result list.
type Hit struct {
	Post
	Snippet string // HTML: the best passage, matches in <mark>
}

// FacetValue is one value of a facet with its count for the query.
type FacetValue struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// Result is one page of a search.
type Result struct {
	Request Request
	Total   uint64
	Took    time.Duration
	Hits    []Hit
	Facets  map[string][]FacetValue // "author", "project", "topic", "year"
}

// facetFields maps the public facet names to index fields.
var facetFields = []struct{ name, field string }{
	{"author", fieldAuthor}, {"project", fieldProjects}, {"topic", fieldTopics}, {"year", fieldYear},
}

// Search runs r, which must have been normalised.
func (ix *Index) Search(ctx context.Context, r Request) (*Result, error) {
	q, err := ix.buildQuery(r)
	if err != nil {
		return nil, err
	}
	req := bleve.NewSearchRequestOptions(q, r.PerPage, (r.Page-1)*r.PerPage, false)
	req.Fields = []string{fieldDoc}
	switch r.Sort {
	case SortNewest:
		req.SortBy([]string{"-" + fieldDate, "_id"})
	case SortOldest:
		req.SortBy([]string{fieldDate, "_id"})
	default:
		req.SortBy([]string{"-_score", "-" + fieldDate, "_id"})
	}
	if r.Query != "" {
		req.Highlight = bleve.NewHighlightWithStyle(htmlhl.Name)
		req.Highlight.Fields = []string{fieldBody}
	}
	for _, f := range facetFields {
		req.AddFacet(f.name, bleve.NewFacetRequest(f.field, 50))
	}
	ctx, cancel := context.WithTimeout(ctx, searchTimeout)
	defer cancel()
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", r.Query, err)
	}
	out := &Result{Request: r, Total: res.Total, Took: res.Took, Facets: map[string][]FacetValue{}}
	for _, h := range res.Hits {
		p, err := decodePost(h.Fields)
		if err != nil {
			return nil, fmt.Errorf("post %s: %w", h.ID, err)
		}
		snippet := html.EscapeString(p.Summary)
		if frags := h.Fragments[fieldBody]; len(frags) > 0 {
			snippet = frags[0]
		}
		out.Hits = append(out.Hits, Hit{Post: p, Snippet: snippet})
	}
	for _, f := range facetFields {
		out.Facets[f.name] = ix.facetValues(f.field, res.Facets[f.name])
	}
	return out, nil
}

func (ix *Index) facetValues(field string, fr *bsearch.FacetResult) []FacetValue {
	vals := []FacetValue{}
	if fr == nil || fr.Terms == nil {
		return vals
	}
	for _, t := range fr.Terms.Terms() {
		if t.Term == "" {
			continue
		}
		vals = append(vals, FacetValue{Value: t.Term, Label: ix.Catalog.Label(field, t.Term), Count: t.Count})
	}
	if field == fieldYear {
		sort.Slice(vals, func(i, j int) bool { return vals[i].Value > vals[j].Value })
	}
	return vals
}

// Get returns the post named name, with its HTML.
func (ix *Index) Get(ctx context.Context, name string) (Post, error) {
	req := bleve.NewSearchRequest(bleve.NewDocIDQuery([]string{name}))
	req.Fields = []string{fieldDoc, fieldHTML}
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return Post{}, fmt.Errorf("get %q: %w", name, err)
	}
	if len(res.Hits) == 0 {
		return Post{}, ErrNotFound
	}
	p, err := decodePost(res.Hits[0].Fields)
	if err != nil {
		return Post{}, fmt.Errorf("post %s: %w", name, err)
	}
	p.HTML, _ = res.Hits[0].Fields[fieldHTML].(string)
	return p, nil
}

func decodePost(fields map[string]interface{}) (Post, error) {
	var p Post
	s, _ := fields[fieldDoc].(string)
	err := json.Unmarshal([]byte(s), &p)
	return p, err
}

// analyzer is the one the prose fields use; query words go through it so
// they meet the index's terms (stemmed, stop words gone).
func (ix *Index) analyzer() analysis.Analyzer {
	return ix.bleve.Mapping().AnalyzerNamed(en.AnalyzerName)
}

// buildQuery: every word must match, in the title (boosted) or the body;
// filters are exact keyword matches, values of one facet OR-ed.
func (ix *Index) buildQuery(r Request) (query.Query, error) {
	var must []query.Query
	for _, word := range strings.FieldsFunc(r.Query, func(c rune) bool {
		return !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != '\'' && c != '’'
	}) {
		for _, tok := range ix.analyzer().Analyze([]byte(word)) {
			term := string(tok.Term)
			title := query.NewTermQuery(term)
			title.SetField(fieldTitle)
			title.SetBoost(titleBoost)
			body := query.NewTermQuery(term)
			body.SetField(fieldBody)
			must = append(must, query.NewDisjunctionQuery([]query.Query{title, body}))
		}
	}
	if r.Query != "" && len(must) == 0 {
		// Only stop words or punctuation: nothing can match.
		return query.NewMatchNoneQuery(), nil
	}
	for _, f := range []struct {
		field string
		vals  []string
	}{{fieldAuthor, r.Authors}, {fieldProjects, r.Projects}, {fieldTopics, r.Topics}, {fieldYear, r.Years}} {
		if len(f.vals) == 0 {
			continue
		}
		var any []query.Query
		for _, v := range f.vals {
			tq := query.NewTermQuery(v)
			tq.SetField(f.field)
			any = append(any, tq)
		}
		must = append(must, query.NewDisjunctionQuery(any))
	}
	if len(must) == 0 {
		return query.NewMatchAllQuery(), nil
	}
	return query.NewConjunctionQuery(must), nil
}
