package caches

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/freerange/weeknotes/search/archive"
)

// Posts is every post's metadata, as posts.gob holds it.
//
// The posts' summaries (a few hundred bytes each, a quarter of a server's
// heap at 100,000 posts) stay in posts.gob, after the rest, and are read
// when asked for (SummaryOf): Posts[i].Summary is "" where Summary[i] has
// a length, and holds the summary itself otherwise (a post put since the
// file was written, or a file written before summaries moved out).
type Posts struct {
	Generation uint64         // of the index it was read from
	Posts      []archive.Post // without HTML and Text, and without Summary where Summary says
	Text       []Span         // Posts[i]'s plain text in text.dat
	Summary    []Span         // where Posts[i]'s summary lies in Summaries (Len 0: in Posts[i]); nil: every summary is in Posts
	Summaries  SummaryFile    // nil when Summary is
}

// SummaryFile is the open file the summaries are read from.
type SummaryFile interface {
	io.ReaderAt
	io.Closer
}

// SummaryOf is post i's summary.
func (pt *Posts) SummaryOf(i int) (string, error) {
	return ReadSummary(pt.Summaries, pt.Summary, pt.Posts, i)
}

// ReadSummary is post i's summary, given its spans as Posts.Summary and
// the file they point into.
func ReadSummary(f io.ReaderAt, spans []Span, posts []archive.Post, i int) (string, error) {
	if spans == nil || spans[i].Len == 0 {
		return posts[i].Summary, nil
	}
	buf := make([]byte, spans[i].Len)
	if _, err := f.ReadAt(buf, spans[i].Off); err != nil {
		return "", fmt.Errorf("summary of %s: %w", posts[i].Name, err)
	}
	return string(buf), nil
}

// Close closes the file of the summaries, when there is one.
func (pt *Posts) Close() {
	if pt.Summaries != nil {
		pt.Summaries.Close()
	}
}

// postsMagic begins posts.gob: then the length of the gob of the posts
// (postsFile), the gob, and every summary one after another.
const postsMagic = "WNPOSTS2"

// postsFile is the gob of posts.gob: Posts with their summaries' spans
// counted from the end of the gob.
type postsFile struct {
	Generation uint64
	Posts      []archive.Post
	Text       []Span
	Summary    []Span
}

// writePosts writes posts.gob.
func writePosts(dir string, t Posts) error {
	out := postsFile{Generation: t.Generation, Posts: make([]archive.Post, len(t.Posts)), Text: t.Text,
		Summary: make([]Span, len(t.Posts))}
	var summaries bytes.Buffer
	for i := range t.Posts {
		s, err := t.SummaryOf(i)
		if err != nil {
			return err
		}
		out.Posts[i] = t.Posts[i]
		out.Posts[i].Summary = ""
		out.Summary[i] = Span{Off: int64(summaries.Len()), Len: int64(len(s))}
		summaries.WriteString(s)
	}
	var buf bytes.Buffer
	buf.WriteString(postsMagic)
	buf.Write(make([]byte, 8)) // the gob's length, below
	if err := gob.NewEncoder(&buf).Encode(out); err != nil {
		return err
	}
	binary.BigEndian.PutUint64(buf.Bytes()[len(postsMagic):], uint64(buf.Len()-len(postsMagic)-8))
	buf.Write(summaries.Bytes())
	return WriteFileSync(filepath.Join(dir, PostsFile), buf.Bytes())
}

// readPosts reads posts.gob, leaving it open for the summaries, or
// closed when it holds them all (a posts.gob of before: one gob of Posts).
func readPosts(dir string) (Posts, error) {
	var t Posts
	f, err := os.Open(filepath.Join(dir, PostsFile))
	if err != nil {
		return t, err
	}
	keep := false
	defer func() {
		if !keep {
			f.Close()
		}
	}()
	fi, err := f.Stat()
	if err != nil {
		return t, err
	}
	var head [len(postsMagic) + 8]byte
	if _, err := io.ReadFull(f, head[:]); err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return t, err
	}
	if string(head[:len(postsMagic)]) != postsMagic {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return t, err
		}
		if err := gob.NewDecoder(bufio.NewReader(f)).Decode(&t); err != nil {
			return t, fmt.Errorf("read %s: %w", f.Name(), err)
		}
		if len(t.Text) != len(t.Posts) {
			return t, fmt.Errorf("read %s: %d posts but %d texts", f.Name(), len(t.Posts), len(t.Text))
		}
		return t, nil
	}
	n := binary.BigEndian.Uint64(head[len(postsMagic):])
	base := int64(len(head)) + int64(n)
	if n > uint64(fi.Size()) || base > fi.Size() {
		return t, fmt.Errorf("read %s: its posts run past its end", f.Name())
	}
	var pf postsFile
	if err := gob.NewDecoder(bufio.NewReader(io.LimitReader(f, int64(n)))).Decode(&pf); err != nil {
		return t, fmt.Errorf("read %s: %w", f.Name(), err)
	}
	if len(pf.Text) != len(pf.Posts) || len(pf.Summary) != len(pf.Posts) {
		return t, fmt.Errorf("read %s: %d posts but %d texts and %d summaries", f.Name(), len(pf.Posts), len(pf.Text), len(pf.Summary))
	}
	for i := range pf.Summary {
		sp := &pf.Summary[i]
		sp.Off += base
		if sp.Off < base || sp.Len < 0 || sp.Off+sp.Len > fi.Size() {
			return t, fmt.Errorf("read %s: the summary of %s runs past its end", f.Name(), pf.Posts[i].Name)
		}
	}
	keep = true
	return Posts{Generation: pf.Generation, Posts: pf.Posts, Text: pf.Text, Summary: pf.Summary, Summaries: f}, nil
}
