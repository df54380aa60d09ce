package peer

import (
	"net/netip"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

type stagesUp struct{ IKE, IPsec, BGP [2]bool }

func stagesAt(m *Model, now time.Time) stagesUp {
	s := summarize(m, now)
	var u stagesUp
	for t, ts := range s.Tunnels {
		u.IKE[t], u.IPsec[t], u.BGP[t] = ts.IKEUp, ts.IPsecUp, ts.BGPUp
	}
	return u
}

func TestStagesComeUpInTurn(t *testing.T) {
	sc := seedScenario(t, func(sc *scenario.Scenario) {
		sc.Timing = scenario.Timing{IKEUp: 300 * time.Millisecond, IPsecUp: 200 * time.Millisecond, BGPUp: 500 * time.Millisecond, RetryInterval: time.Second}
	})
	m := New(sc, WithSeed(1))
	m.Update(seedFinal(t), t0)
	none, both := [2]bool{}, [2]bool{true, true}
	for _, tc := range []struct {
		after time.Duration
		want  stagesUp
	}{
		{0, stagesUp{}},
		{299 * time.Millisecond, stagesUp{}},
		{300 * time.Millisecond, stagesUp{IKE: both}},
		{499 * time.Millisecond, stagesUp{IKE: both}},
		{500 * time.Millisecond, stagesUp{IKE: both, IPsec: both}},
		{999 * time.Millisecond, stagesUp{IKE: both, IPsec: both, BGP: none}},
		{time.Second, stagesUp{IKE: both, IPsec: both, BGP: both}},
	} {
		if d := cmp.Diff(tc.want, stagesAt(m, t0.Add(tc.after))); d != "" {
			t.Errorf("after %v (-want +got):\n%s", tc.after, d)
		}
	}
}

// TestBreakAndFix: a change that breaks a precondition tears the stages
// down at once; the failure counters keep what they counted after the fix.
func TestBreakAndFix(t *testing.T) {
	sc := seedScenario(t, func(sc *scenario.Scenario) {
		sc.Timing = scenario.Timing{IKEUp: 300 * time.Millisecond, IPsecUp: 200 * time.Millisecond, BGPUp: 500 * time.Millisecond, RetryInterval: time.Second}
	})
	m := New(sc, WithSeed(1))
	good := seedFinal(t)
	bad := replace("key QAElJrXGVeBgHi.U292jVF3eLTATQXMQ", "key wrong-key-0123456789")(t, good)
	m.Update(good, t0)
	m.Update(bad, t0.Add(5*time.Second))
	got := summarize(m, t0.Add(5*time.Second))
	if got.Tunnels[1].IKEUp || got.Tunnels[1].IPsecUp || got.Tunnels[1].BGPUp || !got.Tunnels[0].BGPUp {
		t.Fatalf("right after the PSK change: %+v", got.Tunnels)
	}
	m.Update(good, t0.Add(7500*time.Millisecond))
	type ph1 struct{ Success, Failure, HashErr int }
	for _, tc := range []struct {
		after time.Duration
		want  ph1
		up    bool
	}{
		{7500 * time.Millisecond, ph1{1, 3, 3}, false},
		{7799 * time.Millisecond, ph1{1, 3, 3}, false},
		{7800 * time.Millisecond, ph1{2, 3, 3}, true},
		{time.Hour, ph1{2, 3, 3}, true},
	} {
		ts := summarize(m, t0.Add(tc.after)).Tunnels[1]
		if d := cmp.Diff(tc.want, ph1{ts.Ph1Success, ts.Ph1Failure, ts.Ph1HashErr}); d != "" || ts.IKEUp != tc.up {
			t.Errorf("after %v: IKE up %v (want %v), counters (-want +got):\n%s", tc.after, ts.IKEUp, tc.up, d)
		}
	}
}

func TestAWSDownAndBack(t *testing.T) {
	m := New(seedScenario(t, nil), WithSeed(1))
	m.Update(seedFinal(t), t0)
	m.SetAWSDown(1, true)
	m.SetAWSDown(5, true) // out of range: ignored
	s := summarize(m, t0.Add(1500*time.Millisecond))
	// The fault takes effect when the model is next consulted (1.5 s).
	if s.Tunnels[1].IKEUp || s.Tunnels[1].Ph1Timeout != 1 || !s.Tunnels[0].BGPUp {
		t.Fatalf("AWS tunnel 1 down: %+v", s.Tunnels)
	}
	m.SetAWSDown(1, false)
	s = summarize(m, t0.Add(2700*time.Millisecond))
	if !s.Tunnels[1].BGPUp || s.Tunnels[1].Ph1Success != 2 || s.Tunnels[1].Ph1Timeout != 2 || s.Tunnels[1].Ph1Resend != 6 {
		t.Errorf("AWS tunnel 1 back: %+v", s.Tunnels[1])
	}
}

// TestRekey: SAs renew every lifetime with new SPIs and cookies; remaining
// lifetimes count down in between.
func TestRekey(t *testing.T) {
	m := New(seedScenario(t, nil), WithSeed(1))
	m.Update(seedFinal(t), t0)
	spis := func(at time.Duration) (uint32, uint32, int) {
		m.mu.Lock()
		defer m.mu.Unlock()
		m.advance(t0.Add(at))
		v := m.snapshot(t0.Add(at))
		return v.tunnels[0].spiIn, v.tunnels[0].spiOut, v.tunnels[0].lifeLeft
	}
	in1, out1, left1 := spis(100 * time.Second)
	in2, out2, left2 := spis(3599 * time.Second)
	in3, out3, left3 := spis(3600 * time.Second)
	if in1 != in2 || out1 != out2 || left1 != 3500 || left2 != 1 {
		t.Errorf("within a lifetime: SPIs %x/%x then %x/%x, left %d then %d", in1, out1, in2, out2, left1, left2)
	}
	if in3 == in1 || out3 == out1 || in3 == out3 || left3 != 3600 {
		t.Errorf("after rekey: SPIs %x/%x (before %x/%x), left %d", in3, out3, in1, out1, left3)
	}
	if s := summarize(m, t0.Add(3600*time.Second)); s.Tunnels[0].Ph2Success != 2 || s.Tunnels[0].Ph1Success != 1 {
		t.Errorf("after one IPsec rekey: ph1 %d ph2 %d successes", s.Tunnels[0].Ph1Success, s.Tunnels[0].Ph2Success)
	}
}

// TestSeedFlatConfig: the seed write-up's flush-left configuration reads
// the same as the indented running-config.
func TestSeedFlatConfig(t *testing.T) {
	raw, err := os.ReadFile("../../../fixtures/seed/000_58b5b2477542f47a.txt")
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	// The final configuration runs from its IKE proposal (flush left, after
	// the one-line copy) to the BGP network statement.
	start := strings.Index(text, "\nike proposal ike-prop encryption aes hash sha group 1024-bit\n")
	end := strings.Index(text, "network 192.168.2.0/24\n")
	if start < 0 || end < start {
		t.Fatal("seed configuration not found")
	}
	flat := seedScenario(t, nil).Router.StartupConfig + text[start+1:end] + "network 192.168.2.0/24\n"
	opt := cmp.Options{
		cmp.AllowUnexported(routerConfig{}, ikeProposal{}, ikePolicy{}, ipsecProposal{}, ipsecMap{}, ifaceConfig{}, staticRoute{}, bgpConfig{}, bgpNeighbor{}),
		cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{}),
		// The startup part lists unused interfaces (GigaEthernet2.0,
		// Loopback0.0, Null0.0) the indented fixture leaves out.
		cmpopts.IgnoreSliceElements(func(i *ifaceConfig) bool { return !i.addr.IsValid() && !i.tunnelIPsec }),
	}
	want, got := readConfig(seedFinal(t)), readConfig(flat)
	want.hostname = got.hostname // the write-up's excerpt has no hostname line; the startup part has
	if d := cmp.Diff(want, got, opt); d != "" {
		t.Errorf("flat seed config reads differently (-indented +flat):\n%s", d)
	}
}

