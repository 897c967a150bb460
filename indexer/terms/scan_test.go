package terms

import (
	"strings"
	"testing"

	"github.com/freerange/weeknotes/indexer/render"
)

// The one-pass scanners replace standard-library forms that allocated a
// slice of every word of a post; they must split exactly as those did.
var scanInputs = []string{
	"", " ", "Mocha", "  Mocha  v3.0.0 ", "don't\tstop\n\nbelieving",
	"Go Free Range — CoTech’s café", "a\u00a0b\u2003c", "日本語 テキスト",
	"bad \xff utf8 \xc3", "x\r\ny", "emoji 🎉 party", "line\u2028sep",
}

func wordsByScanning(s string) []string {
	var out []string
	for i := 0; ; {
		start, end := nextWord(s, i)
		if start < 0 {
			return out
		}
		out = append(out, s[start:end])
		i = end
	}
}

func checkScanners(t *testing.T, s string) {
	t.Helper()
	if got, want := render.CollapseSpace(s), strings.Join(strings.Fields(s), " "); got != want {
		t.Errorf("render.CollapseSpace(%q) = %q, want %q", s, got, want)
	}
	got, want := wordsByScanning(s), splitWords(s)
	if strings.Join(got, "\x00") != strings.Join(want, "\x00") || len(got) != len(want) {
		t.Errorf("nextWord over %q gives %q, splitWords %q", s, got, want)
	}
}

func TestScannersMatchStandardSplits(t *testing.T) {
	for _, s := range scanInputs {
		checkScanners(t, s)
	}
}

func FuzzScanners(f *testing.F) {
	for _, s := range scanInputs {
		f.Add(s)
	}
	f.Fuzz(checkScanners)
}

func TestProjectMentionsAcrossPunctuation(t *testing.T) {
	pm := NewProjectMatcher(nil, nil)
	pm.labels["gfr-site"] = "Go Free Range site"
	pm.byFirst["Go"] = []nameWords{{words: []string{"Go", "Free", "Range"}, slug: "gfr-site"}}
	for text, want := range map[string]bool{
		"We worked on Go Free Range.":     true,
		"We worked on Go—Free, Range!":    true,
		"We worked on Go Free Ranger.":    false,
		"We worked on Go Free":            false,
		"We worked on go free range.":     false,
		"Let's Go Free Range and Go Free": true,
	} {
		got := len(pm.Match(render.Rendered{Text: text})) == 1
		if got != want {
			t.Errorf("match(%q) = %v, want %v", text, got, want)
		}
	}
}
