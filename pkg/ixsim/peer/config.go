package peer

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// routerConfig is what the AWS side can observe of the router: only the
// lines that decide whether tunnels and BGP come up. It is read from the
// router's running-config text by readConfig, independently of how the
// simulator's CLI stores it (a bug in one should not hide a bug in the other).
type routerConfig struct {
	hostname string
	acls     map[string]bool

	ikeProposals map[string]ikeProposal
	ikePolicies  []ikePolicy // config order: the order `show ike sa` lists SAs
	natGlobal    bool
	natPolicies  map[string]bool
	keepalives   map[string]keepalive // DPD by policy name

	ipsecProposals map[string]ipsecProposal
	ipsecMaps      []ipsecMap
	localIDs       map[string]netip.Prefix // by map name
	remoteIDs      map[string]netip.Prefix

	ifaces []*ifaceConfig
	routes []staticRoute
	bgp    *bgpConfig
}

type ikeProposal struct {
	name, enc, hash, group string
	lifetime               int // seconds; 0 = default
}

// keepalive is `ike keepalive POLICY INTERVAL RETRIES` (DPD).
type keepalive struct{ interval, retries int }

type ikePolicy struct {
	name, peer, key, proposal string
	aggressive                bool
}

type ipsecProposal struct {
	name     string
	encs     []string // esp-aes, esp-aes-256, ...
	auths    []string // esp-sha, esp-sha2-256, ...
	lifetime int
}

type ipsecMap struct {
	name, acl, peer, proposal string
	pfs                       string // DH keyword or ""
}

type ifaceConfig struct {
	name        string
	addr        netip.Prefix // invalid when none
	tunnelIPsec bool
	policyMap   string // from `ipsec policy tunnel MAP ... out`
	shutdown    bool
}

type staticRoute struct {
	dst      netip.Prefix
	via      netip.Addr // next hop; invalid when an interface is given
	ifName   string
	distance int
}

type bgpConfig struct {
	asn       uint32
	routerID  netip.Addr
	neighbors []bgpNeighbor
	networks  []netip.Prefix
}

type bgpNeighbor struct {
	addr     netip.Addr
	remoteAS uint32
	hold     int // seconds from `neighbor IP timers K HOLD`; 0 = default
	ka       int // the K of the same command; 0 = default
}

func (c *routerConfig) iface(name string) *ifaceConfig {
	for _, i := range c.ifaces {
		if i.name == name {
			return i
		}
	}
	return nil
}

func (c *routerConfig) ikeProposal(name string) (ikeProposal, bool) {
	p, ok := c.ikeProposals[name]
	return p, ok
}

// natTraversal reports whether NAT-T is enabled for an IKE policy.
func (c *routerConfig) natTraversal(policy string) bool {
	return c.natGlobal || c.natPolicies[policy]
}

// context is the sub-mode a running-config line belongs to.
type context int

const (
	ctxGlobal context = iota
	ctxIface
	ctxBGP
	ctxBGPAF
)

// readConfig reads IX configuration text: the indented running-config, the
// flush-left copy of the seed write-up, or a mix. Lines it does not need are
// skipped; malformed lines it needs are skipped too, because the router's CLI
// has already refused what it cannot store.
func readConfig(text string) *routerConfig {
	c := &routerConfig{
		acls:           map[string]bool{},
		ikeProposals:   map[string]ikeProposal{},
		natPolicies:    map[string]bool{},
		keepalives:     map[string]keepalive{},
		ipsecProposals: map[string]ipsecProposal{},
		localIDs:       map[string]netip.Prefix{},
		remoteIDs:      map[string]netip.Prefix{},
	}
	ctx := ctxGlobal
	var cur *ifaceConfig
	for _, raw := range strings.Split(text, "\n") {
		line := strings.TrimRight(raw, " \t\r")
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if f[0] == "!" || strings.HasPrefix(f[0], "!") {
			ctx, cur = ctxGlobal, nil
			continue
		}
		indented := line[0] == ' ' || line[0] == '\t'
		// A flush-left line stays in the sub-mode only when it is a
		// sub-mode command (the seed's flattened copy).
		if !indented {
			switch {
			case ctx == ctxIface && ifaceCommand(f):
			case (ctx == ctxBGP || ctx == ctxBGPAF) && bgpCommand(f):
			default:
				ctx, cur = ctxGlobal, nil
			}
		}
		switch ctx {
		case ctxIface:
			c.ifaceLine(cur, f)
			continue
		case ctxBGP, ctxBGPAF:
			if f[0] == "address-family" {
				ctx = ctxBGPAF
				continue
			}
			c.bgpLine(f)
			continue
		}
		switch {
		case f[0] == "hostname" && len(f) == 2:
			c.hostname = f[1]
		case f[0] == "interface" && len(f) == 2:
			cur = c.iface(f[1])
			if cur == nil {
				cur = &ifaceConfig{name: f[1]}
				c.ifaces = append(c.ifaces, cur)
			}
			ctx = ctxIface
		case f[0] == "router" && len(f) == 3 && f[1] == "bgp":
			if asn, ok := parseASN(f[2]); ok {
				c.bgp = &bgpConfig{asn: asn}
				ctx = ctxBGP
			}
		case f[0] == "ip" && len(f) >= 2 && f[1] == "route":
			c.routeLine(f[2:])
		case f[0] == "ip" && len(f) >= 3 && f[1] == "access-list":
			c.acls[f[2]] = true
		case f[0] == "ike":
			c.ikeLine(f[1:])
		case f[0] == "ipsec":
			c.ipsecLine(f[1:])
		}
	}
	return c
}

