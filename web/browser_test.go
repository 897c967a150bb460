package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

const (
	chromiumPath = "/usr/bin/chromium"
	corpusSoups  = "../../shared/corpus/soups"
)

// TestBrowserSearch drives the search page in a real browser over the
// whole corpus: suggestions as you type, chosen with the keyboard; a facet
// value, its chip and removing it; the next page. No console errors on the
// way. Set -artifacts to keep the screenshot of a failure.
func TestBrowserSearch(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("browser test: no %s", chromiumPath)
	}
	if _, err := os.Stat(corpusSoups); err != nil {
		t.Skipf("browser test: no corpus at %s", corpusSoups)
	}
	ts := httptest.NewServer(corpusServer(t))
	defer ts.Close()

	ctx := newBrowser(t)
	consoleProblems := watchConsole(ctx)

	// Each step has its own deadline; the browser lives on ctx.
	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 8*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			fail(t, ctx, "%s: %v", what, err)
		}
	}
	// navigate runs actions that load a new page and waits for it.
	navigate := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		loadPage(t, ctx, what, actions...)
	}
	eval := func(expr string) string { t.Helper(); return evaluate(t, ctx, expr) }
	location := func() *url.URL {
		t.Helper()
		u, err := url.Parse(eval(`location.href`))
		if err != nil {
			t.Fatal(err)
		}
		return u
	}

	// "/" anywhere jumps to the box.
	navigate("open the home page", chromedp.Navigate(ts.URL+"/"))
	step("press /", chromedp.WaitReady(chromedp.CSS(`#q[role="combobox"]`)), press("/"))
	if got := eval(`document.activeElement.id`); got != "q" {
		fail(t, ctx, "after /: focus on %q, want the search box", got)
	}

	// Typing fills the listbox; Escape closes it, ArrowDown reopens it on
	// the first option.
	step("type mocha",
		chromedp.SendKeys(chromedp.CSS("#q"), "mocha"),
		chromedp.WaitVisible(chromedp.CSS(`#q-suggestions [role="option"]`)))
	if got := eval(`document.getElementById("q").getAttribute("aria-expanded")`); got != "true" {
		fail(t, ctx, "aria-expanded = %q with suggestions shown", got)
	}
	step("Escape", press("Escape"), chromedp.WaitNotVisible(chromedp.CSS("#q-suggestions")))
	step("ArrowDown twice, ArrowUp once",
		press("ArrowDown"), chromedp.WaitVisible(chromedp.CSS("#q-suggestions")),
		press("ArrowDown"), press("ArrowUp"))
	active := eval(`document.getElementById("q").getAttribute("aria-activedescendant") || ""`)
	if active != "q-opt-0" {
		fail(t, ctx, "aria-activedescendant = %q after down, down, up; want q-opt-0", active)
	}
	chosen := eval(`(function () {
		var o = document.getElementById("q-opt-0");
		return o.getAttribute("aria-selected") + " " + o.querySelector(".s-kind").textContent + ": " + o.querySelector(".s-label").textContent;
	})()`)
	if chosen != "true Search: mocha" {
		fail(t, ctx, "first suggestion = %q, want the completion mocha, selected", chosen)
	}
	navigate("Enter on the suggestion", press("Enter"))
	if u := location(); u.Path != "/search" || u.Query().Get("q") != "mocha" {
		fail(t, ctx, "the suggestion led to %s, want /search?q=mocha", u)
	}

	// A facet value narrows the results and shows as a chip.
	person := `section[aria-labelledby="facet-author"] a.facet-value`
	name := eval(`document.querySelector('` + person + ` .facet-label').textContent`)
	navigate("choose "+name, chromedp.Click(chromedp.CSS(person)))
	chips := eval(`Array.from(document.querySelectorAll(".chips .chip")).map(function (c) { return c.firstChild.textContent; }).join("|")`)
	if chips != "Author: "+name {
		fail(t, ctx, "chips = %q, want %q", chips, "Author: "+name)
	}
	if got := eval(`document.querySelector('` + person + `[aria-current="true"] .facet-label').textContent`); got != name {
		fail(t, ctx, "selected facet value = %q, want %q", got, name)
	}
	authors := eval(`Array.from(document.querySelectorAll(".hit .meta a:first-child")).map(function (a) { return a.textContent; }).join("|")`)
	if authors == "" {
		fail(t, ctx, "no results by %s", name)
	}
	for _, a := range strings.Split(authors, "|") {
		if a != name {
			fail(t, ctx, "a result by %q among the results by %q", a, name)
		}
	}

	// Removing the chip brings all the results back.
	navigate("remove the chip", chromedp.Click(chromedp.CSS(".chips .chip")))
	if u := location(); u.Query().Has("author") || u.Query().Get("q") != "mocha" {
		fail(t, ctx, "after removing the chip: %s, want q=mocha and no author", u)
	}
	if n := eval(`String(document.querySelectorAll(".chips").length)`); n != "0" {
		fail(t, ctx, "%s chip lists after removing the only chip", n)
	}

	// The next page.
	navigate("next page", chromedp.Click(chromedp.CSS(`a[rel="next"]`)))
	if u := location(); u.Query().Get("page") != "2" {
		fail(t, ctx, "next page is %s, want page=2", u)
	}
	if got := eval(`document.querySelector(".summary").textContent`); !strings.HasPrefix(got, "11–20 of ") {
		fail(t, ctx, "summary on page 2 = %q", got)
	}

	// Let the last page's messages arrive before reading them.
	step("settle", chromedp.Sleep(100*time.Millisecond))
	for _, p := range consoleProblems() {
		t.Errorf("console: %s", p)
	}
}

