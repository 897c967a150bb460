package main

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

// The pictures: a photo for every person (people/SLUG.jpg, as :image:
// names it) and the pictures the show and tells show (blog/NAME), drawn
// from shapes, with no text (no font is needed) and few colours, so they
// stay small.

func drawImages(a *archive) ([]file, error) {
	var out []file
	for _, p := range people {
		data, err := encode("people/"+p.slug+".jpg", portrait(p))
		if err != nil {
			return nil, err
		}
		out = append(out, file{path: "images/people/" + p.slug + ".jpg", data: data})
	}
	pictures := map[string]func() image.Image{
		"blog/tide-clock.jpg":          tideClock,
		"blog/lantern-queue-times.png": queueTimes,
		"blog/moor-maps-elevation.png": elevation,
		"blog/retro-board.png":         retroBoard,
		"blog/seed-swap-map.png":       swapMap,
	}
	for _, s := range showAndTells {
		if s.image == "" {
			continue
		}
		draw := pictures[s.image]
		if draw == nil {
			return nil, fmt.Errorf("show and tell %s shows %s, which nothing draws", s.slug, s.image)
		}
		data, err := encode(s.image, draw())
		if err != nil {
			return nil, err
		}
		out = append(out, file{path: "images/" + s.image, data: data})
	}
	return out, nil
}

