package web_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// pageTypes are the page types a screenshot is kept of, at both widths.
var pageTypes = []struct{ name, path string }{
	{"home", "/"},
	{"search", "/search?q=mocha"},
	{"search-year", "/search?q=mocha&year=2018"},
	{"help", "/help"},
	{"post", "/week-474"},
	{"person", "/chris-roos"},
	{"project", "/mocha"},
	{"topic", "/tags/cotech"},
	{"topics", "/tags"},
	{"timeline", "/timeline"},
	{"year", "/timeline/2018"},
	{"month", "/timeline/2018/02"},
	{"people", "/people"},
	{"projects", "/projects"},
}

// chartProblems lists, on the page shown, chart labels under 11px and
// chart targets (bars, year rows, heatmap cells) under 24px either way,
// among those visible.
const chartProblems = `(function () {
	var out = [];
	function shown(e) { var r = e.getBoundingClientRect(); return e.checkVisibility() && r.width > 0 && r.height > 0; }
	function font(e, what) {
		var px = parseFloat(getComputedStyle(e).fontSize);
		if (shown(e) && px < 11) out.push(what + " " + JSON.stringify(e.textContent.trim()) + " is " + px + "px");
	}
	function target(e, what) {
		if (!shown(e)) return;
		var r = e.getBoundingClientRect();
		if (r.width < 24 || r.height < 24) out.push(what + " " + JSON.stringify(e.textContent.trim() || e.parentNode.textContent.trim()) + " is " + Math.round(r.width) + "x" + Math.round(r.height));
	}
	document.querySelectorAll("figure.histogram text").forEach(function (e) { font(e, "chart label"); });
	document.querySelectorAll("figure.histogram .years-chart a").forEach(function (e) { font(e, "year row"); target(e, "year row"); });
	document.querySelectorAll("figure.histogram svg a .hit-area").forEach(function (e) { target(e, "bar"); });
	document.querySelectorAll("table.heatmap td a, table.heatmap th").forEach(function (e) { font(e, "heatmap"); });
	document.querySelectorAll("table.heatmap td a").forEach(function (e) { target(e, "heatmap cell"); });
	return out.length + (out.length ? ": " + out.slice(0, 6).join("; ") : "");
})()`

