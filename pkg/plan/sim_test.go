package plan

import (
	"bytes"
	"context"
	"net/netip"
	"regexp"
	"strings"
	"testing"

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
		t.Fatalf("the simulator refused a line: %q\ntranscript:\n%s", showparse.Redact(m), showparse.Redact(out.String()))
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
