package web_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserLists opens the pages whose lists say why over the corpus
// indexed without --aliases, at 390 and 1280 px, and keeps a screenshot of
// each (go test -artifacts): a person's rows don't name them and their
// active years show beside the chart (on a phone the chart's own year
// rows say it); /projects' live filter hides the list of projects no post
// mentions when none of them matches; a near miss redirects, and a 404
// offers the nearest names, which lead there. Nothing is wider than the
// screen and the console stays quiet.
func TestBrowserLists(t *testing.T) {
	ts, ctx, consoleProblems := browserOn(t, func() http.Handler { return plainCorpusServer(t) })
	eval := func(expr string) string { t.Helper(); return evaluate(t, ctx, expr) }
	width := func(w int64) { t.Helper(); setWidth(t, ctx, w) }
	// open loads path and says the status it answered.
	open := func(path string) int64 {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 8*time.Second)
		defer cancel()
		resp, err := chromedp.RunResponse(sctx, chromedp.Navigate(ts.URL+path))
		if err != nil {
			fail(t, ctx, "open %s: %v", path, err)
		}
		return resp.Status
	}
	shoot := func(name string) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		png, err := chromedp.Run(sctx, chromedp.FullScreenshot(90))
		if err != nil {
			t.Errorf("screenshot %s: %v", name, err)
			return
		}
		if err := os.WriteFile(filepath.Join(t.ArtifactDir(), name+".png"), png, 0o644); err != nil {
			t.Error(err)
		}
	}
	pages := []struct{ name, path string }{
		{"home", "/"},
		{"person", "/chris-roos"},
		{"topic", "/tags/cotech"},
		{"project", "/asset-manager"},
		{"projects", "/projects"},
		{"month", "/timeline/2026/07"},
		{"post", "/week-474"},
		{"not-found", "/week-4744"},
	}

	for _, w := range []int64{390, 1280} {
		width(w)
		for _, p := range pages {
			want := int64(200)
			if p.name == "not-found" {
				want = 404
			}
			if got := open(p.path); got != want {
				fail(t, ctx, "%s: status %d, want %d", p.path, got, want)
			}
			shoot(p.name + "-" + map[int64]string{390: "390", 1280: "1280"}[w])
			if got := eval(`document.documentElement.scrollWidth + ""`); got != map[int64]string{390: "390", 1280: "1280"}[w] {
				t.Errorf("%s at %dpx: page width %s", p.path, w, got)
			}
		}

		open("/chris-roos")
		if got := eval(`document.querySelectorAll("li.listed").length + " " + document.querySelectorAll('li.listed a[href="/chris-roos"]').length`); got != "50 0" {
			t.Errorf("/chris-roos at %dpx: rows, rows naming him = %s, want 50 0", w, got)
		}
		years := eval(`document.querySelector(".active-years").checkVisibility() + " " + document.querySelector("figure.histogram .years-chart").checkVisibility()`)
		if want := map[int64]string{390: "false true", 1280: "true false"}[w]; years != want {
			t.Errorf("/chris-roos at %dpx: active years shown, chart's years shown = %s, want %s", w, years, want)
		}
	}

	// /projects filters as you type, the list apart too.
	filter := func(q string) string {
		t.Helper()
		open("/projects")
		loadSteps(t, ctx, "filter "+q, chromedp.SendKeys(chromedp.CSS("#term-q"), q), chromedp.Sleep(300*time.Millisecond))
		return eval(`document.querySelectorAll("ul.terms > li:not([hidden])").length + " " + document.querySelector("section.apart").checkVisibility()`)
	}
	if got := filter("crown"); got != "1 false" {
		t.Errorf("/projects filtered by crown: shown, list apart shown = %s, want 1 false", got)
	}
	if got := filter("luox"); got != "1 true" {
		t.Errorf("/projects filtered by luox: shown, list apart shown = %s, want 1 true", got)
	}

	// A near miss is a redirect; a 404 offers the nearest names.
	open("/Week-474")
	if got := eval(`location.pathname`); got != "/week-474" {
		t.Errorf("/Week-474 led to %s, want /week-474", got)
	}
	open("/week-4744")
	if got := eval(`Array.from(document.querySelectorAll(".nearest-list a")).map(function (a) { return a.getAttribute("href"); }).indexOf("/week-474") >= 0 ? "yes" : "no"`); got != "yes" {
		t.Errorf("/week-4744: the 404 doesn't offer /week-474")
	}
	loadPage(t, ctx, "follow the offer", chromedp.Click(chromedp.CSS(`.nearest-list a[href="/week-474"]`)))
	if got := eval(`document.querySelector("h1").textContent`); got != "Week 474" {
		t.Errorf("the offer led to %q", got)
	}

	chromedp.Do(ctx, chromedp.Sleep(100*time.Millisecond))
	// Chromium logs each 404 page it is shown, and it is shown three.
	notFound := 0
	for _, p := range consoleProblems() {
		if strings.Contains(p, "status of 404") && notFound < 3 {
			notFound++
			continue
		}
		t.Errorf("console: %s", p)
	}
}
