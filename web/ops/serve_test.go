package ops

import (
	"strings"
	"testing"
)

// withSecurityHeaders changes only net/http's own error responses, whole.
func TestWithSecurityHeadersOnlyNetHTTPErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in      string
		changed bool
	}{
		{"HTTP/1.1 431 Request Header Fields Too Large" + netHTTPErrorHeaders + "431 Request Header Fields Too Large", true},
		{"HTTP/1.1 400 Bad Request: malformed Host header" + netHTTPErrorHeaders + "400 Bad Request: malformed Host header", true},
		{"HTTP/1.1 200 OK\r\nContent-Security-Policy: x\r\nContent-Length: 2\r\n\r\nok", false},
		{"HTTP/1.1 404 Not Found\r\nX: y" + netHTTPErrorHeaders + "404", false}, // more than net/http's header lines
		{"some body text HTTP/1.1 400 Bad Request" + netHTTPErrorHeaders, false},
		{"", false},
	} {
		got := withSecurityHeaders([]byte(tt.in))
		if (got != nil) != tt.changed {
			t.Errorf("%.40q: changed %v, want %v", tt.in, got != nil, tt.changed)
			continue
		}
		if got != nil {
			status, rest, _ := strings.Cut(tt.in, "\r\n")
			if want := status + securityHeaderLines + "\r\n" + rest; string(got) != want {
				t.Errorf("got %q, want %q", got, want)
			}
		}
	}
}
