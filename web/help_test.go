package web_test

import (
	"html"
	"regexp"
	"strings"
	"testing"
)

// TestHelp: /help answers, is linked from every page, and every example
// on it is a query the search page accepts (a 400 would mean the help
// documents a syntax the parser refuses).
func TestHelp(t *testing.T) {
	t.Parallel()
	h := newServer(t, false)
	code, body, _ := get(t, h, "/help")
	if code != 200 {
		t.Fatalf("GET /help: status %d\n%s", code, body)
	}
	for _, want := range []string{"<h1>How to search</h1>", "author:&#34;chris roos&#34;", "after:2017-12", "OR"} {
		if !strings.Contains(body, want) {
			t.Errorf("/help lacks %q", want)
		}
	}
	if _, home, _ := get(t, h, "/"); !strings.Contains(home, `href="/help"`) {
		t.Error("the layout has no link to /help")
	}
	examples := regexp.MustCompile(`href="(/search\?q=[^"]+)"`).FindAllStringSubmatch(body, -1)
	if len(examples) < 15 {
		t.Fatalf("%d example links on /help, want every row's", len(examples))
	}
	for _, m := range examples {
		target := html.UnescapeString(m[1])
		t.Run(target, func(t *testing.T) {
			if code, body, _ := get(t, h, target); code != 200 && code != 302 {
				t.Errorf("status %d\n%s", code, body)
			}
		})
	}
}
