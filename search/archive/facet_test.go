package archive

import "testing"

func TestFacetNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		f                 Facet
		name, label, noun string
	}{
		{FacetAuthor, "author", "People", "person"},
		{FacetProject, "project", "Projects", "project"},
		{FacetTopic, "topic", "Topics", "topic"},
		{FacetYear, "year", "Years", "year"},
		{FacetMonth, "month", "Months", "month"},
		{FacetKind, "kind", "Kinds", "kind"},
		{NumFacets, "", "", ""},
		{-1, "", "", ""},
	}
	for _, tt := range tests {
		if got := tt.f.Name(); got != tt.name {
			t.Errorf("Facet(%d).Name() = %q, want %q", tt.f, got, tt.name)
		}
		if got := tt.f.Label(); got != tt.label {
			t.Errorf("Facet(%d).Label() = %q, want %q", tt.f, got, tt.label)
		}
		if got := tt.f.Noun(); got != tt.noun {
			t.Errorf("Facet(%d).Noun() = %q, want %q", tt.f, got, tt.noun)
		}
		if tt.name == "" {
			continue
		}
		if got, ok := ParseFacet(tt.name); !ok || got != tt.f {
			t.Errorf("ParseFacet(%q) = %v, %v, want %v", tt.name, got, ok, tt.f)
		}
	}
	if _, ok := ParseFacet("nope"); ok {
		t.Error(`ParseFacet("nope") found a facet`)
	}
	if got := len(Facets()); got != int(NumFacets) {
		t.Errorf("len(Facets()) = %d, want %d", got, NumFacets)
	}
}
