package indexer

import (
	"context"
	"testing"
)

func TestProbe(t *testing.T) {
	a, err := Load(context.Background(), Options{Root: "testdata/soup"})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("pages=%d files=%d drafts=%d people=%+v projects=%+v", a.Pages, a.Files, a.DraftsSkipped, a.People, a.Projects)
	for _, w := range a.Warnings {
		t.Log("W ", w)
	}
	for _, p := range a.Posts {
		t.Logf("%s|%s|%+v|%s|%d|%s|%+v|%+v|%s\nHTML=%q\nTEXT=%q\nSUM=%q", p.Name, p.Title, p.Author, p.Created.Format("2006-01-02T15:04:05.999999999Z07:00"), p.Week, p.Kind, p.Topics, p.Projects, p.Source, p.HTML, p.Text, p.Summary)
	}
}
