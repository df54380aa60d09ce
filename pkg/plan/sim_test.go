package plan

import (
	"bytes"
	"context"
	"math/rand/v2"
	"net/netip"
	"regexp"
	"strings"
	"testing"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// typeInto types lines into the simulator the way the executor contract
// says: from global config mode, indentation stripped, `configure` after
// each block to return to global config. It fails on any IX error message.
func typeInto(t *testing.T, r *ixsimtest.Router, lines []string) {
	t.Helper()
	var in strings.Builder
	in.WriteString("configure\r")
	inBlock := false
	for _, l := range lines {
		if !strings.HasPrefix(l, " ") && inBlock {
			in.WriteString("configure\r")
			inBlock = false
		}
		if strings.HasPrefix(l, " ") || isBlock(l) {
			inBlock = true
		}
		in.WriteString(strings.TrimSpace(l) + "\r")
	}
	in.WriteString("configure\rexit\rexit\r")
	var out bytes.Buffer
	if err := r.Sim.ServeStdio(context.Background(), r.User, strings.NewReader(in.String()), &out); err != nil {
		t.Fatal(err)
	}
	if m := regexp.MustCompile(`(?m)^.*(-- (Invalid|Ambiguous) command\.|Expects a subcommand|is occupied|^\?Invalid|^% .*).*$`).FindString(out.String()); m != "" {
		t.Fatalf("the simulator refused a line: %q\ntranscript:\n%s", dialect.Redact(m), dialect.Redact(out.String()))
	}
}

func simConfig(t *testing.T, r *ixsimtest.Router) showparse.RunningConfig {
	t.Helper()
	c, err := showparse.ParseRunningConfig(strings.NewReader(r.Sim.RunningConfig()))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestAgainstSimulator checks the plan's config model against the IX
// simulator, which shares no code with it: the commands are accepted, the
// router then holds what ApplyLines predicts in every touched section, and
// the rollback is accepted and restores every touched section.
func TestAgainstSimulator(t *testing.T) {
	type simCase struct {
		conn  string
		setup []string // typed before planning
		opts  []Option
	}
	cases := map[string]simCase{
		// the seed router already runs the seed's connection: add a second
		// one beside it under the same BGP process
		"second connection": {conn: "example-cgw.xml", opts: []Option{WithLAN(netip.MustParsePrefix("10.50.0.0/16")), WithTunnelInterfaces("Tunnel5.0", "Tunnel6.0"), WithNamePrefix("vpn2-"), WithCrypto(CryptoStrong), WithMSS(1379)}},
		// the seed's own connection, with DPD and NAT-T added by defaults
		"seed plus defaults": {conn: "seed.yaml", opts: []Option{WithLAN(lan), WithWANIP(wanIP), WithNamePrefix("")}},
		// settings the plan overwrites and the rollback must put back
		"overwrite and restore": {conn: "seed.yaml", setup: []string{
			"@seed",
			"ike keepalive ike-policy1 30 5",
			"interface Tunnel0.0", "  ip tcp adjust-mss 1379", "  shutdown",
			"router bgp 65000", "  neighbor 169.254.30.57 timers 30 90", "  address-family ipv4 unicast", "    no network 192.168.2.0/24",
		}, opts: []Option{WithLAN(lan, netip.MustParsePrefix("10.60.0.0/16")), WithWANIP(wanIP), WithNamePrefix(""), WithDPD(10, 3)}},
		// a known neighbour that lost its remote-as line
		"interface and neighbour removed": {conn: "seed.yaml", setup: []string{
			"@seed",
			"no interface Tunnel1.0", "router bgp 65000", "  no neighbor 169.254.123.133",
		}, opts: []Option{WithLAN(lan), WithNamePrefix(""), WithNAT(NATOff), WithoutDPD()}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			r := ixsimtest.Start(t)
			conn, opts := loadConn(t, tc.conn), tc.opts
			if len(tc.setup) > 0 {
				typeInto(t, r, expandSeed(t, tc.setup))
			}
			prior := simConfig(t, r)
			p, err := New(conn, prior, opts...)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Commands) == 0 {
				t.Fatal("nothing to type: the case tests nothing")
			}
			typeInto(t, r, p.Commands)
			applied := simConfig(t, r)
			model, err := ApplyLines(prior, p.Commands)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range p.Touched() {
				want, got := sectionLines(Normalize(model), s), sectionLines(Normalize(applied), s)
				if strings.Join(want, "\n") != strings.Join(got, "\n") {
					t.Errorf("section %s: model predicts\n%s\nsimulator has\n%s", s, strings.Join(want, "\n"), strings.Join(got, "\n"))
				}
			}
			again, err := New(conn, applied, opts...)
			if err != nil {
				t.Fatal(err)
			}
			if len(again.Commands) != 0 {
				t.Errorf("re-plan on the simulator after apply types %q", again.Commands)
			}
			typeInto(t, r, p.Rollback)
			if err := p.CheckRestored(simConfig(t, r)); err != nil {
				t.Errorf("after rollback: %v\nrollback:\n%s", err, strings.Join(p.Rollback, "\n"))
			}
		})
	}
}

