package main

import (
	"bytes"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// readTree is every file under dir, by slash-separated path.
func readTree(t *testing.T, dir string) Files {
	t.Helper()
	files := Files{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// Two runs of the program write the same bytes.
func TestDeterministic(t *testing.T) {
	var trees []Files
	for range 2 {
		dir := t.TempDir()
		if err := run([]string{"-out", dir}, io.Discard); err != nil {
			t.Fatal(err)
		}
		trees = append(trees, readTree(t, dir))
	}
	a, b := trees[0], trees[1]
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for _, p := range a.Paths() {
		if !bytes.Equal(a[p], b[p]) {
			t.Errorf("%s differs between two runs", p)
		}
	}
}

// The committed sample archive is what the generator writes, with the
// seeds and the tables beside it: run `go generate ./cmd/samplegen` after
// changing the generator.
func TestDataIsFresh(t *testing.T) {
	fresh, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	data := readTree(t, "../../data")
	for _, p := range fresh.Paths() {
		got, ok := data[p]
		switch {
		case !ok:
			t.Errorf("data/%s is missing: go generate ./cmd/samplegen", p)
		case isImage(p):
			samePixels(t, p, got, fresh[p])
		case !bytes.Equal(got, fresh[p]):
			t.Errorf("data/%s is not what the generator writes: go generate ./cmd/samplegen", p)
		}
	}
	for _, p := range data.Paths() {
		if _, ok := fresh[p]; !ok && Owned(p) {
			t.Errorf("data/%s is neither generated nor kept by hand (see Owned): remove it", p)
		}
	}
	for _, p := range []string{"week-473.snip.markdown", "week-474.snip.markdown", "aliases.yml", "topics.yml"} {
		if _, ok := data[p]; !ok {
			t.Errorf("data/%s, kept by hand, is missing", p)
		}
	}
}

func isImage(p string) bool { return path.Ext(p) == ".jpg" || path.Ext(p) == ".png" }

// samePixels holds a committed picture to a fresh one by what it shows:
// a Go release may encode the same pixels in other bytes (compression,
// JPEG's rounding), and that is no reason to regenerate.
func samePixels(t *testing.T, name string, got, want []byte) {
	t.Helper()
	a, _, err := image.Decode(bytes.NewReader(got))
	if err != nil {
		t.Errorf("data/%s: %v", name, err)
		return
	}
	b, _, err := image.Decode(bytes.NewReader(want))
	if err != nil {
		t.Fatalf("fresh %s: %v", name, err)
	}
	if a.Bounds() != b.Bounds() {
		t.Errorf("data/%s is %v, the generator draws %v", name, a.Bounds(), b.Bounds())
		return
	}
	var diff, n float64
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			for _, d := range []int{int(r1>>8) - int(r2>>8), int(g1>>8) - int(g2>>8), int(b1>>8) - int(b2>>8)} {
				diff += float64(max(d, -d))
				n++
			}
		}
	}
	if mean := diff / n; mean > 2 {
		t.Errorf("data/%s differs from what the generator draws by %.1f levels a channel on average", name, mean)
	}
}

// What the first run shows needs every kind of thing in the archive: the
// generator is held to it here, the index's view of it in cmd/weeknotes.
func TestArchiveHasEveryKind(t *testing.T) {
	files, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	years := map[string]bool{}
	kind := regexp.MustCompile(`(?m)^:kind: (.+)$`)
	created := regexp.MustCompile(`(?m)^:created_at: (\d{4})`)
	imageTag := regexp.MustCompile(`<%= image_tag\('([^']+)', alt: '[^']+'\) %>`)
	for _, p := range files.Paths() {
		s := string(files[p])
		switch {
		case strings.HasPrefix(p, "people/"):
			count["people"]++
			if img := regexp.MustCompile(`(?m)^:image: (.+)$`).FindStringSubmatch(s); img == nil {
				t.Errorf("%s has no :image:", p)
			} else if _, ok := files["images/"+img[1]]; !ok {
				t.Errorf("%s names images/%s, which is not generated", p, img[1])
			}
			if strings.Contains(s, "\n:site: ") {
				count["sites"]++
			}
		case strings.HasPrefix(p, "projects/"):
			count["projects"]++
		case strings.HasSuffix(p, ".snip.markdown"):
			if m := kind.FindStringSubmatch(s); m != nil {
				count[m[1]]++
			}
			if m := created.FindStringSubmatch(s); m != nil {
				years[m[1]] = true
			}
			if strings.Contains(s, "\n:draft: true\n") {
				count["drafts"]++
			}
			count["topics"] += strings.Count(s, "\n## ")
			for _, m := range imageTag.FindAllStringSubmatch(s, -1) {
				count["pictures"]++
				if _, ok := files["images/"+m[1]]; !ok {
					t.Errorf("%s shows images/%s, which is not generated", p, m[1])
				}
			}
		}
	}
	for what, least := range map[string]int{"blog": 250, "show-and-tell": 8, "people": 6, "sites": 5, "projects": 5, "drafts": 1, "topics": 500, "pictures": 4} {
		if count[what] < least {
			t.Errorf("%d %s, want at least %d", count[what], what, least)
		}
	}
	if len(years) < 5 {
		t.Errorf("posts in %d years, want 5 or more", len(years))
	}
	for _, p := range []string{"weeknotes/week-473.snip.markdown", "weeknotes/week-474.snip.markdown"} {
		if _, ok := files[p]; ok {
			t.Errorf("generated %s: the seed is that week", p)
		}
	}
	var size int
	for _, data := range files {
		size += len(data)
	}
	if size > 3<<20 {
		t.Errorf("the sample archive is %d bytes; keep it to a few MB", size)
	}
	t.Logf("%d files, %d bytes: %v, posts in %d years", len(files), size, count, len(years))
}
