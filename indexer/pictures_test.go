package indexer

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/freerange/weeknotes/indexer/testsoup"
	"github.com/freerange/weeknotes/search/archive"
)

// The site's layout (soups beside app/assets/images): the pictures are
// found without being named, sized, and the ones the folder lacks are
// reported by post and file, the posts indexed all the same.
func TestLoadSitePictures(t *testing.T) {
	site := testsoup.Site(t)
	a := loadSoup(t, Options{Root: filepath.Join(site, "soups")})
	if len(a.Warnings) != 0 {
		t.Errorf("warnings: %v", a.Warnings)
	}
	folder := filepath.Join(site, "app", "assets", "images")
	var got []string
	for _, m := range a.Missing {
		got = append(got, m.String())
	}
	want := []string{
		"people/sam-smith.snip.markdown (sam-smith): image people/sam-smith.jpg is not in " + folder,
		"projects/widget.snip.markdown (widget): image widget-2.png is not in " + folder,
		"weeknotes/week-100.snip.markdown (week-100): image blog/lost.png is not in " + folder,
	}
	if diff := cmp.Diff(want, sorted(got)); diff != "" {
		t.Errorf("missing (-want +got):\n%s", diff)
	}
	if want := (PictureCount{Shown: 5, Missing: 1, Posts: 1}); a.Pictures != want {
		t.Errorf("pictures = %+v, want %+v", a.Pictures, want)
	}
	posts := postsByName(a.Posts)
	week := posts["week-100"]
	for _, s := range []string{
		// image_tag alone: a figure, sized, lazy.
		`<figure><img src="/images/blog/standup.jpg?v=`, `alt="The stand-up board after a week" width="800" height="600" loading="lazy" decoding="async"><figcaption>The stand-up board after a week</figcaption></figure>`,
		// width 100%: the class, and the picture's own size.
		`width="1200" alt="The Widget pipeline, from upload to archive" class="full-width" height="400"`,
		// among words: no figure.
		`A small spinner <img src="/images/blog/spinner.gif?v=`,
		// SVG and WebP sizes from their headers.
		`alt="A sketch of the office" width="300" height="150"`,
		`<figure><a href="/images/blog/photo.webp?v=`, `alt="The team on the roof" width="640" height="427" loading="lazy" decoding="async"></a><figcaption>The team on the roof</figcaption></figure>`,
		// the one the folder lacks: its alt text.
		`<span class="image-alt">A whiteboard nobody photographed</span>`,
	} {
		if !strings.Contains(week.HTML, s) {
			t.Errorf("week-100 lacks %s:\n%s", s, week.HTML)
		}
	}
	if strings.Contains(week.HTML, "lost.png") {
		t.Errorf("week-100 names the missing picture:\n%s", week.HTML)
	}
	if th := week.Thumbnail(); th == nil || th.Name != "blog/standup.jpg" {
		t.Errorf("thumbnail = %+v", th)
	}
	if th := posts["a-quiet-week"].Thumbnail(); th != nil {
		t.Errorf("a post without pictures has thumbnail %+v", th)
	}

	people := map[string]archive.Entity{}
	for _, e := range a.People {
		people[e.Slug] = e
	}
	jo := people["jo-bloggs"]
	if jo.Photo() == nil || jo.Photo().Width != 400 || jo.Photo().Name != "people/jo-bloggs.jpg" {
		t.Errorf("Jo's photo = %+v", jo.Image)
	}
	wantLinks := []archive.Link{
		{Kind: "site", URL: "https://jobloggs.example.org", Label: "jobloggs.example.org"},
		{Kind: "twitter", URL: "https://twitter.com/jobloggs", Label: "@jobloggs"},
		{Kind: "github", URL: "https://github.com/jo-bloggs", Label: "github.com/jo-bloggs"},
	}
	if diff := cmp.Diff(wantLinks, jo.Links); diff != "" {
		t.Errorf("Jo's links (-want +got):\n%s", diff)
	}
	if sam := people["sam-smith"]; sam.Photo() != nil || sam.Image == nil {
		t.Errorf("Sam's photo is missing, yet %+v", sam.Image)
	}
	widget := a.Projects[0]
	if widget.Photo() == nil || len(widget.Gallery) != 2 || widget.Gallery[0].Name != "projects/widget-1.png" || widget.Gallery[1].Found() {
		t.Errorf("Widget's pictures: %+v, %+v", widget.Image, widget.Gallery)
	}
	if diff := cmp.Diff([]archive.Link{{Kind: "url", URL: "https://widget.example.org/", Label: "widget.example.org"}}, widget.Links); diff != "" {
		t.Errorf("Widget's links (-want +got):\n%s", diff)
	}
}

