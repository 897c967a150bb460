// Command bleve-facets reads a Weeknotes index with plain Bleve: it uses
// Bleve's public API only, no Weeknotes package, to show that the index is
// an ordinary Bleve index with faceted fields. It opens the Bleve index
// read-only, runs one search request with terms facets on author, topics
// and projects and date-range facets on date by year, and prints the
// total and the counts as JSON.
//
//	go run ./cmd/bleve-facets -index .weeknotes-index/current/index [-q redis] [-author chris-roos] [-project mocha] [-topic cotech] [-year 2018]
//
// `weeknotes index` prints where the Bleve index is.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	// The index's prose analyzer is defined in its mapping from Bleve's
	// custom analyzer and regexp char filter, which the bleve package
	// alone does not register.
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	_ "github.com/blevesearch/bleve/v2/analysis/char/regexp"
)

// Counts is what the program prints.
type Counts struct {
	Total    uint64                    `json:"total"`
	Facets   map[string]map[string]int `json:"facets"` // author, topics, projects -> slug -> posts
	Years    map[string]int            `json:"years"`  // "2018" -> posts, from date ranges
	Elapsed  string                    `json:"elapsed"`
	DocCount uint64                    `json:"doc_count"`
}

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bleve-facets:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bleve-facets", flag.ContinueOnError)
	dir := fs.String("index", "", "the Bleve index `DIR` (INDEX/current/index)")
	q := fs.String("q", "", "words that must all appear (title and body, English analysis)")
	author := fs.String("author", "", "only posts by this author `slug`")
	project := fs.String("project", "", "only posts about this project `slug`")
	topic := fs.String("topic", "", "only posts under this topic `slug`")
	year := fs.String("year", "", "only posts of this `year`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		return errors.New("-index DIR is required")
	}
	c, err := facets(*dir, *q, map[string]string{"author": *author, "projects": *project, "topics": *topic, "year": *year})
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(c)
}

// facets runs one faceted search over the index at dir: the words of q
// (each analysed as the text field's mapping says), and a term filter for
// each non-empty value of filters (field -> slug).
func facets(dir, q string, filters map[string]string) (*Counts, error) {
	idx, err := bleve.OpenUsing(dir, map[string]interface{}{"read_only": true})
	if err != nil {
		return nil, err
	}
	defer idx.Close()

	var must []query.Query
	if q != "" {
		m := query.NewMatchQuery(q)
		m.SetField("text")
		m.SetOperator(query.MatchQueryOperatorAnd)
		must = append(must, m)
	}
	for field, v := range filters {
		if v == "" {
			continue
		}
		t := query.NewTermQuery(v)
		t.SetField(field)
		must = append(must, t)
	}
	var all query.Query = query.NewMatchAllQuery()
	if len(must) > 0 {
		all = query.NewConjunctionQuery(must)
	}
	req := bleve.NewSearchRequestOptions(all, 0, 0, false)
	for _, field := range []string{"author", "topics", "projects"} {
		req.AddFacet(field, bleve.NewFacetRequest(field, 10000))
	}
	years := bleve.NewFacetRequest("date", 1000)
	for y := 1990; y <= time.Now().Year()+1; y++ {
		start := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		end := start.AddDate(1, 0, 0)
		years.AddDateTimeRange(strconv.Itoa(y), start, end)
	}
	req.AddFacet("years", years)

	start := time.Now()
	res, err := idx.Search(req)
	if err != nil {
		return nil, err
	}
	n, err := idx.DocCount()
	if err != nil {
		return nil, err
	}
	c := &Counts{Total: res.Total, Facets: map[string]map[string]int{}, Years: map[string]int{}, Elapsed: time.Since(start).String(), DocCount: n}
	for _, field := range []string{"author", "topics", "projects"} {
		c.Facets[field] = map[string]int{}
		if fr := res.Facets[field]; fr != nil && fr.Terms != nil {
			for _, t := range fr.Terms.Terms() {
				c.Facets[field][t.Term] = t.Count
			}
		}
	}
	for _, r := range res.Facets["years"].DateRanges {
		c.Years[r.Name] = r.Count
	}
	return c, nil
}
