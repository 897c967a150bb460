package web

// Files: the images folder under /images/ (the embedded stylesheet and
// scripts under /static/ are static.go's).
//
// Only regular files are served, never a folder or a listing of one: a
// path that names a folder, or nothing, is a 404 like any other.
//
// Images are opened through an os.Root on the images folder (package
// images), so a path resolves inside that folder or not at all: "..",
// absolute links and links that climb out (images/root -> /,
// images/passwd.png -> /etc/passwd, images/up -> ..) are a 404. A link that
// stays inside the folder is followed like the file or folder it names.
// Only image types are served (images.Type), so nothing under images/ can
// be a page or a script of this site; names with a part starting with "."
// are hidden, as in the soup.

import (
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/freerange/weeknotes/indexer/images"
	"github.com/freerange/weeknotes/search"
)

// fileName is the slash-separated name a /static/ or /images/ path asks
// for, or "" when it names no file that may be served: empty, a folder
// (trailing slash), a part starting with "." (which covers ".."), a
// backslash or a NUL.
func fileName(p string) string {
	if p == "" || strings.HasSuffix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return ""
	}
	name := strings.TrimPrefix(p, "/")
	for _, part := range strings.Split(name, "/") {
		if part == "" || part[0] == '.' {
			return ""
		}
	}
	return name
}

// image serves one file of the images folder: GET /images/*filepath.
// images.Open opens it through an os.Root on the folder (on each request,
// so a folder made or replaced after the server started is served): a
// regular image file inside the folder or a 404. Nothing is read but the
// file, by http.ServeContent (sendfile), and its stat: its ETag and
// version come from its size and modification time. A URL with the
// file's current version (?v=, as pages name pictures) may be cached for
// a year; any other is revalidated each time (304 when unchanged).
func (s *Server) image(dir string) gin.HandlerFunc {
	return s.site.Handle(func(c *gin.Context) error {
		name := fileName(c.Param("filepath"))
		typ := images.Type(name)
		if name == "" || typ == "" {
			return search.ErrNotFound
		}
		f, info, err := images.Open(dir, name)
		if err != nil {
			return search.ErrNotFound
		}
		defer f.Close()
		v := images.Version(info)
		c.Header("ETag", `"`+v+`"`)
		if c.Query("v") == v {
			c.Header("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			c.Header("Cache-Control", "public, no-cache")
		}
		return serveRegular(c, name, typ, f)
	})
}

// serveRegular serves f, which must be a regular file, with Range and
// conditional requests; anything else is a 404.
func serveRegular(c *gin.Context, name, typ string, f fs.File) error {
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return search.ErrNotFound
	}
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		return search.ErrNotFound
	}
	if typ != "" {
		c.Header("Content-Type", typ)
	}
	// Embedded files have no modification time: no Last-Modified then.
	http.ServeContent(c.Writer, c.Request, path.Base(name), info.ModTime(), rs)
	return nil
}
