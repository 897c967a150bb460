package querylang

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"
)

// Request, the whole of one search as a caller asks for it, lives here
// with the query language because the two are one thing: filters typed
// in the query (author:x) and filters given as parameters (author=x) are
// merged by Normalize, and every error names the parameter to fix.

// Limits on what a request may ask for.
const (
	MaxQueryBytes  = 500
	MaxPerPage     = 100
	DefaultPerPage = 10
	MaxPage        = 1000
	MaxValues      = 20 // values of one filter
)

// Sort orders.
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
	SortOldest    = "oldest"
)

// InvalidError is a request the caller can fix; Param names what is wrong.
type InvalidError struct {
	Param string
	Msg   string
}

func (e *InvalidError) Error() string { return e.Param + ": " + e.Msg }

// Request is one search. Filters typed in Query (author:x) and filters
// given as fields are one thing: Normalize merges the first into the second.
type Request struct {
	Query    string // as typed, filters and all
	Text     string // Query without its filters (set by Normalize)
	Authors  []string
	Projects []string
	Topics   []string
	Years    []string
	Months   []string // "2018-02"
	Kinds    []string
	Weeks    []int
	After    string // YYYY[-MM[-DD]]: posts from the start of that period on
	Before   string // posts before the start of that period
	Sort     string // SortRelevance (default with words), SortNewest (default without)
	Page     int    // from 1
	PerPage  int
	Cursor   string // the Next of the page before: deep pages without counting from the top

	parsed     Parsed
	normalized bool
}

// WithQuery is the same search, filters and sort, for another query, to
// be normalised anew: what the first page of it finds.
func (r Request) WithQuery(query string) Request {
	return Request{Query: query, Authors: r.Authors, Projects: r.Projects, Topics: r.Topics, Years: r.Years,
		Months: r.Months, Kinds: r.Kinds, Weeks: r.Weeks, After: r.After, Before: r.Before, Sort: r.Sort, PerPage: r.PerPage}
}

// TypedFilters are the filters typed in the query box.
func (r Request) TypedFilters() []Filter { return r.parsed.Filters }