func ifaceCommand(f []string) bool {
	switch f[0] {
	case "tunnel", "shutdown", "description", "mtu", "bandwidth", "encapsulation":
		return true
	case "ip":
		return len(f) > 1 && f[1] != "route" && f[1] != "access-list"
	case "ipsec":
		return len(f) > 1 && f[1] == "policy"
	case "no":
		return len(f) > 1 && (f[1] == "shutdown" || f[1] == "ip")
	}
	return false
}

func bgpCommand(f []string) bool {
	switch f[0] {
	case "neighbor", "network", "address-family", "bgp", "redistribute", "timers":
		return true
	}
	return false
}

func (c *routerConfig) ifaceLine(i *ifaceConfig, f []string) {
	switch {
	case len(f) == 3 && f[0] == "ip" && f[1] == "address":
		if p, err := netip.ParsePrefix(f[2]); err == nil && p.Addr().Is4() {
			i.addr = p
		}
	case len(f) >= 2 && f[0] == "no" && f[1] == "ip" && len(f) >= 3 && f[2] == "address":
		i.addr = netip.Prefix{}
	case len(f) == 3 && f[0] == "tunnel" && f[1] == "mode":
		i.tunnelIPsec = f[2] == "ipsec"
	case len(f) >= 5 && f[0] == "ipsec" && f[1] == "policy" && f[2] == "tunnel" && f[len(f)-1] == "out":
		i.policyMap = f[3]
	case len(f) == 1 && f[0] == "shutdown":
		i.shutdown = true
	case len(f) == 2 && f[0] == "no" && f[1] == "shutdown":
		i.shutdown = false
	}
}

func (c *routerConfig) bgpLine(f []string) {
	b := c.bgp
	switch {
	case len(f) == 4 && f[0] == "neighbor" && f[2] == "remote-as":
		a, err := netip.ParseAddr(f[1])
		asn, ok := parseASN(f[3])
		if err != nil || !ok {
			return
		}
		for i := range b.neighbors {
			if b.neighbors[i].addr == a {
				b.neighbors[i].remoteAS = asn
				return
			}
		}
		b.neighbors = append(b.neighbors, bgpNeighbor{addr: a, remoteAS: asn})
	case len(f) == 5 && f[0] == "neighbor" && f[2] == "timers":
		a, err := netip.ParseAddr(f[1])
		hold, herr := strconv.Atoi(f[4])
		ka, kerr := strconv.Atoi(f[3])
		if err != nil || herr != nil || hold <= 0 {
			return
		}
		for i := range b.neighbors {
			if b.neighbors[i].addr == a {
				b.neighbors[i].hold = hold
				if kerr == nil && ka > 0 {
					b.neighbors[i].ka = ka
				}
			}
		}
	case len(f) == 2 && f[0] == "network":
		if p, err := netip.ParsePrefix(f[1]); err == nil {
			b.networks = append(b.networks, p.Masked())
		}
	case len(f) == 3 && f[0] == "bgp" && f[1] == "router-id":
		if a, err := netip.ParseAddr(f[2]); err == nil {
			b.routerID = a
		}
	}
}

// routeLine reads `ip route DEST (NEXTHOP|IFACE) [DISTANCE]`; DEST may be
// `default`.
func (c *routerConfig) routeLine(f []string) {
	if len(f) < 2 {
		return
	}
	var r staticRoute
	if f[0] == "default" {
		r.dst = netip.MustParsePrefix("0.0.0.0/0")
	} else if p, err := netip.ParsePrefix(f[0]); err == nil {
		r.dst = p.Masked()
	} else {
		return
	}
	if a, err := netip.ParseAddr(f[1]); err == nil {
		r.via = a
	} else {
		r.ifName = f[1]
	}
	r.distance = 1
	if len(f) >= 3 {
		if d, err := strconv.Atoi(f[2]); err == nil && d > 0 && d < 256 {
			r.distance = d
		}
	}
	c.routes = append(c.routes, r)
}