// TestBrowserPhone opens every page type at 390 and 1280 px over the
// corpus and keeps a screenshot of each (go test -artifacts). At 390 px:
// the search page's Filters control comes before the first result and
// opens in place; chart labels are 11px or more and their targets 24px or
// more; nothing is wider than the screen; no example of /help breaks
// mid-token, no "week N" across lines; the "/" hint is hidden. At
// 1280 px the facets are a sidebar, open.
func TestBrowserPhone(t *testing.T) {
	ts, ctx, consoleProblems := browserOn(t, func() http.Handler { return corpusServer(t) })
	eval := func(expr string) string { t.Helper(); return evaluate(t, ctx, expr) }
	width := func(w int64) { t.Helper(); setWidth(t, ctx, w) }
	open := func(path string) {
		t.Helper()
		loadPage(t, ctx, "open "+path, chromedp.Navigate(ts.URL+path))
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

	width(390)
	for _, p := range pageTypes {
		open(p.path)
		shoot(p.name + "-390")
		if got := eval(chartProblems); got != "0" {
			t.Errorf("%s at 390px: chart problems %s", p.path, got)
		}
		if got := eval(`document.documentElement.scrollWidth + " " + window.innerWidth`); got != "390 390" {
			t.Errorf("%s at 390px: page width %s, want no wider than the screen", p.path, got)
		}
		if got := eval(`Array.from(document.querySelectorAll(".week")).filter(function (e) { return e.getClientRects().length > 1; }).map(function (e) { return e.textContent; }).join("|")`); got != "" {
			t.Errorf("%s at 390px: broken across lines: %s", p.path, got)
		}
		if got := eval(`getComputedStyle(document.querySelector(".slash-hint")).display`); got != "none" {
			t.Errorf("%s at 390px: the / hint shows (display %s)", p.path, got)
		}
	}

	// /help: every example on one line.
	open("/help")
	if got := eval(`Array.from(document.querySelectorAll("table.syntax code")).filter(function (c) { return c.getClientRects().length > 1 || c.getBoundingClientRect().right > window.innerWidth; }).map(function (c) { return c.textContent; }).join("|")`); got != "" {
		t.Errorf("/help at 390px: examples broken or cut: %s", got)
	}

	// The search page: Filters, then the chips, then the results.
	open("/search?q=mocha&author=chris-roos")
	order := eval(`(function () {
		function top(s) { var e = document.querySelector(s); return e ? Math.round(e.getBoundingClientRect().top) : -1; }
		return [top("#refine > summary"), top(".chips"), top(".hit")].join(" ");
	})()`)
	tops := strings.Fields(order)
	if len(tops) != 3 || slicesHasNeg(tops) || !(atoi(tops[0]) < atoi(tops[2]) && atoi(tops[1]) < atoi(tops[2])) {
		t.Errorf("search at 390px: tops of Filters, chips and first result = %s, want the first two above the third", order)
	}
	if got := eval(`document.getElementById("refine").open + " " + document.querySelector(".facet").checkVisibility()`); got != "false false" {
		t.Errorf("search at 390px: Filters open, facets shown = %s, want closed and hidden", got)
	}
	if got := eval(`document.querySelector("#refine > summary").textContent.replace(/\s+/g, " ").trim()`); got != "Filters 1 applied" {
		t.Errorf("the Filters control reads %q", got)
	}
	loadSteps(t, ctx, "open Filters", chromedp.Click(chromedp.CSS("#refine > summary")), chromedp.WaitVisible(chromedp.CSS(`section[aria-labelledby="facet-author"]`)))
	if got := eval(`(document.querySelector('section[aria-labelledby="facet-author"]').getBoundingClientRect().top < document.querySelector(".hit").getBoundingClientRect().top) + ""`); got != "true" {
		t.Errorf("search at 390px: the opened facets are not above the results")
	}

	// /tags filters as you type, as the server does.
	open("/tags?q=misc")
	want := eval(`document.querySelectorAll("ul.terms > li").length + ""`)
	open("/tags")
	loadSteps(t, ctx, "type in the filter", chromedp.SendKeys(chromedp.CSS("#term-q"), "misc"), chromedp.Sleep(300*time.Millisecond))
	if got := eval(`document.querySelectorAll("ul.terms > li:not([hidden])").length + ""`); got != want || want == "0" {
		t.Errorf("/tags filtered live by misc: %s topics shown, the server lists %s", got, want)
	}

	width(1280)
	for _, p := range pageTypes {
		open(p.path)
		shoot(p.name + "-1280")
		if got := eval(`document.documentElement.scrollWidth + ""`); got != "1280" {
			t.Errorf("%s at 1280px: page width %s", p.path, got)
		}
	}
	open("/search?q=mocha")
	side := eval(`(function () {
		var f = document.querySelector(".facet").getBoundingClientRect(), r = document.querySelector(".hit").getBoundingClientRect();
		var s = document.querySelector("#refine > summary").getBoundingClientRect();
		return document.querySelector(".facet").checkVisibility() + " " + (f.left > r.right) + " " + document.querySelector("#refine > summary").checkVisibility();
	})()`)
	if side != "true true false" {
		t.Errorf("search at 1280px: facets shown, right of the results, Filters summary shown = %s, want true true false", side)
	}

	chromedp.Do(ctx, chromedp.Sleep(100*time.Millisecond))
	for _, p := range consoleProblems() {
		t.Errorf("console: %s", p)
	}
}

// loadSteps runs actions on the page shown.
func loadSteps(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 8*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		fail(t, ctx, "%s: %v", what, err)
	}
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(fmt.Sprintf("atoi %q", s))
	}
	return n
}

func slicesHasNeg(xs []string) bool {
	for _, x := range xs {
		if strings.HasPrefix(x, "-") {
			return true
		}
	}
	return false
}
