package plan

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// conflictKinds are the ways a generated router can already use what the
// plan needs; each must make New fail with ErrConflict.
var conflictKinds = []string{"bgp-as", "if-address", "if-policy", "if-mode", "ike-policy", "acl-rule", "neighbor-as", "autokey-map", "address-overlap", "peer-taken"}

type genCase struct {
	conn     awsvpn.Connection
	opts     []Option
	prior    showparse.RunningConfig
	conflict string
	desc     string
}

// genCase builds a random site and a random running-config: unrelated
// objects, random parts of the plan already present (some with other
// settings the plan overwrites), and sometimes one conflict.
func genOne(t *testing.T, r *rand.Rand, conns []awsvpn.Connection) genCase {
	t.Helper()
	g := genCase{conn: conns[r.IntN(len(conns))]}
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	var d []string
	opt := func(o Option, s string) { g.opts = append(g.opts, o); d = append(d, s) }
	opt(WithCrypto(Crypto(pick("aws-default", "strong"))), "crypto")
	opt(WithNAT(NATMode(pick("auto", "on", "off"))), "nat")
	opt(WithWANIP(netip.MustParseAddr(pick("192.168.1.10", "203.0.113.10", "203.165.211.85"))), "wan")
	switch r.IntN(3) {
	case 0:
		opt(WithoutDPD(), "nodpd")
	case 1:
		opt(WithDPD(1+r.IntN(30), 1+r.IntN(5)), "dpd")
	}
	if r.IntN(2) == 0 {
		opt(WithMSS(1300+r.IntN(100)), "mss")
	}
	opt(WithNamePrefix(pick("", "aws-", "vpn2-")), "prefix")
	ifs := [][]string{{"Tunnel0.0", "Tunnel1.0"}, {"Tunnel1.0", "Tunnel0.0"}, {"Tunnel5.0", "Tunnel6.0"}}[r.IntN(3)]
	opt(WithTunnelInterfaces(ifs...), "tunnels")
	pool := []string{"192.168.2.0/24", "10.1.0.0/16", "10.2.0.0/16", "172.16.0.0/24"}
	for _, p := range pool[:r.IntN(len(pool)+1)] {
		opt(WithLAN(netip.MustParsePrefix(p)), "lan")
	}
	if r.IntN(5) == 0 {
		opt(WithSelectors(netip.MustParsePrefix("192.168.2.0/24"), netip.MustParsePrefix("172.31.0.0/16")), "selectors")
	}
	g.desc = strings.Join(d, ",")

	empty, err := New(g.conn, showparse.RunningConfig{}, g.opts...)
	if err != nil {
		t.Fatalf("plan on empty router: %v", err)
	}
	want, err := ApplyLines(showparse.RunningConfig{}, empty.Desired)
	if err != nil {
		t.Fatal(err)
	}

	var top []*showparse.ConfigLine
	add := func(text string, children ...string) {
		l := &showparse.ConfigLine{Text: text}
		for _, c := range children {
			l.Children = append(l.Children, &showparse.ConfigLine{Text: c})
		}
		top = append(top, l)
	}
	// Unrelated configuration.
	add("hostname R10")
	add("ip route default 192.168.1.1")
	add("interface GigaEthernet0.0", "ip address 192.168.1.10/24", "no shutdown")
	add("interface Loopback0.0", "no ip address")
	if r.IntN(2) == 0 {
		add("ike proposal other-prop encryption aes-256 hash sha2-256 group 2048-bit")
		add("ike policy other-policy peer 192.0.2.1 key OtherKey123 other-prop")
		add("ip access-list other-list permit ip src any dest any")
		add("ip access-list other-list deny ip src any dest any")
	}
	if r.IntN(3) == 0 {
		add("interface Tunnel9.0", "tunnel mode ipsec", "ip address 10.9.9.1/30", "no shutdown")
	}
	// Parts of the plan already present; one router in eight has all of it.
	full := r.IntN(8) == 0
	for _, l := range want.Lines {
		if full {
			top = append(top, cloneLines([]*showparse.ConfigLine{l})...)
			continue
		}
		if r.IntN(10) < 4 {
			continue
		}
		if len(l.Children) == 0 {
			text := l.Text
			if strings.HasPrefix(text, "ike keepalive ") && r.IntN(3) == 0 {
				f := strings.Fields(text)
				text = strings.Join(f[:3], " ") + " 20 5"
			}
			add(text)
			continue
		}
		top = append(top, partialBlock(r, l))
	}
	if r.IntN(6) == 0 {
		g.conflict = conflictKinds[r.IntN(len(conflictKinds))]
		top = injectConflict(r, top, want, empty, g.conflict)
	}
	r.Shuffle(len(top), func(i, j int) { top[i], top[j] = top[j], top[i] })
	for _, l := range top {
		if r.IntN(2) == 0 {
			l.Trailer = []string{"!"}
		}
	}
	g.prior = showparse.RunningConfig{Header: []string{"! NEC Portable Internetwork Core Operating System Software"}, Lines: top}
	return g
}

