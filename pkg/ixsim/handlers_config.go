package ixsim

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Commands that change the configuration. Each checks first and changes
// after, so a refused command changes nothing. Refusal texts the captures do
// not show are best guesses [G], all starting with `%` as §3 requires:
//
//	% ike proposal P is not defined.              reference to a missing object (WithStrictReferences; [G], never captured)
//	% ike proposal P is in use by ike policy Q.   deleting a referenced object (§10.7)
//	% A.B.C.D/N overlaps with Tunnel0.0.          duplicate subnet on two interfaces
//	% BGP is already running with AS 65000.       `router bgp` with a second AS
//	% Neighbor A.B.C.D is not configured.         timers before remote-as
//
// `no` of an object that does not exist succeeds silently: the seed's own
// configuration removes proxy IDs with `no ipsec local-id` whether or not
// they are there.

func (c *cli) change(f func(cfg *config) string) {
	if msg := c.sim.mutate(f); msg != "" {
		c.println("%s", msg)
	}
}

func notDefined(kind, name string) string { return fmt.Sprintf("%% %s %s is not defined.", kind, name) }

func inUse(kind, name, byKind, byName string) string {
	return fmt.Sprintf("%% %s %s is in use by %s %s.", kind, name, byKind, byName)
}

// strict reports whether a referenced object may not be deleted
// (WithLenientReferences turns it off).
func (c *cli) strict() bool { return !c.sim.o.lenientRefs }

// resolveNow reports whether a reference must name an existing object when
// it is entered (WithStrictReferences). By default, as on the IX, it
// resolves late: a map may name a proposal entered after it, or never.
func (c *cli) resolveNow() bool { return c.sim.o.strictRefs && !c.sim.o.lenientRefs }

func cmdHostname(c *cli, a args) {
	c.change(func(cfg *config) string { cfg.hostname = a["name"]; return "" })
}

func cmdNoHostname(c *cli, _ args) {
	c.change(func(cfg *config) string { cfg.hostname = "Router"; return "" })
}

// sameDst treats `default` and 0.0.0.0/0 as one destination; the route
// keeps the spelling it was entered with.
func sameDst(a, b string) bool {
	norm := func(s string) string {
		if s == "default" {
			return "0.0.0.0/0"
		}
		return s
	}
	return norm(a) == norm(b)
}

func cmdIPRoute(c *cli, a args) {
	r := staticRoute{dst: a["dst"], via: a["via"], distance: a["distance"]}
	c.change(func(cfg *config) string {
		if i := slices.IndexFunc(cfg.routes, func(x staticRoute) bool { return sameDst(x.dst, r.dst) && x.via == r.via }); i >= 0 {
			cfg.routes[i] = r
			return ""
		}
		cfg.routes = append(cfg.routes, r)
		return ""
	})
}

func cmdNoIPRoute(c *cli, a args) {
	dst, via := a["dst"], a["via"]
	c.change(func(cfg *config) string {
		cfg.routes = slices.DeleteFunc(cfg.routes, func(x staticRoute) bool { return sameDst(x.dst, dst) && (via == "" || x.via == via) })
		return ""
	})
}

func aclRuleText(a args) string {
	src, dest := a["src"], a["dest"]
	return fmt.Sprintf("%s ip src %s dest %s", a["action"], src, dest)
}

func cmdACL(c *cli, a args) {
	r := aclRule{name: a["acl"], rule: aclRuleText(a)}
	c.change(func(cfg *config) string {
		if !slices.Contains(cfg.acls, r) {
			cfg.acls = append(cfg.acls, r)
		}
		return ""
	})
}

func cmdNoACL(c *cli, a args) {
	name := a["acl"]
	whole := !a.has("action")
	rule := ""
	if !whole {
		rule = aclRuleText(a)
	}
	c.change(func(cfg *config) string {
		rest := slices.DeleteFunc(slices.Clone(cfg.acls), func(x aclRule) bool { return x.name == name && (whole || x.rule == rule) })
		stillThere := slices.ContainsFunc(rest, func(x aclRule) bool { return x.name == name })
		if !stillThere && c.strict() {
			for _, m := range cfg.ipsecMaps {
				if m.acl == name && slices.ContainsFunc(cfg.acls, func(x aclRule) bool { return x.name == name }) {
					return inUse("ip access-list", name, "ipsec autokey-map", m.name)
				}
			}
		}
		cfg.acls = rest
		return ""
	})
}

