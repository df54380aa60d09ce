package agent

import (
	"context"
	"fmt"
	"strings"

	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// verifyShows are what a verification reads, in this order. The IX only
// shows IKE and IPsec state in configuration mode (ix-cli.md §5).
var verifyShows = []string{"show ike sa", "show ipsec sa", "show ip bgp", "show ip bgp summary"}

// Observe runs the verification shows on a prepared device and parses them.
func Observe(ctx context.Context, dev Device) (health.Observation, error) {
	var obs health.Observation
	outs, err := dev.ShowAll(ctx, verifyShows...)
	if err != nil {
		return obs, fmt.Errorf("reading %s: %w", strings.Join(verifyShows, ", "), err)
	}
	for i, cmd := range verifyShows {
		out := outs[i]
		if strings.TrimSpace(out) == "" && strings.HasPrefix(cmd, "show ip bgp") {
			// A router without `router bgp` may print nothing at all: no
			// BGP table, no neighbours. The judgement reports that.
			if cmd == "show ip bgp summary" {
				obs.Summary = &showparse.BGPSummary{}
			}
			continue
		}
		r := strings.NewReader(out)
		switch cmd {
		case "show ike sa":
			obs.IKE, err = showparse.ParseIKESAs(r)
		case "show ipsec sa":
			obs.IPsec, err = showparse.ParseIPsecSAs(r)
		case "show ip bgp":
			obs.BGP, err = showparse.ParseBGPTable(r)
		case "show ip bgp summary":
			var s showparse.BGPSummary
			s, err = showparse.ParseBGPSummary(r)
			obs.Summary = &s
		}
		if err != nil {
			return obs, fmt.Errorf("%s: %w", cmd, err)
		}
	}
	return obs, nil
}
