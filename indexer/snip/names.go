package snip

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// Routes are the first path segments the web server answers itself
// (web/server.go, web/browsing). A post, person or project is served at
// /NAME, so none may be named one of these: it would be unreachable, or
// take the route over.
var Routes = []string{
	"api", "feed.xml", "healthz", "help", "images", "metrics", "opensearch.xml",
	"people", "projects", "readyz", "search", "sitemap.xml", "static", "tags", "timeline",
}

var routes = func() map[string]bool {
	m := map[string]bool{}
	for _, r := range Routes {
		m[r] = true
	}
	return m
}()

// slugName is what a name must be: lower-case ASCII letters, digits, "-"
// and "_", with dots only inside (between two of those).
var slugName = regexp.MustCompile(`^[a-z0-9_-]+(\.[a-z0-9_-]+)*$`)

// IsSlug says whether name can be a post's, person's or project's name.
func IsSlug(name string) bool { return slugName.MatchString(name) }

// SafeName makes a slug of name: lower-cased, every run of other
// characters a "-", or a "." where it was one dot between two words, and
// nothing at either end: "../../etc/passwd" is "etc-passwd",
// "/evil.example/x" is "evil.example-x", "Week 474" is "week-474". It is
// "" when name has no ASCII letter or digit.
func SafeName(name string) string {
	var b strings.Builder
	sep := ""
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-' {
			if b.Len() > 0 && sep != "" {
				if sep == "." {
					b.WriteByte('.')
				} else {
					b.WriteByte('-')
				}
			}
			sep = ""
			b.WriteRune(r)
			continue
		}
		if r == '.' && sep == "" {
			sep = "."
		} else {
			sep = "-" // a run of anything else, or more than one dot
		}
	}
	return b.String()
}

// FixName makes s.Name a usable name for a snip of kind what ("post",
// "person", "project") and returns the warning that says what changed, or
// "". A name that isn't a slug is slugged (SafeName), falling back to the
// file name's; one the server's routes use gets "-" + what appended. It
// returns false when no name can be made: the snip is skipped.
func FixName(s *Snip, what string) (string, bool) {
	var msgs []string
	if !IsSlug(s.Name) {
		safe := SafeName(s.Name)
		if safe == "" {
			safe = SafeName(nameFromPath(s.Path))
		}
		if safe == "" {
			return fmt.Sprintf("name %q is not a slug (lower-case letters, digits, -, _ and inner dots) and none can be made of it; skipped", s.Name), false
		}
		msgs = append(msgs, fmt.Sprintf("name %q is not a slug (lower-case letters, digits, -, _ and inner dots); using %q", s.Name, safe))
		s.Name = safe
	}
	if routes[s.Name] {
		renamed := s.Name + "-" + what
		msgs = append(msgs, fmt.Sprintf("name %q is the site's own /%s; the %s is at /%s", s.Name, s.Name, what, renamed))
		s.Name = renamed
	}
	return strings.Join(msgs, "; "), true
}

// DisplayName makes a name from a slug: "chris-roos" -> "Chris Roos".
func DisplayName(slug string) string {
	words := strings.FieldsFunc(slug, func(r rune) bool { return r == '-' || r == '_' })
	for i, w := range words {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}

// EditorFile says whether a file name is an editor's temporary or backup
// file, skipped as hidden files are: Emacs's autosave "#x#" and lock ".#x",
// backups "x~", Vim's swap "x.swp" and "x.tmp".
func EditorFile(name string) bool {
	return len(name) > 1 && strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#") ||
		strings.HasPrefix(name, ".#") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".tmp")
}