func (c *routerConfig) ikeLine(f []string) {
	if len(f) == 0 {
		return
	}
	switch f[0] {
	case "proposal":
		// proposal NAME encryption ENC hash HASH group DH [lifetime SEC]
		if len(f) < 2 {
			return
		}
		p := ikeProposal{name: f[1]}
		kv := keywordValues(f[2:])
		p.enc, p.hash, p.group = kv["encryption"], kv["hash"], kv["group"]
		p.lifetime, _ = strconv.Atoi(kv["lifetime"])
		c.ikeProposals[p.name] = p
	case "policy":
		// policy NAME peer IP key PSK [mode aggressive] PROPOSAL
		if len(f) < 7 || f[2] != "peer" || f[4] != "key" {
			return
		}
		p := ikePolicy{name: f[1], peer: f[3], key: f[5]}
		rest := f[6:]
		if len(rest) >= 2 && rest[0] == "mode" {
			p.aggressive = rest[1] == "aggressive"
			rest = rest[2:]
		}
		if len(rest) == 0 {
			return
		}
		p.proposal = rest[0]
		for i := range c.ikePolicies {
			if c.ikePolicies[i].name == p.name {
				c.ikePolicies[i] = p
				return
			}
		}
		c.ikePolicies = append(c.ikePolicies, p)
	case "keepalive":
		// keepalive POLICY INTERVAL RETRIES
		if len(f) != 4 {
			return
		}
		i, ierr := strconv.Atoi(f[2])
		r, rerr := strconv.Atoi(f[3])
		if ierr == nil && rerr == nil && i > 0 && r > 0 {
			c.keepalives[f[1]] = keepalive{interval: i, retries: r}
		}
	case "nat-traversal":
		if len(f) == 1 {
			c.natGlobal = true
		} else if len(f) >= 3 && f[1] == "policy" {
			c.natPolicies[f[2]] = true
		}
	}
}

func (c *routerConfig) ipsecLine(f []string) {
	if len(f) < 3 {
		return
	}
	switch f[0] {
	case "autokey-proposal":
		// autokey-proposal NAME ESP-ENC... ESP-AUTH... [lifetime time SEC]
		p := ipsecProposal{name: f[1]}
		for i := 2; i < len(f); i++ {
			switch w := f[i]; {
			case w == "lifetime":
				if i+2 < len(f) && f[i+1] == "time" {
					p.lifetime, _ = strconv.Atoi(f[i+2])
				}
				i = len(f)
			case espAuth[w] != "":
				p.auths = append(p.auths, w)
			case strings.HasPrefix(w, "esp-"):
				p.encs = append(p.encs, w)
			}
		}
		c.ipsecProposals[p.name] = p
	case "autokey-map":
		// autokey-map MAP ACL peer IP PROPOSAL [pfs DH]
		if len(f) < 6 || f[3] != "peer" {
			return
		}
		m := ipsecMap{name: f[1], acl: f[2], peer: f[4], proposal: f[5]}
		if len(f) >= 8 && f[6] == "pfs" {
			m.pfs = f[7]
		}
		for i := range c.ipsecMaps {
			if c.ipsecMaps[i].name == m.name {
				c.ipsecMaps[i] = m
				return
			}
		}
		c.ipsecMaps = append(c.ipsecMaps, m)
	case "local-id", "remote-id":
		p, err := netip.ParsePrefix(f[2])
		if err != nil {
			return
		}
		if f[0] == "local-id" {
			c.localIDs[f[1]] = p.Masked()
		} else {
			c.remoteIDs[f[1]] = p.Masked()
		}
	}
}

// keywordValues maps `kw value kw value ...` pairs.
func keywordValues(f []string) map[string]string {
	kv := map[string]string{}
	for i := 0; i+1 < len(f); i += 2 {
		kv[f[i]] = f[i+1]
	}
	return kv
}

func parseASN(s string) (uint32, bool) {
	n, err := strconv.ParseUint(s, 10, 32)
	return uint32(n), err == nil && n > 0
}

// sortedTunnels returns the Tunnel interfaces by number.
func (c *routerConfig) sortedTunnels() []*ifaceConfig {
	var out []*ifaceConfig
	for _, i := range c.ifaces {
		if isTunnel(i.name) {
			out = append(out, i)
		}
	}
	slices.SortStableFunc(out, func(a, b *ifaceConfig) int { return compareIfName(a.name, b.name) })
	return out
}

// compareIfName orders interface names by type, then numerically by their
// numbers (Tunnel2.0 before Tunnel10.0).
func compareIfName(a, b string) int {
	ta, na := splitIfName(a)
	tb, nb := splitIfName(b)
	if ta != tb {
		return strings.Compare(ta, tb)
	}
	for i := 0; i < len(na) && i < len(nb); i++ {
		if na[i] != nb[i] {
			return na[i] - nb[i]
		}
	}
	return len(na) - len(nb)
}

func splitIfName(s string) (string, []int) {
	i := strings.IndexAny(s, "0123456789")
	if i < 0 {
		return s, nil
	}
	var nums []int
	for _, p := range strings.FieldsFunc(s[i:], func(r rune) bool { return r == '.' || r == ':' }) {
		n, _ := strconv.Atoi(p)
		nums = append(nums, n)
	}
	return s[:i], nums
}
