package browse

import (
	"context"
	"fmt"
	"strconv"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/facet"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/querylang"
	"github.com/freerange/weeknotes/search/store/schema"
)

// ArchiveFacets are the archive-wide counts the browse pages show (the
// timeline's years and months, /tags, /people, /projects), as Bleve's own
// facet requests give them over every post: terms facets on the keyword
// fields and date-range facets on date, one range a year and one a month.
// They are computed once per snapshot, on first use.
type ArchiveFacets struct {
	Total  uint64
	Terms  map[string]map[string]int // facet field (author, topics, projects, kind) -> slug -> posts
	Years  map[int]int               // year -> posts
	Months map[string]int            // "2018-02" -> posts
}

// Archive is the archive-wide facet counts of the snapshot. Should Bleve's
// request fail, the pages count from the accelerator instead (Months,
// Terms), not the index's own counts, and the log hears of it once.
func (b *Browse) Archive() (*ArchiveFacets, error) {
	b.archiveOnce.Do(func() {
		if b.archive, b.archiveError = b.countArchive(context.Background(), b.ix); b.archiveError != nil {
			b.log.Error("archive-wide counts come from the accelerator, not Bleve", "index", b.ix.Path, "generation", b.ix.Generation(), "err", b.archiveError)
		}
	})
	return b.archive, b.archiveError
}

func archiveFacets(ctx context.Context, ix *search.Index) (*ArchiveFacets, error) {
	fb := bsearch.NewFacetsBuilder(ix.Reader())
	for f, field := range map[archive.Facet]string{archive.FacetAuthor: schema.FieldAuthor, archive.FacetTopic: schema.FieldTopics, archive.FacetProject: schema.FieldProjects, archive.FacetKind: schema.FieldKind} {
		fb.Add(field, facet.NewTermsFacetBuilder(field, len(ix.Dict(f).Slugs)+1))
	}
	years := facet.NewDateTimeFacetBuilder(schema.FieldDate, len(ix.Dict(archive.FacetYear).Slugs)+1)
	months := facet.NewDateTimeFacetBuilder(schema.FieldDate, len(ix.Months())+1)
	for _, m := range ix.Months() {
		start, _ := querylang.ParsePeriod(m)
		months.AddRange(m, start, start.AddDate(0, 1, 0))
	}
	for _, y := range ix.Dict(archive.FacetYear).Slugs {
		start, _ := querylang.ParsePeriod(y)
		years.AddRange(y, start, start.AddDate(1, 0, 0))
	}
	fb.Add("years", years)
	fb.Add("months", months)
	res, err := collectFacets(ctx, ix, query.NewMatchAllQuery(), fb)
	if err != nil {
		return nil, fmt.Errorf("archive facets: %w", err)
	}
	a := &ArchiveFacets{Total: res.total, Terms: map[string]map[string]int{}, Years: map[int]int{}, Months: map[string]int{}}
	for _, field := range []string{schema.FieldAuthor, schema.FieldTopics, schema.FieldProjects, schema.FieldKind} {
		counts := map[string]int{}
		if fr := res.facets[field]; fr != nil && fr.Terms != nil {
			for _, tf := range fr.Terms.Terms() {
				counts[tf.Term] = tf.Count
			}
		}
		a.Terms[field] = counts
	}
	if fr := res.facets["years"]; fr != nil {
		for _, r := range fr.DateRanges {
			y, _ := strconv.Atoi(r.Name)
			a.Years[y] = r.Count
		}
	}
	if fr := res.facets["months"]; fr != nil {
		for _, r := range fr.DateRanges {
			a.Months[r.Name] = r.Count
		}
	}
	return a, nil
}

type facetResults struct {
	total  uint64
	facets bsearch.FacetResults
}

// collectFacets runs q over this snapshot (not whatever the index holds by
// then) with Bleve's own collector and facet builders, as
// bleve.Index.Search does for a request of size 0.
func collectFacets(ctx context.Context, ix *search.Index, q query.Query, fb *bsearch.FacetsBuilder) (facetResults, error) {
	searcher, err := q.Searcher(ctx, ix.Reader(), ix.Mapping(), bsearch.SearcherOptions{})
	if err != nil {
		return facetResults{}, err
	}
	defer searcher.Close()
	coll := collector.NewTopNCollector(0, 0, bsearch.SortOrder{&bsearch.SortScore{Desc: true}})
	coll.SetFacetsBuilder(fb)
	if err := coll.Collect(ctx, searcher, ix.Reader()); err != nil {
		return facetResults{}, err
	}
	return facetResults{total: coll.Total(), facets: coll.FacetResults()}, nil
}
