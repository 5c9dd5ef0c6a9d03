package deploy

import (
	"sync"
	"time"

	"github.com/patchbay/patchbay/store"
)

// Event is one change in a deployment: a job's status or progress, or
// (with Done set) the end of the whole deployment.
type Event struct {
	DeploymentID int64
	JobID        int64 // 0 on the final event
	OrgID        int64
	Org          string // the org's alias
	Status       store.JobStatus
	Counts       store.Counts
	// Message is for people: "deploying", "Deploying components 3/7",
	// the first error with file and line, and so on. Never a secret.
	Message string
	At      time.Time
	// Done marks the last event of a deployment; DeploymentStatus is then
	// its final status.
	Done             bool
	DeploymentStatus store.DeploymentStatus
}

// subscriberBuffer is how many events a slow subscriber may fall behind
// before further events are dropped for it (the store keeps the truth).
const subscriberBuffer = 256

// tracker holds what the service knows in memory about one running
// deployment: its subscribers, the latest event per job, and how many of its
// jobs this service is still running.
type tracker struct {
	id      int64
	mu      sync.Mutex
	latest  map[int64]Event // by job id
	order   []int64         // job ids in first-seen order
	subs    map[int]chan Event
	nextSub int
	pending int
	closed  bool
	final   *Event // the Done event, once finished
	done    chan struct{}
}

func newTracker(id int64) *tracker {
	return &tracker{id: id, latest: map[int64]Event{}, subs: map[int]chan Event{}, done: make(chan struct{})}
}

// publish records ev as its job's latest state and sends it to every
// subscriber without blocking.
func (t *tracker) publish(ev Event) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return
	}
	if ev.JobID != 0 {
		if _, seen := t.latest[ev.JobID]; !seen {
			t.order = append(t.order, ev.JobID)
		}
		t.latest[ev.JobID] = ev
	}
	for _, ch := range t.subs {
		// One slot stays free for the final event. A slow subscriber misses
		// this one; the store has it.
		if len(ch) < cap(ch)-1 {
			ch <- ev
		}
	}
}

// subscribe returns a channel that first replays the latest state of each
// job, then follows; for a finished deployment it replays the final event
// too and is closed.
func (t *tracker) subscribe() (<-chan Event, func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	ch := make(chan Event, subscriberBuffer+len(t.latest)+1)
	for _, id := range t.order {
		ch <- t.latest[id]
	}
	if t.closed {
		if t.final != nil {
			ch <- *t.final
		}
		close(ch)
		return ch, func() {}
	}
	n := t.nextSub
	t.nextSub++
	t.subs[n] = ch
	return ch, func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		if c, ok := t.subs[n]; ok {
			delete(t.subs, n)
			close(c)
		}
	}
}

// finish sends final (if not nil) and closes every subscriber.
func (t *tracker) finish(final *Event) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return
	}
	t.closed = true
	t.final = final
	for n, ch := range t.subs {
		if final != nil && len(ch) < cap(ch) {
			ch <- *final
		}
		close(ch)
		delete(t.subs, n)
	}
	close(t.done)
}
