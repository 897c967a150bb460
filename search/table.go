package search

import (
	"github.com/freerange/weeknotes/search/accel"
	"github.com/freerange/weeknotes/search/archive"
)

// FacetField is each facet's field in the Bleve index.
var FacetField = accel.FacetField

// Dict is the values of facet f.
func (ix *Index) Dict(f archive.Facet) accel.Dict { return ix.table.Dicts[f] }

// Values are the value ids (see Dict) a row has in facet f. Read-only.
func (ix *Index) Values(row int32, f archive.Facet) []int32 { return ix.table.Values(row, f) }

// Unix is a row's creation time in seconds, for sorting.
func (ix *Index) Unix(row int32) int64 { return ix.table.Rows[row].Unix }

// Months is every month ("2006-01") from the archive's first to its last.
// Read-only.
func (ix *Index) Months() []string { return ix.table.Months }

// MonthPlace is the place in Months of the month whose value id is id.
func (ix *Index) MonthPlace(id int32) int { return ix.table.MonthPos[id] }
