package indexer

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/freerange/weeknotes/search"
)

// topicsOf is each post's topics by name, as "slug=Label".
func topicsOf(a *Archive) map[string][]string {
	out := map[string][]string{}
	for _, p := range a.Posts {
		for _, t := range p.Topics {
			out[p.Name] = append(out[p.Name], t.Slug+"="+t.Label)
		}
	}
	return out
}

func TestTopicsFoldPluralsAndAliases(t *testing.T) {
	post := func(body string) string { return body + "\n\n:kind: blog\n:author: a\n" }
	root := writeSoup(t, map[string]string{
		"projects/smart-answers.snip.markdown": "Answers.\n\n:name: smart-answers\n:display_name: Smart Answers\n",
		"blog/kits.snip.markdown":              post("## Printer kits\n\nSold some.\n\n### Stories\n\nTwo."),
		"blog/kit.snip.markdown":               post("## Printer kit\n\nOne.\n\nStory\n-----\n\nOne more."),
		"blog/misc.snip.markdown":              post("## Miscellany\n\nBits.\n\n## Miscellanea\n\nMore bits."),
		"blog/gds.snip.markdown":               post("## Government Digital Service\n\nAt GDS.\n\n## GDS\n\nThe same."),
		"blog/lone.snip.markdown":              post("## Meetings\n\nNo singular anywhere.\n\n## News\n\nNot a plural.\n\n## Analysis\n\nNor this."),
		"blog/news.snip.markdown":              post("## New\n\nA heading 'New' must not take in 'News'."),
		"blog/answer.snip.markdown":            post("## Smart Answer\n\nThe project, in the singular."),
		"blog/answers.snip.markdown":           post("## Smart Answers\n\nThe project: never folded into a singular."),
	})
	got := topicsOf(loadSoup(t, Options{Root: root}))
	want := map[string][]string{
		"kits":    {"printer-kit=Printer kit", "story=Story"},
		"kit":     {"printer-kit=Printer kit", "story=Story"},
		"misc":    {"miscellaneous=Miscellaneous"},
		"gds":     {"gds=GDS"},
		"lone":    {"meetings=Meetings", "news=News", "analysis=Analysis"},
		"news":    {"new=New"},
		"answer":  {"smart-answers=Smart Answers"},
		"answers": {"smart-answers=Smart Answers"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("topics (-want +got):\n%s", diff)
	}
}

// A soup's own topics.yml replaces the built-in table, and is no snip.
func TestTopicTableOfTheSoup(t *testing.T) {
	root := writeSoup(t, map[string]string{
		"blog/a.snip.markdown": "## Odds and ends\n\nx\n\n## Miscellany\n\ny\n\n:kind: blog\n:author: a\n",
		"topics.yml":           "odds & ends: Bits and bobs\n",
	})
	a := loadSoup(t, Options{Root: root})
	want := []string{"bits-and-bobs=Bits and bobs", "miscellany=Miscellany"}
	if diff := cmp.Diff(want, topicsOf(a)["a"]); diff != "" {
		t.Errorf("topics with the soup's table (-want +got):\n%s", diff)
	}
	if a.Files != 1 || len(a.Warnings) != 0 {
		t.Errorf("files read %d, warnings %v: topics.yml must not be read as a snip", a.Files, a.Warnings)
	}

	bad := writeSoup(t, map[string]string{
		"blog/a.snip.markdown": "## x\n\n:kind: blog\n:author: a\n",
		"topics.yml":           "- a list\n- not a mapping\n",
	})
	a = loadSoup(t, Options{Root: bad})
	if got := warningStrings(a.Warnings); len(got) != 1 || !bytes.Contains([]byte(got[0]), []byte("topics.yml: topic table is not a YAML mapping")) {
		t.Errorf("warnings for a broken topics.yml = %q, want one naming the file", got)
	}
}

// An update files posts under the topics a fresh build would, when what
// changes is another post: the first "Printer kit" beside "Printer kits"
// folds the plural into it, and the last one going (deleted, or its
// heading edited away) unfolds it again. Only such a change renders every
// post again (Changes.Full).
func TestUpdateRefoldsPlurals(t *testing.T) {
	post := func(heading, date string) string {
		return "## " + heading + "\n\nWords.\n\n:kind: blog\n:author: a\n:created_at: " + date + "\n"
	}
	kits := post("Printer kits", "2020-01-01")
	kit := post("Printer kit", "2020-02-01")
	for _, tc := range []struct {
		name     string
		before   map[string]string // blog/NAME.snip.markdown -> content
		after    map[string]string // "" deletes the file
		wantFull bool
		want     []string // name:topic of every post after the update
	}{
		{"the first singular comes", map[string]string{"kits": kits}, map[string]string{"kit": kit}, true,
			[]string{"kit:printer-kit", "kits:printer-kit"}},
		{"the last singular is deleted", map[string]string{"kits": kits, "kit": kit}, map[string]string{"kit": ""}, true,
			[]string{"kits:printer-kits"}},
		{"the last singular's heading is edited away", map[string]string{"kits": kits, "kit": kit},
			map[string]string{"kit": post("Printers", "2020-02-01")}, true,
			[]string{"kit:printers", "kits:printer-kits"}},
		{"a singular goes, another stays", map[string]string{"kits": kits, "kit": kit, "kit2": post("Printer kit", "2020-03-01")},
			map[string]string{"kit": ""}, false,
			[]string{"kit2:printer-kit", "kits:printer-kit"}},
		{"a plural comes beside the singular", map[string]string{"kit": kit}, map[string]string{"kits": kits}, false,
			[]string{"kit:printer-kit", "kits:printer-kit"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{}
			for name, content := range tc.before {
				files["blog/"+name+".snip.markdown"] = content
			}
			root := writeSoup(t, files)
			dir := t.TempDir()
			opts := Options{Root: root}
			if _, err := Build(context.Background(), opts, dir, nil); err != nil {
				t.Fatal(err)
			}
			future := time.Now().Add(time.Hour)
			for name, content := range tc.after {
				path := filepath.Join(root, "blog", name+".snip.markdown")
				if content == "" {
					if err := os.Remove(path); err != nil {
						t.Fatal(err)
					}
					continue
				}
				if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
				os.Chtimes(path, future, future)
			}
			_, c, err := Update(context.Background(), opts, dir, false, nil)
			if err != nil {
				t.Fatal(err)
			}
			if c.Full != tc.wantFull {
				t.Errorf("the update was full %v, want %v", c.Full, tc.wantFull)
			}
			ix, err := search.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			var got []string
			for _, p := range ix.Posts() {
				for _, tp := range p.Topics {
					got = append(got, p.Name+":"+tp.Slug)
				}
			}
			sort.Strings(got)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("topics after the update (-want +got):\n%s", diff)
			}
			fresh := loadSoup(t, opts)
			for _, p := range fresh.Posts {
				if !ix.Same(p) {
					t.Errorf("post %s is not indexed as a fresh build makes it", p.Name)
				}
			}
		})
	}
}