func findByName[T any](list []*T, name func(*T) string, want string) int {
	return slices.IndexFunc(list, func(x *T) bool { return name(x) == want })
}

func upsert[T any](list []*T, name func(*T) string, v *T) []*T {
	if i := findByName(list, name, name(v)); i >= 0 {
		list[i] = v // re-entry overwrites (§6)
		return list
	}
	return append(list, v)
}

func ikePropName(p *ikeProposal) string     { return p.name }
func ikePolName(p *ikePolicy) string        { return p.name }
func ipsecPropName(p *ipsecProposal) string { return p.name }
func ipsecMapName(m *ipsecMap) string       { return m.name }

func cmdIKEProposal(c *cli, a args) {
	p := &ikeProposal{name: a["name"], enc: a["enc"], hash: a["hash"], group: a["group"], lifetime: a["lifetime"]}
	c.change(func(cfg *config) string {
		cfg.ikeProposals = upsert(cfg.ikeProposals, ikePropName, p)
		return ""
	})
}

func cmdNoIKEProposal(c *cli, a args) {
	name := a["name"]
	c.change(func(cfg *config) string {
		if c.strict() {
			for _, p := range cfg.ikePolicies {
				if p.proposal == name {
					return inUse("ike proposal", name, "ike policy", p.name)
				}
			}
		}
		cfg.ikeProposals = slices.DeleteFunc(cfg.ikeProposals, func(p *ikeProposal) bool { return p.name == name })
		return ""
	})
}

func cmdIKEPolicy(c *cli, a args) {
	p := &ikePolicy{name: a["name"], peer: a["peer"], key: a["key"], proposal: a["proposal"]}
	if a["mode"] == "aggressive" {
		p.mode = "aggressive"
	}
	c.change(func(cfg *config) string {
		if c.resolveNow() && findByName(cfg.ikeProposals, ikePropName, p.proposal) < 0 {
			return notDefined("ike proposal", p.proposal)
		}
		cfg.ikePolicies = upsert(cfg.ikePolicies, ikePolName, p)
		return ""
	})
}

// policyUser names what refers to an IKE policy by name.
func (c *config) policyUser(name string) (kind string, ok bool) {
	switch {
	case slices.ContainsFunc(c.ikeKeepalives, func(k *ikeKeepalive) bool { return k.policy == name }):
		return "ike keepalive", true
	case slices.ContainsFunc(c.ikeNATPolicy, func(k *ikeNATPolicy) bool { return k.policy == name }):
		return "ike nat-traversal policy", true
	case slices.ContainsFunc(c.ikeLocalIDs, func(k *ikeLocalID) bool { return k.policy == name }):
		return "ike local-id", true
	}
	return "", false
}

func cmdNoIKEPolicy(c *cli, a args) {
	name := a["name"]
	c.change(func(cfg *config) string {
		if kind, used := cfg.policyUser(name); used && c.strict() {
			return inUse("ike policy", name, kind, name)
		}
		cfg.ikePolicies = slices.DeleteFunc(cfg.ikePolicies, func(p *ikePolicy) bool { return p.name == name })
		return ""
	})
}

func (c *cli) needPolicy(cfg *config, name string) string {
	if c.resolveNow() && findByName(cfg.ikePolicies, ikePolName, name) < 0 {
		return notDefined("ike policy", name)
	}
	return ""
}

func cmdIKEKeepalive(c *cli, a args) {
	k := &ikeKeepalive{policy: a["policy"], interval: a["interval"], retries: a["retries"]}
	c.change(func(cfg *config) string {
		if msg := c.needPolicy(cfg, k.policy); msg != "" {
			return msg
		}
		cfg.ikeKeepalives = upsert(cfg.ikeKeepalives, func(k *ikeKeepalive) string { return k.policy }, k)
		return ""
	})
}

func cmdNoIKEKeepalive(c *cli, a args) {
	c.change(func(cfg *config) string {
		cfg.ikeKeepalives = slices.DeleteFunc(cfg.ikeKeepalives, func(k *ikeKeepalive) bool { return k.policy == a["policy"] })
		return ""
	})
}

