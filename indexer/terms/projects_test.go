package terms

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/freerange/weeknotes/indexer/render"
	"github.com/freerange/weeknotes/search/archive"
)

// The alias table in data/ is the one built in: editing one and not the
// other would make a soup without aliases.yml find other projects than
// data/ does.
func TestBuiltInAliasTableIsDataCopy(t *testing.T) {
	data, err := os.ReadFile("../../data/aliases.yml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, defaultAliases) {
		t.Errorf("indexer/terms/default-aliases.yml differs from data/aliases.yml: cp ../../data/aliases.yml default-aliases.yml")
	}
	m, err := LoadProjectAliases(t.TempDir(), "")
	if err != nil {
		t.Fatal(err)
	}
	if m["Asset Manager"] != "asset-manager" || m["Crown Marketplace"] != "crown-marketplace" {
		t.Errorf("built-in table: Asset Manager -> %q, Crown Marketplace -> %q", m["Asset Manager"], m["Crown Marketplace"])
	}
}

// A table given, or the soup's own, replaces the built-in one.
func TestAliasTableReplacesBuiltIn(t *testing.T) {
	root := t.TempDir()
	own := filepath.Join(root, AliasFile)
	if err := os.WriteFile(own, []byte("Old Name: p\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"", own} {
		m, err := LoadProjectAliases(root, file)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[string]string{"Old Name": "p"}, m); diff != "" {
			t.Errorf("LoadProjectAliases(root, %q) (-want +got):\n%s", file, diff)
		}
	}
	if _, err := LoadProjectAliases(root, filepath.Join(root, "missing.yml")); err == nil || !strings.Contains(err.Error(), "alias table") {
		t.Errorf("a missing table given: err = %v, want one naming the alias table", err)
	}
	built, _ := AliasTableStamp(t.TempDir(), "")
	file, _ := AliasTableStamp(root, "")
	if built.Hash == "" || built.Hash == file.Hash || file.ModTime.IsZero() {
		t.Errorf("stamps: built-in %+v, file %+v: the built-in table is stamped by its hash, a file by its time", built, file)
	}
}

func TestLeadingWords(t *testing.T) {
	for name, want := range map[string]string{
		"Asset Management for GOV.UK":                        "Asset Management",
		"Crown Marketplace for the Crown Commercial Service": "Crown Marketplace",
		"Voice-controlled stories for the BBC":               "Voice-controlled stories",
		"TheAuteurs.com":                                     "TheAuteurs",
		"Mocha":                                              "",
		"Voicenet VOIP API":                                  "",
		"Go for it":                                          "", // "Go" is too short to look for
		"Harmonia: the office manager":                       "Harmonia",
		"The Trainline":                                      "", // a leading "The" is part of the name
	} {
		if got := leadingWords(name); got != want {
			t.Errorf("leadingWords(%q) = %q, want %q", name, got, want)
		}
	}
}

// Without an alias table, a project is found by its slug's words and by
// the leading words of its display name, as well as by its display name.
func TestProjectMatchedBySlugAndLeadingWords(t *testing.T) {
	projects := []archive.Entity{
		{Slug: "asset-manager", Name: "Asset Management for GOV.UK"},
		{Slug: "crown-marketplace", Name: "Crown Marketplace for the Crown Commercial Service"},
		{Slug: "bbc-voice", Name: "Voice-controlled stories for the BBC"},
		{Slug: "gig-fm", Name: "Gig Fm"},
		{Slug: "ab", Name: "Alpha Beta"},
	}
	pm := NewProjectMatcher(projects, nil)
	tests := []struct {
		text string
		want string
	}{
		{"We worked on Asset Manager all week.", "asset-manager"},
		{"We worked on Asset Management all week.", "asset-manager"},
		{"We worked on the asset manager all week.", ""}, // a slug's words match only as a name
		{"We worked on ASSET MANAGER all week.", "asset-manager"},
		{"The Crown Marketplace sprint ended.", "crown-marketplace"},
		{"The BBC Voice prototype.", "bbc-voice"},
		{"GIG FM went live.", "gig-fm"},
		{"Gig fm went live.", ""},
		{"See AB and Ab.", ""}, // slugs too short to look for
		{"Alpha Beta shipped.", "ab"},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range pm.Match(render.Rendered{Text: tt.text}) {
			got = append(got, p.Slug)
		}
		if strings.Join(got, ",") != tt.want {
			t.Errorf("Match(%q) = %v, want %q", tt.text, got, tt.want)
		}
	}
	h := pm.Match(render.Rendered{Headings: []render.Heading{{Level: 2, Text: "Asset manager"}}})
	if len(h) != 1 || h[0].Slug != "asset-manager" {
		t.Errorf("a heading naming the slug's words in any case: %v, want asset-manager", h)
	}
	if diff := cmp.Diff([]string{"Asset Management for GOV.UK", "Asset Management", "asset manager"}, pm.Names("asset-manager")); diff != "" {
		t.Errorf("Names(asset-manager) (-want +got):\n%s", diff)
	}
}
