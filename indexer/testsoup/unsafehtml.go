package testsoup

import (
	"strings"

	nethtml "golang.org/x/net/html"
)

// UnsafeHTML reports the first thing in s that could run script: a script or
// style element, an event handler attribute, or a javascript:, vbscript: or
// data: URL (other than data: images). It returns "" when there is none.
func UnsafeHTML(s string) string {
	z := nethtml.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			return ""
		}
		if tt != nethtml.StartTagToken && tt != nethtml.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		switch tok.Data {
		case "script", "style", "object", "embed", "base", "form", "meta", "link":
			return "<" + tok.Data + "> element"
		}
		for _, a := range tok.Attr {
			key := strings.ToLower(a.Key)
			if strings.HasPrefix(key, "on") {
				return "attribute " + a.Key
			}
			switch key {
			case "href", "src", "action", "formaction", "poster", "srcset", "xlink:href":
				v := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
				if strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") ||
					strings.HasPrefix(v, "data:") && !strings.HasPrefix(v, "data:image/") {
					return key + "=" + a.Val
				}
			}
		}
	}
}
