// Package images is the archive's images folder: where it is, which of
// its files may be shown, and what a page needs of each (its type, its
// size in pixels, a version that changes when the file does).
//
// The folder is named by --images, or found beside the soup: POSTS/images
// when that is a folder, else the site's own layout, POSTS/../app/assets/images
// (the soups live beside app/assets/images in the site they come from).
//
// Every file is opened through an os.Root on the folder, whoever asks (the
// indexer reading a post's picture, the server answering a request), so a
// name resolves inside the folder or not at all: "..", absolute links and
// links that climb out are refused. Only regular files with an image
// extension (Type) are opened, and names with a part that starts with "."
// are hidden. The folder is never listed.
package images

import (
	"encoding/xml"
	"errors"
	"image"
	_ "image/gif"  // image.DecodeConfig reads GIF headers
	_ "image/jpeg" // and JPEG
	_ "image/png"  // and PNG
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/image/webp"

	"github.com/freerange/weeknotes/search/archive"
)

// types are the extensions the folder serves, with their media type.
var types = map[string]string{
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

// Type is the media type of the image a name ends in, or "" when it names
// no image that may be served.
func Type(name string) string { return types[strings.ToLower(path.Ext(name))] }

// ErrNotImage is the error for a name that may not be opened: not an
// image's, a folder's, hidden, or leaving the folder.
var ErrNotImage = errors.New("not the name of an image in the folder")

// ErrOutside is the error for a name that resolves outside the folder,
// through a link that leads out of it.
var ErrOutside = errors.New("a link that leads out of the folder")

// Clean is name as a path inside the folder (slash-separated, no leading
// slash), or "" when it can't be one that is served: empty, a folder
// (trailing slash), a part that is empty or starts with "." (which covers
// ".."), a backslash or a NUL, or no image extension.
func Clean(name string) string {
	if name == "" || strings.HasSuffix(name, "/") || strings.ContainsAny(name, "\\\x00") {
		return ""
	}
	name = strings.TrimPrefix(name, "/")
	for _, part := range strings.Split(name, "/") {
		if part == "" || part[0] == '.' {
			return ""
		}
	}
	if Type(name) == "" {
		return ""
	}
	return name
}

// Find is the images folder of the soup at posts when none is named: posts/images
// when it is a folder, else posts/../app/assets/images when that is one,
// else "".
func Find(posts string) string {
	for _, dir := range []string{
		filepath.Join(posts, "images"),
		filepath.Join(posts, "..", "app", "assets", "images"),
	} {
		if info, err := os.Stat(dir); err == nil && info.IsDir() {
			return filepath.Clean(dir)
		}
	}
	return ""
}

// Open opens the image name (as Clean takes it) inside the folder dir, through
// an os.Root on dir: it fails for anything but a regular file inside it.
func Open(dir, name string) (*os.File, fs.FileInfo, error) {
	clean := Clean(name)
	if dir == "" || clean == "" {
		return nil, nil, ErrNotImage
	}
	f, err := os.OpenInRoot(dir, filepath.FromSlash(clean))
	if err != nil {
		// os.Root's error for a path that leaves it is not exported.
		if strings.Contains(err.Error(), "path escapes from parent") {
			return nil, nil, ErrOutside
		}
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, nil, ErrNotImage
	}
	return f, info, nil
}

// Version names one state of a file: it changes when the file's size or
// modification time does. Pages ask for /images/NAME?v=VERSION, which can
// then be cached for good.
func Version(info fs.FileInfo) string {
	return strconv.FormatInt(info.ModTime().UnixNano(), 36) + strconv.FormatInt(info.Size(), 36)
}

// maxHeader bounds what is read of a file to learn its size: JPEG, PNG,
// GIF and WebP say it in their first bytes, SVG in its root element.
const maxHeader = 256 << 10

// Folder answers for one images folder while an archive is indexed: each
// name is looked at once (a post often shows a picture and links to it).
// Its methods are safe for concurrent use.
type Folder struct {
	Dir  string // "" when the archive has none: every image is missing
	mu   sync.Mutex
	seen map[string]picture
}

type picture struct {
	p   archive.Picture
	err error
}

// NewFolder answers for the folder dir ("" for none).
func NewFolder(dir string) *Folder { return &Folder{Dir: dir, seen: map[string]picture{}} }

// Picture is the image name of the folder as a page shows it: its version
// and, when its header says, its size. The error says why the folder has
// no such image (fs.ErrNotExist when it simply lacks it); a file whose
// size can't be read is still a Picture, with no size.
func (f *Folder) Picture(name string) (archive.Picture, error) {
	f.mu.Lock()
	got, ok := f.seen[name]
	f.mu.Unlock()
	if ok {
		return got.p, got.err
	}
	got.p, got.err = read(f.Dir, name)
	f.mu.Lock()
	f.seen[name] = got
	f.mu.Unlock()
	return got.p, got.err
}

func read(dir, name string) (archive.Picture, error) {
	p := archive.Picture{Name: name}
	file, info, err := Open(dir, name)
	if err != nil {
		return p, err
	}
	defer file.Close()
	p.Version = Version(info)
	p.Width, p.Height = Size(io.LimitReader(file, maxHeader), Type(name))
	return p, nil
}

// Size reads an image's width and height in pixels from the start of r:
// image.DecodeConfig for JPEG, PNG and GIF, x/image/webp for WebP, the root
// element's width and height (or its viewBox) for SVG. 0, 0 when it can't
// tell.
func Size(r io.Reader, typ string) (w, h int) {
	switch typ {
	case "image/svg+xml":
		return svgSize(r)
	case "image/webp":
		if c, err := webp.DecodeConfig(r); err == nil {
			return c.Width, c.Height
		}
		return 0, 0
	case "image/png", "image/jpeg", "image/gif":
		if c, _, err := image.DecodeConfig(r); err == nil {
			return c.Width, c.Height
		}
	}
	return 0, 0
}

// svgSize reads the root <svg> element's width and height, in pixels
// (plain numbers or px), or failing those its viewBox.
func svgSize(r io.Reader) (int, int) {
	d := xml.NewDecoder(r)
	d.Strict = false
	for {
		tok, err := d.Token()
		if err != nil {
			return 0, 0
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if el.Name.Local != "svg" {
			return 0, 0
		}
		var w, h float64
		var box string
		for _, a := range el.Attr {
			switch a.Name.Local {
			case "width":
				w = svgLength(a.Value)
			case "height":
				h = svgLength(a.Value)
			case "viewBox":
				box = a.Value
			}
		}
		if w > 0 && h > 0 {
			return pixels(w), pixels(h)
		}
		f := strings.Fields(strings.ReplaceAll(box, ",", " "))
		if len(f) == 4 {
			bw, e1 := strconv.ParseFloat(f[2], 64)
			bh, e2 := strconv.ParseFloat(f[3], 64)
			if e1 == nil && e2 == nil && bw > 0 && bh > 0 {
				switch {
				case w > 0: // one side given: the other from the box's shape
					return pixels(w), pixels(w * bh / bw)
				case h > 0:
					return pixels(h * bw / bh), pixels(h)
				}
				return pixels(bw), pixels(bh)
			}
		}
		return 0, 0
	}
}

// svgLength is an SVG length in pixels: a plain number or one in px; 0
// for any other unit (%, em) or none.
func svgLength(v string) float64 {
	v = strings.TrimSuffix(strings.TrimSpace(v), "px")
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f <= 0 || math.IsInf(f, 0) {
		return 0
	}
	return f
}

// pixels rounds a length to whole pixels, at least 1 and at most 100,000.
func pixels(f float64) int {
	return int(min(max(math.Round(f), 1), 100_000))
}

// Describe says what a folder is for a person reading the output of index
// or serve: its path, or that there is none.
func Describe(dir string) string {
	if dir == "" {
		return "none (no images folder beside the posts; pictures show as their alt text)"
	}
	return dir
}
