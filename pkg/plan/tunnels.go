package plan

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/ixpush/ixpush/pkg/awsvpn"
)

// TunnelsFor is the tunnel half of the plan New would make, without a
// configuration to plan against: which IX tunnel interface carries which AWS
// tunnel, and under which object names. It checks conn and opts as New does.
// verify uses it to know what to look for.
func TunnelsFor(conn awsvpn.Connection, opts ...Option) ([]TunnelPlan, error) {
	o, err := checked(conn, opts)
	if err != nil {
		return nil, err
	}
	return tunnelPlans(conn, o), nil
}

// checked applies opts over the defaults and checks them and conn: Parse
// checked conn already, but a hand-built one is checked here because its
// values go into lines that are typed into the router.
func checked(conn awsvpn.Connection, opts []Option) (options, error) {
	o := defaults()
	for _, opt := range opts {
		opt(&o)
	}
	if err := o.validate(); err != nil {
		return o, err
	}
	if err := conn.Check(); err != nil {
		return o, fmt.Errorf("connection not validated by awsvpn.Parse: %w", err)
	}
	return o, nil
}

// tunnelPlans assigns the interfaces: the tunnels in AWS outside IP order,
// the first on the first interface. The order is by address, not by the
// order of the AWS file, so that re-downloading the configuration never
// swaps two tunnels' interfaces.
func tunnelPlans(conn awsvpn.Connection, o options) []TunnelPlan {
	tunnels := slices.Clone(conn.Tunnels[:])
	slices.SortStableFunc(tunnels, func(a, b awsvpn.Tunnel) int { return a.AWSOutsideIP.Compare(b.AWSOutsideIP) })
	plans := make([]TunnelPlan, 0, len(tunnels))
	for i, t := range tunnels {
		n := strconv.Itoa(i + 1)
		plans = append(plans, TunnelPlan{
			AWSOutsideIP:   t.AWSOutsideIP,
			Interface:      o.tunnels[i],
			CustomerInside: t.CustomerInside,
			AWSInside:      t.AWSInside,
			BGPNeighbor:    t.AWSInside,
			AmazonASN:      conn.AmazonASN,
			IKEPolicy:      o.namePrefix + "ike-policy" + n,
			IPsecMap:       o.namePrefix + "ipsec-map" + n,
			PSK:            t.PSK,
		})
	}
	return plans
}