// press presses and releases one key as a keyboard does: one keydown
// that carries the text, so that cancelling it types nothing (KeyEvent
// sends a separate char event, which types even then).
func press(key string) chromedp.Action[chromedp.Void] {
	keys := map[string]struct {
		code, text string
		vk         int64
	}{
		"/":         {"Slash", "/", 191},
		"Enter":     {"Enter", "\r", 13},
		"Escape":    {"Escape", "", 27},
		"ArrowDown": {"ArrowDown", "", 40},
		"ArrowUp":   {"ArrowUp", "", 38},
	}
	k, ok := keys[key]
	if !ok {
		panic("press: unknown key " + key)
	}
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		down := input.DispatchKeyEventTypeRawKeyDown
		if k.text != "" {
			down = input.DispatchKeyEventTypeKeyDown
		}
		for _, typ := range []input.DispatchKeyEventType{down, input.DispatchKeyEventTypeKeyUp} {
			p := input.DispatchKeyEventParams{Type: typ, Key: key, Code: k.code, WindowsVirtualKeyCode: k.vk, NativeVirtualKeyCode: k.vk}
			if typ == input.DispatchKeyEventTypeKeyDown {
				p.Text, p.UnmodifiedText = k.text, k.text
			}
			if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, p); err != nil {
				return err
			}
		}
		return nil
	})
}

// corpusHandler serves the corpus through the real router, over an index
// built into a temporary directory.
// watchConsole collects the page's console errors and uncaught
// exceptions; the function it returns gives those seen so far.
func watchConsole(ctx context.Context) func() []string {
	var (
		mu       sync.Mutex
		problems []string
	)
	go func() {
		for m, err := range chromedp.Console(ctx) {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				mu.Lock()
				problems = append(problems, m.String())
				mu.Unlock()
			}
		}
	}()
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), problems...)
	}
}

// newBrowser starts headless Chromium for the test and stops it at the end.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	// Not t.TempDir: Chromium's children can write in it for a moment after
	// the browser stops, and its cleanup would fail the test.
	profile, err := os.MkdirTemp("", "weeknotes-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for range 50 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 1000),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	// The first run starts the browser and binds it to ctx: no deadline here.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", chromiumPath, err)
	}
	return ctx
}

// fail saves a screenshot of the page, logs where, and stops the test.
// loadPage runs actions that load a new page, waits for it and fails the
// test unless it answered 200.
func loadPage(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 8*time.Second)
	defer cancel()
	resp, err := chromedp.RunResponse(sctx, actions...)
	if err != nil {
		fail(t, ctx, "%s: %v", what, err)
	}
	if resp.Status != 200 {
		fail(t, ctx, "%s: status %d for %s", what, resp.Status, resp.URL)
	}
}

func fail(t *testing.T, ctx context.Context, format string, args ...any) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if png, err := chromedp.Run(sctx, chromedp.CaptureScreenshot()); err == nil {
		p := filepath.Join(t.ArtifactDir(), "failure.png")
		if err := os.WriteFile(p, png, 0o644); err == nil {
			t.Logf("screenshot: %s", p)
		}
	}
	t.Fatalf(format, args...)
}

// browserOn starts a browser test on the handler server makes: it skips
// with -short or without chromium (before making the server), and gives
// the test server, a tab and the tab's console problems.
func browserOn(t *testing.T, server func() http.Handler) (*httptest.Server, context.Context, func() []string) {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("browser test: no %s", chromiumPath)
	}
	ts := httptest.NewServer(server())
	t.Cleanup(ts.Close)
	ctx := newBrowser(t)
	return ts, ctx, watchConsole(ctx)
}

// evaluate runs expr in the tab and gives its result.
func evaluate(t *testing.T, ctx context.Context, expr string) string {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	v, err := chromedp.Run(sctx, chromedp.Evaluate[string](expr))
	if err != nil {
		fail(t, ctx, "evaluate %s: %v", expr, err)
	}
	return v
}

// setWidth makes the tab's viewport w px wide (and a phone's 844 tall).
func setWidth(t *testing.T, ctx context.Context, w int64) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, chromedp.EmulateViewport(w, 844)); err != nil {
		fail(t, ctx, "viewport %d: %v", w, err)
	}
}
