package agent

import (
	"sync"
	"time"
)

// ManualClock is a clock its owner moves, for WithClock(c.Now): the
// confirm deadline and the guard window are wall-clock times in the
// journal, and the demo's scaled story and the tests move this clock past
// them instead of waiting. Safe for concurrent use.
type ManualClock struct {
	mu sync.Mutex
	t  time.Time
}

// NewManualClock is a clock that reads t until moved.
func NewManualClock(t time.Time) *ManualClock { return &ManualClock{t: t} }

// Now is the clock's time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Add moves the clock by d.
func (c *ManualClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
