package images_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/freerange/weeknotes/indexer/images"
	"github.com/freerange/weeknotes/indexer/testsoup"
)

// Sizes come from the files' own headers, whatever their format.
func TestSize(t *testing.T) {
	for _, tt := range []struct {
		ext  string
		w, h int
	}{
		{".jpg", 800, 600}, {".png", 1200, 400}, {".gif", 48, 48}, {".webp", 640, 427}, {".svg", 300, 150}, {".png", 1, 1},
	} {
		data, err := testsoup.Image(tt.ext, tt.w, tt.h, 0)
		if err != nil {
			t.Fatal(err)
		}
		typ := images.Type("x" + tt.ext)
		if w, h := images.Size(bytes.NewReader(data), typ); w != tt.w || h != tt.h {
			t.Errorf("%s %dx%d: Size = %dx%d", tt.ext, tt.w, tt.h, w, h)
		}
	}
}

func TestSVGSize(t *testing.T) {
	for _, tt := range []struct {
		svg  string
		w, h int
	}{
		{`<svg xmlns="http://www.w3.org/2000/svg" width="120px" height="80px"/>`, 120, 80},
		{`<?xml version="1.0"?><!-- a comment --><svg viewBox="0 0 400 100"></svg>`, 400, 100},
		{`<svg width="200" viewBox="0,0,400,100"/>`, 200, 50},
		{`<svg height="50" viewBox="0 0 400 100"/>`, 200, 50},
		{`<svg width="100%" height="100%" viewBox="0 0 64 32"/>`, 64, 32},
		{`<svg width="10em" height="3em"/>`, 0, 0},
		{`<html><svg width="10" height="10"/></html>`, 0, 0},
		{`not xml at all`, 0, 0},
		{`<svg width="1e300" height="5"/>`, 100000, 5},
	} {
		if w, h := images.Size(strings.NewReader(tt.svg), "image/svg+xml"); w != tt.w || h != tt.h {
			t.Errorf("Size(%s) = %dx%d, want %dx%d", tt.svg, w, h, tt.w, tt.h)
		}
	}
	// Not images at all, or cut short: no size, no panic.
	for _, typ := range []string{"image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"} {
		if w, h := images.Size(strings.NewReader("\x89PNG\r\n"), typ); w != 0 || h != 0 {
			t.Errorf("%s: a broken file has size %dx%d", typ, w, h)
		}
	}
}

// The folder is POSTS/images when there is one, else the site's layout,
// POSTS/../app/assets/images.
func TestFind(t *testing.T) {
	site := testsoup.Site(t)
	soups := filepath.Join(site, "soups")
	if got, want := images.Find(soups), filepath.Join(site, "app", "assets", "images"); got != want {
		t.Errorf("Find(site/soups) = %q, want %q", got, want)
	}
	testsoup.WriteImage(t, filepath.Join(soups, "images", "x.png"), 2, 2, 0)
	if got, want := images.Find(soups), filepath.Join(soups, "images"); got != want {
		t.Errorf("Find with soups/images = %q, want %q", got, want)
	}
	if got := images.Find(t.TempDir()); got != "" {
		t.Errorf("Find(empty folder) = %q, want none", got)
	}
	// A file named images is not a folder.
	bare := t.TempDir()
	testsoup.Write(t, filepath.Join(bare, "images"), "not a folder")
	if got := images.Find(bare); got != "" {
		t.Errorf("Find(a file called images) = %q, want none", got)
	}
}

// A name from a post, or from a request, opens a regular image file
// inside the folder or nothing.
func TestOpen(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "images")
	testsoup.WriteImage(t, filepath.Join(dir, "blog", "a.png"), 4, 3, 1)
	testsoup.WriteImage(t, filepath.Join(root, "secret.png"), 4, 3, 2)
	testsoup.Write(t, filepath.Join(dir, "notes.txt"), "text")
	testsoup.Write(t, filepath.Join(dir, ".hidden.png"), "hidden")
	testsoup.Link(t, root, "../secret.png", "images/up.png")
	testsoup.Link(t, root, "/etc/passwd", "images/passwd.png")
	testsoup.Link(t, root, "blog/a.png", "images/alias.png")
	testsoup.Link(t, root, "blog", "images/dir.png")
	for _, tt := range []struct {
		name string
		ok   bool
	}{
		{"blog/a.png", true},
		{"/blog/a.png", true},
		{"alias.png", true},
		{"dir.png/a.png", true},
		{"../secret.png", false},
		{"blog/../../secret.png", false},
		{"up.png", false},
		{"passwd.png", false},
		{"dir.png", false},
		{"blog", false},
		{"blog/", false},
		{"notes.txt", false},
		{".hidden.png", false},
		{"blog\\a.png", false},
		{"missing.png", false},
		{"", false},
	} {
		f, info, err := images.Open(dir, tt.name)
		if (err == nil) != tt.ok {
			t.Errorf("Open(%q): err = %v, want ok %v", tt.name, err, tt.ok)
		}
		if err == nil {
			if !info.Mode().IsRegular() {
				t.Errorf("Open(%q) opened %v", tt.name, info.Mode())
			}
			f.Close()
		}
	}
}

// A picture's version changes with its file; its size is read once per
// folder.
func TestFolderPicture(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.jpg")
	testsoup.WriteImage(t, path, 30, 20, 0)
	p, err := images.NewFolder(dir).Picture("a.jpg")
	if err != nil || p.Width != 30 || p.Height != 20 || p.Version == "" || !strings.HasPrefix(p.URL(), "/images/a.jpg?v=") {
		t.Fatalf("Picture = %+v, %v", p, err)
	}
	testsoup.WriteImage(t, path, 60, 20, 0)
	info, _ := os.Stat(path)
	os.Chtimes(path, info.ModTime().Add(1e9), info.ModTime().Add(1e9))
	q, _ := images.NewFolder(dir).Picture("a.jpg")
	if q.Version == p.Version || q.Width != 60 {
		t.Errorf("after a change: %+v, before %+v", q, p)
	}
	if _, err := images.NewFolder(dir).Picture("b.jpg"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing picture: %v, want fs.ErrNotExist", err)
	}
	if _, err := images.NewFolder("").Picture("a.jpg"); err == nil {
		t.Error("no folder, yet a picture")
	}
}
