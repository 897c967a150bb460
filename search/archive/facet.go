package archive

// Facet is one of the ways posts are counted and filtered. Its Name is
// what the JSON API and query parameters call it ("author", "topic");
// the order of the constants is the order results report facets in.
type Facet int

const (
	FacetAuthor Facet = iota
	FacetProject
	FacetTopic
	FacetYear
	FacetMonth
	FacetKind
	NumFacets // the number of facets, not a facet
)

var facets = [NumFacets]struct{ name, label, noun string }{
	FacetAuthor:  {"author", "People", "person"},
	FacetProject: {"project", "Projects", "project"},
	FacetTopic:   {"topic", "Topics", "topic"},
	FacetYear:    {"year", "Years", "year"},
	FacetMonth:   {"month", "Months", "month"},
	FacetKind:    {"kind", "Kinds", "kind"},
}

// Facets lists every facet in order.
func Facets() []Facet {
	out := make([]Facet, NumFacets)
	for f := range NumFacets {
		out[f] = f
	}
	return out
}

func (f Facet) valid() bool { return f >= 0 && f < NumFacets }

// Name is the facet's name in the API and in query parameters, "" for
// a value that is no facet.
func (f Facet) Name() string {
	if !f.valid() {
		return ""
	}
	return facets[f].name
}

// String is Name, so a facet prints as the API names it.
func (f Facet) String() string { return f.Name() }

// Label is the heading a reader sees over the facet's values: "People",
// "Topics".
func (f Facet) Label() string {
	if !f.valid() {
		return ""
	}
	return facets[f].label
}

// Noun is what one value of the facet is called in prose: "person",
// "topic".
func (f Facet) Noun() string {
	if !f.valid() {
		return ""
	}
	return facets[f].noun
}

// ParseFacet returns the facet with the given Name.
func ParseFacet(name string) (Facet, bool) {
	for f := range NumFacets {
		if facets[f].name == name {
			return f, true
		}
	}
	return 0, false
}
