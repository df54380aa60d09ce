package agent

import (
	"context"
	"errors"
	"net/netip"
	"sync"
	"time"

	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/plan"
)

// DefaultFleetParallel bounds how many routers VerifyFleet talks to at once
// when the caller does not say. A verify spends nearly all its time waiting
// on the network (SSH handshake, one prompt per command), so this is sized
// to hide a WAN round trip over hundreds of routers in a few ticks, while
// staying far below file-descriptor limits and a firewall's idea of a scan.
const DefaultFleetParallel = 32

// FleetSite is one site of a fleet verify.
type FleetSite struct {
	Name    string // labels the report
	Connect Connector
	Expect  health.Expectation
	// Err is why the site could not even be prepared (an unreadable site
	// or AWS file): it is reported Unknown without connecting.
	Err error
	// Options are this site's own, after the fleet's (its timeout).
	Options []Option
}

// ErrFleetInterrupted is the error of a site a fleet verify did not start
// because its ctx was done.
var ErrFleetInterrupted = errors.New("not verified: the run was interrupted before this site's turn")

// FleetResult is one site's verdict as a fleet verify finishes it.
type FleetResult struct {
	Index int // into the sites given
	health.SiteReport
	Started time.Time
	Took    time.Duration
}

// StreamFleet verifies every site, at most parallel at a time
// (DefaultFleetParallel when parallel < 1), and calls done with each result
// as it finishes, one call at a time, so a caller can print as it goes.
// Sites that could not be prepared are reported first, without
// connecting. Like Verify it never fails: a site it cannot judge is
// Unknown.
//
// Once ctx is done no further site starts (each left is Unknown,
// ErrFleetInterrupted), but the verifies under way run on, each within its
// own timeout: cut off mid-dialogue, one would leave its router's
// exclusive configuration mode to the IX's idle timer. A signal handler
// cancelling ctx thus ends a fleet within one verify timeout, cleanly.
func StreamFleet(ctx context.Context, sites []FleetSite, parallel int, done func(FleetResult), opts ...Option) {
	if parallel < 1 {
		parallel = DefaultFleetParallel
	}
	var mu sync.Mutex
	report := func(r FleetResult) {
		mu.Lock()
		defer mu.Unlock()
		done(r)
	}
	for i, s := range sites {
		if s.Err != nil {
			report(FleetResult{Index: i, SiteReport: health.SiteReport{Site: s.Name, Report: health.UnknownReport(s.Expect, s.Err)}, Started: time.Now()})
		}
	}
	slots := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	run := context.WithoutCancel(ctx)
	for i, s := range sites {
		if s.Err != nil {
			continue
		}
		took := false
		select {
		case <-ctx.Done():
		case slots <- struct{}{}:
			took = true
		}
		// Checked after a slot is won too: both may be ready at once.
		if ctx.Err() != nil {
			if took {
				<-slots
			}
			report(FleetResult{Index: i, SiteReport: health.SiteReport{Site: s.Name, Report: health.UnknownReport(s.Expect, ErrFleetInterrupted)}, Started: time.Now()})
			continue
		}
		// Taking the slot before starting the goroutine keeps a fleet of
		// thousands from parking thousands of goroutines.
		wg.Go(func() {
			defer func() { <-slots }()
			start := time.Now()
			r := Verify(run, s.Connect, s.Expect, append(append([]Option{}, opts...), s.Options...)...)
			report(FleetResult{Index: i, SiteReport: health.SiteReport{Site: s.Name, Report: r}, Started: start, Took: time.Since(start)})
		})
	}
	wg.Wait()
}

// VerifyFleet is StreamFleet collected: the reports in the order of sites.
func VerifyFleet(ctx context.Context, sites []FleetSite, parallel int, opts ...Option) []health.SiteReport {
	reports := make([]health.SiteReport, len(sites))
	StreamFleet(ctx, sites, parallel, func(r FleetResult) { reports[r.Index] = r.SiteReport }, opts...)
	return reports
}

// ExpectationFor is what a healthy router carrying conn looks like, built
// without a plan: the tunnels on the interfaces given (in AWS outside IP
// order, as plan.TunnelsFor assigns them; none given means the planner's
// default) and the VPC prefixes to learn. Bad interface names or prefixes
// are plan.ErrInvalid, as planning would report them.
func ExpectationFor(conn awsvpn.Connection, tunnels []string, vpc []netip.Prefix) (health.Expectation, error) {
	opts := []plan.Option{plan.WithVPC(vpc...)}
	if len(tunnels) > 0 {
		opts = append(opts, plan.WithTunnelInterfaces(tunnels...))
	}
	ts, err := plan.TunnelsFor(conn, opts...)
	if err != nil {
		return health.Expectation{}, err
	}
	return expectation(ts, append([]netip.Prefix{}, vpc...)), nil
}