func TestReadConfigDetails(t *testing.T) {
	cfg := readConfig(`hostname X
ip route 10.0.0.0/8 Tunnel0.0 5
ip route 172.16.0.0/12 192.0.2.1
ike policy p1 peer 1.2.3.4 key abcdefgh prop
ike policy p1 peer 1.2.3.5 key abcdefgh mode aggressive prop
ike nat-traversal policy p1
ipsec autokey-proposal ap esp-aes-256 esp-aes esp-sha2-256 esp-sha lifetime time 1800
ipsec autokey-map m1 acl peer 1.2.3.5 ap pfs 2048-bit
ipsec remote-id m1 10.1.0.0/16
interface Tunnel0.0
  tunnel mode ipsec
  ip address 169.254.1.2/30
  ipsec policy tunnel m1 out
  shutdown
interface Tunnel0.0
  no shutdown
router bgp 65010
  bgp router-id 10.9.9.9
  neighbor 169.254.1.1 remote-as 7224
  neighbor 169.254.1.1 remote-as 64512
  address-family ipv4 unicast
    network 10.20.0.0/16
ip access-list acl permit ip src any dest any
`)
	type flat struct {
		Routes     []string
		Policy     ikePolicy
		NAT        bool
		Proposal   ipsecProposal
		Map        ipsecMap
		RemoteID   string
		Tunnel     ifaceConfig
		BGP        string
		ACL        bool
		AfterBlock bool
	}
	var routes []string
	for _, r := range cfg.routes {
		routes = append(routes, r.dst.String()+" "+r.via.String()+" "+r.ifName+" "+itoa(r.distance))
	}
	got := flat{
		Routes: routes, Policy: cfg.ikePolicies[0], NAT: cfg.natTraversal("p1"), Proposal: cfg.ipsecProposals["ap"],
		Map: cfg.ipsecMaps[0], RemoteID: cfg.remoteIDs["m1"].String(), Tunnel: *cfg.iface("Tunnel0.0"),
		BGP: itoa(int(cfg.bgp.asn)) + " " + cfg.bgp.routerID.String() + " " + cfg.bgp.neighbors[0].addr.String() + " " +
			itoa(int(cfg.bgp.neighbors[0].remoteAS)) + " " + itoa(len(cfg.bgp.neighbors)) + " " + cfg.bgp.networks[0].String(),
		ACL: cfg.acls["acl"], AfterBlock: len(cfg.ifaces) == 1,
	}
	want := flat{
		Routes:   []string{"10.0.0.0/8 invalid IP Tunnel0.0 5", "172.16.0.0/12 192.0.2.1  1"},
		Policy:   ikePolicy{name: "p1", peer: "1.2.3.5", key: "abcdefgh", proposal: "prop", aggressive: true},
		NAT:      true,
		Proposal: ipsecProposal{name: "ap", encs: []string{"esp-aes-256", "esp-aes"}, auths: []string{"esp-sha2-256", "esp-sha"}, lifetime: 1800},
		Map:      ipsecMap{name: "m1", acl: "acl", peer: "1.2.3.5", proposal: "ap", pfs: "2048-bit"},
		RemoteID: "10.1.0.0/16",
		Tunnel:   ifaceConfig{name: "Tunnel0.0", addr: cfg.iface("Tunnel0.0").addr, tunnelIPsec: true, policyMap: "m1"},
		BGP:      "65010 10.9.9.9 169.254.1.1 64512 1 10.20.0.0/16",
		ACL:      true, AfterBlock: true,
	}
	opt := cmp.Options{cmp.AllowUnexported(ikePolicy{}, ipsecProposal{}, ipsecMap{}, ifaceConfig{}), cmpopts.EquateComparable(netip.Prefix{})}
	if d := cmp.Diff(want, got, opt); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if got.Tunnel.addr.String() != "169.254.1.2/30" {
		t.Errorf("tunnel address %v", got.Tunnel.addr)
	}
}

