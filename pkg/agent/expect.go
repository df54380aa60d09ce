package agent

import (
	"net/netip"

	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/plan"
)

// Expectation is what a healthy router looks like once p is applied.
func Expectation(p *plan.Plan) health.Expectation {
	return expectation(p.Connection.Tunnels, p.VPC)
}

// expectation is what health checks of the planned tunnels and the VPC
// prefixes: the one mapping from a plan's tunnels to health's.
func expectation(tunnels []plan.TunnelPlan, vpc []netip.Prefix) health.Expectation {
	exp := health.Expectation{VPC: vpc}
	for _, t := range tunnels {
		exp.Tunnels = append(exp.Tunnels, health.Tunnel{
			Interface:    t.Interface,
			AWSOutsideIP: t.AWSOutsideIP,
			Neighbor:     t.BGPNeighbor,
			InsideIP:     t.CustomerInside.Addr(),
			AmazonASN:    t.AmazonASN,
		})
	}
	return exp
}
