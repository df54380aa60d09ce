package peer

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ixpush/ixpush/pkg/showparse"
)

// TestRoundTrip parses every render of every case, in both styles, with the
// tool's parsers and checks that they read back what the model decided. It
// is the only place the simulator meets the tool's code.
func TestRoundTrip(t *testing.T) {
	for i, c := range stateCases {
		for _, st := range []struct {
			name  string
			style Style
		}{{"indented", Indented}, {"flat", Flat}} {
			t.Run(c.name+"/"+st.name, func(t *testing.T) {
				m, now := caseModel(t, i, WithNegotiatingSAs(true), WithAllBGPPaths(true))
				render := func(cmd string) string {
					t.Helper()
					out, err := m.Render(cmd, now, st.style)
					if err != nil {
						t.Fatalf("%s: %v", cmd, err)
					}
					return out
				}
				want := summarize(m, now)
				checkIKE(t, m, want, render("show ike sa"))
				checkIPsec(t, m, want, render("show ipsec sa"))
				if m.cfg.bgp != nil {
					checkBGP(t, m, want, render("show ip bgp"), render("show ip bgp summary"), st.style)
				}
				checkRoutes(t, want, render("show ip route"))
				checkRoutes(t, want, render("show ip route bgp"))
				checkOnlyBGP(t, render("show ip route bgp"))
			})
		}
	}
}

func checkIKE(t *testing.T, m *Model, want summary, out string) {
	t.Helper()
	got, err := showparse.ParseIKESAs(strings.NewReader(out))
	if err != nil {
		t.Fatalf("show ike sa does not parse: %v\n%s", err, out)
	}
	created := 0
	for _, ts := range want.Tunnels {
		if ts.IKEUp {
			created++
		}
	}
	if got.Configured != len(m.cfg.ikePolicies) || got.Created != created {
		t.Errorf("show ike sa header = %d configured, %d created; want %d, %d", got.Configured, got.Created, len(m.cfg.ikePolicies), created)
	}
	for ti, ts := range want.Tunnels {
		if ts.IKE == "" || ts.IKE == stIdle {
			continue
		}
		peer := m.sc.AWS.Tunnels[ti].OutsideIP
		var sa *showparse.IKESA
		for i := range got.SAs {
			if got.SAs[i].RemoteAddress == peer {
				sa = &got.SAs[i]
			}
		}
		if sa == nil {
			t.Errorf("no SA block for %s", peer)
			continue
		}
		type counts struct {
			Up                         bool
			S1, F1, H1, T1, R1, S2, F2 int
		}
		w := counts{ts.IKEUp, ts.Ph1Success, ts.Ph1Failure, ts.Ph1HashErr, ts.Ph1Timeout, ts.Ph1Resend, ts.Ph2Success, ts.Ph2Failure}
		g := counts{sa.Established(), sa.Ph1Success, sa.Ph1Failure, sa.Ph1HashErr, sa.Ph1Timeout, sa.Ph1Resend, sa.Ph2Success, sa.Ph2Failure}
		if d := cmp.Diff(w, g); d != "" {
			t.Errorf("SA %s (-model +parsed):\n%s", peer, d)
		}
	}
}

func checkIPsec(t *testing.T, m *Model, want summary, out string) {
	t.Helper()
	got, err := showparse.ParseIPsecSAs(strings.NewReader(out))
	if err != nil {
		t.Fatalf("show ipsec sa does not parse: %v\n%s", err, out)
	}
	if got.Configured != len(m.cfg.ipsecMaps) {
		t.Errorf("configured = %d, want %d", got.Configured, len(m.cfg.ipsecMaps))
	}
	upCount := 0
	for ti, ts := range want.Tunnels {
		te := m.w.tunnels[ti]
		if !ts.IPsecUp {
			continue
		}
		upCount++
		blk := got.Tunnel(te.iface.name)
		if blk == nil || !blk.Up() {
			t.Errorf("%s: no up IPsec block", te.iface.name)
			continue
		}
		if blk.RemoteAddress != te.outside.String() || blk.PFS != te.pfs || blk.Inbound[0].Transform != "ESP-AES-128-HMAC-SHA-96" {
			t.Errorf("%s: parsed remote %s pfs %q transform %s", te.iface.name, blk.RemoteAddress, blk.PFS, blk.Inbound[0].Transform)
		}
	}
	if len(got.Tunnels) != upCount || got.Created != 2*upCount {
		t.Errorf("parsed %d tunnels, %d created; want %d, %d", len(got.Tunnels), got.Created, upCount, 2*upCount)
	}
}