// TestConcurrentSessions: several sessions render while the CLI updates the
// configuration and a fault flips (run with -race).
func TestConcurrentSessions(t *testing.T) {
	m := New(seedScenario(t, nil))
	cfg := seedFinal(t)
	m.Update(cfg, t0)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				now := t0.Add(time.Duration(i) * time.Second)
				switch g {
				case 0:
					m.Update(cfg, now)
				case 1:
					m.SetAWSDown(i%2, i%3 == 0)
				default:
					for _, c := range append(Commands(), "show interfaces Tunnel0.0") {
						if _, err := m.Render(c, now, Style(i%2)); err != nil {
							t.Error(err)
							return
						}
					}
				}
			}
		}()
	}
	wg.Wait()
}

func TestRenderErrors(t *testing.T) {
	m := New(seedScenario(t, nil))
	m.Update(seedFinal(t), t0)
	for _, c := range []string{"show ip bgp neighbors 169.254.30", "show ip bgp neighbor", "show ip route static", "show", "", "sh ip route", "show interfaces Tunnel9.0", "show interfaces"} {
		if out, err := m.Render(c, t0, Indented); err == nil {
			t.Errorf("Render(%q) = %q, want an error", c, out)
		}
	}
	if _, err := m.Render("  show   ip  route ", t0, Indented); err != nil {
		t.Errorf("extra spaces: %v", err)
	}
}

