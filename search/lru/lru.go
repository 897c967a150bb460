// Package lru is a least-recently-used cache bounded both by its number
// of entries and by their total size, as the caller measures it.
package lru

import (
	"container/list"
	"sync"
)

// Cache keeps at most Max entries of at most MaxBytes in all, by size.
// An entry bigger than an eighth of MaxBytes is not kept at all: it would
// push out many others. A nil Cache, or one with Max <= 0, keeps nothing.
// It is safe for concurrent use.
type Cache[V any] struct {
	mu       sync.Mutex
	max      int
	maxBytes int
	size     func(key string, v V) int
	bytes    int        // the entries' sizes
	order    *list.List // front: most recently used
	items    map[string]*list.Element
}

type entry[V any] struct {
	key  string
	v    V
	size int
}

// New makes a cache of at most max entries of maxBytes, measuring each
// with size.
func New[V any](max, maxBytes int, size func(key string, v V) int) *Cache[V] {
	return &Cache[V]{max: max, maxBytes: maxBytes, size: size, order: list.New(), items: map[string]*list.Element{}}
}

// Get is the value kept under key, marked as just used.
func (c *Cache[V]) Get(key string) (V, bool) {
	var zero V
	if c == nil || c.max <= 0 {
		return zero, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	if !ok {
		return zero, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*entry[V]).v, true
}

// Put keeps v under key (never under ""), pushing out the least recently
// used entries until both bounds hold.
func (c *Cache[V]) Put(key string, v V) {
	if c == nil || c.max <= 0 || key == "" {
		return
	}
	size := c.size(key, v)
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.remove(e)
	}
	if size > c.maxBytes/8 {
		return
	}
	c.items[key] = c.order.PushFront(&entry[V]{key, v, size})
	c.bytes += size
	for c.order.Len() > c.max || c.bytes > c.maxBytes {
		c.remove(c.order.Back())
	}
}

func (c *Cache[V]) remove(e *list.Element) {
	en := e.Value.(*entry[V])
	c.order.Remove(e)
	delete(c.items, en.key)
	c.bytes -= en.size
}

// Held is the number of entries and the sum of their sizes, counted
// afresh, and the running total the bounds are held to.
func (c *Cache[V]) Held() (entries, counted, total int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.items {
		counted += c.size(k, e.Value.(*entry[V]).v)
	}
	return len(c.items), counted, c.bytes
}
