package main

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"github.com/freerange/weeknotes/cmd/samplegen/canvas"
)

// The pictures: a photo for every person (people/SLUG.jpg, as :image:
// names it) and the pictures the show and tells show (blog/NAME), drawn
// from shapes, with no text (no font is needed) and few colours, so they
// stay small.

func drawImages(a *archive) ([]file, error) {
	var out []file
	for _, p := range people {
		data, err := canvas.Encode("people/"+p.slug+".jpg", portrait(p))
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
		data, err := canvas.Encode(s.image, draw())
		if err != nil {
			return nil, err
		}
		out = append(out, file{path: "images/" + s.image, data: data})
	}
	return out, nil
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
	c := canvas.Canvas{RGBA: image.NewRGBA(image.Rect(0, 0, size, size))}
	for y := 0; y < size; y++ {
		bg := canvas.HSL(h, 0.45, 0.82-0.18*float64(y)/size)
		for x := 0; x < size; x++ {
			c.SetRGBA(x, y, bg)
		}
	}
	skin := skins[p.hue%len(skins)]
	hair := hairs[p.hue%len(hairs)]
	jumper := canvas.HSL(h+180, 0.4, 0.38)
	c.Fill(func(x, y float64) (color.RGBA, bool) { // shoulders
		dx, dy := (x-120)/92, (y-250)/70
		return jumper, dx*dx+dy*dy <= 1
	})
	c.Rect(106, 140, 134, 185, skin)               // neck
	c.Disc(120, 98, 54, hair)                      // hair behind the face
	c.Fill(func(x, y float64) (color.RGBA, bool) { // face
		dx, dy := (x-120)/44, (y-112)/52
		return skin, dx*dx+dy*dy <= 1
	})
	return c
}

// tideClock is a photo of a clock on a wall: a painted wall, a round face
// with a band of sea, and one hand.
func tideClock() image.Image {
	const w, h = 800, 533
	c := canvas.Canvas{RGBA: image.NewRGBA(image.Rect(0, 0, w, h))}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			light := 0.86 - 0.12*math.Hypot(float64(x-300), float64(y-180))/600
			c.SetRGBA(x, y, canvas.HSL(38, 0.35, light))
		}
	}
	c.Rect(0, 470, w, h, canvas.HSL(28, 0.3, 0.45)) // the shelf
	c.Disc(418, 258, 172, canvas.HSL(30, 0.15, 0.3))
	c.Disc(410, 250, 170, canvas.HSL(30, 0.25, 0.25)) // the rim
	c.Disc(410, 250, 155, white)
	c.Fill(func(x, y float64) (color.RGBA, bool) { // the sea, in the lower half of the face
		in := (x-410)*(x-410)+(y-250)*(y-250) <= 155*155
		wave := 290 + 12*math.Sin((x-255)/24)
		return canvas.HSL(200, 0.55, 0.45+0.1*(y-wave)/160), in && y >= wave
	})
	for i := 0; i < 12; i++ {
		a := float64(i) * math.Pi / 6
		c.Line(410+135*math.Cos(a), 250+135*math.Sin(a), 410+148*math.Cos(a), 250+148*math.Sin(a), 5, ink)
	}
	a := -math.Pi/2 + 2.2
	c.Line(410, 250, 410+125*math.Cos(a), 250+125*math.Sin(a), 8, ink)
	c.Disc(410, 250, 10, ink)
	return c
}

// queueTimes is a bar chart of days waited for a reserved book, month by
// month, dropping in the spring of the second year.
func queueTimes() image.Image {
	const w, h = 720, 360
	c := canvas.New(w, h, white)
	c.Line(50, 320, 700, 320, 2, ink)
	c.Line(50, 20, 50, 320, 2, ink)
	for i := 1; i <= 4; i++ {
		y := 320 - float64(i)*70
		c.Line(52, y, 700, y, 1, grey)
	}
	for m := 0; m < 24; m++ {
		days := 9.5 - 0.08*float64(m) + 1.2*math.Sin(float64(m)*0.9)
		if m >= 15 {
			days -= 4
		}
		x := 60 + float64(m)*26.5
		col := canvas.HSL(205, 0.55, 0.5)
		if m >= 15 {
			col = canvas.HSL(150, 0.45, 0.42)
		}
		c.Rect(x, 320-days*28, x+20, 320, col)
	}
	return c
}

// elevation is the profile of a walking route: a filled climb to a tor
// and down again.
func elevation() image.Image {
	const w, h = 720, 300
	c := canvas.New(w, h, white)
	height := func(x float64) float64 {
		t := (x - 40) / 640
		return 60 + 150*math.Exp(-math.Pow((t-0.62)/0.16, 2)) + 40*math.Exp(-math.Pow((t-0.25)/0.1, 2)) + 8*math.Sin(t*40)
	}
	c.Fill(func(x, y float64) (color.RGBA, bool) {
		if x < 40 || x > 680 || y > 270 {
			return color.RGBA{}, false
		}
		top := 270 - height(x)
		return canvas.HSL(100, 0.3, 0.40+0.35*y/300), y >= top
	})
	for x := 40.0; x < 680; x += 2 {
		c.Line(x, 270-height(x), x+2, 270-height(x+2), 3, canvas.HSL(100, 0.5, 0.25))
	}
	c.Line(40, 270, 680, 270, 2, ink)
	return c
}

// retroBoard is three columns of sticky notes: green, yellow and pink.
func retroBoard() image.Image {
	const w, h = 720, 480
	c := canvas.New(w, h, color.RGBA{236, 236, 232, 255})
	r := &rng{state: 7}
	cols := []color.RGBA{canvas.HSL(110, 0.5, 0.72), canvas.HSL(52, 0.85, 0.7), canvas.HSL(335, 0.7, 0.8)}
	counts := []int{9, 5, 4}
	for i, col := range cols {
		x0 := 30 + float64(i)*235
		c.Rect(x0, 20, x0+210, 26, ink)
		for n := 0; n < counts[i]; n++ {
			x := x0 + float64(n%2)*105 + float64(r.intn(10))
			y := 45 + float64(n/2)*85 + float64(r.intn(10))
			c.Rect(x+4, y+4, x+92, y+74, color.RGBA{190, 190, 186, 255})
			c.Rect(x, y, x+88, y+70, col)
			for l := 0; l < 3; l++ {
				c.Line(x+10, y+18+float64(l)*16, x+30+float64(r.intn(48)), y+18+float64(l)*16, 3, canvas.HSL(0, 0, 0.35))
			}
		}
	}
	return c
}

// swapMap is a map of gardens (dots) and the swaps between them (lines)
// over the outline of an island.
func swapMap() image.Image {
	const w, h = 600, 600
	c := canvas.New(w, h, canvas.HSL(205, 0.45, 0.85))
	c.Fill(func(x, y float64) (color.RGBA, bool) {
		a := math.Atan2(y-300, x-300)
		r := 230 + 25*math.Sin(3*a) + 15*math.Cos(5*a+1)
		dx, dy := (x-300)/0.62, y-300
		return canvas.HSL(95, 0.25, 0.8), dx*dx+dy*dy <= r*r
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
			c.Line(a.x, a.y, b.x, b.y, 2, canvas.HSL(20, 0.6, 0.55))
			swaps++
		}
	}
	for _, g := range gardens {
		c.Disc(g.x, g.y, 7, canvas.HSL(140, 0.55, 0.3))
	}
	return c
}
