package web

// The edges of HTTP: methods, the base URL absolute links are made from,
// request headers that must not shape a response, names no post can take,
// and the responses net/http writes without calling any handler.
//
// Every route is a GET route. HEAD answers wherever GET does (the same
// status and headers, no body); any other method on a path a route serves
// is a 405 with "Allow: GET, HEAD"; "OPTIONS *" is a 200 with that Allow.
// Absolute URLs (feeds, sitemap, OpenSearch) start with Config.BaseURL,
// never with the request's Host or a X-Forwarded-* header; Gin's
// trailing-slash redirects never see X-Forwarded-Prefix.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// allowedMethods is the Allow header of every route.
const allowedMethods = "GET, HEAD"

// DefaultBaseURL is the base URL of a Config that names none.
const DefaultBaseURL = "http://localhost"

var errMethodNotAllowed = errors.New("method not allowed")

// ParseBaseURL checks a base URL for absolute links and returns it in its
// usual form: http or https, a host and an optional port, in lower case,
// with no path (links inside pages start at "/"), query, fragment or user.
func ParseBaseURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return "", fmt.Errorf("%q is invalid: %v", raw, err)
	}
	scheme := strings.ToLower(u.Scheme)
	switch {
	case scheme != "http" && scheme != "https" || u.Opaque != "":
		return "", fmt.Errorf("%q: want http:// or https:// and a host", raw)
	case u.User != nil:
		return "", fmt.Errorf("%q: no user or password, please", raw)
	case u.Hostname() == "":
		return "", fmt.Errorf("%q has no host", raw)
	case u.Path != "" && u.Path != "/":
		return "", fmt.Errorf("%q: no path, please: pages link from / (serve the site at the root of its host)", raw)
	case u.RawQuery != "" || u.ForceQuery:
		return "", fmt.Errorf("%q: no query, please", raw)
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return "", fmt.Errorf("%q: no fragment, please", raw)
	}
	return scheme + "://" + strings.ToLower(u.Host), nil
}

// reservedNames are the first path segments the routes take, sorted; see
// ReservedNames.
var reservedNames = []string{
	"api", "feed.xml", "healthz", "help", "images", "metrics", "opensearch.xml",
	"people", "projects", "readyz", "search", "sitemap.xml", "static", "tags", "timeline",
}

// ReservedNames are the names a post, person or project can't be reached
// by: /NAME is a route of the server's own ("/search", "/feed.xml") or the
// start of some ("/api/...", "/static/..."). The route always wins: Gin
// matches fixed paths before "/:name", whatever the index holds. The
// indexer refuses these names. The slice is a copy, sorted.
func ReservedNames() []string { return append([]string(nil), reservedNames...) }

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
