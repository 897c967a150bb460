package search

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"

	"github.com/blevesearch/vellum"
	lev "github.com/blevesearch/vellum/levenshtein"
)

// vocabFile is the archive's vocabulary: every term as the prose analyzer
// has it before stemming (lower-cased, possessives and stop words gone) and
// the number of posts that use it, as a finite state transducer. Spelling suggestions search it within an edit distance and
// completions walk a prefix of it.
//
// It replaces a second Bleve field that held each post's distinct words:
// that field was a third of a build's indexing work, and only its term
// dictionary and document counts were ever read, which this file holds
// in a few megabytes.
const vocabFile = "words.fst"

// writeVocab stores the vocabulary at path, words in byte order as the
// transducer requires.
func writeVocab(path string, v map[string]uint32) error {
	words := make([]string, 0, len(v))
	for w := range v {
		words = append(words, w)
	}
	slices.Sort(words)
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	b, err := vellum.New(w, nil)
	if err != nil {
		return err
	}
	for _, word := range words {
		if err := b.Insert([]byte(word), uint64(v[word])); err != nil {
			return fmt.Errorf("word %q: %w", word, err)
		}
	}
	if err := b.Close(); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	return f.Close()
}

// vocab reads a vocabulary file.
type vocab struct {
	fst  *vellum.FST
	memo nearestMemo
}

func openVocab(path string) (*vocab, error) {
	fst, err := vellum.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &vocab{fst: fst}, nil
}

func (v *vocab) close() error { return v.fst.Close() }

// count is the number of posts that use word.
func (v *vocab) count(word string) uint64 {
	n, _, err := v.fst.Get([]byte(word))
	if err != nil {
		return 0
	}
	return n
}

// Levenshtein automaton builders are costly to make and safe to share:
// one per distance, as Bleve keeps them. Transpositions count as one edit.
var levBuilders = sync.OnceValues(func() ([2]*lev.LevenshteinAutomatonBuilder, error) {
	var lbs [2]*lev.LevenshteinAutomatonBuilder
	for i := range lbs {
		lb, err := lev.NewLevenshteinAutomatonBuilder(uint8(i+1), true)
		if err != nil {
			return lbs, err
		}
		lbs[i] = lb
	}
	return lbs, nil
})

// near calls fn with each word within dist (1 or 2) edits of word and the
// number of posts that use it, by Bleve's Levenshtein DFA, with no bound on
// its cost: queries use nearWithin, which tests hold to it.
func (v *vocab) near(word string, dist int, fn func(w string, n uint64)) error {
	if dist < 1 || dist > 2 {
		return fmt.Errorf("edit distance %d: only 1 and 2 are supported", dist)
	}
	lbs, err := levBuilders()
	if err != nil {
		return err
	}
	dfa, err := lbs[dist-1].BuildDfa(word, uint8(dist))
	if err != nil {
		return err
	}
	it, err := v.fst.Search(dfa, nil, nil)
	return each(it, err, fn)
}

// nearWithin is near for one query's correction, charged to b: it calls
// fn with each word within dist edits of word, and says false, having
// called fn with only some, when the budget ran out first.
func (v *vocab) nearWithin(word string, dist int, b *budget, fn func(w string, n uint64)) (bool, error) {
	if dist < 1 || dist > 2 {
		return false, fmt.Errorf("edit distance %d: only 1 and 2 are supported", dist)
	}
	a := newLevAutomaton(word, dist, b)
	defer a.done()
	it, err := v.fst.Search(a, nil, nil)
	if err := each(it, err, fn); err != nil {
		return false, err
	}
	return !a.out, nil
}

// nearest is the word within dist edits of word (not word itself) that
// most posts use, and that count, ties going to the first in byte order.
// ok is false when b ran out before the search was done. Answers are
// memoised, and a remembered answer is charged what finding it cost, so
// whether a word is corrected never depends on what was asked before.
func (v *vocab) nearest(word string, dist int, b *budget) (best string, count uint64, ok bool, err error) {
	if m, hit := v.memo.get(word); hit {
		if !b.spend(m.cost) {
			return "", 0, false, nil
		}
		return m.best, m.count, true, nil
	}
	before := b.left
	done, err := v.nearWithin(word, dist, b, func(w string, n uint64) {
		if w != word && n > count { // sorted: ties go to the first
			best, count = w, n
		}
	})
	if err != nil || !done {
		return "", 0, false, err
	}
	v.memo.put(word, nearestAnswer{best: best, count: count, cost: before - b.left})
	return best, count, true, nil
}

// withPrefix calls fn with each word that starts with prefix.
func (v *vocab) withPrefix(prefix string, fn func(w string, n uint64)) error {
	it, err := v.fst.Iterator([]byte(prefix), prefixEnd([]byte(prefix)))
	return each(it, err, fn)
}

func each(it *vellum.FSTIterator, err error, fn func(w string, n uint64)) error {
	for err == nil {
		k, n := it.Current()
		fn(string(k), n)
		err = it.Next()
	}
	if errors.Is(err, vellum.ErrIteratorDone) {
		return nil
	}
	return err
}

// prefixEnd is the first key after every key that starts with prefix, or
// nil (no end) when the prefix is all 0xff bytes.
func prefixEnd(prefix []byte) []byte {
	end := slices.Clone(prefix)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}