// partialBlock copies a random part of a desired block, sometimes with
// other settings in the lines the plan may overwrite.
func partialBlock(r *rand.Rand, l *showparse.ConfigLine) *showparse.ConfigLine {
	out := &showparse.ConfigLine{Text: l.Text}
	for _, c := range l.Children {
		if r.IntN(10) < 4 {
			if c.Text == "ip address "+strings.TrimPrefix(c.Text, "ip address ") && r.IntN(2) == 0 {
				out.Children = append(out.Children, &showparse.ConfigLine{Text: "no ip address"})
			}
			if c.Text == "no shutdown" && r.IntN(2) == 0 {
				out.Children = append(out.Children, &showparse.ConfigLine{Text: "shutdown"})
			}
			continue
		}
		text := c.Text
		switch {
		case strings.HasPrefix(text, "ip tcp adjust-mss ") && r.IntN(2) == 0:
			text = "ip tcp adjust-mss 1200"
		case strings.HasPrefix(text, "neighbor ") && strings.Contains(text, " timers ") && r.IntN(2) == 0:
			f := strings.Fields(text)
			text = strings.Join(f[:3], " ") + " 30 90"
		}
		if len(c.Children) > 0 {
			pb := partialBlock(r, c)
			if r.IntN(2) == 0 {
				pb.Children = append(pb.Children, &showparse.ConfigLine{Text: "network 10.99.0.0/16"})
			}
			out.Children = append(out.Children, pb)
			continue
		}
		out.Children = append(out.Children, &showparse.ConfigLine{Text: text})
	}
	if strings.HasPrefix(l.Text, "interface ") && r.IntN(3) == 0 {
		out.Children = append(out.Children, &showparse.ConfigLine{Text: "description to-aws"})
	}
	return out
}

func injectConflict(r *rand.Rand, top []*showparse.ConfigLine, want showparse.RunningConfig, p *Plan, kind string) []*showparse.ConfigLine {
	t0 := p.Connection.Tunnels[r.IntN(2)]
	// Drop any existing copy of what the conflict replaces, then add it.
	replaceTop := func(key string, l *showparse.ConfigLine) []*showparse.ConfigLine {
		top = slices.DeleteFunc(top, func(x *showparse.ConfigLine) bool { return keyOf(x.Text) == key })
		return append(top, l)
	}
	iface := func(children ...string) *showparse.ConfigLine {
		l := &showparse.ConfigLine{Text: "interface " + t0.Interface}
		for _, c := range children {
			l.Children = append(l.Children, &showparse.ConfigLine{Text: c})
		}
		return l
	}
	switch kind {
	case "bgp-as":
		top = slices.DeleteFunc(top, func(x *showparse.ConfigLine) bool { return strings.HasPrefix(x.Text, "router bgp ") })
		return append(top, &showparse.ConfigLine{Text: fmt.Sprintf("router bgp %d", p.Connection.CustomerASN+1)})
	case "if-address":
		return replaceTop("interface "+t0.Interface, iface("tunnel mode ipsec", "ip address 10.0.0.1/30"))
	case "if-policy":
		return replaceTop("interface "+t0.Interface, iface("ipsec policy tunnel somebody-else out"))
	case "if-mode":
		return replaceTop("interface "+t0.Interface, iface("tunnel mode gre"))
	case "ike-policy":
		return replaceTop("ike policy "+t0.IKEPolicy, &showparse.ConfigLine{Text: "ike policy " + t0.IKEPolicy + " peer 192.0.2.9 key Another123 x"})
	case "acl-rule":
		return append(top, &showparse.ConfigLine{Text: "ip access-list " + p.Connection.ACL + " deny ip src any dest any"})
	case "address-overlap":
		return append(top, &showparse.ConfigLine{Text: "interface Tunnel99.0", Children: []*showparse.ConfigLine{{Text: "ip address " + t0.CustomerInside.String()}}})
	case "peer-taken":
		return append(top, &showparse.ConfigLine{Text: "ike policy somebody-else peer " + t0.AWSOutsideIP.String() + " key Another123 x"})
	case "autokey-map":
		return replaceTop("ipsec autokey-map "+t0.IPsecMap, &showparse.ConfigLine{Text: "ipsec autokey-map " + t0.IPsecMap + " other-list peer 192.0.2.9 other-prop"})
	case "neighbor-as":
		bgp := fmt.Sprintf("router bgp %d", p.Connection.CustomerASN)
		top = slices.DeleteFunc(top, func(x *showparse.ConfigLine) bool { return strings.HasPrefix(x.Text, "router bgp ") })
		return append(top, &showparse.ConfigLine{Text: bgp, Children: []*showparse.ConfigLine{
			{Text: fmt.Sprintf("neighbor %s remote-as %d", t0.BGPNeighbor, p.Connection.AmazonASN+1)},
		}})
	}
	panic(kind)
}

