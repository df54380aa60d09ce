package ixsim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// config is the router's running configuration as objects. Commands change it
// through the methods in config_edit.go; render prints it the way the IX
// prints `show running-config`. Slices keep entry order, which is the order
// the IX lists objects of one kind.
type config struct {
	hostname string
	routes   []staticRoute
	acls     []aclRule

	ikeProposals  []*ikeProposal
	ikePolicies   []*ikePolicy
	ikeKeepalives []*ikeKeepalive
	ikeNATGlobal  bool
	ikeNATPolicy  []*ikeNATPolicy
	ikeLocalIDs   []*ikeLocalID

	ipsecProposals []*ipsecProposal
	ipsecMaps      []*ipsecMap
	ipsecIDs       []ipsecID

	ifaces []*iface
	bgp    *bgpConfig

	// Unmanaged lines real configurations carry (extra_commands.go,
	// device.go).
	timezone     string
	users        []userLine
	ikeRemoteIDs []string
	sshServer    bool
	devices      []*device
}

type staticRoute struct{ dst, via, distance string }

type aclRule struct{ name, rule string }

type ikeProposal struct{ name, enc, hash, group, lifetime string }

type ikePolicy struct{ name, peer, key, mode, proposal string }

type ikeKeepalive struct{ policy, interval, retries string }

type ikeNATPolicy struct{ policy, sec string }

type ikeLocalID struct{ policy, kind, value string }

type ipsecProposal struct{ name, enc, auth, lifetime string }

type ipsecMap struct{ name, acl, peer, proposal, pfs string }

// ipsecID is an `ipsec local-id` (local true) or `ipsec remote-id` entry.
type ipsecID struct {
	local   bool
	mapName string
	prefix  string
}

type iface struct {
	name       string
	typ        string // "GigaEthernet", "Loopback", "Null" or "Tunnel"
	num        int
	addr       string // A.B.C.D/N or ""
	mss        string // "auto", a number or ""
	tunnelMode string
	policy     *tunnelPolicy
	shutdown   bool
	// Unmanaged lines (extra_commands.go).
	description, mtu, unnumbered string
}

type tunnelPolicy struct {
	mapName     string
	dfIgnore    bool
	preFragment bool
}

func (p *tunnelPolicy) String() string {
	s := "ipsec policy tunnel " + p.mapName
	if p.dfIgnore {
		s += " df-bit ignore"
	}
	if p.preFragment {
		s += " pre-fragment"
	}
	return s + " out"
}

type bgpConfig struct {
	asn       string
	neighbors []*bgpNeighbor
	af        bool
	networks  []string
}

type bgpNeighbor struct{ ip, remoteAS, keepalive, hold string }

// defaultHostname is the name of a router without a `hostname` line.
const defaultHostname = "Router"

func newConfig(physical []string) *config {
	c := &config{hostname: defaultHostname}
	for _, name := range physical {
		n, _ := parseIfName(name, "GigaEthernet")
		c.ifaces = append(c.ifaces, &iface{name: name, typ: "GigaEthernet", num: n, shutdown: true})
		c.devices = append(c.devices, &device{name: strings.TrimSuffix(name, ".0")})
	}
	// Every IX lists these two, unused, and they cannot be deleted
	// (startup-ix2215-preamble.txt [R CT]).
	for _, typ := range virtualIfaceTypes {
		c.ifaces = append(c.ifaces, &iface{name: typ + "0.0", typ: typ})
	}
	return c
}

// header is what the IX prints above the configuration proper.
type header struct {
	model, firmware, compiled, now string
}

// release is the header's release kind: a lettered firmware (8.9.17B) is a
// maintenance release (ix-cli.md §8.6).
func (h header) release() string {
	if n := len(h.firmware); n > 0 && h.firmware[n-1] >= 'A' && h.firmware[n-1] <= 'Z' {
		return "MAINTENANCE RELEASE SOFTWARE"
	}
	return "RELEASE SOFTWARE"
}

func (h header) String() string {
	release := h.release()
	return fmt.Sprintf("! NEC Portable Internetwork Core Operating System Software\n"+
		"! IX Series %s (magellan-sec) Software, Version %s, %s\n"+
		"! Compiled %s\n"+
		"! Current time %s\n"+
		"!\n", h.model, h.firmware, release, h.compiled, h.now)
}

// body prints the configuration in the shape real dumps have (shape.go)
// unless minimal asks for the simulator's old one (WithMinimalConfig).
func (c *config) body(minimal bool) string {
	if minimal {
		return c.minimalBody()
	}
	return c.realBody()
}

// minimalBody prints the configuration in IX order: sections separated by
// one `!`, two-space indent in sub-modes, four under address-family; no
// device blocks, Loopback or Null interfaces, and routes as entered. The
// header (header.String) goes above it.
func (c *config) minimalBody() string {
	var b strings.Builder
	line := func(format string, a ...any) {
		fmt.Fprintf(&b, format, a...)
		b.WriteByte('\n')
	}
	line("hostname %s", c.hostname)
	sections := [][]string{c.systemLines(), c.ipLines(false), c.ikeLines(), c.ipsecLines(), c.bgpLines()}
	for _, s := range sections {
		if len(s) == 0 {
			continue
		}
		line("!")
		for _, l := range s {
			line("%s", l)
		}
	}
	line("!")
	for _, i := range c.sortedIfaces() {
		if i.virtual() {
			continue
		}
		for _, l := range i.lines() {
			line("%s", l)
		}
		line("!")
	}
	return b.String()
}

