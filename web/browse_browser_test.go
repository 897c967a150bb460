package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// TestBrowserWalk walks the archive in a real browser over the corpus:
// timeline -> a month -> a post -> the next week -> one of its topics ->
// a project of that topic -> a person who wrote about it. Every page must
// have its landmarks, label its controls, start its Tab order with the
// skip link, the home link and the search box, and log no console errors.
func TestBrowserWalk(t *testing.T) {
	ts, ctx, consoleProblems := browserOn(t, func() http.Handler { return corpusServer(t) })
	eval := func(expr string) string { t.Helper(); return evaluate(t, ctx, expr) }
	navigate := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		loadPage(t, ctx, what, actions...)
	}
	// check looks at the page now shown.
	check := func(page, wantPath string) {
		t.Helper()
		if got := eval(`location.pathname`); !strings.HasPrefix(got, wantPath) {
			fail(t, ctx, "%s: at %s, want %s", page, got, wantPath)
		}
		if got := eval(`["header","main","nav","footer"].filter(function (s) { return !document.querySelector(s); }).join(",")`); got != "" {
			fail(t, ctx, "%s: missing landmarks %s", page, got)
		}
		if got := eval(`document.querySelectorAll("h1").length + ""`); got != "1" {
			fail(t, ctx, "%s: %s h1 elements", page, got)
		}
		unlabelled := eval(`Array.from(document.querySelectorAll("input, select, textarea, button, nav, aside, svg a")).filter(function (e) {
			if (e.closest("[aria-hidden=true]")) return false;
			if (e.tagName === "NAV" || e.tagName === "ASIDE") return document.querySelectorAll(e.tagName).length > 1 && !e.getAttribute("aria-label") && !e.getAttribute("aria-labelledby");
			if (e.getAttribute("aria-label") || e.getAttribute("aria-labelledby")) return false;
			if (e.labels && e.labels.length) return false;
			return !(e.textContent || "").trim();
		}).map(function (e) { return e.outerHTML.slice(0, 80); }).join(" | ")`)
		if unlabelled != "" {
			fail(t, ctx, "%s: unlabelled controls or landmarks: %s", page, unlabelled)
		}
		if got := eval(`Array.from(document.querySelectorAll("[tabindex]")).filter(function (e) { return e.tabIndex > 0; }).length + ""`); got != "0" {
			fail(t, ctx, "%s: %s elements with a positive tabindex", page, got)
		}
		// Keyboard: Tab from the top visits the skip link, the home link,
		// then the search box.
		sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)`)); err != nil {
			fail(t, ctx, "%s: %v", page, err)
		}
		var order []string
		for range 3 {
			if err := chromedp.Do(sctx, tab()); err != nil {
				fail(t, ctx, "%s: Tab: %v", page, err)
			}
			order = append(order, eval(`(function (e) { return e.id || e.className || e.tagName; })(document.activeElement)`))
		}
		if got := strings.Join(order, " "); got != "skip brand q" {
			fail(t, ctx, "%s: Tab order %q, want \"skip brand q\"", page, got)
		}
	}
	click := func(what, selector, wantPath string) {
		t.Helper()
		href := eval(`(function () { var a = document.querySelector('` + selector + `'); return a ? a.getAttribute("href") : ""; })()`)
		if href == "" {
			fail(t, ctx, "%s: no %s on %s", what, selector, eval(`location.pathname`))
		}
		navigate(what, chromedp.Click(chromedp.CSS(selector)))
		check(what, wantPath)
	}

	navigate("open the timeline", chromedp.Navigate(ts.URL+"/timeline"))
	check("timeline", "/timeline")
	if got := eval(`document.querySelector("figure.histogram svg") ? "svg" : ""`); got != "svg" {
		fail(t, ctx, "no histogram on the timeline")
	}
	click("February 2018", `table.heatmap a[href="/timeline/2018/02"]`, "/timeline/2018/02")
	click("first post of the month", `.entries .entry-title`, "/week-")
	before := eval(`location.pathname`)
	click("next week", `a.next-week`, "/week-")
	if after := eval(`location.pathname`); after == before {
		fail(t, ctx, "next week stayed on %s", before)
	}
	click("a topic of the week", `p.tags a[href^="/tags/"]`, "/tags/")
	click("a project of the topic", `section[aria-labelledby="projects-heading"] a`, "/")
	if got := eval(`document.querySelector("#when-heading") ? "ok" : ""`); got != "ok" {
		fail(t, ctx, "the project page has no \"When did we work on it?\" at %s", eval(`location.pathname`))
	}
	click("a person who wrote about it", `section[aria-labelledby="people-heading"] a`, "/")
	if got := eval(`document.querySelector("#posts-heading") ? document.querySelector(".crumbs a").textContent : ""`); got != "People" {
		fail(t, ctx, "the last page is not a person's: %s", eval(`location.pathname`))
	}

	chromedp.Do(ctx, chromedp.Sleep(100*time.Millisecond))
	for _, p := range consoleProblems() {
		t.Errorf("console: %s", p)
	}
}

// tab presses Tab once.
func tab() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
			p := input.DispatchKeyEventParams{Type: typ, Key: "Tab", Code: "Tab", WindowsVirtualKeyCode: 9, NativeVirtualKeyCode: 9}
			if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, p); err != nil {
				return err
			}
		}
		return nil
	})
}
