// Command samplegen writes the sample archive that README's first command
// serves: a made-up team's weeknotes, blog posts and show-and-tells over
// five years, its people and projects, and the pictures they show, in the
// snip format package indexer reads (indexer/doc.go).
//
//	go run ./cmd/samplegen            # rewrites what it owns under data/
//	go run ./cmd/samplegen -out DIR   # or anywhere else
//
// The output is a function of this program alone: a fixed seed drives a
// small generator of its own (not math/rand, whose streams a Go release
// may change), every list is walked in a fixed order, and no clock, map
// order or environment is read. The test beside it holds two runs equal
// and the committed data/ equal to a fresh run.
//
// Everything the posts say is made up from the vocabulary in vocab.go,
// apart from the two seed documents, data/week-473.snip.markdown (a draft)
// and data/week-474.snip.markdown, which are real posts kept by hand: the
// generator plans its weeks around them (it writes no week 473 or 474, and
// its people and projects include theirs) but never writes them, nor the
// alias and topic tables (data/aliases.yml, data/topics.yml).
//
// What it writes: people/*.snip.markdown (each with :image: and, for the
// made-up team, :site:), projects/*.snip.markdown, weeknotes/week-N,
// blog/* (posts and show-and-tells, one a draft), and under images/ (the
// default images folder, POSTS/images) a photo for every person and the
// pictures posts show with ERB's image_tag, drawn with Go's image packages.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
)

//go:generate go run . -out ../../data

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "samplegen:", err)
		os.Exit(1)
	}
}

func run(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("samplegen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "data", "the soup root to write into")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	files, err := Generate()
	if err != nil {
		return err
	}
	if err := Write(*out, files); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "samplegen: wrote %d files under %s\n", len(files), *out)
	return nil
}

// Files is an archive as file paths (slash-separated, relative to the soup
// root) and their bytes.
type Files map[string][]byte

// Paths are the files' paths in order.
func (f Files) Paths() []string {
	ps := make([]string, 0, len(f))
	for p := range f {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	return ps
}

// Owned says whether the generator writes the file at path: the seeds
// and the alias and topic tables in data/ are kept by hand.
func Owned(path string) bool {
	switch path {
	case "week-473.snip.markdown", "week-474.snip.markdown", "aliases.yml", "topics.yml":
		return false
	}
	return true
}

// Generate makes the whole sample archive.
func Generate() (Files, error) {
	files := Files{}
	a := newArchive(seed)
	for _, p := range a.writePeople() {
		files[p.path] = p.data
	}
	for _, p := range a.writeProjects() {
		files[p.path] = p.data
	}
	posts, err := a.writePosts()
	if err != nil {
		return nil, err
	}
	for _, p := range posts {
		if _, dup := files[p.path]; dup {
			return nil, fmt.Errorf("two files at %s", p.path)
		}
		files[p.path] = p.data
	}
	imgs, err := drawImages(a)
	if err != nil {
		return nil, err
	}
	for _, p := range imgs {
		files[p.path] = p.data
	}
	for p := range files {
		if !Owned(p) {
			return nil, fmt.Errorf("generated %s, which is kept by hand", p)
		}
	}
	return files, nil
}

// Write puts files under dir, replacing files of the same name; a file
// whose bytes are already there is left alone, so its modification time
// (which the indexer's stamps read) stays.
func Write(dir string, files Files) error {
	if dir == "" {
		return errors.New("no output folder")
	}
	for _, p := range files.Paths() {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if old, err := os.ReadFile(full); err == nil && bytes.Equal(old, files[p]) {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, files[p], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// file is one generated file.
type file struct {
	path string
	data []byte
}

// seed fixes the whole archive; another seed is another archive.
const seed = 474

// rng is SplitMix64: tiny, fast and fixed forever, so the archive never
// changes under a new Go release.
type rng struct{ state uint64 }

func (r *rng) next() uint64 {
	r.state += 0x9e3779b97f4a7c15
	z := r.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn is a number in [0, n); the bias of the modulo is immaterial here.
func (r *rng) intn(n int) int {
	if n <= 0 {
		return 0
	}
	return int(r.next() % uint64(n))
}

// between is a number in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// chance is true percent times in a hundred.
func (r *rng) chance(percent int) bool { return r.intn(100) < percent }

func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// shuffled is a shuffled copy of xs.
func shuffled[T any](r *rng, xs []T) []T {
	out := append([]T(nil), xs...)
	for i := len(out) - 1; i > 0; i-- {
		j := r.intn(i + 1)
		out[i], out[j] = out[j], out[i]
	}
	return out
}