func encode(name string, m image.Image) ([]byte, error) {
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

// canvas draws shapes, each pixel covered by a shape taking its colour;
// edges are smoothed by sampling each pixel four times.
type canvas struct{ *image.RGBA }

func newCanvas(w, h int, bg color.RGBA) canvas {
	c := canvas{image.NewRGBA(image.Rect(0, 0, w, h))}
	c.fill(func(x, y float64) (color.RGBA, bool) { return bg, true })
	return c
}

// fill paints where shape says so, blending by how much of a pixel it covers.
func (c canvas) fill(shape func(x, y float64) (color.RGBA, bool)) {
	c.fillIn(c.Bounds(), shape)
}

// fillIn is fill for a shape that lies within box.
func (c canvas) fillIn(box image.Rectangle, shape func(x, y float64) (color.RGBA, bool)) {
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

// box is the pixels that cover x0..x1, y0..y1.
func box(x0, y0, x1, y1 float64) image.Rectangle {
	return image.Rect(int(math.Floor(math.Min(x0, x1))), int(math.Floor(math.Min(y0, y1))), int(math.Ceil(math.Max(x0, x1)))+1, int(math.Ceil(math.Max(y0, y1)))+1)
}

func (c canvas) rect(x0, y0, x1, y1 float64, col color.RGBA) {
	c.fillIn(box(x0, y0, x1, y1), func(x, y float64) (color.RGBA, bool) { return col, x >= x0 && x < x1 && y >= y0 && y < y1 })
}

func (c canvas) disc(cx, cy, r float64, col color.RGBA) {
	c.fillIn(box(cx-r, cy-r, cx+r, cy+r), func(x, y float64) (color.RGBA, bool) { return col, (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r })
}

// line is a segment of width w.
func (c canvas) line(x0, y0, x1, y1, w float64, col color.RGBA) {
	c.fillIn(box(math.Min(x0, x1)-w, math.Min(y0, y1)-w, math.Max(x0, x1)+w, math.Max(y0, y1)+w), func(x, y float64) (color.RGBA, bool) { return col, segmentDistance(x, y, x0, y0, x1, y1) <= w/2 })
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

// hsl is a colour from hue (degrees), saturation and lightness (0-1).
func hsl(h, s, l float64) color.RGBA {
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

var (
	white = color.RGBA{255, 255, 255, 255}
	ink   = color.RGBA{51, 51, 51, 255}
	grey  = color.RGBA{200, 200, 200, 255}
)

var (
	skins = []color.RGBA{{241, 194, 160, 255}, {224, 172, 130, 255}, {198, 134, 90, 255}, {141, 85, 54, 255}, {96, 60, 38, 255}, {232, 190, 172, 255}, {176, 116, 80, 255}}
	hairs = []color.RGBA{{40, 28, 22, 255}, {92, 60, 36, 255}, {180, 140, 80, 255}, {20, 20, 24, 255}, {140, 70, 40, 255}, {120, 120, 118, 255}}
)

// portrait is a person's photo: head and shoulders against a wash of their
// colour, with a jumper in a darker shade.
func portrait(p *person) image.Image {
	const size = 240
	h := float64(p.hue)
	c := canvas{image.NewRGBA(image.Rect(0, 0, size, size))}
	for y := 0; y < size; y++ {
		bg := hsl(h, 0.45, 0.82-0.18*float64(y)/size)
		for x := 0; x < size; x++ {
			c.SetRGBA(x, y, bg)
		}
	}
	skin := skins[p.hue%len(skins)]
	hair := hairs[p.hue%len(hairs)]
	jumper := hsl(h+180, 0.4, 0.38)
	c.fill(func(x, y float64) (color.RGBA, bool) { // shoulders
		dx, dy := (x-120)/92, (y-250)/70
		return jumper, dx*dx+dy*dy <= 1
	})
	c.rect(106, 140, 134, 185, skin)               // neck
	c.disc(120, 98, 54, hair)                      // hair behind the face
	c.fill(func(x, y float64) (color.RGBA, bool) { // face
		dx, dy := (x-120)/44, (y-112)/52
		return skin, dx*dx+dy*dy <= 1
	})
	return c
}

// tideClock is a photo of a clock on a wall: a painted wall, a round face
// with a band of sea, and one hand.
func tideClock() image.Image {
	const w, h = 800, 533
	c := canvas{image.NewRGBA(image.Rect(0, 0, w, h))}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			light := 0.86 - 0.12*math.Hypot(float64(x-300), float64(y-180))/600
			c.SetRGBA(x, y, hsl(38, 0.35, light))
		}
	}
	c.rect(0, 470, w, h, hsl(28, 0.3, 0.45)) // the shelf
	c.disc(418, 258, 172, hsl(30, 0.15, 0.3))
	c.disc(410, 250, 170, hsl(30, 0.25, 0.25)) // the rim
	c.disc(410, 250, 155, white)
	c.fill(func(x, y float64) (color.RGBA, bool) { // the sea, in the lower half of the face
		in := (x-410)*(x-410)+(y-250)*(y-250) <= 155*155
		wave := 290 + 12*math.Sin((x-255)/24)
		return hsl(200, 0.55, 0.45+0.1*(y-wave)/160), in && y >= wave
	})
	for i := 0; i < 12; i++ {
		a := float64(i) * math.Pi / 6
		c.line(410+135*math.Cos(a), 250+135*math.Sin(a), 410+148*math.Cos(a), 250+148*math.Sin(a), 5, ink)
	}
	a := -math.Pi/2 + 2.2
	c.line(410, 250, 410+125*math.Cos(a), 250+125*math.Sin(a), 8, ink)
	c.disc(410, 250, 10, ink)
	return c
}

// queueTimes is a bar chart of days waited for a reserved book, month by
// month, dropping in the spring of the second year.
func queueTimes() image.Image {
	const w, h = 720, 360
	c := newCanvas(w, h, white)
	c.line(50, 320, 700, 320, 2, ink)
	c.line(50, 20, 50, 320, 2, ink)
	for i := 1; i <= 4; i++ {
		y := 320 - float64(i)*70
		c.line(52, y, 700, y, 1, grey)
	}
	for m := 0; m < 24; m++ {
		days := 9.5 - 0.08*float64(m) + 1.2*math.Sin(float64(m)*0.9)
		if m >= 15 {
			days -= 4
		}
		x := 60 + float64(m)*26.5
		col := hsl(205, 0.55, 0.5)
		if m >= 15 {
			col = hsl(150, 0.45, 0.42)
		}
		c.rect(x, 320-days*28, x+20, 320, col)
	}
	return c
}

// elevation is the profile of a walking route: a filled climb to a tor
// and down again.
func elevation() image.Image {
	const w, h = 720, 300
	c := newCanvas(w, h, white)
	height := func(x float64) float64 {
		t := (x - 40) / 640
		return 60 + 150*math.Exp(-math.Pow((t-0.62)/0.16, 2)) + 40*math.Exp(-math.Pow((t-0.25)/0.1, 2)) + 8*math.Sin(t*40)
	}
	c.fill(func(x, y float64) (color.RGBA, bool) {
		if x < 40 || x > 680 || y > 270 {
			return color.RGBA{}, false
		}
		top := 270 - height(x)
		return hsl(100, 0.3, 0.40+0.35*y/300), y >= top
	})
	for x := 40.0; x < 680; x += 2 {
		c.line(x, 270-height(x), x+2, 270-height(x+2), 3, hsl(100, 0.5, 0.25))
	}
	c.line(40, 270, 680, 270, 2, ink)
	return c
}

// retroBoard is three columns of sticky notes: green, yellow and pink.
func retroBoard() image.Image {
	const w, h = 720, 480
	c := newCanvas(w, h, color.RGBA{236, 236, 232, 255})
	r := &rng{state: 7}
	cols := []color.RGBA{hsl(110, 0.5, 0.72), hsl(52, 0.85, 0.7), hsl(335, 0.7, 0.8)}
	counts := []int{9, 5, 4}
	for i, col := range cols {
		x0 := 30 + float64(i)*235
		c.rect(x0, 20, x0+210, 26, ink)
		for n := 0; n < counts[i]; n++ {
			x := x0 + float64(n%2)*105 + float64(r.intn(10))
			y := 45 + float64(n/2)*85 + float64(r.intn(10))
			c.rect(x+4, y+4, x+92, y+74, color.RGBA{190, 190, 186, 255})
			c.rect(x, y, x+88, y+70, col)
			for l := 0; l < 3; l++ {
				c.line(x+10, y+18+float64(l)*16, x+30+float64(r.intn(48)), y+18+float64(l)*16, 3, hsl(0, 0, 0.35))
			}
		}
	}
	return c
}

// swapMap is a map of gardens (dots) and the swaps between them (lines)
// over the outline of an island.
func swapMap() image.Image {
	const w, h = 600, 600
	c := newCanvas(w, h, hsl(205, 0.45, 0.85))
	c.fill(func(x, y float64) (color.RGBA, bool) {
		a := math.Atan2(y-300, x-300)
		r := 230 + 25*math.Sin(3*a) + 15*math.Cos(5*a+1)
		dx, dy := (x-300)/0.62, y-300
		return hsl(95, 0.25, 0.8), dx*dx+dy*dy <= r*r
	})
	r := &rng{state: 11}
	type pt struct{ x, y float64 }
	var gardens []pt
	for len(gardens) < 26 {
		gardens = append(gardens, pt{float64(r.between(200, 400)), float64(r.between(110, 490))})
	}
	for swaps := 0; swaps < 34; { // most seeds travel less than thirty miles
		a, b := gardens[r.intn(len(gardens))], gardens[r.intn(len(gardens))]
		if d := math.Hypot(a.x-b.x, a.y-b.y); d > 0 && (d < 120 || swaps%11 == 0) {
			c.line(a.x, a.y, b.x, b.y, 2, hsl(20, 0.6, 0.55))
			swaps++
		}
	}
	for _, g := range gardens {
		c.disc(g.x, g.y, 7, hsl(140, 0.55, 0.3))
	}
	return c
}
