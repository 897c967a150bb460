package terms

import (
	"bytes"
	"maps"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/freerange/weeknotes/search/archive"
)

// The table in data/ is the one built in: editing one and not the other
// would make a soup without topics.yml index differently from data/.
func TestBuiltInTopicTableIsDataCopy(t *testing.T) {
	data, err := os.ReadFile("../../data/topics.yml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, defaultTopics) {
		t.Errorf("indexer/terms/default-topics.yml differs from data/topics.yml: cp ../../data/topics.yml default-topics.yml")
	}
	m, err := parseTopicAliases("default-topics.yml", defaultTopics)
	if err != nil {
		t.Fatal(err)
	}
	for _, from := range []string{"miscellany", "miscellanea", "government-digital-service", "asset-management"} {
		if m[from].Slug == "" {
			t.Errorf("the built-in table files nothing under %q", from)
		}
	}
}

func TestTopicAliasChains(t *testing.T) {
	m, err := parseTopicAliases("t.yml", []byte("A: B\nB: C\nLoop one: Loop two\nLoop two: Loop one\nSame: same\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for k, v := range m {
		got[k] = v.Slug
	}
	want := map[string]string{"a": "c", "b": "c"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("aliases (-want +got):\n%s", diff)
	}
}

func TestScanHeadings(t *testing.T) {
	md := "# Title\n\n## Plain\n\n### With [a link](/x) and **bold** ###\n\n#### Too deep\n\nSetext two\n----------\n\n- a list\n---\n\n##NoSpace\n"
	want := []string{"Plain", "With a link and bold", "Setext two"}
	if diff := cmp.Diff(want, ScanHeadings(md)); diff != "" {
		t.Errorf("ScanHeadings (-want +got):\n%s", diff)
	}
}

func TestSingulars(t *testing.T) {
	tests := []struct {
		in   archive.Term
		want []string
	}{
		{archive.Term{Slug: "stories", Label: "Stories"}, []string{"story=Story", "stori=Stori", "storie=Storie"}},
		{archive.Term{Slug: "printer-kits", Label: "Printer KITS"}, []string{"printer-kit=Printer KIT"}},
		{archive.Term{Slug: "boxes", Label: "Boxes!"}, []string{"box=Box!", "boxe=Boxe!"}},
		{archive.Term{Slug: "news", Label: "News"}, nil},
		{archive.Term{Slug: "status", Label: "Status"}, nil},
		{archive.Term{Slug: "class", Label: "Class"}, nil},
		{archive.Term{Slug: "gds", Label: "GDS"}, nil},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range singulars(tt.in) {
			got = append(got, s.Slug+"="+s.Label)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("singulars(%v) (-want +got):\n%s", tt.in, diff)
		}
	}
}

// Recount refolds only when a topic another folds into starts or stops
// being written.
func TestRecount(t *testing.T) {
	for _, tc := range []struct {
		name       string
		before     map[string]int
		gone, came [][]string
		want       map[string]int
		refold     bool
	}{
		{"the first singular comes", map[string]int{"printer-kits": 1}, nil, [][]string{{"printer-kit"}},
			map[string]int{"printer-kits": 1, "printer-kit": 1}, true},
		{"the last singular goes", map[string]int{"printer-kits": 1, "printer-kit": 1}, [][]string{{"printer-kit"}}, nil,
			map[string]int{"printer-kits": 1}, true},
		{"a singular goes, another stays", map[string]int{"printer-kits": 1, "printer-kit": 2}, [][]string{{"printer-kit"}}, nil,
			map[string]int{"printer-kits": 1, "printer-kit": 1}, false},
		{"a plural comes beside its singular", map[string]int{"printer-kit": 1}, nil, [][]string{{"printer-kits"}},
			map[string]int{"printer-kits": 1, "printer-kit": 1}, false},
		{"a post edited, its topics as they were", map[string]int{"printer-kits": 1, "printer-kit": 1},
			[][]string{{"printer-kit", "chess"}}, [][]string{{"printer-kit", "chess"}},
			map[string]int{"printer-kits": 1, "printer-kit": 1, "chess": 1}, false},
		{"an unrelated topic comes and goes", map[string]int{"chess": 1}, [][]string{{"chess"}}, [][]string{{"kettles"}},
			map[string]int{"kettles": 1}, false},
		{"an index counted nothing yet", nil, nil, [][]string{{"chess"}}, map[string]int{"chess": 1}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, refold := Recount(tc.before, tc.gone, tc.came)
			if !maps.Equal(got, tc.want) || refold != tc.refold {
				t.Errorf("Recount = %v, refold %v; want %v, refold %v", got, refold, tc.want, tc.refold)
			}
		})
	}
}