// Options.Images names the folder; POSTS/images wins over the site's
// layout; without either, every picture is missing.
func TestLoadImagesFolder(t *testing.T) {
	site := testsoup.Site(t)
	soups := filepath.Join(site, "soups")
	other := t.TempDir()
	testsoup.WriteImage(t, filepath.Join(other, "blog", "lost.png"), 10, 10, 3)
	a := loadSoup(t, Options{Root: soups, Images: other})
	if a.Pictures.Shown != 1 || a.Pictures.Missing != 5 {
		t.Errorf("--images elsewhere: pictures %+v", a.Pictures)
	}
	testsoup.WriteImage(t, filepath.Join(soups, "images", "blog", "standup.jpg"), 10, 10, 3)
	a = loadSoup(t, Options{Root: soups})
	if a.Pictures.Shown != 1 || a.Pictures.Missing != 5 {
		t.Errorf("soups/images: pictures %+v", a.Pictures)
	}
	empty := t.TempDir()
	testsoup.CopyTree(t, soups, empty)
	os.RemoveAll(filepath.Join(empty, "images"))
	a = loadSoup(t, Options{Root: empty})
	if a.Pictures.Shown != 0 || a.Pictures.Missing != 6 || !strings.Contains(a.Missing[0].Reason, "there is no images folder") {
		t.Errorf("no folder: pictures %+v, %v", a.Pictures, a.Missing)
	}
}

// A picture that comes, changes or goes renders again the posts that
// name it (and only them), though their files are as they were.
func TestUpdateFollowsPictures(t *testing.T) {
	site := testsoup.Site(t)
	opts := Options{Root: filepath.Join(site, "soups")}
	dir := t.TempDir()
	if _, err := Build(context.Background(), opts, dir, nil); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(site, "app", "assets", "images")
	update := func(what string) *Changes {
		t.Helper()
		_, c, err := Update(context.Background(), opts, dir, false, nil)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return c
	}
	if c := update("nothing changed"); !c.Update.Empty() {
		t.Fatalf("nothing changed, yet %+v", c.Update)
	}
	lost := filepath.Join(folder, "blog", "lost.png")
	testsoup.WriteImage(t, lost, 200, 100, 4)
	c := update("the lost picture came")
	if len(c.Update.Put) != 1 || c.Update.Put[0].Name != "week-100" || c.Full {
		t.Fatalf("after the lost picture came: %+v", c.Update)
	}
	if h := c.Update.Put[0].HTML; !strings.Contains(h, `alt="A whiteboard nobody photographed" width="200" height="100"`) {
		t.Errorf("week-100 now:\n%s", h)
	}
	if len(c.Missing) != 0 {
		t.Errorf("still missing: %v", c.Missing)
	}
	if c := update("again"); !c.Update.Empty() {
		t.Errorf("nothing changed since, yet %+v", c.Update)
	}
	later := time.Now().Add(time.Hour)
	testsoup.WriteImage(t, lost, 300, 100, 4)
	os.Chtimes(lost, later, later)
	if c := update("the picture changed"); len(c.Update.Put) != 1 || !strings.Contains(c.Update.Put[0].HTML, `width="300"`) {
		t.Errorf("after the picture changed: %+v", c.Update.Put)
	}
	os.Remove(lost)
	c = update("the picture went")
	if len(c.Update.Put) != 1 || len(c.Missing) != 1 || c.Missing[0].Image != "blog/lost.png" {
		t.Errorf("after the picture went: put %d, missing %v", len(c.Update.Put), c.Missing)
	}
	// A person's photo: people change, so every post is looked at again.
	testsoup.WriteImage(t, filepath.Join(folder, "people", "sam-smith.jpg"), 50, 50, 5)
	if c := update("Sam's photo came"); !c.Full || c.Update.People == nil {
		t.Errorf("after Sam's photo came: full %v, people %v", c.Full, c.Update.People)
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

// No name a post gives can reach a file outside the images folder, by
// ".." or by a link that leads out: such a picture is missing.
func TestPicturesStayInTheFolder(t *testing.T) {
	site := testsoup.Site(t)
	soups := filepath.Join(site, "soups")
	folder := filepath.Join(site, "app", "assets", "images")
	testsoup.WriteImage(t, filepath.Join(site, "secret.png"), 10, 10, 1)
	testsoup.Link(t, folder, "../../../secret.png", "out.png")
	testsoup.Write(t, filepath.Join(soups, "blog", "sly.snip.markdown"), testsoup.Post("Sly", strings.Join([]string{
		"<%= image_tag('../../../secret.png', alt: 'climb') %>",
		"<%= image_tag('out.png', alt: 'link out') %>",
		"![abs](/images/blog/%2E%2E/%2E%2E/%2E%2E/%2E%2E/secret.png)",
		"<%= image_tag('.hidden.png', alt: 'hidden') %>",
	}, "\n\n"), "2020-01-01", "jo-bloggs"))
	a := loadSoup(t, Options{Root: soups})
	sly := postsByName(a.Posts)["sly"]
	if strings.Contains(sly.HTML, "<img") || len(sly.Images) != 4 {
		t.Errorf("sly shows a picture from outside the folder: %s, %+v", sly.HTML, sly.Images)
	}
	var got []string
	for _, m := range a.Missing {
		if m.Post == "sly" {
			got = append(got, m.Image+" is "+strings.ReplaceAll(m.Reason, folder, "DIR"))
		}
	}
	want := []string{
		"../../../secret.png is not the name of an image file inside DIR",
		"out.png is a link that leads out of DIR",
		"blog/../../../../secret.png is not the name of an image file inside DIR",
		".hidden.png is not the name of an image file inside DIR",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sly's missing pictures (-want +got):\n%s", diff)
	}
}