// ipLines are routes and ACLs; realDst prints a route to 0.0.0.0/0 as
// `default`, as real dumps do.
func (c *config) ipLines(realDst bool) []string {
	var out []string
	for _, r := range c.routes {
		dst := r.dst
		if realDst && sameDst(dst, "default") {
			dst = "default"
		}
		l := "ip route " + dst + " " + r.via
		if r.distance != "" {
			l += " " + r.distance
		}
		out = append(out, l)
	}
	for _, a := range c.acls {
		out = append(out, "ip access-list "+a.name+" "+a.rule)
	}
	return out
}

func (c *config) ikeLines() []string {
	var out []string
	for _, p := range c.ikeProposals {
		l := fmt.Sprintf("ike proposal %s encryption %s hash %s group %s", p.name, p.enc, p.hash, p.group)
		if p.lifetime != "" {
			l += " lifetime " + p.lifetime
		}
		out = append(out, l)
	}
	for _, p := range c.ikePolicies {
		l := fmt.Sprintf("ike policy %s peer %s key %s", p.name, p.peer, p.key)
		if p.mode != "" {
			l += " mode " + p.mode
		}
		out = append(out, l+" "+p.proposal)
	}
	for _, k := range c.ikeKeepalives {
		out = append(out, fmt.Sprintf("ike keepalive %s %s %s", k.policy, k.interval, k.retries))
	}
	if c.ikeNATGlobal {
		out = append(out, "ike nat-traversal")
	}
	for _, n := range c.ikeNATPolicy {
		l := "ike nat-traversal policy " + n.policy
		if n.sec != "" {
			l += " " + n.sec
		}
		out = append(out, l)
	}
	for _, id := range c.ikeLocalIDs {
		out = append(out, fmt.Sprintf("ike local-id %s %s %s", id.policy, id.kind, id.value))
	}
	return out
}

func (c *config) ipsecLines() []string {
	var out []string
	for _, p := range c.ipsecProposals {
		l := fmt.Sprintf("ipsec autokey-proposal %s %s %s", p.name, p.enc, p.auth)
		if p.lifetime != "" {
			l += " lifetime time " + p.lifetime
		}
		out = append(out, l)
	}
	for _, m := range c.ipsecMaps {
		l := fmt.Sprintf("ipsec autokey-map %s %s peer %s %s", m.name, m.acl, m.peer, m.proposal)
		if m.pfs != "" {
			l += " pfs " + m.pfs
		}
		out = append(out, l)
	}
	for _, id := range c.ipsecIDs {
		kw := "remote-id"
		if id.local {
			kw = "local-id"
		}
		out = append(out, fmt.Sprintf("ipsec %s %s %s", kw, id.mapName, id.prefix))
	}
	return out
}

func (c *config) bgpLines() []string {
	if c.bgp == nil {
		return nil
	}
	out := []string{"router bgp " + c.bgp.asn}
	for _, n := range c.bgp.neighbors {
		if n.remoteAS != "" {
			out = append(out, fmt.Sprintf("  neighbor %s remote-as %s", n.ip, n.remoteAS))
		}
		if n.keepalive != "" {
			out = append(out, fmt.Sprintf("  neighbor %s timers %s %s", n.ip, n.keepalive, n.hold))
		}
	}
	if c.bgp.af || len(c.bgp.networks) > 0 {
		out = append(out, "  address-family ipv4 unicast")
		for _, n := range c.bgp.networks {
			out = append(out, "    network "+n)
		}
	}
	return out
}

func (i *iface) lines() []string {
	out := []string{"interface " + i.name}
	head, tail := i.extraLines()
	out = append(out, head...)
	if i.tunnelMode != "" {
		out = append(out, "  tunnel mode "+i.tunnelMode)
	}
	if i.addr != "" {
		out = append(out, "  ip address "+i.addr)
	} else if i.typ != "Tunnel" {
		out = append(out, "  no ip address")
	}
	if i.mss != "" {
		out = append(out, "  ip tcp adjust-mss "+i.mss)
	}
	out = append(out, tail...)
	if i.policy != nil {
		out = append(out, "  "+i.policy.String())
	}
	switch {
	case i.virtual():
		// The capture shows no shutdown state for Loopback and Null.
	case i.shutdown:
		out = append(out, "  shutdown")
	default:
		out = append(out, "  no shutdown")
	}
	return out
}

func (c *config) sortedIfaces() []*iface {
	out := slices.Clone(c.ifaces)
	slices.SortStableFunc(out, func(a, b *iface) int {
		if a.typ != b.typ {
			// Physical ports first, then Loopback, Null and Tunnel, as
			// the IX lists them.
			return ifaceRank(a.typ) - ifaceRank(b.typ)
		}
		return a.num - b.num
	})
	return out
}

func (c *config) iface(name string) *iface {
	for _, i := range c.ifaces {
		if i.name == name {
			return i
		}
	}
	return nil
}

// overlapping returns the other interface whose subnet overlaps p.
func (c *config) overlapping(self string, p netip.Prefix) *iface {
	for _, i := range c.ifaces {
		if i.name == self || i.addr == "" {
			continue
		}
		q, ok := parsePrefix(i.addr)
		if ok && q.Masked().Overlaps(p.Masked()) {
			return i
		}
	}
	return nil
}
