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

// TestBrowserSuggestions types a half-made filter into the search box at
// 390 and 1280 px over the corpus: author:chr offers Chris Roos, with his
// posts, and choosing him makes the chip; at 390 px the list is as wide
// as the screen, at 1280 px as wide as the box. It keeps screenshots
// (go test -artifacts) of the list open, of a search that finds nothing
// and of a corrected one, at both widths.
func TestBrowserSuggestions(t *testing.T) {
	ts, ctx, consoleProblems := browserOn(t, func() http.Handler { return corpusServer(t) })
	eval := func(expr string) string { t.Helper(); return evaluate(t, ctx, expr) }
	open := func(path string) {
		t.Helper()
		loadPage(t, ctx, "open "+path, chromedp.Navigate(ts.URL+path))
	}
	shoot := func(name string) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		png, err := chromedp.Run(sctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Errorf("screenshot %s: %v", name, err)
			return
		}
		if err := os.WriteFile(filepath.Join(t.ArtifactDir(), name+".png"), png, 0o644); err != nil {
			t.Error(err)
		}
	}
	for _, w := range []int64{390, 1280} {
		setWidth(t, ctx, w)
		open("/search?sort=newest")
		loadSteps(t, ctx, "type author:chr",
			chromedp.SendKeys(chromedp.CSS("#q"), "author:chr"),
			chromedp.WaitVisible(chromedp.CSS(`#q-suggestions [role="option"]`)))
		first := eval(`(function () {
			var o = document.getElementById("q-opt-0");
			return o.querySelector(".s-kind").textContent + ": " + o.querySelector(".s-label").textContent + " · " + (o.querySelector(".s-count") || {}).textContent;
		})()`)
		if !strings.HasPrefix(first, "Person: Chris Roos · ") || !strings.HasSuffix(first, " posts") {
			t.Errorf("at %dpx the first suggestion for author:chr is %q, want Chris Roos with his posts", w, first)
		}
		// The list's edges against the screen's (390) or the box's (1280).
		edges := eval(`(function () {
			var l = document.getElementById("q-suggestions").getBoundingClientRect();
			var q = document.getElementById("q").getBoundingClientRect();
			return [Math.round(l.left), Math.round(l.right), Math.round(q.left), Math.round(q.right), window.innerWidth].join(" ");
		})()`)
		f := strings.Fields(edges)
		if w == 390 && (f[0] != "0" || f[1] != f[4]) {
			t.Errorf("at 390px the suggestions span %s to %s of a screen %s wide, want all of it", f[0], f[1], f[4])
		}
		if w == 1280 && (f[0] != f[2] || f[1] != f[3]) {
			t.Errorf("at 1280px the suggestions span %s to %s, the box %s to %s", f[0], f[1], f[2], f[3])
		}
		shoot("suggestions-" + f[4])
		loadPage(t, ctx, "choose Chris Roos", press("ArrowDown"), press("Enter"))
		if got := eval(`Array.from(document.querySelectorAll(".chips .chip")).map(function (c) { return c.firstChild.textContent; }).join("|")`); got != "Author: Chris Roos" {
			t.Errorf("at %dpx choosing Chris Roos gives chips %q, want Author: Chris Roos", w, got)
		}
		if got := eval(`document.getElementById("q").value`); got != "" {
			t.Errorf("at %dpx the box holds %q after choosing a person, want it empty (the chip says it)", w, got)
		}
		open("/search?q=zebrafish+redis&author=tom-ward")
		if got := eval(`document.querySelector(".nothing").textContent.replace(/\s+/g, " ")`); !strings.Contains(got, "redis — 5") {
			t.Errorf("at %dpx nothing found offers %q, want redis — 5", w, got)
		}
		shoot("nothing-" + f[4])
		open("/search?q=harmonai")
		if got := eval(`document.querySelector("h1").textContent`); got != "Results for “harmonia” — you typed “harmonai”" {
			t.Errorf("at %dpx the corrected search's heading is %q", w, got)
		}
		shoot("corrected-" + f[4])
	}
	for _, p := range consoleProblems() {
		t.Errorf("console: %s", p)
	}
}
