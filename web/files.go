package web

// Files: the soup's images under /images/ (the embedded stylesheet and
// scripts under /static/ are static.go's).
//
// Only regular files are served, never a folder or a listing of one: a
// path that names a folder, or nothing, is a 404 like any other.
//
// Images are opened through an os.Root on the soup's images/ folder, so a
// path resolves inside that folder or not at all: "..", absolute links and
// links that climb out (images/root -> /, images/passwd.png -> /etc/passwd,
// images/up -> ..) are a 404. A link that stays inside the folder is
// followed like the file or folder it names. Only image types are served
// (imageTypes), so nothing under images/ can be a page or a script of this
// site; names with a part starting with "." are hidden, as in the soup.

import (
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/freerange/weeknotes/search"
)

// imageTypes are the extensions served from images/, with their type.
var imageTypes = map[string]string{
	".png":  "image/png",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".gif":  "image/gif",
	".webp": "image/webp",
	".avif": "image/avif",
	".svg":  "image/svg+xml",
	".ico":  "image/x-icon",
	".bmp":  "image/bmp",
}

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

// image serves one file of the soup's images/ folder: GET /images/*filepath.
// The folder is opened on each request, so one made or replaced after the
// server started is served.
func (s *Server) image(dir string) gin.HandlerFunc {
	return s.site.Handle(func(c *gin.Context) error {
		name := fileName(c.Param("filepath"))
		typ := imageTypes[strings.ToLower(path.Ext(name))]
		if name == "" || typ == "" {
			return search.ErrNotFound
		}
		root, err := os.OpenRoot(dir)
		if err != nil {
			return search.ErrNotFound
		}
		defer root.Close()
		f, err := root.Open(filepath.FromSlash(name))
		if err != nil {
			return search.ErrNotFound
		}
		defer f.Close()
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
