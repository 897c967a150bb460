package suggest

import (
	"unicode/utf8"
)

// correctionBudget is how much spelling correction one query may cost, in
// cells of the edit-distance table worked out while walking the archive's
// vocabulary (about 20 ns each). Finding the nearest archive word costs
// some 3,500 cells for a word of up to seven letters (one edit allowed)
// and 20,000 to 30,000 for a longer one (two edits), so the budget covers
// two long typos and several short ones. A query's words share it in the
// order typed; a word whose search would overrun it keeps its spelling, as
// do the words after it. A query of 32 made-up words so costs about a
// millisecond more than a normal query, rather than 30 to 180.
const correctionBudget = 60_000

// budget counts what is left of a query's correction work, and keeps the
// automaton's buffers from one word to the next. Every cell and state they
// hold was charged, so they never outgrow the budget.
type budget struct {
	left   int
	rows   []uint8
	states []levState
}

// spend takes n from the budget; false when there was not enough.
func (b *budget) spend(n int) bool {
	if b.left < n {
		b.left = 0
		return false
	}
	b.left -= n
	return true
}

// levAutomaton is a vellum.Automaton that accepts the words within k edits
// of word (insertions, deletions, substitutions and transpositions of two
// neighbouring letters, each one edit; letters are runes, not bytes). It
// is built lazily: each step the FST walk takes computes one row of the
// edit-distance table, charged to a budget, so the walk's whole cost is
// counted, where a Levenshtein DFA is built whole up front (most of the
// cost of a correction) and walks for free.
//
// Only the band of a row within k of its diagonal is kept (2k+1 cells):
// a cell further off is more than k edits whatever follows.
type levAutomaton struct {
	word   []rune
	k      int
	w      int     // 2k+1: cells in a row
	rows   []uint8 // state i's band: rows[states[i].row*w:][:w]; cell t is column depth-k+t
	states []levState
	budget *budget
	out    bool // the budget ran out during this walk
}

// levState is one state: the row after the runes read so far, or a rune
// half read (pend holds its first bytes).
type levState struct {
	row    int32 // index of the row in rows
	parent int32 // mid-rune: the state it extends; else the state of the row before; -1 at the start
	depth  int32 // runes read
	r      rune  // the rune that led to row; -1 at the start
	pend   [utf8.UTFMax]byte
	npend  uint8
}

const levDead = -1

func newLevAutomaton(word string, k int, b *budget) *levAutomaton {
	a := &levAutomaton{word: []rune(word), k: k, w: 2*k + 1, budget: b}
	k1 := uint8(k + 1)
	a.rows = append(b.rows[:0], make([]uint8, a.w)...)
	for t := range a.rows {
		j := t - k
		a.rows[t] = k1
		if j >= 0 && j <= len(a.word) {
			a.rows[t] = uint8(min(j, k+1))
		}
	}
	a.states = append(b.states[:0], levState{row: 0, parent: -1, r: -1})
	return a
}

// done gives the automaton's buffers back to its budget.
func (a *levAutomaton) done() { a.budget.rows, a.budget.states = a.rows, a.states }

func (a *levAutomaton) row(s int) []uint8 {
	i := int(a.states[s].row)
	return a.rows[i*a.w : (i+1)*a.w]
}

func (a *levAutomaton) Start() int { return 0 }

func (a *levAutomaton) IsMatch(s int) bool {
	if s < 0 || a.states[s].npend > 0 {
		return false
	}
	t := len(a.word) - int(a.states[s].depth) + a.k // the last column
	return t >= 0 && t < a.w && int(a.row(s)[t]) <= a.k
}

// CanMatch: Accept gives levDead for a row with every cell over k, so any
// other state can still reach a match.
func (a *levAutomaton) CanMatch(s int) bool { return s >= 0 }

func (a *levAutomaton) WillAlwaysMatch(int) bool { return false }

func (a *levAutomaton) Accept(s int, b byte) int {
	if s < 0 || a.out {
		return levDead
	}
	st := &a.states[s]
	base := s // the state of the last whole rune
	if st.npend > 0 {
		base = int(st.parent)
	}
	var r rune
	if st.npend == 0 && b < utf8.RuneSelf {
		r = rune(b)
	} else {
		pend, npend := st.pend, st.npend
		pend[npend] = b
		npend++
		if p := pend[:npend]; !utf8.FullRune(p) {
			if !a.budget.spend(1) {
				a.out = true
				return levDead
			}
			bs := &a.states[base]
			a.states = append(a.states, levState{row: bs.row, parent: int32(base), depth: bs.depth, r: -1, pend: pend, npend: npend})
			return len(a.states) - 1
		} else {
			r, _ = utf8.DecodeRune(p)
		}
	}
	if !a.budget.spend(a.w) {
		a.out = true
		return levDead
	}
	bs := &a.states[base]
	i := int(bs.depth) + 1 // the new row's depth
	w, k, k1, n := a.w, a.k, uint8(a.k+1), len(a.word)
	prev := a.rows[int(bs.row)*w:][:w]
	var prev2 []uint8
	if bs.parent >= 0 {
		prev2 = a.rows[int(a.states[bs.parent].row)*w:][:w]
	}
	prevRune := bs.r
	var cur [2*2 + 1]uint8 // k is at most 2
	live := false
	for t := range w {
		j := i - k + t // the column
		d := k1
		if j == 0 {
			d = uint8(min(i, k+1))
		} else if j > 0 && j <= n {
			d = prev[t] // substitution, or a match
			if a.word[j-1] != r {
				d++
			}
			if t+1 < w {
				d = min(d, prev[t+1]+1) // deletion
			}
			if t > 0 {
				d = min(d, cur[t-1]+1) // insertion
			}
			if prev2 != nil && j > 1 && a.word[j-2] == r && a.word[j-1] == prevRune {
				d = min(d, prev2[t]+1) // transposition
			}
			d = min(d, k1)
		}
		cur[t] = d
		live = live || d < k1
	}
	if !live {
		return levDead
	}
	a.rows = append(a.rows, cur[:a.w]...)
	a.states = append(a.states, levState{row: int32(len(a.rows)/a.w - 1), parent: int32(base), depth: int32(i), r: r})
	return len(a.states) - 1
}
