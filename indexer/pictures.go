package indexer

// The pictures of the archive: those posts show or link to, and each
// person's and project's photo and links. Pictures come from the images
// folder (Options.Images, package images); a picture a post names that
// the folder lacks is shown as its alt text and reported (Missing), which
// is not a fault of the post: the post is indexed as usual.

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"strings"

	"github.com/freerange/weeknotes/indexer/images"
	"github.com/freerange/weeknotes/indexer/render"
	"github.com/freerange/weeknotes/indexer/scan"
	"github.com/freerange/weeknotes/indexer/snip"
	"github.com/freerange/weeknotes/search/archive"
)

// imagesOf is the images folder of opts: Images, else the one beside
// the soup.
func imagesOf(opts Options) *images.Folder {
	if opts.Images != "" {
		return images.NewFolder(opts.Images)
	}
	return images.NewFolder(images.Find(opts.Root))
}

// Missing is a picture a post, person or project names that the images
// folder lacks, or can't be shown from it.
type Missing struct {
	File   string // the snip
	Post   string // the post's, person's or project's name
	Image  string // the name inside the images folder
	Reason string // why it can't be shown, to follow "the image is": "not in DIR"
}

func (m Missing) String() string {
	return fmt.Sprintf("%s (%s): image %s is %s", m.File, m.Post, m.Image, m.Reason)
}

// PictureCount counts the pictures of the posts rendered.
type PictureCount struct {
	Shown   int // pictures shown (from the folder)
	Linked  int // pictures only linked to (from the folder)
	Missing int // named, not in the folder
	Posts   int // posts that show a picture from the folder
}

func (c *PictureCount) add(p archive.Post) {
	shown := false
	for _, im := range p.Images {
		switch {
		case !im.Found():
			c.Missing++
		case im.Shown:
			c.Shown++
			shown = true
		default:
			c.Linked++
		}
	}
	if shown {
		c.Posts++
	}
}

// missing lists the pictures among pics the folder lacks, for the snip at file.
func missing(file, name string, pics []archive.Picture, folder *images.Folder) []Missing {
	var out []Missing
	for _, p := range pics {
		if !p.Found() {
			out = append(out, Missing{File: file, Post: name, Image: p.Name, Reason: whyMissing(folder, p.Name)})
		}
	}
	return out
}

// whyMissing says why the folder has no picture name, to follow "the
// image is".
func whyMissing(folder *images.Folder, name string) string {
	if folder.Dir == "" {
		return "nowhere: there is no images folder (--images)"
	}
	_, err := folder.Picture(name)
	switch {
	case err == nil:
		return "missing"
	case errors.Is(err, fs.ErrNotExist):
		return "not in " + folder.Dir
	case errors.Is(err, images.ErrNotImage):
		return "not the name of an image file inside " + folder.Dir
	case errors.Is(err, images.ErrOutside):
		return "a link that leads out of " + folder.Dir
	}
	return fmt.Sprintf("unreadable in %s: %v", folder.Dir, scan.Cause(err))
}

// entityPictures reads a person's or project's :image: (its photo or
// logo) and a project's :images:, looked for as named and under
// projects/, as the site keeps them.
func entityPictures(s *snip.Snip, folder *images.Folder) (*archive.Picture, []archive.Picture) {
	var photo *archive.Picture
	if n := strings.TrimSpace(s.Meta["image"]); n != "" {
		p := lookup(folder, n, "")
		photo = &p
	}
	var gallery []archive.Picture
	for _, n := range strings.Split(s.Meta["images"], ",") {
		if n = strings.TrimSpace(n); n != "" {
			gallery = append(gallery, lookup(folder, n, "projects"))
		}
	}
	return photo, gallery
}

// lookup finds name in the folder, or failing that under dir; a picture
// with no version when neither has it.
func lookup(folder *images.Folder, name, dir string) archive.Picture {
	name = strings.TrimPrefix(name, "/")
	if p, err := folder.Picture(name); err == nil {
		return p
	}
	if dir != "" && !strings.Contains(name, "/") {
		if p, err := folder.Picture(path.Join(dir, name)); err == nil {
			return p
		}
	}
	return archive.Picture{Name: name}
}

// entityLinks are a person's or project's own places on the web, in the
// order the site shows them: :site: and :url: (a host alone is an https
// URL), :twitter: and :github: (user names), :linkedin:. Values that are
// not web addresses are left out.
func entityLinks(s *snip.Snip) []archive.Link {
	var out []archive.Link
	seen := map[string]bool{}
	add := func(kind, u, label string) {
		if u == "" || seen[u] {
			return
		}
		seen[u] = true
		out = append(out, archive.Link{Kind: kind, URL: u, Label: label})
	}
	for _, key := range []string{"site", "url"} {
		if u := webURL(s.Meta[key]); u != "" {
			add(key, u, hostPath(u))
		}
	}
	for _, k := range []struct{ key, base, at string }{
		{"twitter", "https://twitter.com/", "@"},
		{"github", "https://github.com/", "github.com/"},
	} {
		v := strings.TrimSpace(s.Meta[k.key])
		if u := webURL(v); u != "" && strings.Contains(v, "/") {
			add(k.key, u, hostPath(u))
			continue
		}
		if user := strings.TrimPrefix(v, "@"); handle(user) {
			add(k.key, k.base+user, k.at+user)
		}
	}
	if u := webURL(s.Meta["linkedin"]); u != "" {
		add("linkedin", u, "LinkedIn")
	}
	return out
}

// webURL is v as an http or https URL ("lazyatom.com" is
// https://lazyatom.com), or "" when it can't be one.
func webURL(v string) string {
	v = strings.TrimSpace(v)
	if v == "" || strings.ContainsAny(v, " \t\n<>\"'") {
		return ""
	}
	if !strings.Contains(v, "://") {
		v = "https://" + v
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return ""
	}
	return u.String()
}

// hostPath is how a link is labelled: its host and path, no scheme, no
// www., no trailing slash.
func hostPath(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	return strings.TrimSuffix(strings.TrimPrefix(p.Host, "www.")+p.EscapedPath(), "/")
}

// handle says whether s can be a Twitter or GitHub user name.
func handle(s string) bool {
	if s == "" || len(s) > 39 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// describeEntity renders a person's or project's snip (its bio or
// description) and reads its pictures and links; it returns the pictures
// the folder lacks.
func describeEntity(e *archive.Entity, s *snip.Snip, r *render.Renderer, folder *images.Folder) []Missing {
	e.HTML = r.Render(s.Content, e.Name).HTML
	e.Image, e.Gallery = entityPictures(s, folder)
	e.Links = entityLinks(s)
	var named []archive.Picture
	if e.Image != nil {
		named = append(named, *e.Image)
	}
	return missing(s.Path, e.Slug, append(named, e.Gallery...), folder)
}

// picturesChanged says whether any of pics, as an index holds them, is
// not what the folder has now: one came, went or changed.
func picturesChanged(folder *images.Folder, pics []archive.Picture) bool {
	for _, p := range pics {
		now, err := folder.Picture(p.Name)
		if err != nil {
			now.Version = ""
		}
		if now.Version != p.Version || now.Width != p.Width || now.Height != p.Height {
			return true
		}
	}
	return false
}