// expandSeed replaces "@seed" with the commands that configure the seed's
// connection as the seed write-up did.
func expandSeed(t *testing.T, lines []string) []string {
	t.Helper()
	var out []string
	for _, l := range lines {
		if l != "@seed" {
			out = append(out, l)
			continue
		}
		p, err := New(loadConn(t, "seed.yaml"), showparse.RunningConfig{}, WithLAN(lan), WithNamePrefix(""), WithNAT(NATOff), WithoutDPD())
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p.Commands...)
	}
	return out
}

// simEdits are changes an engineer might have made to the seed's router;
// each is valid on it, in any combination typed in this order.
var simEdits = [][]string{
	{"no interface Tunnel1.0"},
	{"interface Tunnel0.0", "  ip tcp adjust-mss 1379"},
	{"interface Tunnel0.0", "  shutdown"},
	{"router bgp 65000", "  neighbor 169.254.123.133 timers 30 90"},
	{"router bgp 65000", "  address-family ipv4 unicast", "    no network 192.168.2.0/24"},
	{"router bgp 65000", "  address-family ipv4 unicast", "    network 10.77.0.0/16"},
	{"router bgp 65000", "  no neighbor 169.254.30.57"},
	{"ike keepalive ike-policy1 20 5"},
	{"ike nat-traversal"},
}

