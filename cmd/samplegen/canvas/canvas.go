// Package canvas draws the sample archive's pictures from simple shapes
// (rectangles, discs, lines, any shape given as a function), smoothing
// their edges, and encodes them as JPEG or PNG. No text: no font needed.
package canvas

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"path"
)

// Encode encodes m as name's extension says: .jpg or .png.
func Encode(name string, m image.Image) ([]byte, error) {
	var b bytes.Buffer
	var err error
	switch path.Ext(name) {
	case ".jpg":
		err = jpeg.Encode(&b, m, &jpeg.Options{Quality: 82})
	case ".png":
		err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&b, m)
	default:
		err = fmt.Errorf("no encoder for %s", name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return b.Bytes(), nil
}

// Canvas draws shapes, each pixel covered by a shape taking its colour;
// edges are smoothed by sampling each pixel four times.
type Canvas struct{ *image.RGBA }

// New is a w×h canvas of colour bg.
func New(w, h int, bg color.RGBA) Canvas {
	c := Canvas{RGBA: image.NewRGBA(image.Rect(0, 0, w, h))}
	c.Fill(func(x, y float64) (color.RGBA, bool) { return bg, true })
	return c
}

// Fill paints where shape says so, blending by how much of a pixel it covers.
func (c Canvas) Fill(shape func(x, y float64) (color.RGBA, bool)) {
	c.FillIn(c.Bounds(), shape)
}

// FillIn is Fill for a shape that lies within box.
func (c Canvas) FillIn(box image.Rectangle, shape func(x, y float64) (color.RGBA, bool)) {
	b := box.Intersect(c.Bounds())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			var r, g, bl, n float64
			for _, o := range [4][2]float64{{0.25, 0.25}, {0.75, 0.25}, {0.25, 0.75}, {0.75, 0.75}} {
				if col, ok := shape(float64(x)+o[0], float64(y)+o[1]); ok {
					r, g, bl, n = r+float64(col.R), g+float64(col.G), bl+float64(col.B), n+1
				}
			}
			if n == 0 {
				continue
			}
			old := c.RGBAAt(x, y)
			k := n / 4
			mix := func(v float64, o uint8) uint8 { return uint8(math.Round(v/n*k + float64(o)*(1-k))) }
			c.SetRGBA(x, y, color.RGBA{mix(r, old.R), mix(g, old.G), mix(bl, old.B), 255})
		}
	}
}

// Box is the pixels that cover x0..x1, y0..y1.
func Box(x0, y0, x1, y1 float64) image.Rectangle {
	return image.Rect(int(math.Floor(math.Min(x0, x1))), int(math.Floor(math.Min(y0, y1))), int(math.Ceil(math.Max(x0, x1)))+1, int(math.Ceil(math.Max(y0, y1)))+1)
}

// Rect fills x0..x1, y0..y1.
func (c Canvas) Rect(x0, y0, x1, y1 float64, col color.RGBA) {
	c.FillIn(Box(x0, y0, x1, y1), func(x, y float64) (color.RGBA, bool) { return col, x >= x0 && x < x1 && y >= y0 && y < y1 })
}

// Disc fills the circle of radius r about cx, cy.
func (c Canvas) Disc(cx, cy, r float64, col color.RGBA) {
	c.FillIn(Box(cx-r, cy-r, cx+r, cy+r), func(x, y float64) (color.RGBA, bool) { return col, (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r })
}

// Line is a segment of width w.
func (c Canvas) Line(x0, y0, x1, y1, w float64, col color.RGBA) {
	c.FillIn(Box(math.Min(x0, x1)-w, math.Min(y0, y1)-w, math.Max(x0, x1)+w, math.Max(y0, y1)+w), func(x, y float64) (color.RGBA, bool) { return col, segmentDistance(x, y, x0, y0, x1, y1) <= w/2 })
}

func segmentDistance(x, y, x0, y0, x1, y1 float64) float64 {
	dx, dy := x1-x0, y1-y0
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, ((x-x0)*dx+(y-y0)*dy)/l))
	}
	px, py := x0+t*dx-x, y0+t*dy-y
	return math.Sqrt(px*px + py*py)
}

// HSL is a colour from hue (degrees), saturation and lightness (0-1).
func HSL(h, s, l float64) color.RGBA {
	h = math.Mod(h, 360) / 60
	ch := (1 - math.Abs(2*l-1)) * s
	x := ch * (1 - math.Abs(math.Mod(h, 2)-1))
	var r, g, b float64
	switch int(h) {
	case 0:
		r, g = ch, x
	case 1:
		r, g = x, ch
	case 2:
		g, b = ch, x
	case 3:
		g, b = x, ch
	case 4:
		r, b = x, ch
	default:
		r, b = ch, x
	}
	m := l - ch/2
	v := func(f float64) uint8 { return uint8(math.Round((f + m) * 255)) }
	return color.RGBA{v(r), v(g), v(b), 255}
}
