package store

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
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/blevesearch/vellum"

	"github.com/freerange/weeknotes/search/archive"
	"github.com/freerange/weeknotes/search/suggest"
)

// storedPost is what the meta field holds: a post's metadata, without its
// HTML and text (fields of their own).
type storedPost struct {
	Name     string            `json:"name"`
	Title    string            `json:"title"`
	Author   archive.Term      `json:"author"`
	Created  time.Time         `json:"created"`
	Updated  time.Time         `json:"updated"`
	Kind     string            `json:"kind"`
	Week     int               `json:"week,omitempty"`
	Draft    bool              `json:"draft,omitempty"`
	Topics   []archive.Term    `json:"topics"`
	Projects []archive.Term    `json:"projects"`
	Summary  string            `json:"summary"`
	Source   string            `json:"source"`
	File     archive.FileStamp `json:"file"`
}

func encodeMeta(p archive.Post) []byte {
	if len(p.Topics) == 0 {
		p.Topics = nil
	}
	if len(p.Projects) == 0 {
		p.Projects = nil
	}
	data, _ := json.Marshal(storedPost{p.Name, p.Title, p.Author, p.Created, p.Updated, p.Kind, p.Week, p.Draft,
		p.Topics, p.Projects, p.Summary, p.Source, p.File})
	return data
}

func decodeMeta(data []byte) (archive.Post, error) {
	var s storedPost
	if err := json.Unmarshal(data, &s); err != nil {
		return archive.Post{}, err
	}
	// Empty lists as nil, as posts.gob (gob) gives them back.
	if len(s.Topics) == 0 {
		s.Topics = nil
	}
	if len(s.Projects) == 0 {
		s.Projects = nil
	}
	return archive.Post{Name: s.Name, Title: s.Title, Author: s.Author, Created: s.Created, Updated: s.Updated, Kind: s.Kind,
		Week: s.Week, Draft: s.Draft, Topics: s.Topics, Projects: s.Projects, Summary: s.Summary, Source: s.Source, File: s.File}, nil
}

func YearOf(t time.Time) string  { return strconv.Itoa(t.Year()) }
func MonthOf(t time.Time) string { return t.Format("2006-01") }

// putCatalog stores c in the batch's internal store, with its generation.
// Labels and the post count are derived from the posts, so not stored.
func putCatalog(batch *bleve.Batch, c *Catalog) error {
	stored := *c
	stored.Labels = nil
	data, err := json.Marshal(stored)
	if err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	batch.SetInternal(internalCatalog, data)
	batch.SetInternal(internalGeneration, []byte(strconv.FormatUint(c.Generation, 10)))
	return nil
}

// catalogOf reads the catalog from a Bleve snapshot.
func catalogOf(r index.IndexReader) (Catalog, error) {
	var c Catalog
	data, err := r.GetInternal(internalCatalog)
	if err != nil {
		return c, err
	}
	if data == nil {
		return c, errors.New("the index holds no catalog")
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return c, fmt.Errorf("catalog: %w", err)
	}
	gen, err := r.GetInternal(internalGeneration)
	if err != nil {
		return c, err
	}
	c.Generation, _ = strconv.ParseUint(string(gen), 10, 64)
	return c, nil
}

// caches are the files derived from the Bleve index, written together and
// stamped with the generation they describe.
type caches struct {
	posts   postsTable
	vocab   map[string]uint32 // nil: words.fst is already right
	catalog Catalog
}

type cacheStamp struct {
	Generation uint64 `json:"generation"`
	Posts      int    `json:"posts"`
}

