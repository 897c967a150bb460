package suggest

import "sync"

// Bounds of the memo of spelling corrections. An entry costs its word, its
// correction and about 64 bytes of map and bookkeeping; queries are at most
// querylang.MaxQueryBytes, so neither bound can be overrun by a long word.
const (
	nearestMemoEntries = 8192
	nearestMemoBytes   = 1 << 20
	nearestMemoEntry   = 64 // bytes per entry besides its two words
)

// nearestAnswer is a remembered spelling correction and what finding it
// cost in correctionBudget cells.
type nearestAnswer struct {
	best  string
	count uint64
	cost  int
}

// nearestMemo remembers vocab.nearest's answers, at most nearestMemoEntries
// of them in at most nearestMemoBytes: when the next answer would not fit,
// it starts again empty (a made-up word is rarely asked twice, a real typo
// soon comes back).
type nearestMemo struct {
	mu    sync.Mutex
	m     map[string]nearestAnswer
	bytes int
}

func (m *nearestMemo) get(word string) (nearestAnswer, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.m[word]
	return a, ok
}

func (m *nearestMemo) put(word string, a nearestAnswer) {
	size := len(word) + len(a.best) + nearestMemoEntry
	if size > nearestMemoBytes {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.m[word]; ok {
		return
	}
	if m.m == nil || len(m.m) >= nearestMemoEntries || m.bytes+size > nearestMemoBytes {
		m.m = map[string]nearestAnswer{}
		m.bytes = 0
	}
	m.m[word] = a
	m.bytes += size
}

func (m *nearestMemo) reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.m, m.bytes = nil, 0
}
