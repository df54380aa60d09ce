package peer

import (
	"cmp"
	"encoding/binary"
	"hash/fnv"
	"net/netip"
	"slices"
	"time"
)

// view is the router's state at one instant, derived from the model; every
// renderer reads it and nothing else.
type view struct {
	now      time.Time
	m        *Model
	w        *world
	ike      []ikeView
	tunnels  [2]tunnelView
	ifaces   map[string]ifaceView
	routes   []route
	hidden   int
	bgpPaths []bgpPath // every path, best first per prefix, sorted by prefix
}

type ikeView struct {
	p           policyEval
	show        bool
	state       string
	established bool
	ph1, ph2    counters
	lifeLeft    int
	icookie     uint64
	rcookie     uint64
}

type tunnelView struct {
	ipsecUp  bool
	ipsecAt  time.Time // when the current SAs were negotiated
	lifeLeft int
	spiIn    uint32
	spiOut   uint32
	bgpState string // FSM state while the configuration lets it come up
	bgpUp    bool
	bgpAt    time.Time // established since, or the current attempt's start
}

type ifaceView struct {
	cfg    *ifaceConfig
	up     bool
	since  time.Time // last status change
	tunnel int       // AWS tunnel it carries, -1 when none
}

type route struct {
	code   string // C, S, S*, B
	prefix netip.Prefix
	dist   int
	metric int
	via    netip.Addr // invalid when directly connected
	ifName string
	since  time.Time
}

type bgpPath struct {
	prefix netip.Prefix
	nh     netip.Addr // 0.0.0.0 for local networks
	metric int
	path   string // AS path and origin, e.g. "64512 i"
	best   bool
	local  bool
	ifName string
	since  time.Time
	tunnel int
}

// snapshot builds the view at now; m.mu must be held and advance(now) done.
func (m *Model) snapshot(now time.Time) *view {
	v := &view{now: now, m: m, w: m.w, ifaces: map[string]ifaceView{}}
	tm := m.tm
	for t := range v.tunnels {
		te, tv := m.w.tunnels[t], &v.tunnels[t]
		if s := m.ipsec[t]; s.up(now, tm.IPsecUp) {
			up := s.upAt(tm.IPsecUp)
			life := time.Duration(te.lifetime) * time.Second
			rekey := int(now.Sub(up) / life)
			tv.ipsecUp, tv.ipsecAt = true, up.Add(time.Duration(rekey)*life)
			tv.lifeLeft = secondsLeft(life, now.Sub(tv.ipsecAt))
			tv.spiIn = m.spi(t, s.gen, rekey, "in")
			tv.spiOut = m.spi(t, s.gen, rekey, "out")
		}
		if tv.ipsecUp {
			tv.bgpState, tv.bgpUp, tv.bgpAt = m.bgpSession(t, now)
		}
	}
	for _, p := range m.w.policies {
		v.ike = append(v.ike, m.ikeView(p, now))
	}
	v.buildIfaces()
	v.buildRoutes()
	v.buildBGP()
	slices.SortStableFunc(v.routes, func(a, b route) int { return comparePrefix(a.prefix, b.prefix) })
	return v
}

func (m *Model) ikeView(p policyEval, now time.Time) ikeView {
	s := m.ike[policyKey(p.policy)]
	k := m.ikeKind(ikeLifetime(p))
	iv := ikeView{p: p}
	iv.ph1 = s.folded
	iv.ph1.add(k.counted(s, now))
	if p.tunnel >= 0 && m.w.tunnels[p.tunnel].policy >= 0 && m.w.policies[m.w.tunnels[p.tunnel].policy].policy.name == p.policy.name {
		is := m.ipsec[p.tunnel]
		iv.ph2 = is.folded
		iv.ph2.add(m.ipsecKind(m.w.tunnels[p.tunnel].lifetime).counted(is, now))
	}
	key := policyKey(p.policy)
	switch {
	case s.up(now, k.delay):
		up := s.upAt(k.delay)
		rekey := k.rekeys(now.Sub(up))
		iv.established, iv.state, iv.show = true, "established", true
		iv.lifeLeft = secondsLeft(k.lifetime, now.Sub(up)-time.Duration(rekey)*k.lifetime)
		iv.icookie = m.hash("icookie", key, s.gen, rekey)
		iv.rcookie = m.hash("rcookie", key, s.gen, rekey)
	case s.status == stOK || s.status == stHashErr:
		// Main mode got as far as message 3 (waiting) or 5 (AWS could
		// not verify our hash).
		iv.state = "msg3-sent"
		if s.status == stHashErr {
			iv.state = "msg5-sent"
		}
		iv.show = m.opts.negotiating || m.showRetransmit(k, s, now)
		iv.lifeLeft = ikeLifetime(p)
		iv.icookie = m.hash("icookie", key, s.gen, iv.ph1.failure)
		iv.rcookie = m.hash("rcookie", key, s.gen, iv.ph1.failure)
	case s.status == stTimeout || s.status == stNoProposal:
		iv.state = "msg1-sent"
		iv.show = m.opts.negotiating || m.showRetransmit(k, s, now)
		iv.lifeLeft = ikeLifetime(p)
		iv.icookie = m.hash("icookie", key, s.gen, iv.ph1.failure+iv.ph1.timeout)
	}
	return iv
}

// showRetransmit reports whether an SA shows its block because the router
// is resending to a silent AWS at now: the SA exists while the attempt
// lasts and is deleted when it is given up [G: no capture shows an SA
// before establishment; WithQuietRetransmits hides it, ix-cli.md §10.3].
func (m *Model) showRetransmit(k stageKind, s *stage, now time.Time) bool {
	return !m.opts.quietRetransmits && k.retransmitting(s, now)
}

