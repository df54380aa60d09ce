package agent

import (
	"context"
	"net/netip"
	"sync"

	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/plan"
)

// DefaultFleetParallel bounds how many routers VerifyFleet talks to at once
// when the caller does not say: enough to hide SSH and CLI latency, few
// enough not to exhaust file descriptors or look like a scan to a firewall.
const DefaultFleetParallel = 8

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

// VerifyFleet verifies every site, at most parallel at a time
// (DefaultFleetParallel when parallel < 1), and returns the reports in the
// order of sites. Like Verify it never fails: a site it cannot judge is
// Unknown, so the caller can still print every other site's verdict.
func VerifyFleet(ctx context.Context, sites []FleetSite, parallel int, opts ...Option) []health.SiteReport {
	if parallel < 1 {
		parallel = DefaultFleetParallel
	}
	reports := make([]health.SiteReport, len(sites))
	slots := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for i, s := range sites {
		reports[i].Site = s.Name
		if s.Err != nil {
			reports[i].Report = health.UnknownReport(s.Expect, s.Err)
			continue
		}
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			reports[i].Report = Verify(ctx, s.Connect, s.Expect, append(append([]Option{}, opts...), s.Options...)...)
		})
	}
	wg.Wait()
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