// Normalize checks r, parses its query and fills in defaults. Every error
// is an *InvalidError naming the parameter.
func (r *Request) Normalize() error {
	if !utf8.ValidString(r.Query) {
		return &InvalidError{"q", "is not valid UTF-8"}
	}
	if len(r.Query) > MaxQueryBytes {
		return &InvalidError{"q", fmt.Sprintf("is longer than %d bytes", MaxQueryBytes)}
	}
	p, err := ParseQuery(r.Query)
	if err != nil {
		var qe *Error
		if errors.As(err, &qe) {
			return &InvalidError{"q", qe.Msg}
		}
		return err
	}
	r.parsed = p
	r.Text = p.WithoutFilters()
	for _, f := range p.Filters {
		switch f.Field {
		case "author":
			r.Authors = appendNew(r.Authors, f.Value)
		case "project":
			r.Projects = appendNew(r.Projects, f.Value)
		case "topic":
			r.Topics = appendNew(r.Topics, f.Value)
		case "year":
			r.Years = appendNew(r.Years, f.Value)
		case "month":
			r.Months = appendNew(r.Months, f.Value)
		case "kind":
			r.Kinds = appendNew(r.Kinds, f.Value)
		case "week":
			n, _ := strconv.Atoi(f.Value) // checked by ParseQuery
			if !containsInt(r.Weeks, n) {
				r.Weeks = append(r.Weeks, n)
			}
		case "after":
			r.After = f.Value
		case "before":
			r.Before = f.Value
		}
	}
	for _, f := range []struct {
		name string
		vals []string
	}{{"author", r.Authors}, {"project", r.Projects}, {"topic", r.Topics}, {"year", r.Years}, {"month", r.Months}, {"kind", r.Kinds}} {
		if len(f.vals) > MaxValues {
			return &InvalidError{f.name, fmt.Sprintf("has more than %d values", MaxValues)}
		}
		for _, v := range f.vals {
			if strings.TrimSpace(v) == "" || len(v) > 100 || !utf8.ValidString(v) {
				return &InvalidError{f.name, fmt.Sprintf("%q is not a valid value", v)}
			}
		}
	}
	for _, y := range r.Years {
		if !ValidYear(y) {
			return &InvalidError{"year", fmt.Sprintf("%q is not a year", y)}
		}
	}
	for _, m := range r.Months {
		if _, err := time.Parse("2006-01", m); err != nil {
			return &InvalidError{"month", fmt.Sprintf("%q is not a month like 2018-02", m)}
		}
	}
	for _, w := range r.Weeks {
		if w < 1 {
			return &InvalidError{"week", fmt.Sprintf("%d is not a week number", w)}
		}
	}
	for name, v := range map[string]string{"after": r.After, "before": r.Before} {
		if v == "" {
			continue
		}
		if _, err := ParsePeriod(v); err != nil {
			return &InvalidError{name, err.Error()}
		}
	}
	switch r.Sort {
	case "":
		r.Sort = SortRelevance
		if !p.HasText() {
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
	if r.Cursor != "" {
		if _, err := ParseCursor(r.Cursor); err != nil {
			return &InvalidError{"cursor", "is not a cursor this server gave out"}
		}
	}
	r.normalized = true
	return nil
}

func appendNew(list []string, v string) []string {
	for _, x := range list {
		if x == v {
			return list
		}
	}
	return append(list, v)
}

func containsInt(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

type Cursor struct {
	Score float64
	Name  string
}

// String is the cursor as a page's Next gives it out.
func (c Cursor) String() string {
	return strconv.FormatUint(math.Float64bits(c.Score), 36) + "." + c.Name
}

// ParseCursor reads a cursor that String wrote.
func ParseCursor(s string) (Cursor, error) {
	bits, name, ok := strings.Cut(s, ".")
	if !ok || name == "" {
		return Cursor{}, errors.New("bad cursor")
	}
	b, err := strconv.ParseUint(bits, 36, 64)
	if err != nil {
		return Cursor{}, err
	}
	return Cursor{Score: math.Float64frombits(b), Name: name}, nil
}

// ApproxBytes is what a request holds beyond its own struct.
func (r *Request) ApproxBytes() int {
	n := len(r.Query) + len(r.Text) + len(r.After) + len(r.Before) + len(r.Sort) + len(r.Cursor) + cap(r.Weeks)*8
	for _, vals := range [][]string{r.Authors, r.Projects, r.Topics, r.Years, r.Months, r.Kinds} {
		n += cap(vals) * int(unsafe.Sizeof(""))
		for _, v := range vals {
			n += len(v)
		}
	}
	p := &r.parsed
	n += len(p.Typed()) + cap(p.Must)*int(unsafe.Sizeof(Clause{})) + cap(p.Filters)*int(unsafe.Sizeof(Filter{}))
	atoms := func(c []Atom) {
		n += cap(c) * int(unsafe.Sizeof(Atom{}))
		for _, a := range c {
			n += len(a.Text)
		}
	}
	for _, c := range p.Must {
		atoms(c)
	}
	atoms(p.Exclude)
	for _, f := range p.Filters {
		n += len(f.Field) + len(f.Value)
	}
	return n
}

// Key identifies a normalised request: two requests with one key get the
// same result. It is the request itself, every exported field as JSON,
// with the query as parsed in place of the text as typed: a field added to
// Request is part of the key without anyone remembering to add it here
// (TestCacheKeyCoversEveryField holds that).
func (r Request) Key() string {
	k := r
	k.Query, k.Text = r.parsed.String(), ""
	data, err := json.Marshal(k)
	if err != nil {
		return "" // unreachable: a Request is plain data; "" is never put
	}
	return string(data)
}

// Parsed is the request's query as Normalize parsed it.
func (r Request) Parsed() Parsed { return r.parsed }

// Normalized reports whether Normalize has run.
func (r Request) Normalized() bool { return r.normalized }
