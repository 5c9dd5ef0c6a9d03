package web

import (
	"container/list"
	"crypto/sha256"
	"sync"
)

// DefaultBundleCacheBytes is how much memory the cache of generated bundles
// may hold when Options.BundleCacheBytes is zero.
const DefaultBundleCacheBytes = 64 << 20

// lru keeps the most recently used values by the SHA-256 of the text they
// were computed from, within a budget of bytes. patchbay's generation and
// highlighting are deterministic, so a text always gives the same value;
// the files, diff and download pages of a version then compute it once
// instead of on every request. Cached values are shared and must not be
// modified.
type lru[V any] struct {
	mu    sync.Mutex
	max   int64         // bytes the cache may hold
	used  int64         // bytes it holds
	size  func(V) int64 // a value's bytes
	order *list.List    // front: most recently used; values are *entry[V]
	items map[cacheKey]*list.Element
}

type cacheKey [sha256.Size]byte

type entry[V any] struct {
	key   cacheKey
	value V
	bytes int64
}

// entryOverhead is what an entry costs besides its value: its key, list
// element and map slot, so that even empty values are bounded in number.
const entryOverhead = 128

// newLRU returns a cache holding at most maxBytes, measuring each value
// with size.
func newLRU[V any](maxBytes int64, size func(V) int64) *lru[V] {
	return &lru[V]{max: maxBytes, size: size, order: list.New(), items: map[cacheKey]*list.Element{}}
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
	return e.Value.(*entry[V]).value, true
}

// put records the value computed from text, dropping the least recently
// used ones until the cache is within its bytes. A value larger than the
// whole cache is not kept.
func (c *lru[V]) put(text string, v V) {
	k := cacheKey(sha256.Sum256([]byte(text)))
	n := c.size(v) + entryOverhead
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		c.used -= e.Value.(*entry[V]).bytes
		c.order.Remove(e)
		delete(c.items, k)
	}
	if n > c.max {
		return
	}
	c.items[k] = c.order.PushFront(&entry[V]{key: k, value: v, bytes: n})
	c.used += n
	for c.used > c.max {
		last := c.order.Back()
		old := last.Value.(*entry[V])
		c.order.Remove(last)
		delete(c.items, old.key)
		c.used -= old.bytes
	}
}

// bytes returns how many bytes the cache holds.
func (c *lru[V]) bytes() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.used
}