func checkBGP(t *testing.T, m *Model, want summary, table, sum string, style Style) {
	t.Helper()
	tb, err := showparse.ParseBGPTable(strings.NewReader(table))
	if err != nil {
		t.Fatalf("show ip bgp does not parse: %v\n%s", err, table)
	}
	if tb.LocalAS != m.cfg.bgp.asn {
		t.Errorf("local AS %d, want %d", tb.LocalAS, m.cfg.bgp.asn)
	}
	best, ok := tb.BestRoute("172.31.0.0/16")
	if ok != (want.Learned != "") || ok && best.NextHop != want.Learned {
		t.Errorf("best 172.31.0.0/16 = %v via %s, want via %q", ok, best.NextHop, want.Learned)
	}
	if ok {
		if best.Metric == nil || *best.Metric != 100 || !cmp.Equal(best.Path, []uint32{64512}) || best.Origin != "i" {
			t.Errorf("best path parsed as %+v", best)
		}
	}
	paths := 0
	for _, ts := range want.Tunnels {
		if ts.BGPUp {
			paths++
		}
	}
	n := 0
	for _, r := range tb.Routes {
		if r.Prefix == "172.31.0.0/16" {
			n++
		}
	}
	if n != paths {
		t.Errorf("%d paths to 172.31.0.0/16 parsed, want %d", n, paths)
	}

	s, err := showparse.ParseBGPSummary(strings.NewReader(sum))
	if err != nil {
		t.Fatalf("show ip bgp summary does not parse: %v\n%s", err, sum)
	}
	for ti, ts := range want.Tunnels {
		nb := s.Neighbor(m.w.tunnels[ti].awsInside.String())
		if nb == nil {
			continue // neighbour not configured in this case
		}
		if nb.Established() != ts.BGPUp {
			t.Errorf("neighbor %s state %s, model BGP up %v", nb.Address, nb.State, ts.BGPUp)
		}
	}
}

func checkRoutes(t *testing.T, want summary, out string) {
	t.Helper()
	rt, err := showparse.ParseRouteTable(strings.NewReader(out))
	if err != nil {
		t.Fatalf("show ip route does not parse: %v\n%s", err, out)
	}
	if rt.Entries != len(rt.Routes) || rt.Frees != 2048-rt.Entries-rt.Hidden {
		t.Errorf("header %d entries %d hidden %d frees for %d routes", rt.Entries, rt.Hidden, rt.Frees, len(rt.Routes))
	}
	got := ""
	for _, r := range rt.Lookup("172.31.0.0/16") {
		if r.Code == "B" {
			got = r.NextHop
		}
	}
	if got != want.Learned {
		t.Errorf("172.31.0.0/16 via %q, want %q", got, want.Learned)
	}
	if d := rt.Lookup("0.0.0.0/0"); len(d) == 1 && !d[0].CandidateDefault {
		t.Errorf("default route not marked candidate default: %+v", d[0])
	}
}

// checkOnlyBGP: `show ip route bgp` reads as a route table of B routes
// alone, its Entries line counting nothing else (the IX2105 capture).
func checkOnlyBGP(t *testing.T, out string) {
	t.Helper()
	rt, err := showparse.ParseRouteTable(strings.NewReader(out))
	if err != nil {
		t.Fatalf("show ip route bgp does not parse: %v\n%s", err, out)
	}
	for _, r := range rt.Routes {
		if r.Code != "B" {
			t.Errorf("show ip route bgp lists a %s route: %+v", r.Code, r)
		}
	}
	if !strings.Contains(out, fmt.Sprintf("\nEntries: 0 Connected, 0 Static, 0 RIP, 0 OSPF, %d BGP\n", len(rt.Routes))) {
		t.Errorf("show ip route bgp counts other routes:\n%s", out)
	}
}

func TestRoundTripVersion(t *testing.T) {
	m, now := seedModel(t)
	for _, st := range []Style{Indented, Flat} {
		out, err := m.Render("show version", now, st)
		if err != nil {
			t.Fatal(err)
		}
		v, err := showparse.ParseVersion(strings.NewReader(out))
		if err != nil {
			t.Fatalf("show version does not parse: %v", err)
		}
		got := []any{v.Model, v.Firmware, v.UptimeSeconds, v.ImageFile, v.Processor, v.MemoryKB, v.ConfigSource}
		wantV := []any{"IX2015", "10.7.18", int64((22 * time.Minute) / time.Second), "ix2015-ms-10.7.18.ldc", "P1010E", int64(262144), "startup-configuration"}
		if d := cmp.Diff(wantV, got); d != "" {
			t.Errorf("(-want +got):\n%s", d)
		}
	}
}
