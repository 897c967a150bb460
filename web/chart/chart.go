// Package chart draws the bar charts of posts per month the timeline,
// profile and search pages show: SVG and a table written on the server,
// no script. It knows months and counts, and is told where bars link.
package chart

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/freerange/weeknotes/search"
)

// Histogram is a bar chart of posts per month, written on the server. Its
// SVG has no viewBox: bars are placed in percentages, so the chart
// stretches to any width while its labels keep their size in CSS pixels
// (a viewBox would shrink 10px labels to 5px on a phone). When there are
// more months than a phone can give a finger-wide bar (12), it also has one
// row per year, which narrow screens show instead of the months. Each bar
// and row links to its period; a table of the counts follows for screen
// readers and keyboards (the bars are not focusable).
type Histogram struct {
	ID      string
	Caption string
	Noun    string // "Posts", "Matches": the table's summary
	Height  int    // of the bars, in CSS pixels
	Months  []Bar
	Years   []Bar // nil when the months fit a phone
}

// Bar is one month's bar, or one year's row.
type Bar struct {
	Label    string // "February 2018"; "2018" for a year
	Tick     string // the axis label under it, "" for none
	Count    int
	URL      string
	Selected bool
}

// phoneBars is the most bars a 390px screen shows at 24px or more each.
const phoneBars = 12

// Links says where a month's bar and a year's row lead.
type Links struct {
	Month func(key string) string // "2018-02"
	Year  func(year int) string
	// Selected says whether a month ("2018-02") or year ("2018") is
	// among the filters in force.
	Selected func(key string) bool
}

// Timeline leads to the timeline's pages.
var Timeline = Links{
	Month: func(m string) string { return "/timeline/" + strings.Replace(m, "-", "/", 1) },
	Year:  func(y int) string { return "/timeline/" + strconv.Itoa(y) },
}

// New lays out one bar per month. A label marks every January, or
// every month when the range is a year or less.
func New(id, what string, months []search.MonthCount, links Links) *Histogram {
	if len(months) == 0 {
		return nil
	}
	h := &Histogram{ID: id, Noun: what, Height: 80}
	most, total, peak := 0, 0, months[0].Month
	for _, m := range months {
		if m.Count > most {
			most, peak = m.Count, m.Month
		}
		total += m.Count
	}
	short := len(months) <= phoneBars
	years := (len(months) + 11) / 12
	every := max(1, (years+15)/16) // at most about 16 year labels
	var rows []Bar
	for i, m := range months {
		t, err := time.Parse("2006-01", m.Month)
		if err != nil {
			continue
		}
		b := Bar{Label: t.Format("January 2006"), Count: m.Count, URL: links.Month(m.Month)}
		if links.Selected != nil {
			b.Selected = links.Selected(m.Month)
		}
		switch {
		case short:
			b.Tick = t.Format("Jan")
		case (t.Month() == time.January || i == 0 && t.Month() <= time.July) && t.Year()%every == 0:
			b.Tick = t.Format("2006")
		}
		h.Months = append(h.Months, b)
		if y := strconv.Itoa(t.Year()); len(rows) == 0 || rows[len(rows)-1].Label != y {
			row := Bar{Label: y, URL: links.Year(t.Year())}
			if links.Selected != nil {
				row.Selected = links.Selected(y)
			}
			rows = append(rows, row)
		}
		rows[len(rows)-1].Count += m.Count
	}
	if !short {
		h.Years = rows
	}
	month := func(m string) string {
		t, _ := time.Parse("2006-01", m)
		return t.Format("January 2006")
	}
	first, last := months[0].Month, months[len(months)-1].Month
	span := month(first) + " to " + month(last)
	if first == last {
		span = month(first)
	}
	h.Caption = fmt.Sprintf("%s per month, %s: %d in all, most in %s (%d).", what, span, total, month(peak), most)
	return h
}

// Zoom trims months to the span that has posts: from the first month with
// one to the last, widened to the whole calendar year when they fall in
// one year, so a chosen year, person or project fills the chart rather than
// a sliver of the archive's. No month with a post: nil.
func Zoom(months []search.MonthCount) []search.MonthCount {
	lo, hi := -1, -1
	for i, m := range months {
		if m.Count > 0 {
			if lo < 0 {
				lo = i
			}
			hi = i
		}
	}
	if lo < 0 {
		return nil
	}
	if months[lo].Month[:4] != months[hi].Month[:4] {
		return months[lo : hi+1]
	}
	year := months[lo].Month[:4]
	counts := map[string]int{}
	for _, m := range months[lo : hi+1] {
		counts[m.Month] = m.Count
	}
	out := make([]search.MonthCount, 12)
	for i := range out {
		key := fmt.Sprintf("%s-%02d", year, i+1)
		out[i] = search.MonthCount{Month: key, Count: counts[key]}
	}
	return out
}