// TestDiffInverseProperty: over many generated routers, applying Commands
// then Rollback to the model gives back the original tree; applying the
// plan twice types nothing the second time; conflicts are always reported.
func TestDiffInverseProperty(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	var conns []awsvpn.Connection
	for _, f := range []string{"example-cgw.xml", "seed.yaml", "legacy-asn-reordered.xml"} {
		conns = append(conns, loadConn(t, f))
	}
	r := rand.New(rand.NewPCG(20261127, 3))
	var stats struct{ plans, conflicts, commands, rollback, restores, zero, maxCmds int }
	for i := range n {
		g := genOne(t, r, conns)
		p, err := New(g.conn, g.prior, g.opts...)
		if g.conflict != "" {
			if !errors.Is(err, ErrConflict) {
				t.Fatalf("case %d (%s, conflict %s): err = %v, want a conflict\n%s", i, g.desc, g.conflict, err, g.prior)
			}
			stats.conflicts++
			continue
		}
		if err != nil {
			t.Fatalf("case %d (%s): %v\n%s", i, g.desc, err, g.prior)
		}
		stats.plans++
		stats.commands += len(p.Commands)
		stats.rollback += len(p.Rollback)
		stats.maxCmds = max(stats.maxCmds, len(p.Commands))
		if len(p.Commands) == 0 {
			stats.zero++
		}
		for _, l := range p.Rollback {
			if !strings.HasPrefix(strings.TrimSpace(l), "no ") && !strings.HasPrefix(l, " ") && !isBlock(l) {
				stats.restores++
			}
		}
		after, err := ApplyLines(g.prior, p.Commands)
		if err != nil {
			t.Fatalf("case %d: ApplyLines(commands): %v", i, err)
		}
		again, err := New(g.conn, after, g.opts...)
		if err != nil {
			t.Fatalf("case %d (%s): re-plan after apply: %v", i, g.desc, err)
		}
		if len(again.Commands) != 0 || len(again.Rollback) != 0 {
			t.Fatalf("case %d (%s): not idempotent, second plan types %q\nprior:\n%s", i, g.desc, again.Commands, g.prior)
		}
		back, err := ApplyLines(after, p.Rollback)
		if err != nil {
			t.Fatalf("case %d: ApplyLines(rollback): %v", i, err)
		}
		if want, got := Normalize(g.prior).String(), Normalize(back).String(); want != got {
			t.Fatalf("case %d (%s): rollback does not restore the prior config\ncommands:\n%s\nrollback:\n%s\nwant:\n%s\ngot:\n%s",
				i, g.desc, strings.Join(p.Commands, "\n"), strings.Join(p.Rollback, "\n"), want, got)
		}
		if err := p.CheckRestored(back); err != nil {
			t.Fatalf("case %d: CheckRestored after rollback: %v", i, err)
		}
		if len(p.Commands) > 0 && p.CheckRestored(after) == nil {
			t.Fatalf("case %d: CheckRestored accepts the applied config", i)
		}
		checkRollbackOrder(t, i, p.Rollback)
		checkNoOuterReturn(t, i, "commands", p.Commands)
		checkNoOuterReturn(t, i, "rollback", p.Rollback)
		for _, c := range p.Commands {
			if !strings.HasPrefix(c, " ") && !isBlock(c) && g.prior.Find(c) != nil {
				t.Fatalf("case %d: command %q is already present", i, c)
			}
		}
	}
	t.Logf("%d generated routers: %d planned, %d conflicts refused; %d with nothing to type; commands avg %.1f max %d; rollback avg %.1f; %d prior lines re-entered",
		n, stats.plans, stats.conflicts, stats.zero, float64(stats.commands)/float64(stats.plans), stats.maxCmds,
		float64(stats.rollback)/float64(stats.plans), stats.restores)
	if stats.conflicts < n/20 || stats.zero == 0 || stats.restores == 0 {
		t.Errorf("generator does not cover conflicts/no-op/overwrite cases: %+v", stats)
	}
}

// checkRollbackOrder: top-level rollback sections follow the rank of
// rules.go (tunnel interfaces first, ACL last).
func checkRollbackOrder(t *testing.T, i int, rb []string) {
	t.Helper()
	last := 0
	for _, l := range rb {
		if strings.HasPrefix(l, " ") {
			continue
		}
		r, _, _ := classify(strings.TrimPrefix(l, "no "))
		if r.rank < last {
			t.Fatalf("case %d: rollback out of order at %q:\n%s", i, l, strings.Join(rb, "\n"))
		}
		last = r.rank
	}
}

// checkNoOuterReturn: after a nested sub-mode line, no line of an outer
// sub-mode follows in the same block — the executor returns to global config
// only before top-level lines, so such a line would be typed in the wrong mode.
func checkNoOuterReturn(t *testing.T, i int, what string, lines []string) {
	t.Helper()
	deepest := 0
	for _, l := range lines {
		d := (len(l) - len(strings.TrimLeft(l, " "))) / 2
		if d == 0 {
			deepest = 0
			continue
		}
		if d < deepest {
			t.Fatalf("case %d: %s return to an outer sub-mode at %q:\n%s", i, what, l, strings.Join(lines, "\n"))
		}
		deepest = d
	}
}
