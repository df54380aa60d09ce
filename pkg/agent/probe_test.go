package agent

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// countingSite fails like an unreachable router after a pause, counting
// verifies and the most that ran at once.
type countingSite struct{ calls, open, peak atomic.Int32 }

func (c *countingSite) connect(ctx context.Context) (Device, error) {
	c.calls.Add(1)
	n := c.open.Add(1)
	defer c.open.Add(-1)
	for p := c.peak.Load(); n > p && !c.peak.CompareAndSwap(p, n); p = c.peak.Load() {
	}
	time.Sleep(50 * time.Millisecond)
	return nil, errors.New("connection refused")
}

func TestProberOneAtATimeAndCached(t *testing.T) {
	var c countingSite
	var observed atomic.Int32
	p := NewProber([]FleetSite{{Name: "tokyo", Connect: c.connect}}, time.Hour, 0, func(FleetResult) { observed.Add(1) })
	defer p.Close()
	var wg sync.WaitGroup
	var fresh atomic.Int32
	for range 10 {
		wg.Go(func() {
			r, f, err := p.Probe(context.Background(), "tokyo")
			if err != nil || r.Site != "tokyo" || r.Report.Error != "connection refused" {
				t.Errorf("Probe = %+v, %v", r, err)
			}
			if f {
				fresh.Add(1)
			}
		})
	}
	wg.Wait()
	if _, f, _ := p.Probe(context.Background(), "tokyo"); f {
		t.Error("a probe within the minimum interval verified again")
	}
	if c.calls.Load() != 1 || c.peak.Load() != 1 || observed.Load() != 1 {
		t.Errorf("%d verifies (%d at once, %d observed) for 11 probes within the interval, want 1", c.calls.Load(), c.peak.Load(), observed.Load())
	}
	if fresh.Load() < 1 {
		t.Error("no probe saw the verify it waited on as fresh")
	}
	if _, _, err := p.Probe(context.Background(), "osaka"); !errors.Is(err, ErrNoSuchSite) {
		t.Errorf("unknown site: %v", err)
	}
}

func TestProberIntervalAndClose(t *testing.T) {
	var c countingSite
	p := NewProber([]FleetSite{{Name: "tokyo", Connect: c.connect}}, 0, 1, nil)
	for range 3 {
		if _, f, err := p.Probe(context.Background(), "tokyo"); err != nil || !f {
			t.Fatalf("Probe with no minimum interval: fresh %v, %v", f, err)
		}
	}
	if c.calls.Load() != 3 {
		t.Errorf("%d verifies for 3 probes with no interval", c.calls.Load())
	}
	// A scrape that gives up does not cut the verify short; Close waits
	// for it, then refuses new ones.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	if _, _, err := p.Probe(ctx, "tokyo"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("abandoned probe: %v", err)
	}
	p.Close()
	if c.open.Load() != 0 || c.calls.Load() != 4 {
		t.Errorf("after Close: %d verifies under way, %d done; want 0 and 4", c.open.Load(), c.calls.Load())
	}
	if _, _, err := p.Probe(context.Background(), "tokyo"); !errors.Is(err, ErrProberClosed) {
		t.Errorf("probe after Close: %v", err)
	}
}