func cmdIKENAT(c *cli, a args) {
	c.change(func(cfg *config) string {
		if !a.has("policy") {
			cfg.ikeNATGlobal = true
			return ""
		}
		if msg := c.needPolicy(cfg, a["policy"]); msg != "" {
			return msg
		}
		n := &ikeNATPolicy{policy: a["policy"], sec: a["sec"]}
		cfg.ikeNATPolicy = upsert(cfg.ikeNATPolicy, func(n *ikeNATPolicy) string { return n.policy }, n)
		return ""
	})
}

func cmdNoIKENAT(c *cli, a args) {
	c.change(func(cfg *config) string {
		if !a.has("policy") {
			cfg.ikeNATGlobal = false
			return ""
		}
		cfg.ikeNATPolicy = slices.DeleteFunc(cfg.ikeNATPolicy, func(n *ikeNATPolicy) bool { return n.policy == a["policy"] })
		return ""
	})
}

func cmdIKELocalID(c *cli, a args) {
	id := &ikeLocalID{policy: a["policy"], kind: a["kind"], value: a["value"]}
	if id.kind == "address" && !validIPv4(id.value) {
		c.println("%s", errInvalid(id.value).line)
		return
	}
	c.change(func(cfg *config) string {
		if msg := c.needPolicy(cfg, id.policy); msg != "" {
			return msg
		}
		cfg.ikeLocalIDs = upsert(cfg.ikeLocalIDs, func(i *ikeLocalID) string { return i.policy }, id)
		return ""
	})
}

func cmdNoIKELocalID(c *cli, a args) {
	c.change(func(cfg *config) string {
		cfg.ikeLocalIDs = slices.DeleteFunc(cfg.ikeLocalIDs, func(i *ikeLocalID) bool { return i.policy == a["policy"] })
		return ""
	})
}

func cmdIPsecProposal(c *cli, a args) {
	p := &ipsecProposal{name: a["name"], enc: a["enc"], auth: a["auth"], lifetime: a["lifetime"]}
	c.change(func(cfg *config) string {
		cfg.ipsecProposals = upsert(cfg.ipsecProposals, ipsecPropName, p)
		return ""
	})
}

func cmdNoIPsecProposal(c *cli, a args) {
	name := a["name"]
	c.change(func(cfg *config) string {
		if c.strict() {
			for _, m := range cfg.ipsecMaps {
				if m.proposal == name {
					return inUse("ipsec autokey-proposal", name, "ipsec autokey-map", m.name)
				}
			}
		}
		cfg.ipsecProposals = slices.DeleteFunc(cfg.ipsecProposals, func(p *ipsecProposal) bool { return p.name == name })
		return ""
	})
}

func cmdIPsecMap(c *cli, a args) {
	m := &ipsecMap{name: a["name"], acl: a["acl"], peer: a["peer"], proposal: a["proposal"], pfs: a["pfs"]}
	c.change(func(cfg *config) string {
		if c.resolveNow() {
			if !slices.ContainsFunc(cfg.acls, func(r aclRule) bool { return r.name == m.acl }) {
				return notDefined("ip access-list", m.acl)
			}
			if findByName(cfg.ipsecProposals, ipsecPropName, m.proposal) < 0 {
				return notDefined("ipsec autokey-proposal", m.proposal)
			}
		}
		cfg.ipsecMaps = upsert(cfg.ipsecMaps, ipsecMapName, m)
		return ""
	})
}

func cmdNoIPsecMap(c *cli, a args) {
	name := a["name"]
	c.change(func(cfg *config) string {
		if c.strict() {
			for _, i := range cfg.sortedIfaces() {
				if i.policy != nil && i.policy.mapName == name {
					return inUse("ipsec autokey-map", name, "interface", i.name)
				}
			}
			for _, id := range cfg.ipsecIDs {
				if id.mapName == name {
					kind := "ipsec remote-id"
					if id.local {
						kind = "ipsec local-id"
					}
					return inUse("ipsec autokey-map", name, kind, id.prefix)
				}
			}
		}
		cfg.ipsecMaps = slices.DeleteFunc(cfg.ipsecMaps, func(m *ipsecMap) bool { return m.name == name })
		return ""
	})
}

