// Package folder is the index directory: where builds live, which one is
// current, who may write, and how a finished build is swapped in.
//
//	DIR/current               symbolic link to the build being served
//	DIR/builds/ID/index       the Bleve index: the archive itself
//	DIR/builds/ID/...         caches derived from it (package caches)
//	DIR/builds/tmp-*          a build or a copy under way
//	DIR/.writer.lock          held by the one process writing the index
//
// A build is written under DIR/builds/tmp-*, checked, renamed and then
// made current by renaming a new link over DIR/current, which is atomic:
// a build that fails or is killed leaves the previous one serving.
package folder

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

const (
	currentLink = "current"
	buildsDir   = "builds"
	indexSub    = "index"
	// journalFile is appended to by a build and its copy alike, so Clone
	// copies it (caches.JournalFile).
	journalFile = "caches.log"
)

// ErrNoIndex means the directory holds no finished build.
var ErrNoIndex = errors.New("no index has been built")

// ErrLocked means another process is writing to the index.
var ErrLocked = errors.New("another weeknotes process is updating this index (a server with --watch keeps it up to date itself)")

// NewTemp makes a new build directory under dir's builds, for a build or a
// copy under way; the caller holds the writer lock.
func NewTemp(dir string) (string, error) {
	builds := filepath.Join(dir, buildsDir)
	if err := os.MkdirAll(builds, 0o755); err != nil {
		return "", fmt.Errorf("index directory: %w", err)
	}
	tmp, err := os.MkdirTemp(builds, "tmp-")
	if err != nil {
		return "", fmt.Errorf("index directory: %w", err)
	}
	return tmp, nil
}

// Publish makes the finished build tmp current: renames it to its ID,
// points DIR/current at it and prunes the builds before it. A tmp that
// can't be renamed is removed.
func Publish(dir, tmp string) error {
	id := time.Now().UTC().Format("20060102T150405.000000000")
	if err := os.Rename(tmp, filepath.Join(dir, buildsDir, id)); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("index directory: %w", err)
	}
	if err := swapCurrent(dir, filepath.Join(buildsDir, id)); err != nil {
		return err
	}
	pruneBuilds(dir, id)
	return nil
}

// Current is the build directory DIR/current points at.
func Current(dir string) (string, error) {
	target, err := os.Readlink(filepath.Join(dir, currentLink))
	if err != nil {
		return "", ErrNoIndex
	}
	return filepath.Join(dir, target), nil
}

// BleveDir is where the Bleve index of a build lies.
func BleveDir(build string) string { return filepath.Join(build, indexSub) }

// Lock takes the index directory's writer lock, or fails with
// ErrLocked when another process holds it.
func Lock(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, ".writer.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("index directory: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, ErrLocked
	}
	return f, nil
}

// CheckWriter fails with ErrLocked when another process holds the index
// directory's writer lock (a watching server: then the index can't be
// opened for reading either).
func CheckWriter(dir string) error {
	f, err := Lock(dir)
	if err != nil {
		return err
	}
	return f.Close()
}

// inUse reports whether some process has the build's Bleve index open
// (Bleve locks its root file: shared for readers, exclusive for a writer).
func inUse(build string) bool {
	f, err := os.Open(filepath.Join(build, indexSub, "store", "root.bolt"))
	if err != nil {
		return false
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return true
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return false
}

// swapCurrent points DIR/current at target by renaming a new link over it.
func swapCurrent(dir, target string) error {
	tmp := filepath.Join(dir, fmt.Sprintf(".current-%d", time.Now().UnixNano()))
	if err := os.Symlink(target, tmp); err != nil {
		return fmt.Errorf("switch to new index: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, currentLink)); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("switch to new index: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// pruneBuilds removes builds older than the current one and the one before
// it; a server may still be reading the one before. A build some process
// has open (Bleve's lock on it says so) is never removed.
func pruneBuilds(dir, current string) {
	entries, err := os.ReadDir(filepath.Join(dir, buildsDir))
	if err != nil {
		return
	}
	var done []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), "tmp-") && e.Name() < current {
			done = append(done, e.Name())
		}
	}
	sort.Strings(done)
	for i := 0; i < len(done)-1; i++ {
		if build := filepath.Join(dir, buildsDir, done[i]); !inUse(build) {
			os.RemoveAll(build)
		}
	}
}

// RemoveStaleTemps clears builds under the index directory dir that were
// killed before they finished. A build under way holds the writer lock,
// so while the lock is free no tmp- directory can be one in progress.
func RemoveStaleTemps(dir string) {
	builds := filepath.Join(dir, buildsDir)
	entries, _ := os.ReadDir(builds)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "tmp-") {
			os.RemoveAll(filepath.Join(builds, e.Name()))
		}
	}
}

// Clone copies build into tmp: Bleve's root file and the caches'
// journal are copied (one is written in place, the other appended to),
// every other file linked (segments are immutable; caches are replaced by
// rename; text.dat is appended to, past every caches.Span the original reads).
func Clone(build, tmp string) error {
	return filepath.WalkDir(build, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(build, p)
		to := filepath.Join(tmp, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		if strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		if d.Name() == "root.bolt" || d.Name() == journalFile {
			return copyFile(p, to) // written in place, or appended to by both
		}
		return os.Link(p, to)
	})
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