// TestSimulatorProperty: random edits of the seed's router in the
// simulator, random site options; the model must predict every touched
// section, the plan must be idempotent on the simulator, and the typed
// rollback must restore every touched section.
func TestSimulatorProperty(t *testing.T) {
	n := 200
	if testing.Short() {
		n = 20
	}
	r := rand.New(rand.NewPCG(7, 11))
	seedConn, otherConn := loadConn(t, "seed.yaml"), loadConn(t, "example-cgw.xml")
	var planned, typed int
	for i := range n {
		setup := []string{"@seed"}
		var applied []int
		for e := range simEdits {
			if r.IntN(3) == 0 {
				setup = append(setup, simEdits[e]...)
				applied = append(applied, e)
			}
		}
		opts := []Option{WithLAN(lan), WithWANIP(wanIP), WithNAT(NATMode([]string{"auto", "on", "off"}[r.IntN(3)]))}
		switch r.IntN(3) {
		case 0:
			opts = append(opts, WithoutDPD())
		case 1:
			opts = append(opts, WithDPD(15, 5))
		}
		if r.IntN(4) == 0 {
			opts = append(opts, WithSelectors(lan, vpc))
		}
		if r.IntN(4) == 0 {
			opts = append(opts, WithMSS(1379))
		}
		conn := seedConn
		if r.IntN(3) == 0 {
			// a second connection beside the seed's
			conn = otherConn
			opts = append(opts, WithNamePrefix("vpn2-"), WithTunnelInterfaces("Tunnel5.0", "Tunnel6.0"), WithLAN(netip.MustParsePrefix("10.88.0.0/16")), WithCrypto(CryptoStrong))
		} else {
			opts = append(opts, WithNamePrefix(""))
		}
		router := ixsimtest.Start(t)
		typeInto(t, router, expandSeed(t, setup))
		prior := simConfig(t, router)
		p, err := New(conn, prior, opts...)
		if err != nil {
			t.Fatalf("case %d (edits %v): %v", i, applied, err)
		}
		planned++
		typed += len(p.Commands) + len(p.Rollback)
		typeInto(t, router, p.Commands)
		after := simConfig(t, router)
		model, err := ApplyLines(prior, p.Commands)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range p.Touched() {
			want, got := sectionLines(Normalize(model), s), sectionLines(Normalize(after), s)
			if strings.Join(want, "\n") != strings.Join(got, "\n") {
				t.Fatalf("case %d (edits %v): section %s: model predicts\n%s\nsimulator has\n%s", i, applied, s, strings.Join(want, "\n"), strings.Join(got, "\n"))
			}
		}
		again, err := New(conn, after, opts...)
		if err != nil || len(again.Commands) != 0 {
			t.Fatalf("case %d (edits %v): re-plan on the simulator: %v %q", i, applied, err, again.Commands)
		}
		typeInto(t, router, p.Rollback)
		if err := p.CheckRestored(simConfig(t, router)); err != nil {
			t.Fatalf("case %d (edits %v): %v\ncommands:\n%s\nrollback:\n%s", i, applied, err, strings.Join(p.Commands, "\n"), strings.Join(p.Rollback, "\n"))
		}
	}
	t.Logf("%d simulated routers planned, applied and rolled back; %d lines typed", planned, typed)
}

// TestRemovalsAgainstSimulator: what the model predicts for `no` lines that
// share leading words with other lines matches the simulator: `no ike
// nat-traversal` leaves the per-policy form, `no neighbor IP` takes all of
// the neighbour's lines.
func TestRemovalsAgainstSimulator(t *testing.T) {
	cases := map[string]struct{ setup, lines []string }{
		"global NAT-T beside a per-policy one": {
			setup: []string{"@seed", "ike nat-traversal policy ike-policy1 20", "ike nat-traversal"},
			lines: []string{"no ike nat-traversal"},
		},
		"per-policy NAT-T beside the global one": {
			setup: []string{"@seed", "ike nat-traversal policy ike-policy1 20", "ike nat-traversal"},
			lines: []string{"no ike nat-traversal policy ike-policy1 20"},
		},
		"per-policy NAT-T named without its seconds": {
			setup: []string{"@seed", "ike nat-traversal policy ike-policy1 20", "ike nat-traversal"},
			lines: []string{"no ike nat-traversal policy ike-policy1"},
		},
		"per-policy NAT-T re-entered": {
			setup: []string{"@seed", "ike nat-traversal policy ike-policy1 20", "ike nat-traversal policy ike-policy2 20"},
			lines: []string{"ike nat-traversal policy ike-policy1 30"},
		},
		"all of a neighbour's lines": {
			setup: []string{"@seed"},
			lines: []string{"router bgp 65000", "  no neighbor 169.254.30.57"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			r := ixsimtest.Start(t)
			typeInto(t, r, expandSeed(t, tc.setup))
			before := simConfig(t, r)
			typeInto(t, r, tc.lines)
			want, err := ApplyLines(before, tc.lines)
			if err != nil {
				t.Fatal(err)
			}
			text := func(c showparse.RunningConfig) string {
				return dialect.Redact(strings.Join(render(Normalize(c).Lines, 0, nil), "\n"))
			}
			if got := text(simConfig(t, r)); got != text(want) {
				t.Errorf("model predicts\n%s\nsimulator has\n%s", text(want), got)
			}
			if text(before) == text(want) {
				t.Error("the lines changed nothing: the case tests nothing")
			}
		})
	}
}