func cmdIPsecID(c *cli, a args) {
	id := ipsecID{local: a["side"] == "local-id", mapName: a["map"], prefix: a["prefix"]}
	c.change(func(cfg *config) string {
		if c.resolveNow() && findByName(cfg.ipsecMaps, ipsecMapName, id.mapName) < 0 {
			return notDefined("ipsec autokey-map", id.mapName)
		}
		// One local-id and one remote-id per map: re-entry overwrites.
		if i := slices.IndexFunc(cfg.ipsecIDs, func(x ipsecID) bool { return x.local == id.local && x.mapName == id.mapName }); i >= 0 {
			cfg.ipsecIDs[i] = id
			return ""
		}
		cfg.ipsecIDs = append(cfg.ipsecIDs, id)
		return ""
	})
}

func cmdNoIPsecID(c *cli, a args) {
	local := a["side"] == "local-id"
	c.change(func(cfg *config) string {
		cfg.ipsecIDs = slices.DeleteFunc(cfg.ipsecIDs, func(x ipsecID) bool {
			return x.local == local && x.mapName == a["map"] && (!a.has("prefix") || x.prefix == a["prefix"])
		})
		return ""
	})
}

// cmdInterface enters an interface sub-mode, creating a tunnel interface on
// first use; physical ports, Loopback0.0 and Null0.0 exist only as the
// model has them.
func cmdInterface(c *cli, a args) {
	name := a["if"]
	typ := "Tunnel"
	if _, giga := parseIfName(name, "GigaEthernet"); giga {
		typ = "GigaEthernet"
	}
	for _, v := range virtualIfaceTypes {
		if strings.HasPrefix(name, v) {
			typ = v
		}
	}
	msg := c.sim.mutate(func(cfg *config) string {
		if cfg.iface(name) != nil {
			return ""
		}
		if typ != "Tunnel" {
			return errInvalid(name).line
		}
		n, _ := parseIfName(name, "Tunnel")
		cfg.ifaces = append(cfg.ifaces, &iface{name: name, typ: typ, num: n, shutdown: true})
		return ""
	})
	if msg != "" {
		c.println("%s", msg)
		return
	}
	c.mode, c.ifname = modeTunnel, name
	if typ != "Tunnel" {
		c.mode = modeGiga
	}
}

func cmdNoInterface(c *cli, a args) {
	name := a["if"]
	c.change(func(cfg *config) string {
		cfg.ifaces = slices.DeleteFunc(cfg.ifaces, func(i *iface) bool { return i.name == name })
		return ""
	})
	if c.ifname == name {
		c.mode, c.ifname = modeConfig, ""
	}
}

// ifChange edits the interface of the current sub-mode.
func (c *cli) ifChange(f func(cfg *config, i *iface) string) {
	name := c.ifname
	c.change(func(cfg *config) string {
		i := cfg.iface(name)
		if i == nil {
			// Deleted by another session while this one sat in its sub-mode.
			return notDefined("interface", name)
		}
		return f(cfg, i)
	})
}

func cmdIfAddress(c *cli, a args) {
	addr := a["addr"]
	p, _ := parsePrefix(addr)
	c.ifChange(func(cfg *config, i *iface) string {
		if other := cfg.overlapping(i.name, p); other != nil {
			return fmt.Sprintf("%% %s overlaps with %s.", addr, other.name)
		}
		i.addr = addr
		return ""
	})
}

func cmdIfNoAddress(c *cli, _ args) {
	c.ifChange(func(_ *config, i *iface) string { i.addr = ""; return "" })
}

func cmdIfMSS(c *cli, a args) {
	v := a["mss"]
	c.ifChange(func(_ *config, i *iface) string { i.mss = v; return "" })
}

func cmdIfNoMSS(c *cli, _ args) {
	c.ifChange(func(_ *config, i *iface) string { i.mss = ""; return "" })
}

func cmdIfShutdown(down bool) handler {
	return func(c *cli, _ args) {
		c.ifChange(func(_ *config, i *iface) string { i.shutdown = down; return "" })
	}
}

func cmdIfTunnelMode(c *cli, a args) {
	c.ifChange(func(_ *config, i *iface) string { i.tunnelMode = a["tmode"]; return "" })
}

func cmdIfNoTunnelMode(c *cli, _ args) {
	c.ifChange(func(_ *config, i *iface) string { i.tunnelMode = ""; return "" })
}

func cmdIfPolicy(c *cli, a args) {
	p := &tunnelPolicy{mapName: a["map"], dfIgnore: a.has("df-bit"), preFragment: a.has("pre-fragment")}
	c.ifChange(func(cfg *config, i *iface) string {
		if c.resolveNow() && findByName(cfg.ipsecMaps, ipsecMapName, p.mapName) < 0 {
			return notDefined("ipsec autokey-map", p.mapName)
		}
		i.policy = p
		return ""
	})
}

