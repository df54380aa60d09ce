package metrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// The site-level families: one series per site.
var (
	descStatus = prometheus.NewDesc("ixpush_site_status",
		"Verdict of the last verify: 0 ok, 1 degraded, 2 down, 3 unknown; evidence: what it rests on (config-mode, operation-mode, none).", []string{"site", "evidence"}, nil)
	descDuration = prometheus.NewDesc("ixpush_verify_duration_seconds",
		"How long the last verify of the site took.", []string{"site"}, nil)
	descLastRun = prometheus.NewDesc("ixpush_last_run_timestamp_seconds",
		"When the last verify of the site started, whatever its verdict (alert when it stops advancing).", []string{"site"}, nil)
	descLastSuccess = prometheus.NewDesc("ixpush_last_success_timestamp_seconds",
		"When the last verify whose verdict was ok started; absent when none was.", []string{"site"}, nil)
	descPrefix = prometheus.NewDesc("ixpush_prefix_learned",
		"1 when the expected VPC prefix is learned from an AWS neighbour.", []string{"site", "prefix"}, nil)
)

var tunnelLabels = []string{"site", "tunnel", "peer"}

// tunnelFamily is one per-tunnel gauge and how to read it; known false
// omits the series, so an unread state is never exported as down.
type tunnelFamily struct {
	desc  *prometheus.Desc
	value func(t health.TunnelReport) (v float64, peer string, known bool)
}

// A nil fact in the report was not read (health's rule), so its series is
// absent.
var tunnelFamilies = []tunnelFamily{
	{prometheus.NewDesc("ixpush_tunnel_up", "1 when the tunnel to the AWS peer (peer) is up: IKE, IPsec both ways and BGP; from operation-mode evidence, the interface and BGP over it.", tunnelLabels, nil),
		func(t health.TunnelReport) (float64, string, bool) {
			return b2f(t.IsUp()), t.AWSOutsideIP.String(), t.Up != nil
		}},
	{prometheus.NewDesc("ixpush_ike_sa_up", "1 when the IKE SA with the AWS peer (peer) is established.", tunnelLabels, nil),
		func(t health.TunnelReport) (float64, string, bool) {
			return b2f(t.IKE != nil && *t.IKE == showparse.IKEEstablished), t.AWSOutsideIP.String(), t.IKE != nil
		}},
	{prometheus.NewDesc("ixpush_ipsec_sa_up", "1 when the tunnel to the AWS peer (peer) has ESP SAs in both directions.", tunnelLabels, nil),
		func(t health.TunnelReport) (float64, string, bool) {
			known := t.IPsecIn != nil && t.IPsecOut != nil
			return b2f(known && *t.IPsecIn > 0 && *t.IPsecOut > 0), t.AWSOutsideIP.String(), known
		}},
	{prometheus.NewDesc("ixpush_bgp_neighbor_up", "1 when the BGP session with the AWS neighbour (peer) is established.", tunnelLabels, nil),
		func(t health.TunnelReport) (float64, string, bool) {
			return b2f(t.BGP != nil && *t.BGP == showparse.BGPEstablished), t.Neighbor.String(), t.BGP != nil
		}},
}

// descIKEFailures carries the router's own negotiation counters. They are
// counters as the router keeps them: they reset when the router reboots or
// clears the SA, which rate() already handles.
var descIKEFailures = prometheus.NewDesc("ixpush_ike_failures_total",
	"Negotiation failures show ike sa counts for the AWS peer (peer), by phase (1, 2) and kind (failure, hash-error, timeout, resend).",
	[]string{"site", "tunnel", "peer", "phase", "kind"}, nil)

// ikeFailures are the counters of one tunnel, in a fixed order.
func ikeFailures(c health.IKECounters) []struct {
	phase, kind string
	v           int
} {
	return []struct {
		phase, kind string
		v           int
	}{
		{"1", "failure", c.Ph1Failure}, {"1", "hash-error", c.Ph1HashErr}, {"1", "timeout", c.Ph1Timeout}, {"1", "resend", c.Ph1Resend},
		{"2", "failure", c.Ph2Failure}, {"2", "hash-error", c.Ph2HashErr}, {"2", "timeout", c.Ph2Timeout}, {"2", "resend", c.Ph2Resend},
	}
}

func b2f(v bool) float64 {
	if v {
		return 1
	}
	return 0
}
