package terms

import (
	"slices"
	"testing"
)

func TestLocalLinks(t *testing.T) {
	for _, c := range []struct {
		links []string
		want  []string
	}{
		{nil, nil},
		{[]string{"/kalvir-sandhu"}, []string{"kalvir-sandhu"}},
		// The same page by way of an anchor, a trailing slash or twice: once.
		{[]string{"/week-410#hookline", "week-410/", "/week-410"}, []string{"week-410"}},
		// Other sites, deeper paths and bare anchors are no page of the archive.
		{[]string{"http://www.kalv.co.uk", "https://gofreerange.com/mocha", "/images/a.jpg", "#top", "mailto:a@b.c"}, nil},
		{[]string{"/mocha", "/chris-lowis", "/chris-lowis"}, []string{"chris-lowis", "mocha"}},
	} {
		if got := LocalLinks(c.links); !slices.Equal(got, c.want) {
			t.Errorf("LocalLinks(%q) = %q, want %q", c.links, got, c.want)
		}
	}
}
