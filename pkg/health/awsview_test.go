package health

import (
	"net/netip"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ixpush/ixpush/pkg/showparse"
)

func TestJoinAWS(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	a, b := netip.MustParseAddr("198.51.100.11"), netip.MustParseAddr("198.51.100.12")
	up := func(ip netip.Addr, name string) TunnelReport {
		return TunnelReport{Tunnel: Tunnel{Interface: name, AWSOutsideIP: ip}, IKE: known[showparse.IKEState]("established"), IPsecIn: known(1), IPsecOut: known(1), BGP: known[showparse.BGPState]("Established"), Up: known(true)}
	}
	down := func(ip netip.Addr, name string) TunnelReport {
		return TunnelReport{Tunnel: Tunnel{Interface: name, AWSOutsideIP: ip}, IKE: known(IKENone), IPsecIn: known(0), IPsecOut: known(0), BGP: known(showparse.BGPState("Idle")), Up: known(false)}
	}
	unreadable := func(ip netip.Addr, name string) TunnelReport {
		return TunnelReport{Tunnel: Tunnel{Interface: name, AWSOutsideIP: ip}}
	}
	aws := func(ip netip.Addr, status string, routes int) AWSTunnel {
		return AWSTunnel{OutsideIP: ip, Status: status, AcceptedRoutes: routes}
	}
	type row struct {
		IP           string
		Disagreement string
		Replacement  bool
	}
	for _, tc := range []struct {
		name       string
		router     []TunnelReport
		aws        []AWSTunnel
		advertised int
		want       []row
	}{
		{"both agree up", []TunnelReport{up(a, "Tunnel0.0"), up(b, "Tunnel1.0")}, []AWSTunnel{aws(a, "up", 1), aws(b, "up", 1)}, 1,
			[]row{{"198.51.100.11", "", false}, {"198.51.100.12", "", false}}},
		{"telemetry with one tunnel down", []TunnelReport{up(a, "Tunnel0.0"), up(b, "Tunnel1.0")}, []AWSTunnel{aws(a, "up", 1), aws(b, "down", 0)}, 1,
			[]row{{"198.51.100.11", "", false}, {"198.51.100.12", RouterUpAWSDown, false}}},
		{"AWS up, router down", []TunnelReport{down(a, "Tunnel0.0"), up(b, "Tunnel1.0")}, []AWSTunnel{aws(a, "up", 1), aws(b, "up", 1)}, 1,
			[]row{{"198.51.100.11", AWSUpRouterDown, false}, {"198.51.100.12", "", false}}},
		{"AWS accepted none of the advertised prefixes", []TunnelReport{up(a, "Tunnel0.0"), up(b, "Tunnel1.0")}, []AWSTunnel{aws(a, "up", 0), aws(b, "up", 1)}, 2,
			[]row{{"198.51.100.11", AWSAcceptedNoRoute, false}, {"198.51.100.12", "", false}}},
		{"nothing advertised: 0 accepted is no fault", []TunnelReport{up(a, "Tunnel0.0"), up(b, "Tunnel1.0")}, []AWSTunnel{aws(a, "up", 0), aws(b, "up", 0)}, 0,
			[]row{{"198.51.100.11", "", false}, {"198.51.100.12", "", false}}},
		{"tunnel under replacement is maintenance", []TunnelReport{up(a, "Tunnel0.0"), up(b, "Tunnel1.0")},
			[]AWSTunnel{aws(a, "up", 1), {OutsideIP: b, Status: "down", Maintenance: "Pending"}}, 1,
			[]row{{"198.51.100.11", "", false}, {"198.51.100.12", "", true}}},
		{"just replaced and down is maintenance", []TunnelReport{up(a, "Tunnel0.0"), down(b, "Tunnel1.0")},
			[]AWSTunnel{aws(a, "up", 1), {OutsideIP: b, Status: "down", LastMaintenance: now.Add(-10 * time.Minute)}}, 1,
			[]row{{"198.51.100.11", "", false}, {"198.51.100.12", "", true}}},
		{"replaced long ago and down is a fault", []TunnelReport{up(a, "Tunnel0.0"), up(b, "Tunnel1.0")},
			[]AWSTunnel{aws(a, "up", 1), {OutsideIP: b, Status: "down", LastMaintenance: now.Add(-48 * time.Hour)}}, 1,
			[]row{{"198.51.100.11", "", false}, {"198.51.100.12", RouterUpAWSDown, false}}},
		{"router unreadable: no verdict on agreement", []TunnelReport{unreadable(a, "Tunnel0.0"), unreadable(b, "Tunnel1.0")}, []AWSTunnel{aws(a, "up", 1), aws(b, "down", 0)}, 1,
			[]row{{"198.51.100.11", "", false}, {"198.51.100.12", "", false}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vs := JoinAWS(Report{Tunnels: tc.router}, tc.aws, tc.advertised, now)
			var got []row
			for _, v := range vs {
				got = append(got, row{v.OutsideIP.String(), v.Disagreement, v.UnderReplacement})
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("(-want +got)\n%s", d)
			}
			wantAgree := true
			for _, r := range tc.want {
				wantAgree = wantAgree && r.Disagreement == ""
			}
			if Agreeing(vs) != wantAgree {
				t.Errorf("Agreeing = %v, want %v", !wantAgree, wantAgree)
			}
		})
	}
}
