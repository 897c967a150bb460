package ops

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"strings"
)

// AllowedMethods is the Allow header of every route: every route is a
// GET route, and HEAD answers wherever GET does.
const AllowedMethods = "GET, HEAD"

// routed is the request Gin sees: HEAD is routed as GET (statusWriter drops
// the body); X-Forwarded-Prefix is dropped, as Gin would prepend it to
// the Location of a trailing-slash redirect, and so are the scheme and
// host of a request in absolute form ("GET http://evil.example/tags/"),
// which Gin would keep there.
func routed(r *http.Request) *http.Request {
	if r.Method == http.MethodHead {
		r.Method = http.MethodGet
	}
	if r.URL.Scheme != "" || r.URL.Host != "" || r.URL.User != nil {
		u := *r.URL
		u.Scheme, u.Host, u.User = "", "", nil
		r.URL = &u
	}
	if _, ok := r.Header["X-Forwarded-Prefix"]; ok {
		r.Header = r.Header.Clone()
		r.Header.Del("X-Forwarded-Prefix")
	}
	return r
}

// Serve serves hs on ln so that every response carries the security
// headers, the few that net/http writes itself included: it hands
// "OPTIONS *" to the handler (Handler answers it) and adds the headers to
// net/http's own error responses (a 431 for headers over MaxHeaderBytes,
// a 400 for a malformed request line or Host, a 501, a 505). Use it
// instead of hs.Serve(ln).
func Serve(hs *http.Server, ln net.Listener) error {
	hs.DisableGeneralOptionsHandler = true
	return hs.Serve(headerListener{ln})
}

type headerListener struct{ net.Listener }

func (l headerListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &headerConn{Conn: c}, nil
}

// headerConn adds the security headers to the responses net/http makes up
// when it can't read a request. It writes each in one Write on the raw
// connection, as "HTTP/1.1 CODE TEXT" then netHTTPErrorHeaders then a
// line of text, and closes it; no response of the handler has that
// shape, as each carries the security headers already.
type headerConn struct{ net.Conn }

// netHTTPErrorHeaders are the header lines of net/http's own error
// responses (net/http's conn.serve).
const netHTTPErrorHeaders = "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"

// securityHeaderLines are securityHeaders as header lines, each after a CRLF.
var securityHeaderLines = func() string {
	var b strings.Builder
	for _, kv := range securityHeaders {
		b.WriteString("\r\n" + kv[0] + ": " + kv[1])
	}
	return b.String()
}()

func (c *headerConn) Write(p []byte) (int, error) {
	if q := withSecurityHeaders(p); q != nil {
		if _, err := c.Conn.Write(q); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	return c.Conn.Write(p)
}

// withSecurityHeaders is p with the security headers after its status
// line when p is one of net/http's own error responses, else nil.
func withSecurityHeaders(p []byte) []byte {
	if !bytes.HasPrefix(p, []byte("HTTP/1.1 ")) {
		return nil
	}
	i := bytes.Index(p, []byte(netHTTPErrorHeaders))
	if i < 0 || bytes.ContainsAny(p[:i], "\r\n") {
		return nil
	}
	q := make([]byte, 0, len(p)+len(securityHeaderLines))
	q = append(q, p[:i]...)
	q = append(q, securityHeaderLines...)
	return append(q, p[i:]...)
}

// ReadFrom keeps sendfile for the bodies of files.
func (c *headerConn) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := c.Conn.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(struct{ io.Writer }{c}, r)
}

// CloseWrite keeps net/http's half-close before it hangs up on a 431.
func (c *headerConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
