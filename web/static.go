package web

// Static files: the embedded stylesheets, script and icon under /static/.
//
// Pages link each by a name that carries a hash of its bytes
// (/static/style.1a2b3c4d5e6f.css, from the template function "static"), so
// a browser may keep it for a year without asking again (Cache-Control:
// immutable): a changed file is a new name. The plain name
// (/static/style.css) answers too, for links from elsewhere, with an ETag
// and "no-cache", so a browser asks each time and gets a 304 while the file
// is the same. Text files are gzipped once, at start-up, and sent so to
// clients that accept gzip. A file is never listed, and only the embedded
// files exist.

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/web/ops"
)

// staticAsset is one embedded file as it is served.
type staticAsset struct {
	hashed bool   // asked for by its hashed name
	typ    string // Content-Type
	etag   string
	body   []byte
	gz     []byte // the body gzipped; nil when that is not smaller
}

// staticAssets are the files by the names they answer to, and the hashed
// name of each file's plain name.
type staticAssets struct {
	byName map[string]*staticAsset
	hashed map[string]string // "style.css" -> "style.1a2b3c4d5e6f.css"
}

// loadStatic reads, hashes and compresses every file of files once.
func loadStatic(files fs.FS) (*staticAssets, error) {
	a := &staticAssets{byName: map[string]*staticAsset{}, hashed: map[string]string{}}
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(files, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:6])
		ext := path.Ext(name)
		typ := mime.TypeByExtension(ext)
		if typ == "" {
			typ = http.DetectContentType(body)
		}
		asset := staticAsset{typ: typ, etag: `"` + hex.EncodeToString(sum[:16]) + `"`, body: body}
		if ops.Compressible(typ) {
			var b bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
			zw.Write(body)
			zw.Close()
			if b.Len() < len(body) {
				asset.gz = b.Bytes()
			}
		}
		hashedName := strings.TrimSuffix(name, ext) + "." + hash + ext
		plain, h := asset, asset
		h.hashed = true
		a.byName[name], a.byName[hashedName] = &plain, &h
		a.hashed[name] = hashedName
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("static files: %w", err)
	}
	return a, nil
}

// URL is where pages link a static file: its hashed name. A name that is
// not a static file is a mistake in a template, found by the tests (every
// page's links are followed): it links to the plain name, a 404.
func (a *staticAssets) URL(name string) string {
	if h, ok := a.hashed[name]; ok {
		return "/static/" + h
	}
	return "/static/" + name
}

// immutable is how long a browser may keep a file asked for by its hash.
const immutable = "public, max-age=31536000, immutable"

// serve answers GET /static/*filepath.
func (a *staticAssets) serve(c *gin.Context) error {
	name := fileName(c.Param("filepath"))
	asset := a.byName[name]
	if name == "" || asset == nil {
		return search.ErrNotFound
	}
	h := c.Writer.Header()
	h.Set("Content-Type", asset.typ)
	h.Set("ETag", asset.etag)
	if asset.hashed {
		h.Set("Cache-Control", immutable)
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	if asset.gz != nil {
		h.Set("Vary", "Accept-Encoding")
	}
	if etagMatches(c.GetHeader("If-None-Match"), asset.etag) {
		c.Status(http.StatusNotModified)
		c.Writer.WriteHeaderNow()
		return nil
	}
	body := asset.body
	if asset.gz != nil && ops.AcceptsGzip(c.GetHeader("Accept-Encoding")) {
		body = asset.gz
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	c.Status(http.StatusOK)
	if c.Request.Method == http.MethodHead {
		c.Writer.WriteHeaderNow()
		return nil
	}
	c.Writer.Write(body)
	return nil
}

// etagMatches is If-None-Match's weak comparison: the tag, listed or "*".
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}
