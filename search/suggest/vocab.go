package suggest

import (
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/blevesearch/vellum"
	lev "github.com/blevesearch/vellum/levenshtein"

	"github.com/freerange/weeknotes/search/archive"
)

// Vocab is the archive's vocabulary: every term as the prose analyzer has
// it before stemming (lower-cased, possessives and stop words gone) and the
// number of posts that use it, as a finite state transducer (vellum's, keys
// in byte order, each word's count its value). Spelling corrections search
// it within an edit distance and completions walk a prefix of it. It
// remembers the corrections it found (see nearestMemo) and is safe for
// concurrent use.
type Vocab struct {
	fst  *vellum.FST
	memo nearestMemo
	code sync.Map // word -> whether only code holds it (codeOnly), as found
}

// NewVocab reads the vocabulary in fst; the Vocab takes it over.
func NewVocab(fst *vellum.FST) *Vocab { return &Vocab{fst: fst} }

// OpenVocab reads the vocabulary in the transducer file at path.
func OpenVocab(path string) (*Vocab, error) {
	fst, err := vellum.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return NewVocab(fst), nil
}

// Close closes the transducer.
func (v *Vocab) Close() error { return v.fst.Close() }

// Each calls fn with every word and the number of posts that use it, in
// byte order.
func (v *Vocab) Each(fn func(w string, n uint64)) error {
	it, err := v.fst.Iterator(nil, nil)
	return each(it, err, fn)
}

// ForgetCorrections empties the memo of spelling corrections, so a
// benchmark measures finding them.
func (v *Vocab) ForgetCorrections() { v.memo.reset() }

// WithPrefix calls fn with each word that starts with prefix and the
// number of posts that use it, in byte order, until fn returns false.
func (v *Vocab) WithPrefix(prefix string, fn func(w []byte, n uint64) bool) error {
	it, err := v.fst.Iterator([]byte(prefix), prefixEnd([]byte(prefix)))
	for err == nil {
		if k, n := it.Current(); !fn(k, n) {
			return nil
		}
		err = it.Next()
	}
	if errors.Is(err, vellum.ErrIteratorDone) {
		return nil
	}
	return err
}

// count is the number of posts that use word.
func (v *Vocab) count(word string) uint64 {
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
func (v *Vocab) near(word string, dist int, fn func(w string, n uint64)) error {
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
func (v *Vocab) nearWithin(word string, dist int, b *budget, fn func(w string, n uint64)) (bool, error) {
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
func (v *Vocab) nearest(word string, dist int, b *budget) (best string, count uint64, ok bool, err error) {
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

// withPrefix calls fn with each word that starts with prefix, as bytes
// valid only during the call: a short prefix starts thousands of words,
// of which a caller keeps a few.
func (v *Vocab) withPrefix(prefix string, fn func(w []byte, n uint64)) error {
	return v.WithPrefix(prefix, func(w []byte, n uint64) bool { fn(w, n); return true })
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

// codeChecked is the most posts a word may be in for codeOnly to read
// them: a word in more is taken to be prose (an identifier is rarely in
// so many posts, and reading them all at each keystroke would cost).
const codeChecked = 16

// codeOnly says whether word, which posts posts use, is found only in
// code (archive.Post.Code: blocks and inline code) in the posts that
// have it: an identifier such as kamal_registry_password, which searches
// find but the search box does not offer. A word not found as written
// (its spelling folded, say) counts as prose. Answers are kept: a Vocab
// is one snapshot's.
func (v *Vocab) codeOnly(s Searcher, word string, posts uint64) (bool, error) {
	if posts == 0 || posts > codeChecked {
		return false, nil
	}
	if known, ok := v.code.Load(word); ok {
		return known.(bool), nil
	}
	inCode, inProse := false, false
	err := s.Texts(word, codeChecked, func(text []byte, code []archive.Span) bool {
		for at := 0; at+len(word) <= len(text); at++ {
			i := indexFold(text[at:], word)
			if i < 0 {
				break
			}
			at += i
			end := at + len(word)
			if at > 0 && isIdentByte(text[at-1]) || end < len(text) && isIdentByte(text[end]) {
				continue // inside a longer word
			}
			if archive.InSpans(code, at) {
				inCode = true
			} else {
				inProse = true
				return false
			}
		}
		return true
	})
	if err != nil {
		return false, err
	}
	only := inCode && !inProse
	v.code.Store(word, only)
	return only, nil
}

// isIdentByte says whether b may be part of a word or an identifier
// (kamal_registry_password is one, not kamal and two more).
func isIdentByte(b byte) bool { return isWordByte(lowerByte(b)) || b == '_' }

// indexFold is the first place in text where word (lower case) is, the
// case of text's ASCII letters ignored; -1 if none.
func indexFold(text []byte, word string) int {
	for i := 0; i+len(word) <= len(text); i++ {
		if hasPrefixFold(text[i:], word) {
			return i
		}
	}
	return -1
}
