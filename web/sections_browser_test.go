package web_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestBrowserSectionLinks follows a result's section link in a real
// browser over the whole corpus, with JavaScript on and off, at 1280 and
// 390 px: the post opens scrolled to the section's heading, in view, the
// query's words marked in the post; "Clear highlighting" gives the post
// back unmarked. Screenshots of the search page and the landing page go to
// the test's artifacts (-artifacts).
func TestBrowserSectionLinks(t *testing.T) {
	ts, ctx, consoleProblems := browserOn(t, func() http.Handler { return corpusServer(t) })
	eval := func(expr string) string { t.Helper(); return evaluate(t, ctx, expr) }
	do := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 8*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			fail(t, ctx, "%s: %v", what, err)
		}
	}
	// shoot saves the window, or the whole page.
	shoot := func(name string, whole bool) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		shot := chromedp.CaptureScreenshot()
		if whole {
			shot = chromedp.FullScreenshot(80)
		}
		png, err := chromedp.Run(sctx, shot)
		if err != nil {
			t.Errorf("screenshot %s: %v", name, err)
			return
		}
		if err := os.WriteFile(filepath.Join(t.ArtifactDir(), name+".png"), png, 0o644); err != nil {
			t.Error(err)
		}
	}

	// "mocha release": the Mocha v2 post's best section, Acknowledgements,
	// is its last, a long way down.
	const query, post, heading = "mocha release", "/mocha-v2-release", "acknowledgements"
	for _, c := range []struct {
		width int64
		js    bool
	}{{1280, true}, {390, true}, {1280, false}, {390, false}} {
		name := strconv.Itoa(int(c.width))
		if !c.js {
			name += "-nojs"
		}
		do("viewport and scripts", chromedp.EmulateViewport(c.width, 900),
			chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
				_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !c.js})
				return err
			}))

		loadPage(t, ctx, name+": search", chromedp.Navigate(ts.URL+"/search?q="+url.QueryEscape(query)))
		link := `.hit a.section-link[href^="` + post + `?"]`
		href := eval(`(function () { var a = document.querySelector('` + link + `'); return a ? a.getAttribute("href") : ""; })()`)
		if href != post+"?q=mocha+release#"+heading {
			fail(t, ctx, "%s: the first section link of %s is %q, want its %s section with the words", name, post, href, heading)
		}
		if got := eval(`document.querySelector('` + link + `').closest("li").querySelectorAll(".section-snippet mark").length + ""`); got == "0" {
			fail(t, ctx, "%s: the section's snippet marks no word", name)
		}
		if got := eval(`document.documentElement.scrollWidth + ""`); got != strconv.Itoa(int(c.width)) {
			t.Errorf("%s: the search page is %s px wide, wider than the screen", name, got)
		}
		shoot("search-"+name, true)
		eval(`document.querySelector(".hit .sections").closest(".hit").scrollIntoView(); ""`)
		shoot("search-hits-"+name, false)

		loadPage(t, ctx, name+": follow the section link", chromedp.Click(chromedp.CSS(link), chromedp.NodeVisible))
		do("settle", chromedp.Sleep(150*time.Millisecond))
		if got := eval(`location.pathname + location.search + location.hash`); got != href {
			fail(t, ctx, "%s: landed at %s, want %s", name, got, href)
		}
		// The heading is in view, near the top unless the page ends first.
		view := eval(`(function () {
			var h = document.getElementById("` + heading + `"), r = h.getBoundingClientRect();
			var bottom = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
			return [Math.round(r.top), Math.round(r.bottom), window.innerHeight, Math.round(window.scrollY), bottom].join(" ");
		})()`)
		var top, bot, inner, scrollY int
		var atBottom bool
		parts := strings.Fields(view)
		top, bot, inner, scrollY, atBottom = atoi(parts[0]), atoi(parts[1]), atoi(parts[2]), atoi(parts[3]), parts[4] == "true"
		if top < 0 || bot > inner || scrollY == 0 || top > 80 && !atBottom {
			fail(t, ctx, "%s: heading #%s at %d-%d px of a %d px window, page scrolled %d px: want it in view, scrolled to", name, heading, top, bot, inner, scrollY)
		}
		marks := eval(`Array.from(document.querySelectorAll(".post .body mark")).map(function (m) { return m.textContent.toLowerCase(); }).join(" ")`)
		if !strings.Contains(marks, "mocha") || !strings.Contains(marks, "release") {
			fail(t, ctx, "%s: marked in the post: %q, want mocha and release", name, marks)
		}
		inView := eval(`Array.from(document.querySelectorAll(".post .body mark")).filter(function (m) {
			var r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }).length + ""`)
		if inView == "0" {
			fail(t, ctx, "%s: no marked word in view at the section", name)
		}
		if got := eval(`String(!!document.querySelector(".marked-note") && document.querySelector(".marked-note").getBoundingClientRect().bottom <= window.innerHeight)`); got != "true" {
			fail(t, ctx, "%s: the highlighting note is not in view", name)
		}
		shoot("post-"+name, false)

		loadPage(t, ctx, name+": clear highlighting", chromedp.Click(chromedp.CSS(".marked-note a:last-child"), chromedp.NodeVisible))
		if got := eval(`location.pathname + location.search + " " + document.querySelectorAll(".post .body mark").length + " " + !!document.querySelector(".marked-note")`); got != post+" 0 false" {
			fail(t, ctx, "%s: after clearing: %s, want %s with no marks and no note", name, got, post)
		}
	}
	// A section in the middle of a long post: its heading at the top of
	// the window, the note (with its way out) kept in view at the bottom.
	do("phone, no scripts", chromedp.EmulateViewport(390, 844))
	loadPage(t, ctx, "a section mid-post", chromedp.Navigate(ts.URL+"/week-323?q=money+tracker#money-tracker"))
	do("settle", chromedp.Sleep(150*time.Millisecond))
	if got := eval(`String(Math.round(document.getElementById("money-tracker").getBoundingClientRect().top))`); atoi(got) < 0 || atoi(got) > 80 {
		fail(t, ctx, "mid-post: the heading is at %s px, want at the top of the window", got)
	}
	if got := eval(`(function () { var r = document.querySelector(".marked-note").getBoundingClientRect(); return String(r.top > window.innerHeight / 2 && r.bottom <= window.innerHeight); })()`); got != "true" {
		fail(t, ctx, "mid-post: the highlighting note is not kept in view at the bottom")
	}
	shoot("post-mid-390-nojs", false)

	do("settle", chromedp.Sleep(100*time.Millisecond))
	for _, p := range consoleProblems() {
		t.Errorf("console: %s", p)
	}
}
