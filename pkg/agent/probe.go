package agent

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/ixpush/ixpush/pkg/health"
)

// Errors of Prober.Probe.
var (
	ErrNoSuchSite   = errors.New("no such site")
	ErrProberClosed = errors.New("shutting down: no new verifies")
)

// Prober verifies sites on demand, as an exporter's scrapes ask, and keeps
// each site's last result. Verify enters the IX's exclusive configuration
// mode, so however often and however concurrently a site is asked for it
// never verifies one site more often than the minimum interval, nor twice
// at once: a probe within the interval gets the last result, and probes
// that arrive while a verify runs share it.
type Prober struct {
	minInterval time.Duration
	slots       chan struct{}
	opts        []Option
	observe     func(FleetResult)

	mu     sync.Mutex
	closed bool
	sites  map[string]*probeSite
	wg     sync.WaitGroup
}

type probeSite struct {
	FleetSite
	last    *FleetResult
	running chan struct{} // closed when the verify under way ends; nil when none
}

// NewProber serves sites, at most parallel verifies at once
// (DefaultFleetParallel when parallel < 1). observe, when not nil, is called
// with each new result before the probes waiting on it are answered.
func NewProber(sites []FleetSite, minInterval time.Duration, parallel int, observe func(FleetResult), opts ...Option) *Prober {
	if parallel < 1 {
		parallel = DefaultFleetParallel
	}
	p := &Prober{minInterval: minInterval, slots: make(chan struct{}, parallel), opts: opts, observe: observe, sites: map[string]*probeSite{}}
	for _, s := range sites {
		p.sites[s.Name] = &probeSite{FleetSite: s}
	}
	return p
}

// Probe returns the site's result: the last one when it is younger than
// the minimum interval, else that of a verify it starts or joins. fresh
// says a verify ended for this call. Waiting ends with ctx (the verify goes
// on, for the next probe); the verify itself is bounded by its own timeout,
// not by ctx, so a scrape that gives up never cuts a router's dialogue
// short.
func (p *Prober) Probe(ctx context.Context, name string) (r FleetResult, fresh bool, err error) {
	p.mu.Lock()
	s, ok := p.sites[name]
	switch {
	case !ok:
		p.mu.Unlock()
		return FleetResult{}, false, ErrNoSuchSite
	case s.last != nil && time.Since(s.last.Started) < p.minInterval:
		r := *s.last
		p.mu.Unlock()
		return r, false, nil
	case s.running == nil && p.closed:
		p.mu.Unlock()
		return FleetResult{}, false, ErrProberClosed
	case s.running == nil:
		s.running = make(chan struct{})
		p.wg.Go(func() { p.verify(s) })
	}
	running := s.running
	p.mu.Unlock()
	select {
	case <-running:
	case <-ctx.Done():
		return FleetResult{}, false, context.Cause(ctx)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return *s.last, true, nil
}

func (p *Prober) verify(s *probeSite) {
	p.slots <- struct{}{}
	defer func() { <-p.slots }()
	start := time.Now()
	var rep health.Report
	if s.Err != nil {
		rep = health.UnknownReport(s.Expect, s.Err)
	} else {
		rep = Verify(context.Background(), s.Connect, s.Expect, append(append([]Option{}, p.opts...), s.Options...)...)
	}
	r := FleetResult{SiteReport: health.SiteReport{Site: s.Name, Report: rep}, Started: start, Took: time.Since(start)}
	if p.observe != nil {
		p.observe(r)
	}
	p.mu.Lock()
	s.last = &r
	close(s.running)
	s.running = nil
	p.mu.Unlock()
}

// Close starts no further verify and waits for those under way: each ends
// within its own timeout and leaves its router's configuration mode free.
// Probes after Close get the last result while it is fresh, else
// ErrProberClosed.
func (p *Prober) Close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.wg.Wait()
}
