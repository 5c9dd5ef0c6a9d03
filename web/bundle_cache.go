package web

import (
	"container/list"
	"crypto/sha256"
	"sync"

	"github.com/patchbay/patchbay/generator"
)

// bundleCache keeps the most recently generated bundles by the hash of the
// spec text they came from. Generation is deterministic, so a spec text
// always gives the same bundle; the files, diff and download pages of one
// version then generate it once instead of on every request. Bundles in
// the cache are shared and must not be modified.
type bundleCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // front: most recently used; values are cacheKey
	items map[cacheKey]*list.Element
	value map[cacheKey]*generator.Bundle
}

type cacheKey [sha256.Size]byte

func newBundleCache(max int) *bundleCache {
	return &bundleCache{max: max, order: list.New(), items: map[cacheKey]*list.Element{}, value: map[cacheKey]*generator.Bundle{}}
}

// get returns the bundle generated from text, if it is cached.
func (c *bundleCache) get(text string) (*generator.Bundle, bool) {
	k := cacheKey(sha256.Sum256([]byte(text)))
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[k]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return c.value[k], true
}

// put records the bundle generated from text, dropping the least recently
// used one beyond the cache's size.
func (c *bundleCache) put(text string, b *generator.Bundle) {
	k := cacheKey(sha256.Sum256([]byte(text)))
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		c.order.MoveToFront(e)
		c.value[k] = b
		return
	}
	c.items[k] = c.order.PushFront(k)
	c.value[k] = b
	for c.order.Len() > c.max {
		last := c.order.Back()
		old := last.Value.(cacheKey)
		c.order.Remove(last)
		delete(c.items, old)
		delete(c.value, old)
	}
}