// Chart is the SVG, the rows by year and the table. It is written here
// rather than in a template: html/template's escaping of a thousand
// numbers cost several milliseconds a page. Every string is escaped.
func (h *Histogram) Chart() template.HTML {
	var w strings.Builder
	esc := template.HTMLEscapeString
	pct := func(f float64) string { return strconv.FormatFloat(f, 'f', 3, 64) + "%" }
	n := float64(len(h.Months))
	bw := 100 / n
	most := 1
	for _, b := range h.Months {
		most = max(most, b.Count)
	}
	hgt := float64(h.Height)
	class := "months"
	if h.Years != nil {
		class += " has-years"
	}
	fmt.Fprintf(&w, `<svg class="%s" width="100%%" height="%d" aria-hidden="true" focusable="false">`, class, h.Height+20)
	fmt.Fprintf(&w, `<line class="axis" x1="0" x2="100%%" y1="%.1f" y2="%.1f"/>`, hgt+.5, hgt+.5)
	short := len(h.Months) <= phoneBars
	for i, b := range h.Months {
		if b.Tick == "" {
			continue
		}
		x := float64(i) * bw
		if short {
			fmt.Fprintf(&w, `<text class="tick-label" x="%s" y="%.0f" text-anchor="middle">%s</text>`, pct(x+bw/2), hgt+15, esc(b.Tick))
			continue
		}
		if x > 95 {
			continue // no room for the label before the edge
		}
		fmt.Fprintf(&w, `<line class="tick" x1="%s" x2="%s" y1="%.0f" y2="%.0f"/><text class="tick-label" x="%s" y="%.0f">%s</text>`,
			pct(x), pct(x), hgt, hgt+5, pct(x), hgt+16, esc(b.Tick))
	}
	for i, b := range h.Months {
		if b.Count == 0 {
			continue
		}
		bh := 2 + (hgt-2)*float64(b.Count)/float64(most)
		on := ""
		if b.Selected {
			on = " on"
		}
		fmt.Fprintf(&w, `<a href="%s" tabindex="-1"><title>%s: %s</title><rect class="hit-area" x="%s" y="0" width="%s" height="%.0f"/><rect class="bar%s" x="%s" y="%.1f" width="%s" height="%.1f"/></a>`,
			esc(b.URL), esc(b.Label), posts(b.Count), pct(float64(i)*bw), pct(bw), hgt, on, pct(float64(i)*bw), hgt-bh, pct(bw), bh)
	}
	w.WriteString(`</svg>`)
	if h.Years != nil {
		mostYear := 1
		for _, y := range h.Years {
			mostYear = max(mostYear, y.Count)
		}
		w.WriteString(`<ol class="years-chart">`)
		for _, y := range h.Years {
			fill := 0.0
			if y.Count > 0 {
				fill = 2 + 98*float64(y.Count)/float64(mostYear)
			}
			on := ""
			if y.Selected {
				on = ` aria-current="true"`
			}
			fmt.Fprintf(&w, `<li><a href="%s"%s><span class="year">%s</span><svg class="track" aria-hidden="true" focusable="false"><rect class="bar" x="0" y="0" height="100%%" width="%s"/></svg><span class="n">%d<span class="visually-hidden"> %s</span></span></a></li>`,
				esc(y.URL), on, esc(y.Label), pct(fill), y.Count, PostsNoun(y.Count))
		}
		w.WriteString(`</ol>`)
	}
	fmt.Fprintf(&w, `<details class="hist-table"><summary>%s per month as a table</summary><table><thead><tr><th scope="col">Month</th><th scope="col">Posts</th></tr></thead><tbody>`, esc(h.Noun))
	for _, b := range h.Months {
		if b.Count > 0 {
			fmt.Fprintf(&w, `<tr><th scope="row"><a href="%s">%s</a></th><td>%d</td></tr>`, esc(b.URL), esc(b.Label), b.Count)
		}
	}
	w.WriteString(`</tbody></table></details>`)
	return template.HTML(w.String())
}

// PostsNoun is "post" or "posts", as n says.
func PostsNoun(n int) string {
	if n == 1 {
		return "post"
	}
	return "posts"
}

func posts(n int) string { return strconv.Itoa(n) + " " + PostsNoun(n) }
