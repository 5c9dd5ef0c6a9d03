package web

import (
	"container/list"
	"crypto/sha256"
	"sync"
)

// lru keeps the most recently used values by the SHA-256 of the text they
// were computed from. patchbay's generation and highlighting are
// deterministic, so a text always gives the same value; the files, diff
// and download pages of a version then compute it once instead of on
// every request. Cached values are shared and must not be modified.
type lru[V any] struct {
	mu    sync.Mutex
	max   int
	order *list.List // front: most recently used; values are cacheKey
	items map[cacheKey]*list.Element
	value map[cacheKey]V
}

type cacheKey [sha256.Size]byte

func newLRU[V any](max int) *lru[V] {
	return &lru[V]{max: max, order: list.New(), items: map[cacheKey]*list.Element{}, value: map[cacheKey]V{}}
}

// get returns the value computed from text, if it is cached.
func (c *lru[V]) get(text string) (V, bool) {
	k := cacheKey(sha256.Sum256([]byte(text)))
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[k]
	if !ok {
		var zero V
		return zero, false
	}
	c.order.MoveToFront(e)
	return c.value[k], true
}

// put records the value computed from text, dropping the least recently
// used one beyond the cache's size.
func (c *lru[V]) put(text string, v V) {
	k := cacheKey(sha256.Sum256([]byte(text)))
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		c.order.MoveToFront(e)
		c.value[k] = v
		return
	}
	c.items[k] = c.order.PushFront(k)
	c.value[k] = v
	for c.order.Len() > c.max {
		last := c.order.Back()
		old := last.Value.(cacheKey)
		c.order.Remove(last)
		delete(c.items, old)
		delete(c.value, old)
	}
}
