package indexer

import (
	"context"
	"strings"
	"testing"
)

func TestProbe(t *testing.T) {
	a, err := Load(context.Background(), Options{Root: "../../shared/corpus/soups", Drafts: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range a.Posts {
		for _, bad := range []string{"](", "<%", "http://", "https://"} {
			if i := strings.Index(p.Text, bad); i >= 0 {
				t.Logf("%s text has %q: %q", p.Source, bad, p.Text[max(0, i-60):min(len(p.Text), i+60)])
			}
		}
		if strings.Contains(p.HTML, "<%") {
			t.Logf("%s html has <%%", p.Source)
		}
	}
}
