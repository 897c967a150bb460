// Package scan finds a soup's snips and reads them, one file at a time,
// safely: the first step of a build and of an update.
//
// Walk lists the files that are snips: hidden files and folders, editor
// temporaries and backups (snip.EditorFile), the root's images/ folder and
// the alias and topic tables are not; symbolic links to files are read,
// links to folders are not followed (a link loop can't trap the walk), and
// a link to anything but a regular file is a warning. Read reads one:
// never blocking (a file swapped for a FIFO since the walk is skipped as
// not regular), never over MaxSnipBytes, never a binary file; it gives
// the parsed snip.Snip with the stamp of the bytes read (size, time,
// SHA-256). Classify says whether a snip is a post, a person, a project
// or a page. Each problem is a Warning naming the file; none stops a scan.
package scan

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/freerange/weeknotes/indexer/snip"
	"github.com/freerange/weeknotes/indexer/terms"
	"github.com/freerange/weeknotes/search/archive"
)

// MaxSnipBytes is the largest file read as a snip; larger files are reported
// and skipped rather than held in memory.
const MaxSnipBytes = 32 << 20

// assetDir is the folder under the soup root that holds the image assets
// of image_tag and image_path; it is not read for snips.
const assetDir = "images"

// Warning is a problem with one file. It never stops a load.
type Warning struct {
	File    string
	Message string
}

func (w Warning) String() string { return w.File + ": " + w.Message }

// Walk lists the snips' files under root, slash-separated and relative to
// it, in lexical order, with a warning for each file it can't or won't read. Hidden files and folders
// (.git, .DS_Store) and the alias and topic tables are not snips. Symbolic links to
// files are read; links to folders are not followed, so a link loop can't
// trap the walk.
func Walk(root string) (paths []string, warnings []Warning) {
	warn := func(file, format string, args ...any) {
		warnings = append(warnings, Warning{File: file, Message: fmt.Sprintf(format, args...)})
	}
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if err != nil {
			warn(rel, "cannot read: %v", Cause(err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if rel != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() && snip.EditorFile(d.Name()) {
			return nil
		}
		if d.IsDir() && rel == assetDir {
			return fs.SkipDir // image assets, not snips
		}
		if d.IsDir() || rel == terms.AliasFile || rel == terms.TopicFile {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := os.Stat(p)
			switch {
			case err != nil:
				warn(rel, "broken symbolic link: %v", Cause(err))
				return nil
			case target.IsDir():
				warn(rel, "symbolic link to a folder is not followed")
				return nil
			case !target.Mode().IsRegular():
				// A FIFO would block the read for ever.
				warn(rel, "symbolic link to something that is not a regular file")
				return nil
			}
		} else if !d.Type().IsRegular() {
			warn(rel, "not a regular file")
			return nil
		}
		paths = append(paths, rel)
		return nil
	})
	return paths, warnings
}

// Skipped reports whether Walk would leave the file at rel out (rel
// slash-separated, relative to the root): hidden files and folders, editor files, the image assets and the
// alias and topic tables.
func Skipped(rel string) bool {
	parts := strings.Split(rel, "/")
	if parts[0] == assetDir || rel == terms.AliasFile || rel == terms.TopicFile {
		return true
	}
	for _, p := range parts {
		if strings.HasPrefix(p, ".") {
			return true
		}
	}
	return snip.EditorFile(parts[len(parts)-1])
}

// Read reads and parses the file rel under root; a nil Snip means it was
// skipped, and the warnings say why. A file swapped for a FIFO, grown past
// MaxSnipBytes, binary or empty is skipped; invalid UTF-8 is replaced and
// a byte-order mark dropped.
func Read(root, rel string) (*snip.Snip, []Warning) {
	return ReadAgain(root, rel, nil, 0)
}

// ReadAgain is Read of a file read before as seen (nil for none), whose
// Content was then contentLen bytes long: when its bytes are still those
// seen had (by hash), it gives seen's snip with the content and the stamp
// of the bytes read, without parsing them again.
func ReadAgain(root, rel string, seen *snip.Snip, contentLen int) (*snip.Snip, []Warning) {
	full := filepath.Join(root, filepath.FromSlash(rel))
	// O_NONBLOCK: a file swapped for a FIFO since the walk must not block
	// the open; it is then skipped as not regular.
	f, err := os.OpenFile(full, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, []Warning{{rel, fmt.Sprintf("cannot read: %v", Cause(err))}}
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, []Warning{{rel, fmt.Sprintf("cannot read: %v", Cause(err))}}
	}
	if !info.Mode().IsRegular() {
		return nil, []Warning{{rel, "not a regular file"}}
	}
	if info.Size() > MaxSnipBytes {
		return nil, []Warning{{rel, fmt.Sprintf("skipped: %d bytes is over the %d MiB limit for a snip", info.Size(), MaxSnipBytes>>20)}}
	}
	data := make([]byte, info.Size())
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, []Warning{{rel, fmt.Sprintf("cannot read: %v", Cause(err))}}
	}
	var ws []Warning
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, []Warning{{rel, "skipped: binary file (contains NUL bytes)"}}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // a byte-order mark is not part of the title
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, []Warning{{rel, "skipped: empty file"}}
	}
	if !utf8.Valid(data) {
		ws = append(ws, Warning{rel, "invalid UTF-8; bad bytes replaced with U+FFFD"})
		data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	stamp := stampOf(info, data)
	if seen != nil && seen.File.Hash == stamp.Hash {
		s := *seen
		s.Content, s.ModTime, s.File = snip.ContentOf(data, contentLen), info.ModTime(), stamp
		return &s, ws
	}
	s, msgs := snip.Parse(rel, data, info.ModTime())
	s.File = stamp
	for _, m := range msgs {
		ws = append(ws, Warning{rel, m})
	}
	if len(s.Meta) == 0 && Classify(&s) == Page {
		ws = append(ws, Warning{rel, "no metadata block (no :kind:); counted as a page, not indexed"})
	}
	return &s, ws
}

// Kind is what a snip is to the archive.
type Kind int

const (
	Page Kind = iota // counted, not indexed
	Post
	Person
	Project
)

// Classify says what s is: a post or a project by its :kind: (blog or
// show-and-tell; project), else a person or a project by its folder
// (people/, projects/), else a page.
func Classify(s *snip.Snip) Kind {
	switch s.Meta["kind"] {
	case "blog", "show-and-tell":
		return Post
	case "project":
		return Project
	}
	for _, dir := range strings.Split(path.Dir(s.Path), "/") {
		switch dir {
		case "people":
			return Person
		case "projects":
			return Project
		}
	}
	return Page
}

// Cause is err without the path a PathError adds: warnings name the file
// already.
func Cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// stampOf is the stamp of a file read whole.
func stampOf(info os.FileInfo, data []byte) archive.FileStamp {
	sum := sha256.Sum256(data)
	return archive.FileStamp{Size: info.Size(), ModTime: info.ModTime(), Hash: hex.EncodeToString(sum[:])}
}
