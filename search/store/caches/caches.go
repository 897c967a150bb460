// Package caches reads and writes the files of a build that are derived
// from its Bleve index (README, "The index folder"): every post's metadata
// (posts.gob), their plain text (text.dat), the vocabulary (words.fst),
// the catalog (catalog.json), the generation they describe (cache.json)
// and the journal of updates since they were last written whole
// (caches.log). Nothing here reads Bleve: the store rebuilds these from it
// when they are missing or stale.
package caches

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/blevesearch/vellum"
	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/suggest"
)

// Files of a build.
const (
	CatalogFile = "catalog.json"
	PostsFile   = "posts.gob"
	TextFile    = "text.dat"
	StampFile   = "cache.json"
)

// Set is the files derived from the Bleve index, written together and
// stamped with the generation they describe.
type Set struct {
	Generation uint64 // of the index they describe
	Posts      Posts
	Vocab      map[string]uint32 // nil: words.fst is already right
	Catalog    any               // written to catalog.json as JSON
}

type stamp struct {
	Generation uint64 `json:"generation"`
	Posts      int    `json:"posts"`
}

// Write writes every file of the set into build, the stamp last, and
// drops the journal its records are now part of.
func (c Set) Write(build string) error {
	c.Posts.Generation = c.Generation
	if err := writePosts(build, c.Posts); err != nil {
		return fmt.Errorf("write %s: %w", PostsFile, err)
	}
	if c.Vocab != nil {
		data, err := vocabBytes(c.Vocab)
		if err == nil {
			err = WriteFileSync(filepath.Join(build, VocabFile), data)
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", VocabFile, err)
		}
	}
	data, err := json.MarshalIndent(c.Catalog, "", "  ")
	if err == nil {
		err = WriteFileSync(filepath.Join(build, CatalogFile), data)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", CatalogFile, err)
	}
	stamp, _ := json.Marshal(stamp{Generation: c.Generation, Posts: len(c.Posts.Posts)})
	if err := WriteFileSync(filepath.Join(build, StampFile), stamp); err != nil {
		return fmt.Errorf("write %s: %w", StampFile, err)
	}
	// The journal's records are all in the caches now.
	if err := os.Remove(filepath.Join(build, JournalFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("write %s: %w", JournalFile, err)
	}
	return nil
}

// VocabFile is the archive's vocabulary, for suggestions (suggest.Vocab):
// every term as the prose analyzer has it before stemming and the number of
// posts that use it, as a finite state transducer.
//
// It replaces a second Bleve field that held each post's distinct words:
// that field was a third of a build's indexing work, and only its term
// dictionary and document counts were ever read, which this file holds
// in a few megabytes.
const VocabFile = "words.fst"

// JournalFile holds what updates did since the Set were last written
// whole: one record an update, appended (see Writer.Apply). Open replays
// it over posts.gob and words.fst, so an update costs a few kilobytes of
// cache writing rather than the whole table.
const JournalFile = "Set.log"

type Record struct {
	Generation uint64
	Put        []archive.Post // without HTML and text, with summaries
	Text       []Span         // Put[i]'s text in text.dat
	Delete     []string
	Vocab      map[string]int // term -> change in its post count
}

func AppendJournal(build string, rec Record) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(rec); err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(build, JournalFile), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	var size [8]byte
	binary.BigEndian.PutUint64(size[:], uint64(buf.Len()))
	_, err = f.Write(append(size[:], buf.Bytes()...))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// replayJournal applies the journal's records after generation from to pt
// and vocabulary, up to generation to. It fails unless it reaches to
// exactly (a record lost to a crash: the Set are rebuilt instead).
func replayJournal(build string, pt *Posts, vocabulary map[string]uint32, from, to uint64) error {
	if from == to {
		return nil
	}
	data, err := os.ReadFile(filepath.Join(build, JournalFile))
	if err != nil {
		return err
	}
	gen := from
	for len(data) >= 8 && gen < to {
		n := binary.BigEndian.Uint64(data[:8])
		if uint64(len(data)-8) < n {
			break // torn by a crash
		}
		var rec Record
		if err := gob.NewDecoder(bytes.NewReader(data[8 : 8+n])).Decode(&rec); err != nil {
			return fmt.Errorf("%s: %w", JournalFile, err)
		}
		data = data[8+n:]
		if rec.Generation <= gen {
			continue
		}
		if rec.Generation != gen+1 {
			return fmt.Errorf("%s skips from generation %d to %d", JournalFile, gen, rec.Generation)
		}
		gone := map[string]bool{}
		for _, name := range rec.Delete {
			gone[name] = true
		}
		next := Posts{Summaries: pt.Summaries}
		for i, p := range pt.Posts {
			if !gone[p.Name] {
				next.Posts = append(next.Posts, p)
				next.Text = append(next.Text, pt.Text[i])
				if pt.Summary != nil {
					next.Summary = append(next.Summary, pt.Summary[i])
				}
			}
		}
		next.Posts = append(next.Posts, rec.Put...)
		next.Text = append(next.Text, rec.Text...)
		if pt.Summary != nil {
			// The new posts' summaries are in the records, so in Posts.
			next.Summary = append(next.Summary, make([]Span, len(rec.Put))...)
		}
		*pt = next
		for term, d := range rec.Vocab {
			if n := int(vocabulary[term]) + d; n > 0 {
				vocabulary[term] = uint32(n)
			} else {
				delete(vocabulary, term)
			}
		}
		gen = rec.Generation
	}
	if gen != to {
		return fmt.Errorf("%s reaches generation %d, the index is at %d", JournalFile, gen, to)
	}
	return nil
}

// vocabBytes is the vocabulary as words.fst holds it: words in byte
// order, as the transducer requires.
func vocabBytes(v map[string]uint32) ([]byte, error) {
	words := make([]string, 0, len(v))
	for w := range v {
		words = append(words, w)
	}
	slices.Sort(words)
	return sortedVocabBytes(words, v)
}

// sortedVocabBytes is vocabBytes given v's words in byte order.
func sortedVocabBytes(words []string, v map[string]uint32) ([]byte, error) {
	var buf bytes.Buffer
	b, err := vellum.New(&buf, nil)
	if err != nil {
		return nil, err
	}
	for _, word := range words {
		if err := b.Insert([]byte(word), uint64(v[word])); err != nil {
			return nil, fmt.Errorf("word %q: %w", word, err)
		}
	}
	if err := b.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// VocabFromMap is the vocabulary as a loaded transducer, in memory.
func VocabFromMap(v map[string]uint32) (*suggest.Vocab, error) {
	data, err := vocabBytes(v)
	if err != nil {
		return nil, err
	}
	fst, err := vellum.Load(data)
	if err != nil {
		return nil, err
	}
	return suggest.NewVocab(fst), nil
}

// VocabFromSorted is VocabFromMap given v's words in byte order.
func VocabFromSorted(words []string, v map[string]uint32) (*suggest.Vocab, error) {
	data, err := sortedVocabBytes(words, v)
	if err != nil {
		return nil, err
	}
	fst, err := vellum.Load(data)
	if err != nil {
		return nil, err
	}
	return suggest.NewVocab(fst), nil
}

// VocabMap reads a vocabulary back into a map, for updating.
func VocabMap(v *suggest.Vocab) (map[string]uint32, error) {
	out := map[string]uint32{}
	return out, v.Each(func(w string, n uint64) { out[w] = uint32(n) })
}

// Read reads the Set of build when they describe generation gen. The
// Posts it returns read their summaries from posts.gob, which stays open:
// close it (Posts.Close) when they are no longer needed.
func Read(build string, gen uint64) (pt Posts, v *suggest.Vocab, err error) {
	defer func() {
		if err != nil {
			pt.Close()
		}
	}()
	data, err := os.ReadFile(filepath.Join(build, StampFile))
	if err != nil {
		return pt, nil, err
	}
	var st stamp
	if err := json.Unmarshal(data, &st); err != nil {
		return pt, nil, fmt.Errorf("%s: %w", StampFile, err)
	}
	if st.Generation > gen {
		return pt, nil, fmt.Errorf("Set are of generation %d, the index is at %d", st.Generation, gen)
	}
	if pt, err = readPosts(build); err != nil {
		return pt, nil, err
	}
	if pt.Generation != st.Generation || len(pt.Posts) != st.Posts {
		return pt, nil, fmt.Errorf("%s is of generation %d, %s says %d", PostsFile, pt.Generation, StampFile, st.Generation)
	}
	var replayed map[string]uint32 // the vocabulary, when the journal changed it
	if st.Generation != gen {
		v, err := suggest.OpenVocab(filepath.Join(build, VocabFile))
		if err != nil {
			return pt, nil, err
		}
		replayed, err = VocabMap(v)
		v.Close()
		if err != nil {
			return pt, nil, err
		}
		if err := replayJournal(build, &pt, replayed, st.Generation, gen); err != nil {
			return pt, nil, err
		}
	}
	Intern(pt.Posts)
	fi, err := os.Stat(filepath.Join(build, TextFile))
	if err != nil {
		return pt, nil, err
	}
	for _, sp := range pt.Text {
		if sp.Off+sp.Len > fi.Size() {
			return pt, nil, fmt.Errorf("%s is shorter than %s says", TextFile, PostsFile)
		}
	}
	if replayed != nil {
		v, err := VocabFromMap(replayed)
		return pt, v, err
	}
	v, err = suggest.OpenVocab(filepath.Join(build, VocabFile))
	if err != nil {
		return pt, nil, err
	}
	return pt, v, nil
}

// Span is where one post's text lies in text.dat (or its summary in
// posts.gob).
type Span struct{ Off, Len int64 }

// SpanWriter appends strings to a file and says where each went.
type SpanWriter struct {
	f   *os.File
	w   *bufio.Writer
	off int64
}

// NewSpanWriter creates the file at path.
func NewSpanWriter(path string) (*SpanWriter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	return &SpanWriter{f: f, w: bufio.NewWriterSize(f, 1<<20)}, nil
}

// TempSpanWriter creates a new temporary file in dir.
func TempSpanWriter(dir, pattern string) (*SpanWriter, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	return &SpanWriter{f: f, w: bufio.NewWriterSize(f, 1<<20)}, nil
}

// Name is the file's path.
func (w *SpanWriter) Name() string { return w.f.Name() }

// Write appends s and says where it went.
func (w *SpanWriter) Write(s string) (Span, error) {
	sp := Span{Off: w.off, Len: int64(len(s))}
	_, err := w.w.WriteString(s)
	w.off += int64(len(s))
	return sp, err
}

// Finish flushes, syncs and closes the file.
func (w *SpanWriter) Finish() error {
	if err := w.w.Flush(); err != nil {
		return err
	}
	if err := w.f.Sync(); err != nil {
		return err
	}
	return w.f.Close()
}

// Close closes the file unfinished (nil: nothing to close).
func (w *SpanWriter) Close() {
	if w != nil {
		w.f.Close()
	}
}

// WriteFileSync writes path whole or not at all: a new file, synced, then
// renamed over the old one. A cache is never changed in place, so one
// linked into another build (see Writer) is never changed under it.
func WriteFileSync(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