func secondsLeft(life, elapsed time.Duration) int {
	left := life - elapsed
	if left < 0 {
		return 0
	}
	return int(left / time.Second)
}

func (v *view) buildIfaces() {
	m := v.m
	for _, i := range m.cfg.ifaces {
		iv := ifaceView{cfg: i, tunnel: -1, since: m.facts[ifaceFact(i)]}
		if !isTunnel(i.name) {
			iv.up = !i.shutdown
		} else {
			for t, te := range m.w.tunnels {
				if te.iface == i {
					iv.tunnel = t
				}
			}
			// A tunnel interface is up once the IPsec SA it carries is.
			if iv.tunnel >= 0 && !i.shutdown && i.tunnelIPsec && v.tunnels[iv.tunnel].ipsecUp {
				iv.up = true
				iv.since = later(iv.since, m.ipsec[iv.tunnel].upAt(m.tm.IPsecUp))
			} else if iv.tunnel >= 0 {
				iv.since = later(iv.since, m.ipsec[iv.tunnel].start)
			}
		}
		v.ifaces[i.name] = iv
	}
}

func (v *view) buildRoutes() {
	m := v.m
	for _, i := range m.cfg.ifaces {
		iv := v.ifaces[i.name]
		if iv.up && i.addr.IsValid() {
			v.routes = append(v.routes, route{code: "C", prefix: i.addr.Masked(), metric: 1, ifName: i.name, since: iv.since})
		}
	}
	connected := slices.Clone(v.routes)
	for _, r := range m.cfg.routes {
		out, since := "", time.Time{}
		if r.ifName != "" {
			if iv, ok := v.ifaces[r.ifName]; ok && iv.up {
				out, since = r.ifName, iv.since
			}
		} else {
			for _, c := range connected {
				if c.prefix.Contains(r.via) {
					out, since = c.ifName, c.since
					break
				}
			}
		}
		if out == "" {
			continue
		}
		code := "S"
		if r.dst.Bits() == 0 {
			code = "S*"
		}
		v.routes = append(v.routes, route{code: code, prefix: r.dst, dist: r.distance, metric: 1, via: r.via, ifName: out,
			since: later(since, m.facts[routeFact(r)])})
	}
}

func (v *view) buildBGP() {
	m := v.m
	b := m.cfg.bgp
	if b == nil {
		return
	}
	for t, tv := range v.tunnels {
		if !tv.bgpUp {
			continue
		}
		te := m.w.tunnels[t]
		for _, p := range m.sc.AWS.Prefixes {
			v.bgpPaths = append(v.bgpPaths, bgpPath{prefix: p.Network(), nh: te.awsInside, metric: int(p.MED),
				path: pathString(m.sc.AWS.AmazonASN), ifName: te.iface.name, since: tv.bgpAt, tunnel: t})
		}
	}
	for _, n := range b.networks {
		for _, r := range v.routes {
			if r.prefix == n && r.code != "B" {
				v.bgpPaths = append(v.bgpPaths, bgpPath{prefix: n, nh: netip.IPv4Unspecified(), metric: r.metric, path: "i", local: true, tunnel: -1, since: r.since})
				break
			}
		}
	}
	// Best path: local first, then lower MED, then the older path (the seed's
	// best is via tunnel 0, the first up, although tunnel 1's neighbour has
	// the lower address), then tunnel order.
	slices.SortStableFunc(v.bgpPaths, func(a, b bgpPath) int {
		if c := comparePrefix(a.prefix, b.prefix); c != 0 {
			return c
		}
		if a.local != b.local {
			if a.local {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(a.metric, b.metric); c != 0 {
			return c
		}
		if c := a.since.Compare(b.since); c != 0 {
			return c
		}
		return cmp.Compare(a.tunnel, b.tunnel)
	})
	for i := range v.bgpPaths {
		p := &v.bgpPaths[i]
		p.best = i == 0 || v.bgpPaths[i-1].prefix != p.prefix
		if p.local {
			continue
		}
		if !p.best || v.hasRoute(p.prefix) {
			v.hidden++
			continue
		}
		v.routes = append(v.routes, route{code: "B", prefix: p.prefix, dist: 20, metric: p.metric, via: p.nh, ifName: p.ifName, since: p.since})
	}
}

func (v *view) hasRoute(p netip.Prefix) bool {
	for _, r := range v.routes {
		if r.prefix == p {
			return true
		}
	}
	return false
}

func comparePrefix(a, b netip.Prefix) int {
	if c := a.Addr().Compare(b.Addr()); c != 0 {
		return c
	}
	return cmp.Compare(a.Bits(), b.Bits())
}

func pathString(asn uint32) string { return itoa(int(asn)) + " i" }

// hash derives a stable pseudo-random value from the model's seed, so that
// cookies and SPIs stay put between renders and change on renegotiation.
func (m *Model) hash(kind, key string, gen, n int) uint64 {
	h := fnv.New64a()
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], m.opts.seed)
	h.Write(b[:])
	h.Write([]byte(kind + "\x00" + key + "\x00"))
	binary.BigEndian.PutUint64(b[:], uint64(gen)<<32|uint64(uint32(n)))
	h.Write(b[:])
	return h.Sum64()
}

// spi returns an SPI above the reserved range 0-255.
func (m *Model) spi(t, gen, rekey int, dir string) uint32 {
	s := uint32(m.hash("spi-"+dir, itoa(t), gen, rekey))
	if s < 0x100 {
		s += 0x100
	}
	return s
}
