package report

import (
	"bytes"
	"net/netip"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/health"
)

func TestWriteAWSView(t *testing.T) {
	up := true
	at := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	yes, no := true, false
	a, b := netip.MustParseAddr("34.217.232.61"), netip.MustParseAddr("54.69.109.228")
	for name, v := range map[string]*health.AWSView{
		"aws-view-agree": {Source: "api", VPNConnectionID: "vpn-09043457e07b5f5d5", State: "available", FetchedAt: at, Agree: &yes,
			Tunnels: []health.AWSTunnelView{
				{AWSTunnel: health.AWSTunnel{OutsideIP: a, Status: "up", StatusMessage: "1 BGP ROUTES", AcceptedRoutes: 1}, Interface: "Tunnel0.0", RouterUp: &up},
				{AWSTunnel: health.AWSTunnel{OutsideIP: b, Status: "down", Maintenance: "Pending"}, Interface: "Tunnel1.0", UnderReplacement: true,
					Note: "AWS is replacing this tunnel's endpoint: maintenance, not a fault (the router re-initiates once it is back)"},
			}},
		"aws-view-disagree": {Source: "file", VPNConnectionID: "vpn-09043457e07b5f5d5", State: "available", FetchedAt: at, Agree: &no,
			Tunnels: []health.AWSTunnelView{
				{AWSTunnel: health.AWSTunnel{OutsideIP: a, Status: "up", StatusMessage: "1 BGP ROUTES", AcceptedRoutes: 1}, Interface: "Tunnel0.0", RouterUp: &up},
				{AWSTunnel: health.AWSTunnel{OutsideIP: b, Status: "down", StatusMessage: "IPSEC IS DOWN"}, Interface: "Tunnel1.0", RouterUp: &up,
					Disagreement: health.RouterUpAWSDown, Note: `the router has the tunnel up but AWS reports it down ("IPSEC IS DOWN")`},
			}},
		"aws-view-absent": health.AbsentAWSView("no AWS access configured: the site reads aws.file; give --vpn-connection-id (with --region) to see AWS's view"),
	} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteAWSView(&buf, v); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, name, buf.Bytes())
		})
	}
	var buf bytes.Buffer
	if err := WriteAWSView(&buf, nil); err != nil || buf.Len() != 0 {
		t.Errorf("nil view printed %q (%v)", buf.String(), err)
	}
}
