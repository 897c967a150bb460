package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/freerange/weeknotes/indexer/testsoup"
)

// index says which images folder it uses, and names each picture a post
// names that the folder lacks, with its post and file: found beside the
// soups as the site lays them out, named by --images, or by
// WEEKNOTES_IMAGES.
func TestIndexImagesFolder(t *testing.T) {
	t.Parallel()
	site := testsoup.Site(t)
	soups := filepath.Join(site, "soups")
	folder := filepath.Join(site, "app", "assets", "images")
	_, stderr, err := runArgs("index", "--posts", soups, "--index", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		"images from " + folder + "\n",
		"pictures: 5 shown in 1 posts, 0 linked to, 1 missing\n",
		"3 pictures missing (shown as their alt text):\n",
		"  weeknotes/week-100.snip.markdown (week-100): image blog/lost.png is not in " + folder + "\n",
		"  people/sam-smith.snip.markdown (sam-smith): image people/sam-smith.jpg is not in " + folder + "\n",
	} {
		if !strings.Contains(stderr, s) {
			t.Errorf("index output lacks %q:\n%s", s, stderr)
		}
	}

	other := t.TempDir()
	testsoup.WriteImage(t, filepath.Join(other, "blog", "lost.png"), 20, 10, 1)
	_, stderr, err = runArgs("index", "--posts", soups, "--index", t.TempDir(), "--images", other)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr, "images from "+other+"\n") || !strings.Contains(stderr, "pictures: 1 shown in 1 posts, 0 linked to, 5 missing") {
		t.Errorf("with --images:\n%s", stderr)
	}
	_, stderr, err = runEnv(map[string]string{"WEEKNOTES_IMAGES": other}, "index", "--posts", soups, "--index", t.TempDir())
	if err != nil || !strings.Contains(stderr, "images from "+other+"\n") {
		t.Errorf("with WEEKNOTES_IMAGES: %v\n%s", err, stderr)
	}

	_, _, err = runArgs("index", "--posts", soups, "--index", t.TempDir(), "--images", filepath.Join(site, "nowhere"))
	if err == nil || !strings.Contains(err.Error(), "images directory "+filepath.Join(site, "nowhere")+": no such file or directory") {
		t.Errorf("--images to nowhere: %v", err)
	}
	_, _, err = runArgs("index", "--posts", soups, "--index", t.TempDir(), "--images", filepath.Join(soups, "blog", "quiet-week.snip.markdown"))
	if err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("--images to a file: %v", err)
	}
}

// serve says which images folder it serves, and serves it; a picture
// missing is logged with its post and file.
func TestServeImagesFolder(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs the binary: skipped with -short")
	}
	site := testsoup.Site(t)
	soups := filepath.Join(site, "soups")
	folder := filepath.Join(site, "app", "assets", "images")
	s := startServe(t, "--posts", soups, "--index", t.TempDir())
	defer s.stop(t)
	if !s.logged("serving", map[string]string{"images": folder}) || !s.logged("starting", map[string]string{"images": folder}) {
		t.Errorf("the log does not name the images folder %s: %v", folder, s.logs())
	}
	if !s.logged("picture missing", map[string]string{"file": "weeknotes/week-100.snip.markdown", "post": "week-100", "image": "blog/lost.png"}) {
		t.Errorf("the missing picture is not logged: %v", s.logs())
	}
	resp, err := client.Get(s.url + "/images/people/jo-bloggs.jpg")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/jpeg" {
		t.Errorf("a photo: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}
