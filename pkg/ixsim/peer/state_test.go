package peer

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

var update = flag.Bool("update", false, "rewrite golden files")

var t0 = time.Date(2026, 5, 26, 7, 0, 0, 0, time.UTC)

func seedScenario(t testing.TB, edit func(*scenario.Scenario)) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Builtin("seed")
	if err != nil {
		t.Fatal(err)
	}
	sc.Timing = scenario.Timing{RetryInterval: time.Second, Teardown: scenario.TeardownInstant}
	if edit != nil {
		edit(sc)
	}
	return sc
}

func seedFinal(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("testdata/seed-final.cfg")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// replace edits the seed's final configuration; the old text must be there,
// so a case cannot silently test the unedited configuration.
func replace(old, new string) func(t *testing.T, cfg string) string {
	return func(t *testing.T, cfg string) string {
		t.Helper()
		if !strings.Contains(cfg, old) {
			t.Fatalf("configuration lacks %q", old)
		}
		return strings.Replace(cfg, old, new, 1)
	}
}

type tunnelSummary struct {
	IKE, IPsec, BGP        string // stage statuses
	IKEUp, IPsecUp, BGPUp  bool
	Ph1Success, Ph1Failure int
	Ph1HashErr, Ph1Timeout int
	Ph1Resend              int
	Ph2Success, Ph2Failure int
	Why                    string // first failing stage's reason
}

type summary struct {
	Tunnels [2]tunnelSummary
	// Learned is the best next hop for 172.31.0.0/16 in `show ip route`, ""
	// when not learned.
	Learned string
}

func summarize(m *Model, now time.Time) summary {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.advance(now)
	v := m.snapshot(now)
	var s summary
	for t, te := range m.w.tunnels {
		ts := &s.Tunnels[t]
		ts.IPsec, ts.BGP = te.ipsec, te.bgp
		ts.IPsecUp, ts.BGPUp = v.tunnels[t].ipsecUp, v.tunnels[t].bgpUp
		ts.Why = te.bgpWhy
		if te.ipsec != stOK {
			ts.Why = te.ipsecWhy
		}
		for _, iv := range v.ike {
			if iv.p.tunnel != t || !iv.p.primary {
				continue
			}
			ts.IKE, ts.IKEUp = iv.p.status, iv.established
			ts.Ph1Success, ts.Ph1Failure, ts.Ph1HashErr, ts.Ph1Timeout, ts.Ph1Resend = iv.ph1.success, iv.ph1.failure, iv.ph1.hashErr, iv.ph1.timeout, iv.ph1.resend
			ts.Ph2Success, ts.Ph2Failure = iv.ph2.success, iv.ph2.failure
			if iv.p.status != stOK {
				ts.Why = iv.p.why
			}
		}
	}
	for _, r := range v.routes {
		if r.code == "B" && r.prefix.String() == "172.31.0.0/16" {
			s.Learned = r.via.String()
		}
	}
	return s
}

// up is a tunnel with everything established.
var up = tunnelSummary{IKE: stOK, IPsec: stOK, BGP: stOK, IKEUp: true, IPsecUp: true, BGPUp: true, Ph1Success: 1, Ph2Success: 1}

// stateCases are the failure causes the model knows, each applied to the
// seed's final configuration. Timing is zero and retries every second; the
// state is read 2.5 s after the configuration, so a failing stage has made
// three attempts.
var stateCases = []struct {
	name  string
	edit  func(t *testing.T, cfg string) string
	scen  func(*scenario.Scenario)
	fault func(*Model)
	want  summary
}{
	{
		name: "seed-final",
		want: summary{Tunnels: [2]tunnelSummary{up, up}, Learned: "169.254.123.133"},
	},
	{
		name: "psk-mismatch-tunnel1",
		edit: replace("key QAElJrXGVeBgHi.U292jVF3eLTATQXMQ", "key QAElJrXGVeBgHi.U292jVF3eLTATQXMx"),
		want: summary{Tunnels: [2]tunnelSummary{up, {
			IKE: stHashErr, IPsec: stIKEDown, BGP: stIPsecDown, Ph1Failure: 3, Ph1HashErr: 3, Ph1Resend: 9, // message 5, resent unanswered
			Why: "pre-shared key differs from AWS's",
		}}, Learned: "169.254.123.133"},
	},
	{
		name:  "aws-down-tunnel0",
		fault: func(m *Model) { m.SetAWSDown(0, true) },
		want: summary{Tunnels: [2]tunnelSummary{{
			IKE: stTimeout, IPsec: stIKEDown, BGP: stIPsecDown, Ph1Timeout: 3, Ph1Resend: 9,
			Why: "the AWS side of the tunnel is down",
		}, up}, Learned: "169.254.30.57"},
	},
	{
		name: "aws-down-in-scenario",
		scen: func(sc *scenario.Scenario) { sc.AWS.Tunnels[1].Down = true },
		want: summary{Tunnels: [2]tunnelSummary{up, {
			IKE: stTimeout, IPsec: stIKEDown, BGP: stIPsecDown, Ph1Timeout: 3, Ph1Resend: 9,
			Why: "the AWS side of the tunnel is down",
		}}, Learned: "169.254.123.133"},
	},
	{
		// The policy points elsewhere; the map still names the AWS peer,
		// which now has no IKE policy.
		name: "wrong-peer-ip",
		edit: replace("ike policy ike-policy2 peer 54.69.109.228", "ike policy ike-policy2 peer 54.69.109.229"),
		want: summary{Tunnels: [2]tunnelSummary{up, {
			IPsec: stIKEDown, BGP: stIPsecDown,
			Why: "IKE SA with 54.69.109.228 is not up",
		}}, Learned: "169.254.123.133"},
	},
	{
		name: "ike-3des",
		edit: replace("encryption aes hash sha", "encryption 3des hash sha"),
		want: summary{Tunnels: [2]tunnelSummary{
			{IKE: stNoProposal, IPsec: stIKEDown, BGP: stIPsecDown, Ph1Failure: 3, Why: "AWS does not accept phase 1 encryption 3des"},
			{IKE: stNoProposal, IPsec: stIKEDown, BGP: stIPsecDown, Ph1Failure: 3, Why: "AWS does not accept phase 1 encryption 3des"},
		}},
	},
	{
		name: "ike-md5",
		edit: replace("hash sha group", "hash md5 group"),
		want: summary{Tunnels: [2]tunnelSummary{
			{IKE: stNoProposal, IPsec: stIKEDown, BGP: stIPsecDown, Ph1Failure: 3, Why: "AWS does not accept phase 1 hash md5"},
			{IKE: stNoProposal, IPsec: stIKEDown, BGP: stIPsecDown, Ph1Failure: 3, Why: "AWS does not accept phase 1 hash md5"},
		}},
	},
	{
		name: "ike-group-1536",
		edit: replace("group 1024-bit", "group 1536-bit"),
		want: summary{Tunnels: [2]tunnelSummary{
			{IKE: stNoProposal, IPsec: stIKEDown, BGP: stIPsecDown, Ph1Failure: 3, Why: "AWS does not accept phase 1 group 1536-bit"},
			{IKE: stNoProposal, IPsec: stIKEDown, BGP: stIPsecDown, Ph1Failure: 3, Why: "AWS does not accept phase 1 group 1536-bit"},
		}},
	},
	{
		name: "aggressive-mode",
		edit: replace("key pq5RW0mMbSxz8k8.ZRY2T3C82D9GX8_z ike-prop", "key pq5RW0mMbSxz8k8.ZRY2T3C82D9GX8_z mode aggressive ike-prop"),
		want: summary{Tunnels: [2]tunnelSummary{
			{IKE: stNoProposal, IPsec: stIKEDown, BGP: stIPsecDown, Ph1Failure: 3, Why: "AWS accepts IKEv1 main mode only"},
			up,
		}, Learned: "169.254.30.57"},
	},
	{
		name: "udp-only-nat-without-nat-traversal",
		scen: func(sc *scenario.Scenario) { sc.Router.NAT.Mode = scenario.NATUDPOnly },
		want: summary{Tunnels: [2]tunnelSummary{
			{IKE: stTimeout, IPsec: stIKEDown, BGP: stIPsecDown, Ph1Timeout: 3, Ph1Resend: 9, Why: "the NAT passes only UDP 4500 and ike nat-traversal is off"},
			{IKE: stTimeout, IPsec: stIKEDown, BGP: stIPsecDown, Ph1Timeout: 3, Ph1Resend: 9, Why: "the NAT passes only UDP 4500 and ike nat-traversal is off"},
		}},
	},
	{
		name: "udp-only-nat-with-nat-traversal",
		scen: func(sc *scenario.Scenario) { sc.Router.NAT.Mode = scenario.NATUDPOnly },
		edit: replace("ike-prop\n!\nipsec", "ike-prop\nike nat-traversal\n!\nipsec"),
		want: summary{Tunnels: [2]tunnelSummary{up, up}, Learned: "169.254.123.133"},
	},
	{
		name: "passthrough-nat-with-nat-traversal-policy",
		edit: replace("ike-prop\n!\nipsec", "ike-prop\nike nat-traversal policy ike-policy2\n!\nipsec"),
		want: summary{Tunnels: [2]tunnelSummary{up, up}, Learned: "169.254.123.133"},
	},
	{
		name: "customer-gateway-mismatch",
		scen: func(sc *scenario.Scenario) { sc.AWS.CustomerGatewayIP = "203.165.211.86" },
		want: summary{Tunnels: [2]tunnelSummary{
			{IKE: stTimeout, IPsec: stIKEDown, BGP: stIPsecDown, Ph1Timeout: 3, Ph1Resend: 9, Why: "AWS expects IKE from 203.165.211.86, not 203.165.211.85"},
			{IKE: stTimeout, IPsec: stIKEDown, BGP: stIPsecDown, Ph1Timeout: 3, Ph1Resend: 9, Why: "AWS expects IKE from 203.165.211.86, not 203.165.211.85"},
		}},
	},
	{
		name: "no-default-route",
		edit: replace("ip route default 192.168.1.1\n", ""),
		want: summary{Tunnels: [2]tunnelSummary{
			{IKE: stTimeout, IPsec: stIKEDown, BGP: stIPsecDown, Ph1Timeout: 3, Ph1Resend: 9, Why: "no route to 34.217.232.61 through GigaEthernet0.0"},
			{IKE: stTimeout, IPsec: stIKEDown, BGP: stIPsecDown, Ph1Timeout: 3, Ph1Resend: 9, Why: "no route to 54.69.109.228 through GigaEthernet0.0"},
		}},
	},
	{
		name: "missing-tunnel-binding",
		edit: replace("  ipsec policy tunnel ipsec-map1 df-bit ignore pre-fragment out\n", ""),
		want: summary{Tunnels: [2]tunnelSummary{
			{IKE: stOK, IKEUp: true, Ph1Success: 1, IPsec: stIdle, BGP: stIPsecDown,
				Why: "no tunnel interface binds ipsec-map ipsec-map1 (tunnel mode ipsec + ipsec policy tunnel ... out)"},
			up,
		}, Learned: "169.254.30.57"},
	},
	{
		name: "tunnel-shutdown",
		edit: replace("ipsec-map1 df-bit ignore pre-fragment out\n  no shutdown", "ipsec-map1 df-bit ignore pre-fragment out\n  shutdown"),
		want: summary{Tunnels: [2]tunnelSummary{
			{IKE: stOK, IKEUp: true, Ph1Success: 1, IPsec: stIdle, BGP: stIPsecDown, Why: "Tunnel0.0 is shut down"},
			up,
		}, Learned: "169.254.30.57"},
	},
	{
		name: "missing-access-list",
		edit: replace("ip access-list sec-list permit ip src any dest any\n", ""),
		want: summary{Tunnels: [2]tunnelSummary{
			{IKE: stOK, IKEUp: true, Ph1Success: 1, IPsec: stIdle, BGP: stIPsecDown, Why: "access list sec-list does not exist"},
			{IKE: stOK, IKEUp: true, Ph1Success: 1, IPsec: stIdle, BGP: stIPsecDown, Why: "access list sec-list does not exist"},
		}},
	},
	{
		name: "no-pfs",
		edit: replace("ipsec-map1 sec-list peer 34.217.232.61 ipsec-prop pfs 1024-bit", "ipsec-map1 sec-list peer 34.217.232.61 ipsec-prop"),
		want: summary{Tunnels: [2]tunnelSummary{
			{IKE: stOK, IKEUp: true, Ph1Success: 1, IPsec: stNoProposal, BGP: stIPsecDown, Ph2Failure: 3, Why: "AWS requires PFS"},
			up,
		}, Learned: "169.254.30.57"},
	},
	{
		name: "no-pfs-accepted",
		scen: func(sc *scenario.Scenario) { no := false; sc.AWS.PFSRequired = &no },
		edit: replace("ipsec-map1 sec-list peer 34.217.232.61 ipsec-prop pfs 1024-bit", "ipsec-map1 sec-list peer 34.217.232.61 ipsec-prop"),
		want: summary{Tunnels: [2]tunnelSummary{up, up}, Learned: "169.254.123.133"},
	},
	{
		name: "esp-3des",
		edit: replace("ipsec autokey-proposal ipsec-prop esp-aes esp-sha", "ipsec autokey-proposal ipsec-prop esp-3des esp-sha"),
		want: summary{Tunnels: [2]tunnelSummary{
			{IKE: stOK, IKEUp: true, Ph1Success: 1, IPsec: stNoProposal, BGP: stIPsecDown, Ph2Failure: 3, Why: "AWS does not accept ESP encryption of proposal ipsec-prop"},
			{IKE: stOK, IKEUp: true, Ph1Success: 1, IPsec: stNoProposal, BGP: stIPsecDown, Ph2Failure: 3, Why: "AWS does not accept ESP encryption of proposal ipsec-prop"},
		}},
	},
	{
		name: "proxy-id-mismatch",
		edit: replace("!\nrouter bgp", "ipsec local-id ipsec-map1 192.168.2.0/24\n!\nrouter bgp"),
		want: summary{Tunnels: [2]tunnelSummary{
			{IKE: stOK, IKEUp: true, Ph1Success: 1, IPsec: stNoProposal, BGP: stIPsecDown, Ph2Failure: 3,
				Why: "proxy IDs 192.168.2.0/24 <-> 0.0.0.0/0 differ from AWS's 0.0.0.0/0 <-> 0.0.0.0/0"},
			up,
		}, Learned: "169.254.30.57"},
	},
	{
		name: "wrong-bgp-asn",
		edit: replace("router bgp 65000", "router bgp 65001"),
		want: summary{Tunnels: [2]tunnelSummary{
			{IKE: stOK, IKEUp: true, IPsecUp: true, IPsec: stOK, Ph1Success: 1, Ph2Success: 1, BGP: stBGPMismatch, Why: "router bgp AS differs from the customer ASN AWS expects"},
			{IKE: stOK, IKEUp: true, IPsecUp: true, IPsec: stOK, Ph1Success: 1, Ph2Success: 1, BGP: stBGPMismatch, Why: "router bgp AS differs from the customer ASN AWS expects"},
		}},
	},
	{
		name: "wrong-neighbor-address",
		edit: func(t *testing.T, cfg string) string {
			return strings.ReplaceAll(cfg, "neighbor 169.254.123.133 ", "neighbor 169.254.123.135 ")
		},
		want: summary{Tunnels: [2]tunnelSummary{
			{IKE: stOK, IKEUp: true, IPsecUp: true, IPsec: stOK, Ph1Success: 1, Ph2Success: 1, BGP: stIdle, Why: "no neighbor 169.254.123.133"},
			up,
		}, Learned: "169.254.30.57"},
	},
	{
		name: "wrong-remote-as",
		edit: replace("neighbor 169.254.30.57 remote-as 64512", "neighbor 169.254.30.57 remote-as 7224"),
		want: summary{Tunnels: [2]tunnelSummary{up,
			{IKE: stOK, IKEUp: true, IPsecUp: true, IPsec: stOK, Ph1Success: 1, Ph2Success: 1, BGP: stBGPMismatch, Why: "neighbor 169.254.30.57 remote-as differs from the Amazon ASN"},
		}, Learned: "169.254.123.133"},
	},
	{
		name: "wrong-tunnel-address",
		edit: replace("ip address 169.254.123.134/30", "ip address 169.254.123.133/30"),
		want: summary{Tunnels: [2]tunnelSummary{
			{IKE: stOK, IKEUp: true, IPsecUp: true, IPsec: stOK, Ph1Success: 1, Ph2Success: 1, BGP: stBGPMismatch, Why: "Tunnel0.0 must have address 169.254.123.134/30"},
			up,
		}, Learned: "169.254.30.57"},
	},
	{
		name: "startup-config",
		edit: func(t *testing.T, _ string) string { return seedScenario(t, nil).Router.StartupConfig },
		want: summary{Tunnels: [2]tunnelSummary{
			{IPsec: stIdle, BGP: stIPsecDown, Why: "no ipsec autokey-map for peer 34.217.232.61"},
			{IPsec: stIdle, BGP: stIPsecDown, Why: "no ipsec autokey-map for peer 54.69.109.228"},
		}},
	},
}

func caseModel(t *testing.T, i int, opts ...Option) (*Model, time.Time) {
	t.Helper()
	c := stateCases[i]
	sc := seedScenario(t, c.scen)
	m := New(sc, append([]Option{WithSeed(7), WithBootTime(t0.Add(-time.Hour))}, opts...)...)
	m.Update(sc.Router.StartupConfig, t0)
	cfg := seedFinal(t)
	if c.edit != nil {
		cfg = c.edit(t, cfg)
	}
	if c.fault != nil {
		c.fault(m)
	}
	at := t0.Add(10 * time.Second)
	m.Update(cfg, at)
	return m, at.Add(2500 * time.Millisecond)
}

func TestFailureCauses(t *testing.T) {
	for i, c := range stateCases {
		t.Run(c.name, func(t *testing.T) {
			m, now := caseModel(t, i)
			got := summarize(m, now)
			if d := cmp.Diff(c.want, got); d != "" {
				t.Errorf("state (-want +got):\n%s", d)
			}
		})
	}
}

// TestFailureCauseOutputs keeps every show of every case as a golden file,
// with negotiating SAs shown so that the failure counters are visible.
func TestFailureCauseOutputs(t *testing.T) {
	cmds := []string{"show ike sa", "show ipsec sa", "show ip bgp", "show ip bgp summary", "show ip route", "show interfaces Tunnel0.0"}
	for i, c := range stateCases {
		t.Run(c.name, func(t *testing.T) {
			m, now := caseModel(t, i, WithNegotiatingSAs(true))
			var b strings.Builder
			for _, cmd := range cmds {
				out, err := m.Render(cmd, now, Indented)
				if err != nil {
					out = "(error: " + err.Error() + ")\n"
				}
				b.WriteString("R10(config)# " + cmd + "\n" + out)
			}
			golden(t, filepath.Join("testdata", "cases", c.name+".txt"), b.String())
		})
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if d := cmp.Diff(string(want), got); d != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, d)
	}
}