func FuzzReadConfig(f *testing.F) {
	seed, err := os.ReadFile("testdata/seed-final.cfg")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(seed))
	f.Add("interface Tunnel0.0\nip address 1.2.3.4/30\nrouter bgp 1\nneighbor 1.1.1.1 remote-as 2\n")
	f.Add("ike policy\nipsec autokey-map m a peer\nip route default\n")
	sc, err := scenario.Builtin("seed")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, cfg string) {
		m := New(sc, WithSeed(1), WithNegotiatingSAs(true), WithAllBGPPaths(true))
		m.Update(cfg, t0)
		for _, c := range Commands() {
			if _, err := m.Render(c, t0.Add(time.Hour), Indented); err != nil {
				t.Fatalf("%s: %v", c, err)
			}
		}
	})
}

// TestScenarioDownThenUp: a tunnel the scenario starts down comes up when the
// fault is cleared.
func TestScenarioDownThenUp(t *testing.T) {
	m := New(seedScenario(t, func(sc *scenario.Scenario) { sc.AWS.Tunnels[0].Down = true }), WithSeed(1))
	m.Update(seedFinal(t), t0)
	if s := summarize(m, t0); s.Tunnels[0].IKEUp || !s.Tunnels[1].BGPUp {
		t.Fatalf("at start: %+v", s.Tunnels)
	}
	m.SetAWSDown(0, false)
	if s := summarize(m, t0.Add(time.Second)); !s.Tunnels[0].BGPUp || s.Tunnels[0].Ph1Timeout != 2 {
		t.Errorf("after clearing the fault: %+v", s.Tunnels[0])
	}
}

// TestNeighborStatesOverTime: IDLE until the tunnel interface is up, CONNECT
// while the session comes up, ESTABLISHED after Timing.BGPUp; ACTIVE for a
// reachable neighbour AWS does not peer with.
func TestNeighborStatesOverTime(t *testing.T) {
	sc := seedScenario(t, func(sc *scenario.Scenario) {
		sc.Timing = scenario.Timing{IKEUp: 300 * time.Millisecond, IPsecUp: 200 * time.Millisecond, BGPUp: 500 * time.Millisecond, RetryInterval: time.Second}
	})
	m := New(sc, WithSeed(1))
	m.Update(replace("neighbor 169.254.30.57 remote-as 64512", "neighbor 169.254.30.57 remote-as 64513")(t, seedFinal(t)), t0)
	states := func(at time.Duration) []string {
		m.mu.Lock()
		defer m.mu.Unlock()
		m.advance(t0.Add(at))
		var out []string
		for _, n := range m.snapshot(t0.Add(at)).neighbors() {
			out = append(out, n.n.addr.String()+" "+n.state)
		}
		return out
	}
	for _, tc := range []struct {
		at   time.Duration
		want []string
	}{
		{0, []string{"169.254.30.57 IDLE", "169.254.123.133 IDLE"}},
		{499 * time.Millisecond, []string{"169.254.30.57 IDLE", "169.254.123.133 IDLE"}},
		{500 * time.Millisecond, []string{"169.254.30.57 ACTIVE", "169.254.123.133 CONNECT"}},
		{time.Second, []string{"169.254.30.57 ACTIVE", "169.254.123.133 ESTABLISHED"}},
	} {
		if d := cmp.Diff(tc.want, states(tc.at)); d != "" {
			t.Errorf("at %v (-want +got):\n%s", tc.at, d)
		}
	}
}