func cmdIfNoPolicy(c *cli, _ args) {
	c.ifChange(func(_ *config, i *iface) string { i.policy = nil; return "" })
}

func cmdRouterBGP(c *cli, a args) {
	asn := a["asn"]
	msg := c.sim.mutate(func(cfg *config) string {
		if cfg.bgp == nil {
			cfg.bgp = &bgpConfig{asn: asn}
			return ""
		}
		if cfg.bgp.asn != asn {
			return fmt.Sprintf("%% BGP is already running with AS %s.", cfg.bgp.asn)
		}
		return ""
	})
	if msg != "" {
		c.println("%s", msg)
		return
	}
	c.mode, c.ifname = modeBGP, ""
}

func cmdNoRouterBGP(c *cli, a args) {
	c.change(func(cfg *config) string {
		if cfg.bgp == nil {
			return ""
		}
		if cfg.bgp.asn != a["asn"] {
			return fmt.Sprintf("%% BGP is running with AS %s.", cfg.bgp.asn)
		}
		cfg.bgp = nil
		return ""
	})
	if c.mode == modeBGP || c.mode == modeBGPAF {
		c.mode = modeConfig
	}
}

// bgpChange edits the BGP process of the current sub-mode.
func (c *cli) bgpChange(f func(b *bgpConfig) string) {
	c.change(func(cfg *config) string {
		if cfg.bgp == nil {
			return "% BGP is not running."
		}
		return f(cfg.bgp)
	})
}

func (b *bgpConfig) neighbor(ip string) *bgpNeighbor {
	for _, n := range b.neighbors {
		if n.ip == ip {
			return n
		}
	}
	return nil
}

func cmdNeighborAS(c *cli, a args) {
	c.bgpChange(func(b *bgpConfig) string {
		if n := b.neighbor(a["ip"]); n != nil {
			n.remoteAS = a["as"]
			return ""
		}
		b.neighbors = append(b.neighbors, &bgpNeighbor{ip: a["ip"], remoteAS: a["as"]})
		return ""
	})
}

func cmdNoNeighbor(c *cli, a args) {
	c.bgpChange(func(b *bgpConfig) string {
		b.neighbors = slices.DeleteFunc(b.neighbors, func(n *bgpNeighbor) bool { return n.ip == a["ip"] })
		return ""
	})
}

func cmdNeighborTimers(c *cli, a args) {
	ka, _ := strconv.Atoi(a["ka"])
	hold, _ := strconv.Atoi(a["hold"])
	c.bgpChange(func(b *bgpConfig) string {
		n := b.neighbor(a["ip"])
		if n == nil {
			return fmt.Sprintf("%% Neighbor %s is not configured.", a["ip"])
		}
		if hold != 0 && (hold < 3 || hold < ka) {
			return errInvalid(a["hold"]).line
		}
		n.keepalive, n.hold = a["ka"], a["hold"]
		return ""
	})
}

func cmdNoNeighborTimers(c *cli, a args) {
	c.bgpChange(func(b *bgpConfig) string {
		if n := b.neighbor(a["ip"]); n != nil {
			n.keepalive, n.hold = "", ""
		}
		return ""
	})
}

func cmdAddressFamily(c *cli, _ args) {
	msg := c.sim.mutate(func(cfg *config) string {
		if cfg.bgp == nil {
			return "% BGP is not running."
		}
		cfg.bgp.af = true
		return ""
	})
	if msg != "" {
		c.println("%s", msg)
		return
	}
	c.mode = modeBGPAF
}

func cmdNoAddressFamily(c *cli, _ args) {
	c.bgpChange(func(b *bgpConfig) string { b.af, b.networks = false, nil; return "" })
}

func cmdNetwork(c *cli, a args) {
	c.bgpChange(func(b *bgpConfig) string {
		if !slices.Contains(b.networks, a["prefix"]) {
			b.networks = append(b.networks, a["prefix"])
		}
		return ""
	})
}

func cmdNoNetwork(c *cli, a args) {
	c.bgpChange(func(b *bgpConfig) string {
		b.networks = slices.DeleteFunc(b.networks, func(n string) bool { return n == a["prefix"] })
		return ""
	})
}
