package search

import (
	"container/list"
	"fmt"
	"sync"
)

// resultCache keeps the most recent results of an Index, keyed by the
// normalised request. An Index is one build that never changes, and each
// build gets a new Index and so a new, empty cache: an entry can never be
// stale, and nothing needs invalidating by hand.
type resultCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // front: most recently used
	items map[string]*list.Element
}

type cacheEntry struct {
	key string
	res *Result
}

func newResultCache(max int) *resultCache {
	return &resultCache{max: max, order: list.New(), items: map[string]*list.Element{}}
}

func (c *resultCache) get(key string) (*Result, bool) {
	if c == nil || c.max <= 0 {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cacheEntry).res, true
}

func (c *resultCache) put(key string, res *Result) {
	if c == nil || c.max <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		e.Value.(*cacheEntry).res = res
		c.order.MoveToFront(e)
		return
	}
	c.items[key] = c.order.PushFront(&cacheEntry{key, res})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*cacheEntry).key)
	}
}

// key identifies a normalised request: two requests with one key get the
// same result.
func (r Request) key() string {
	return fmt.Sprintf("%q|%q|%q|%q|%q|%q|%q|%v|%q|%q|%s|%d|%d|%q",
		r.parsed.String(), r.Authors, r.Projects, r.Topics, r.Years, r.Months, r.Kinds,
		r.Weeks, r.After, r.Before, r.Sort, r.Page, r.PerPage, r.Cursor)
}
