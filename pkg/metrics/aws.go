package metrics

import (
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ixpush/ixpush/pkg/health"
)

// AWS's view of a site (health.AWSView): what AWS says of each tunnel,
// beside the router's own families. A view that was never asked for (a
// report without one) has no series at all; one that was asked for and is
// absent has only ixpush_aws_view_present 0, so "AWS down" is never read
// into a view nobody could fetch.
var (
	descAWSViewPresent = prometheus.NewDesc("ixpush_aws_view_present",
		"1 when verify had AWS's view of the site's VPN connection (from the API or an --aws-dump file), 0 when it was absent.", []string{"site"}, nil)
	descAWSViewFetched = prometheus.NewDesc("ixpush_aws_view_fetched_timestamp_seconds",
		"When AWS's view was fetched from the API (for a dump: when the dump's fetch was); absent with the view.", []string{"site"}, nil)
	descAWSTunnelUp = prometheus.NewDesc("ixpush_aws_tunnel_up",
		"1 when AWS reports the tunnel to its endpoint (peer) UP in VgwTelemetry; tunnel is the router's interface for it.", tunnelLabels, nil)
	descAWSAcceptedRoutes = prometheus.NewDesc("ixpush_aws_accepted_routes",
		"Routes AWS accepted from the router over the tunnel to its endpoint (peer), VgwTelemetry's AcceptedRouteCount.", tunnelLabels, nil)
	descAWSUnderReplacement = prometheus.NewDesc("ixpush_aws_tunnel_under_replacement",
		"1 while AWS is replacing (or has just replaced) the tunnel endpoint (peer): a tunnel down then is maintenance, not a fault.", tunnelLabels, nil)
	descAWSDisagreement = prometheus.NewDesc("ixpush_aws_disagreement",
		"1 when the router's and AWS's views of the tunnel to the AWS endpoint (peer) disagree in this way (kind); absent when the router's tunnel state was not read.",
		[]string{"site", "tunnel", "peer", "kind"}, nil)
)

// awsDescs are the AWS families, for Describe.
var awsDescs = []*prometheus.Desc{descAWSViewPresent, descAWSViewFetched, descAWSTunnelUp, descAWSAcceptedRoutes, descAWSUnderReplacement, descAWSDisagreement}

// disagreementKinds are every kind of ixpush_aws_disagreement, each given
// 0 or 1, so an alert can watch one kind and see it clear.
var disagreementKinds = []string{health.RouterUpAWSDown, health.AWSUpRouterDown, health.AWSAcceptedNoRoute}

// collectAWS renders the AWS view of one site.
func collectAWS(ch chan<- prometheus.Metric, site string, v *health.AWSView) {
	if v == nil {
		return
	}
	gauge := func(d *prometheus.Desc, x float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, x, labels...)
	}
	if v.Absent != "" {
		gauge(descAWSViewPresent, 0, site)
		return
	}
	gauge(descAWSViewPresent, 1, site)
	if !v.FetchedAt.IsZero() {
		gauge(descAWSViewFetched, unix(v.FetchedAt), site)
	}
	for _, t := range v.Tunnels {
		peer := t.OutsideIP.String()
		switch strings.ToLower(t.Status) {
		case "up":
			gauge(descAWSTunnelUp, 1, site, t.Interface, peer)
		case "down":
			gauge(descAWSTunnelUp, 0, site, t.Interface, peer)
		}
		gauge(descAWSAcceptedRoutes, float64(t.AcceptedRoutes), site, t.Interface, peer)
		gauge(descAWSUnderReplacement, b2f(t.UnderReplacement), site, t.Interface, peer)
		// health compares the two ends only when it read the router's side.
		if t.RouterUp == nil {
			continue
		}
		for _, kind := range disagreementKinds {
			gauge(descAWSDisagreement, b2f(t.Disagreement == kind), site, t.Interface, peer, kind)
		}
	}
}
