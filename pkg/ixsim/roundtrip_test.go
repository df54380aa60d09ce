package ixsim_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// health is what the tool judges from the shows: which IKE peers are
// established, which tunnels carry SAs both ways, which BGP neighbors are
// up, and how 172.31.0.0/16 is reached.
type health struct {
	IKEEstablished []string
	IPsecUp        []string
	BGPEstablished []string
	BGPBestNextHop string
	Route          string
}

// readHealth types the shows over SSH and reads them with pkg/showparse, as
// the tool would: the output as received, CRLF, echo and prompt included.
func readHealth(t *testing.T, tm *term) health {
	t.Helper()
	var h health
	// The previous prompt starts the echoed line, as in a capture.
	show := func(cmd string) *strings.Reader {
		tm.send(cmd + "\r")
		return strings.NewReader("R10(config)# " + tm.expect(promptRE))
	}
	ike, err := showparse.ParseIKESAs(show("show ike sa"))
	if err != nil {
		t.Fatalf("show ike sa: %v", err)
	}
	for _, sa := range ike.SAs {
		if sa.Established() {
			h.IKEEstablished = append(h.IKEEstablished, sa.RemoteAddress)
		}
	}
	ipsec, err := showparse.ParseIPsecSAs(show("show ipsec sa"))
	if err != nil {
		t.Fatalf("show ipsec sa: %v", err)
	}
	for _, tu := range ipsec.Tunnels {
		if tu.Up() {
			h.IPsecUp = append(h.IPsecUp, tu.Interface)
		}
	}
	sum, err := showparse.ParseBGPSummary(show("show ip bgp summary"))
	if err != nil {
		t.Fatalf("show ip bgp summary: %v", err)
	}
	for _, n := range sum.Neighbors {
		if n.Established() {
			h.BGPEstablished = append(h.BGPEstablished, n.Address)
		}
	}
	bgp, err := showparse.ParseBGPTable(show("show ip bgp"))
	if err != nil {
		t.Fatalf("show ip bgp: %v", err)
	}
	if r, ok := bgp.BestRoute("172.31.0.0/16"); ok {
		h.BGPBestNextHop = r.NextHop
	}
	routes, err := showparse.ParseRouteTable(show("show ip route"))
	if err != nil {
		t.Fatalf("show ip route: %v", err)
	}
	for _, r := range routes.Lookup("172.31.0.0/16") {
		h.Route = r.Code + " via " + r.NextHop + " " + r.Interface
	}
	return h
}

// Typing the seed's final configuration into the seed scenario gives both
// tunnels established and 172.31.0.0/16 learned, read back through
// pkg/showparse in both the indented and the flat rendering.
func TestSeedEstablishesThroughShowparse(t *testing.T) {
	for name, opts := range map[string][]ixsim.Option{"indented": nil, "flat": {ixsim.WithFlatShow()}} {
		t.Run(name, func(t *testing.T) {
			clk := newClock()
			r := ixsimtest.Start(t, append(opts, ixsim.WithClock(clk.Now))...)
			tm := configured(t, r)
			tm.cmd("terminal length 0")
			if diff := cmp.Diff(health{}, readHealth(t, tm)); diff != "" {
				t.Errorf("before time passes (-want +got):\n%s", diff)
			}
			clk.Advance(time.Minute)
			want := health{
				IKEEstablished: []string{"34.217.232.61", "54.69.109.228"},
				IPsecUp:        []string{"Tunnel0.0", "Tunnel1.0"},
				BGPEstablished: []string{"169.254.30.57", "169.254.123.133"}, // address order
				BGPBestNextHop: "169.254.123.133",
				Route:          "B via 169.254.123.133 Tunnel0.0",
			}
			if diff := cmp.Diff(want, readHealth(t, tm)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// The running-config the simulator prints parses, and its tree has the
// stanzas where the IX puts them.
func TestRunningConfigThroughShowparse(t *testing.T) {
	r := ixsimtest.Start(t)
	tm := configured(t, r)
	tm.cmd("terminal length 0")
	tm.send("show running-config\r")
	rc, err := showparse.ParseRunningConfig(strings.NewReader("R10(config)# " + tm.expect(promptRE)))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range [][]string{
		{"ike proposal ike-prop encryption aes hash sha group 1024-bit"},
		{"router bgp 65000", "address-family ipv4 unicast", "network 192.168.2.0/24"},
		{"interface Tunnel1.0", "ipsec policy tunnel ipsec-map2 df-bit ignore pre-fragment out"},
	} {
		l := rc.Find(path[0])
		for _, p := range path[1:] {
			if l != nil {
				l = l.Find(p)
			}
		}
		if l == nil {
			t.Errorf("%q not found in parsed running-config", path)
		}
	}
}