func (c caches) write(build string) error {
	c.posts.Generation = c.catalog.Generation
	if err := writePostsTable(build, c.posts); err != nil {
		return fmt.Errorf("write %s: %w", postsFile, err)
	}
	if c.vocab != nil {
		data, err := vocabBytes(c.vocab)
		if err == nil {
			err = writeFileSync(filepath.Join(build, vocabFile), data)
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", vocabFile, err)
		}
	}
	data, err := json.MarshalIndent(c.catalog, "", "  ")
	if err == nil {
		err = writeFileSync(filepath.Join(build, catalogFile), data)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", catalogFile, err)
	}
	stamp, _ := json.Marshal(cacheStamp{Generation: c.catalog.Generation, Posts: len(c.posts.Posts)})
	if err := writeFileSync(filepath.Join(build, cacheFile), stamp); err != nil {
		return fmt.Errorf("write %s: %w", cacheFile, err)
	}
	// The journal's records are all in the caches now.
	if err := os.Remove(filepath.Join(build, journalFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("write %s: %w", journalFile, err)
	}
	return nil
}

// vocabFile is the archive's vocabulary, for suggestions (suggest.Vocab):
// every term as the prose analyzer has it before stemming and the number of
// posts that use it, as a finite state transducer.
//
// It replaces a second Bleve field that held each post's distinct words:
// that field was a third of a build's indexing work, and only its term
// dictionary and document counts were ever read, which this file holds
// in a few megabytes.
const vocabFile = "words.fst"

// journalFile holds what updates did since the caches were last written
// whole: one record an update, appended (see Writer.Apply). Open replays
// it over posts.gob and words.fst, so an update costs a few kilobytes of
// cache writing rather than the whole table.
const journalFile = "caches.log"

type journalRecord struct {
	Generation uint64
	Put        []archive.Post // without HTML and text
	Text       []span         // Put[i]'s text in text.dat
	Delete     []string
	Vocab      map[string]int // term -> change in its post count
}

func appendJournal(build string, rec journalRecord) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(rec); err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(build, journalFile), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
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
// exactly (a record lost to a crash: the caches are rebuilt instead).
func replayJournal(build string, pt *postsTable, vocabulary map[string]uint32, from, to uint64) error {
	if from == to {
		return nil
	}
	data, err := os.ReadFile(filepath.Join(build, journalFile))
	if err != nil {
		return err
	}
	gen := from
	for len(data) >= 8 && gen < to {
		n := binary.BigEndian.Uint64(data[:8])
		if uint64(len(data)-8) < n {
			break // torn by a crash
		}
		var rec journalRecord
		if err := gob.NewDecoder(bytes.NewReader(data[8 : 8+n])).Decode(&rec); err != nil {
			return fmt.Errorf("%s: %w", journalFile, err)
		}
		data = data[8+n:]
		if rec.Generation <= gen {
			continue
		}
		if rec.Generation != gen+1 {
			return fmt.Errorf("%s skips from generation %d to %d", journalFile, gen, rec.Generation)
		}
		gone := map[string]bool{}
		for _, name := range rec.Delete {
			gone[name] = true
		}
		var next postsTable
		for i, p := range pt.Posts {
			if !gone[p.Name] {
				next.Posts = append(next.Posts, p)
				next.Text = append(next.Text, pt.Text[i])
			}
		}
		next.Posts = append(next.Posts, rec.Put...)
		next.Text = append(next.Text, rec.Text...)
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
		return fmt.Errorf("%s reaches generation %d, the index is at %d", journalFile, gen, to)
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

// vocabFromMap is the vocabulary as a loaded transducer, in memory.
func vocabFromMap(v map[string]uint32) (*suggest.Vocab, error) {
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

// vocabFromSorted is vocabFromMap given v's words in byte order.
func vocabFromSorted(words []string, v map[string]uint32) (*suggest.Vocab, error) {
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

// vocabMap reads a vocabulary back into a map, for updating.
func vocabMap(v *suggest.Vocab) (map[string]uint32, error) {
	out := map[string]uint32{}
	return out, v.Each(func(w string, n uint64) { out[w] = uint32(n) })
}

// readCaches reads the caches of build when they describe generation gen.
func readCaches(build string, gen uint64) (postsTable, *suggest.Vocab, error) {
	var pt postsTable
	data, err := os.ReadFile(filepath.Join(build, cacheFile))
	if err != nil {
		return pt, nil, err
	}
	var st cacheStamp
	if err := json.Unmarshal(data, &st); err != nil {
		return pt, nil, fmt.Errorf("%s: %w", cacheFile, err)
	}
	if st.Generation > gen {
		return pt, nil, fmt.Errorf("caches are of generation %d, the index is at %d", st.Generation, gen)
	}
	if pt, err = readPosts(build); err != nil {
		return pt, nil, err
	}
	if pt.Generation != st.Generation || len(pt.Posts) != st.Posts {
		return pt, nil, fmt.Errorf("%s is of generation %d, %s says %d", postsFile, pt.Generation, cacheFile, st.Generation)
	}
	var replayed map[string]uint32 // the vocabulary, when the journal changed it
	if st.Generation != gen {
		v, err := suggest.OpenVocab(filepath.Join(build, vocabFile))
		if err != nil {
			return pt, nil, err
		}
		replayed, err = vocabMap(v)
		v.Close()
		if err != nil {
			return pt, nil, err
		}
		if err := replayJournal(build, &pt, replayed, st.Generation, gen); err != nil {
			return pt, nil, err
		}
	}
	fi, err := os.Stat(filepath.Join(build, textFile))
	if err != nil {
		return pt, nil, err
	}
	for _, sp := range pt.Text {
		if sp.Off+sp.Len > fi.Size() {
			return pt, nil, fmt.Errorf("%s is shorter than %s says", textFile, postsFile)
		}
	}
	if replayed != nil {
		v, err := vocabFromMap(replayed)
		return pt, v, err
	}
	v, err := suggest.OpenVocab(filepath.Join(build, vocabFile))
	if err != nil {
		return pt, nil, err
	}
	return pt, v, nil
}

// rebuildCaches writes every cache of build afresh from the Bleve snapshot
// r: each post's metadata and text from its stored fields, the vocabulary
// by analysing that text again.
func rebuildCaches(build string, r index.IndexReader, cat Catalog) (postsTable, *suggest.Vocab, error) {
	var pt postsTable
	pr, err := newPreparer(buildMapping())
	if err != nil {
		return pt, nil, err
	}
	tmp, err := os.CreateTemp(build, "."+textFile+"-*")
	if err != nil {
		return pt, nil, err
	}
	defer os.Remove(tmp.Name())
	tw := &spanWriter{f: tmp, w: bufio.NewWriterSize(tmp, 1<<20)}
	ids, err := r.DocIDReaderAll()
	if err != nil {
		tmp.Close()
		return pt, nil, err
	}
	defer ids.Close()
	vocabulary := map[string]uint32{}
	for {
		iid, err := ids.Next()
		if err != nil {
			tmp.Close()
			return pt, nil, err
		}
		if iid == nil {
			break
		}
		p, err := storedPostOf(r, iid, true)
		if err != nil {
			tmp.Close()
			return pt, nil, err
		}
		for term := range pr.distinctTerms(p.Title + "\n\n" + p.Text) {
			vocabulary[term]++
		}
		sp, err := tw.write(p.Text)
		if err != nil {
			tmp.Close()
			return pt, nil, err
		}
		p.Text = ""
		pt.Posts = append(pt.Posts, p)
		pt.Text = append(pt.Text, sp)
	}
	if err := tw.finish(); err != nil {
		return pt, nil, err
	}
	// The old caches' spans point into the old text.dat: take away the
	// stamp that vouches for them first, so a crash from here on means
	// another rebuild, never old spans read against new text.
	if err := os.Remove(filepath.Join(build, cacheFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return pt, nil, err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(build, textFile)); err != nil {
		return pt, nil, err
	}
	c := caches{posts: pt, vocab: vocabulary, catalog: cat}
	if err := c.write(build); err != nil {
		return pt, nil, err
	}
	v, err := suggest.OpenVocab(filepath.Join(build, vocabFile))
	return pt, v, err
}

// storedPostOf reads one document's stored post: metadata, and with
// withText its plain text (the stored text field less its title).
func storedPostOf(r index.IndexReader, iid index.IndexInternalID, withText bool) (archive.Post, error) {
	id, err := r.ExternalID(iid)
	if err != nil {
		return archive.Post{}, err
	}
	doc, err := r.Document(id)
	if err != nil || doc == nil {
		return archive.Post{}, fmt.Errorf("document %s: %v", id, err)
	}
	var meta, text []byte
	doc.VisitFields(func(f index.Field) {
		switch f.Name() {
		case FieldMeta:
			meta = f.Value()
		case FieldText:
			if withText {
				text = f.Value()
			}
		}
	})
	p, err := decodeMeta(meta)
	if err != nil {
		return archive.Post{}, fmt.Errorf("document %s: %w", id, err)
	}
	if withText {
		p.Text = strings.TrimPrefix(string(text), p.Title+"\n\n")
	}
	return p, nil
}

// CurrentBuild is the build directory DIR/current points at.
func CurrentBuild(dir string) (string, error) {
	target, err := os.Readlink(filepath.Join(dir, currentLink))
	if err != nil {
		return "", ErrNoIndex
	}
	return filepath.Join(dir, target), nil
}

// BleveDir is where the Bleve index of a build lies.
func BleveDir(build string) string { return filepath.Join(build, indexSub) }

// ReadCatalog reads the current build's catalog (its cached copy) without
// opening the index.
func ReadCatalog(dir string) (Catalog, error) {
	var c Catalog
	build, err := CurrentBuild(dir)
	if err != nil {
		return c, err
	}
	data, err := os.ReadFile(filepath.Join(build, catalogFile))
	if err != nil {
		return c, fmt.Errorf("%w: %v", ErrNoIndex, err)
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return c, fmt.Errorf("catalog %s: %w", filepath.Join(build, catalogFile), err)
	}
	return c, nil
}

// Open opens the current build under dir for reading.
func Open(dir string) (*Snapshot, error) {
	build, err := CurrentBuild(dir)
	if err != nil {
		return nil, err
	}
	return OpenBuild(build)
}

// OpenBuild opens one build for reading.
func OpenBuild(build string) (*Snapshot, error) {
	if cat, err := readCatalogFile(build); err == nil && cat.Schema != SchemaVersion {
		return nil, fmt.Errorf("%w: index schema %d, this weeknotes reads %d", ErrNoIndex, cat.Schema, SchemaVersion)
	}
	h, err := openHandle(build, true)
	if err != nil {
		return nil, err
	}
	defer h.release() // the snapshot holds its own
	return h.snapshot()
}

func readCatalogFile(build string) (Catalog, error) {
	var c Catalog
	data, err := os.ReadFile(filepath.Join(build, catalogFile))
	if err != nil {
		return c, err
	}
	return c, json.Unmarshal(data, &c)
}

// lockFile takes the index directory's writer lock, or fails with
// ErrLocked when another process holds it.
func lockFile(dir string) (*os.File, error) {
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
	f, err := lockFile(dir)
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

// span is where one post's text lies in text.dat.
type span struct{ Off, Len int64 }

// postsTable is what posts.gob holds.
type postsTable struct {
	Generation uint64         // of the index it was read from
	Posts      []archive.Post // without HTML and Text
	Text       []span         // Posts[i]'s plain text in text.dat
}

// writePostsTable writes posts.gob.
func writePostsTable(dir string, t postsTable) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(t); err != nil {
		return err
	}
	return writeFileSync(filepath.Join(dir, postsFile), buf.Bytes())
}

func readPosts(dir string) (postsTable, error) {
	var t postsTable
	f, err := os.Open(filepath.Join(dir, postsFile))
	if err != nil {
		return t, err
	}
	defer f.Close()
	if err := gob.NewDecoder(bufio.NewReader(f)).Decode(&t); err != nil {
		return t, fmt.Errorf("read %s: %w", f.Name(), err)
	}
	if len(t.Text) != len(t.Posts) {
		return t, fmt.Errorf("read %s: %d posts but %d texts", f.Name(), len(t.Posts), len(t.Text))
	}
	return t, nil
}
