package agent

import (
	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/plan"
)

// Expectation is what a healthy router looks like once p is applied.
func Expectation(p *plan.Plan) health.Expectation {
	exp := health.Expectation{VPC: p.VPC}
	for _, t := range p.Connection.Tunnels {
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