// Editing the topic table files the posts again; with no edit the update
// is empty, with the table built in as with the soup's own tables.
func TestUpdateFollowsTheTopicTable(t *testing.T) {
	for _, own := range []bool{false, true} {
		files := map[string]string{"blog/a.snip.markdown": "## Miscellany\n\nx\n\n:kind: blog\n:author: a\n:created_at: 2020-01-01\n"}
		if own {
			files["topics.yml"] = "Miscellany: Odds and ends\n"
			files["aliases.yml"] = "Old name: p\n"
		}
		root := writeSoup(t, files)
		dir := t.TempDir()
		opts := Options{Root: root}
		if _, err := Build(context.Background(), opts, dir, nil); err != nil {
			t.Fatal(err)
		}
		_, c, err := Update(context.Background(), opts, dir, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		if c.Full || !c.Update.Empty() {
			t.Errorf("own table %v: an update with nothing changed was full %v, empty %v", own, c.Full, c.Update.Empty())
		}
		if !own {
			continue
		}
		table := filepath.Join(root, "topics.yml")
		os.WriteFile(table, []byte("Miscellany: Bits and bobs\n"), 0o644)
		future := time.Now().Add(time.Hour)
		os.Chtimes(table, future, future)
		_, c, err = Update(context.Background(), opts, dir, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !c.Full || len(c.Update.Put) != 1 || c.Update.Put[0].Topics[0].Slug != "bits-and-bobs" {
			t.Errorf("after editing topics.yml: full %v, put %+v; want the post filed under bits-and-bobs", c.Full, c.Update.Put)
		}
	}
}

// Without an alias table of its own a soup is indexed with the one built
// in, and an update with nothing changed stays empty; adding a table of
// its own renders every post again with that table in place of the
// built-in one.
func TestUpdateFollowsTheAliasTable(t *testing.T) {
	root := writeSoup(t, map[string]string{
		"projects/crown-marketplace.snip.markdown": "A project.\n\n:display_name: Crown Marketplace for the Crown Commercial Service\n",
		"blog/a.snip.markdown":                     "We worked on Crown Marketplace.\n\n:kind: blog\n:author: a\n:created_at: 2020-01-01\n",
		"blog/b.snip.markdown":                     "We worked on the CCS site.\n\n:kind: blog\n:author: a\n:created_at: 2020-01-02\n",
		"blog/c.snip.markdown":                     "We worked on Code Club.\n\n:kind: blog\n:author: a\n:created_at: 2020-01-03\n",
	})
	dir := t.TempDir()
	opts := Options{Root: root}
	if _, err := Build(context.Background(), opts, dir, nil); err != nil {
		t.Fatal(err)
	}
	_, c, err := Update(context.Background(), opts, dir, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Full || !c.Update.Empty() {
		t.Errorf("with the built-in alias table, an update with nothing changed was full %v, empty %v", c.Full, c.Update.Empty())
	}
	table := filepath.Join(root, "aliases.yml")
	os.WriteFile(table, []byte("CCS site: crown-marketplace\n"), 0o644)
	_, c, err = Update(context.Background(), opts, dir, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	var put []string
	for _, p := range c.Update.Put {
		put = append(put, p.Name)
	}
	if !c.Full || strings.Join(put, ",") != "b" {
		t.Errorf("after adding aliases.yml: full %v, put %v; want b, now about Crown Marketplace", c.Full, put)
	}
}
