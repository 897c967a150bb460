package testsoup

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// SiteImage is one picture Site makes.
type SiteImage struct {
	Name          string // inside app/assets/images
	Width, Height int
}

// SiteImages are the pictures Site puts in app/assets/images: every one
// the site's posts, people and projects name but blog/lost.png,
// people/sam-smith.jpg and projects/widget-2.png (named, missing).
var SiteImages = []SiteImage{
	{"blog/standup.jpg", 800, 600},
	{"blog/diagram.png", 1200, 400},
	{"blog/spinner.gif", 48, 48},
	{"blog/sketch.svg", 300, 150},
	{"blog/photo.webp", 640, 427},
	{"people/jo-bloggs.jpg", 400, 400},
	{"projects/widget.png", 480, 240},
	{"projects/widget-1.png", 320, 200},
}

// Site lays out a copy of the site the soups come from, in a new
// temporary folder: SITE/soups (the committed testdata/site/soups) beside
// SITE/app/assets/images, which holds SiteImages, made here with Go's
// image packages (each a picture of its own colour and size). It returns
// SITE.
func Site(t testing.TB) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	site := filepath.Join(t.TempDir(), "site")
	CopyTree(t, filepath.Join(filepath.Dir(file), "testdata", "site"), site)
	dir := filepath.Join(site, "app", "assets", "images")
	for i, im := range SiteImages {
		WriteImage(t, filepath.Join(dir, filepath.FromSlash(im.Name)), im.Width, im.Height, i)
	}
	return site
}

// WriteImage writes a picture w by h pixels at path, in the format its
// extension names (JPEG, PNG, GIF, SVG; WebP as a lossless header only,
// which is all a size reader looks at), coloured by hue (any number).
func WriteImage(t testing.TB, path string, w, h, hue int) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := Image(filepath.Ext(path), w, h, hue)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Image is a picture w by h pixels in the format of ext (".jpg", ".png",
// ".gif", ".svg", ".webp"): diagonal stripes of one colour, so pictures
// are told apart in a screenshot.
func Image(ext string, w, h, hue int) ([]byte, error) {
	base := palette[hue%len(palette)]
	var buf bytes.Buffer
	switch strings.ToLower(ext) {
	case ".svg":
		fmt.Fprintf(&buf, `<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d"><rect width="100%%" height="100%%" fill="rgb(%d,%d,%d)"/><circle cx="%d" cy="%d" r="%d" fill="#fff"/></svg>
`, w, h, w, h, base.R, base.G, base.B, w/2, h/2, min(w, h)/3)
		return buf.Bytes(), nil
	case ".webp":
		// A lossless (VP8L) header: signature 0x2f, then width-1 and
		// height-1 in 14 bits each.
		payload := []byte{0x2f, 0, 0, 0, 0}
		binary.LittleEndian.PutUint32(payload[1:], uint32(w-1)|uint32(h-1)<<14)
		buf.WriteString("RIFF")
		binary.Write(&buf, binary.LittleEndian, uint32(4+8+len(payload)+1))
		buf.WriteString("WEBPVP8L")
		binary.Write(&buf, binary.LittleEndian, uint32(len(payload)))
		buf.Write(payload)
		buf.WriteByte(0)
		return buf.Bytes(), nil
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := base
			if (x+y)/24%2 == 0 {
				c = color.RGBA{base.R / 2, base.G / 2, base.B / 2, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var err error
	switch strings.ToLower(ext) {
	case ".jpg", ".jpeg":
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80})
	case ".png":
		err = png.Encode(&buf, img)
	case ".gif":
		err = gif.Encode(&buf, img, nil)
	default:
		return nil, fmt.Errorf("no encoder for %q", ext)
	}
	return buf.Bytes(), err
}

var palette = []color.RGBA{
	{0x2e, 0x7d, 0x32, 255}, {0x15, 0x65, 0xc0, 255}, {0xc6, 0x28, 0x28, 255}, {0xef, 0x6c, 0x00, 255},
	{0x6a, 0x1b, 0x9a, 255}, {0x00, 0x83, 0x8f, 255}, {0x5d, 0x40, 0x37, 255}, {0x9e, 0x9d, 0x24, 255},
}
