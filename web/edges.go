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
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// DefaultBaseURL is the base URL of a Config that names none.
const DefaultBaseURL = "http://localhost"

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
