package peer

import (
	"math/rand/v2"
	"sync"
	"time"

	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

// Style is the layout of rendered output.
type Style int

const (
	// Indented is a real IX's layout: indented blocks, aligned columns.
	Indented Style = iota
	// Flat is the seed write-up's copy: every line flush left, single spaces.
	Flat
)

type options struct {
	negotiating bool
	allPaths    bool
	seed        uint64
	seeded      bool
	boot        time.Time
}

// Option configures a Model.
type Option func(*options)

// WithNegotiatingSAs shows an ISAKMP SA block for peers still negotiating or
// failing (state msg1-sent, msg3-sent or msg5-sent with their counters). The
// default follows ix-cli.md §10.3: such peers show no block at all.
func WithNegotiatingSAs(on bool) Option { return func(o *options) { o.negotiating = on } }

// WithAllBGPPaths lists the second path of a prefix learned over both
// tunnels in `show ip bgp` as an extra `*` line. The default shows only the
// best path, as the seed's capture does with both tunnels up.
func WithAllBGPPaths(on bool) Option { return func(o *options) { o.allPaths = on } }

// WithSeed makes cookies and SPIs reproducible (golden files); by default
// they are random per Model.
func WithSeed(seed uint64) Option { return func(o *options) { o.seed, o.seeded = seed, true } }

// WithBootTime sets when the router booted (`show version` uptime); default
// the time New is called.
func WithBootTime(t time.Time) Option { return func(o *options) { o.boot = t } }

// Model is the AWS peer and the router's view of it. It is safe for
// concurrent use by several SSH sessions.
type Model struct {
	mu      sync.Mutex
	sc      *scenario.Scenario
	opts    options
	cfg     *routerConfig
	tm      scenario.Timing // the scenario's timeline at its time scale
	w       *world
	aws     [2]awsSide
	pending [2]*bool // SetAWSDown, applied at the next Update or Render
	last    time.Time
	ike     map[string]*stage // by policy name and peer
	ipsec   [2]*stage
	bgp     [2]*stage
	facts   map[string]time.Time // first time each config fact was seen
}

// New returns the model for a validated scenario (Parse, Load and Builtin
// validate); call Update with the router's running-config at boot. The model
// keeps its own copy of the scenario's top-level values.
func New(sc *scenario.Scenario, opts ...Option) *Model {
	own := *sc
	sc = &own
	var o options
	for _, f := range opts {
		f(&o)
	}
	if !o.seeded {
		o.seed = rand.Uint64()
	}
	if o.boot.IsZero() {
		o.boot = time.Now()
	}
	m := &Model{sc: sc, tm: scaledTiming(sc.Timing), opts: o, cfg: readConfig(""), ike: map[string]*stage{}, facts: map[string]time.Time{}}
	for t := range m.ipsec {
		m.ipsec[t], m.bgp[t] = &stage{status: stIdle}, &stage{status: stIdle}
		m.aws[t].down = sc.AWS.Tunnels[t].Down
	}
	m.w = evaluate(m.cfg, sc, m.deadAt(o.boot))
	return m
}

// Update gives the model the router's `show running-config` text; call it at
// boot and after every configuration change.
func (m *Model) Update(runningConfig string, now time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cfg = readConfig(runningConfig)
	m.advance(now)
}

// stage tracks one negotiation step (IKE for a policy, IPsec or BGP for a
// tunnel): its current status, when negotiation under that status started,
// and the counters of earlier statuses.
type stage struct {
	status string
	start  time.Time
	gen    int // times the status became ok: new cookies and SPIs each time
	folded counters
}

type counters struct{ success, failure, hashErr, timeout, resend int }

func (c *counters) add(d counters) {
	c.success += d.success
	c.failure += d.failure
	c.hashErr += d.hashErr
	c.timeout += d.timeout
	c.resend += d.resend
}

// upAt is when an ok stage comes up.
func (s *stage) upAt(delay time.Duration) time.Time { return s.start.Add(delay) }

// up reports whether the stage is ok and its delay has passed.
func (s *stage) up(now time.Time, delay time.Duration) bool {
	return s.status == stOK && !now.Before(s.upAt(delay))
}

// set moves the stage to status at now, negotiation starting at start.
func (s *stage) set(status string, now, start time.Time, k stageKind) {
	if s.status == status {
		return
	}
	s.folded.add(k.counted(s, now))
	s.status, s.start = status, start
	if status == stOK {
		s.gen++
	}
}

// stageKind holds what differs between IKE, IPsec and BGP stages.
type stageKind struct {
	delay    time.Duration
	lifetime time.Duration // SA lifetime (rekey period); 0 for BGP
	retry    time.Duration
}

// counted returns the counters the stage's current status has produced
// between its start and now.
func (k stageKind) counted(s *stage, now time.Time) counters {
	var c counters
	if now.Before(s.start) {
		return c
	}
	n := 1 + int(now.Sub(s.start)/k.retry)
	switch s.status {
	case stOK:
		if up := s.upAt(k.delay); !now.Before(up) {
			c.success = 1 + k.rekeys(now.Sub(up))
		}
	case stHashErr:
		c.hashErr, c.failure = n, n
	case stNoProposal:
		c.failure = n
	case stTimeout:
		c.timeout, c.resend = n, n*resendsPerAttempt
	}
	return c
}

func (k stageKind) rekeys(elapsed time.Duration) int {
	if k.lifetime <= 0 {
		return 0
	}
	return int(elapsed / k.lifetime)
}

func (m *Model) ikeKind(lifetime int) stageKind {
	return stageKind{delay: m.tm.IKEUp, lifetime: time.Duration(lifetime) * time.Second, retry: m.retry()}
}

func (m *Model) ipsecKind(lifetime int) stageKind {
	return stageKind{delay: m.tm.IPsecUp, lifetime: time.Duration(lifetime) * time.Second, retry: m.retry()}
}

func (m *Model) bgpKind() stageKind {
	return stageKind{delay: m.tm.BGPUp, retry: m.retry()}
}

func (m *Model) retry() time.Duration {
	if r := m.tm.RetryInterval; r > 0 {
		return r
	}
	return m.tm.Scale(scenario.DefaultRetryInterval)
}

func policyKey(p ikePolicy) string { return p.name + "\x00" + p.peer }

func ikeLifetime(p policyEval) int {
	if p.prop.lifetime > 0 {
		return p.prop.lifetime
	}
	return defaultIKELifetime
}

// advance re-evaluates the configuration and faults at now and moves every
// stage whose status changed. Upstream stages move first so that a
// downstream stage's start can wait for them to be up.
func (m *Model) advance(now time.Time) {
	if now.Before(m.last) {
		now = m.last // time never runs backwards for the model
	}
	m.comeBack(now)
	m.step(now)
}

// step is advance without the scheduled AWS returns.
func (m *Model) step(now time.Time) {
	if now.Before(m.last) {
		now = m.last
	}
	m.last = now
	w := evaluate(m.cfg, m.sc, m.deadAt(now))
	m.holdExpired(w, now)
	live := map[string]bool{}
	for _, p := range w.policies {
		key := policyKey(p.policy)
		live[key] = true
		s := m.ike[key]
		if s == nil {
			s = &stage{status: stIdle}
			m.ike[key] = s
		}
		s.set(p.status, now, now, m.ikeKind(ikeLifetime(p)))
	}
	for key := range m.ike {
		if !live[key] {
			delete(m.ike, key)
		}
	}
	for t := range w.tunnels {
		te := w.tunnels[t]
		start := now
		if te.policy >= 0 {
			p := w.policies[te.policy]
			if s := m.ike[policyKey(p.policy)]; s.status == stOK {
				start = later(now, s.upAt(m.tm.IKEUp))
			}
		}
		m.ipsec[t].set(te.ipsec, now, start, m.ipsecKind(te.lifetime))
		m.bgp[t].set(te.bgp, now, later(now, m.ipsec[t].upAt(m.tm.IPsecUp)), m.bgpKind())
	}
	m.w = w
	m.updateFacts(now)
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// updateFacts records since when each route-relevant configuration fact has
// held (route ages, interface status changes).
func (m *Model) updateFacts(now time.Time) {
	cur := map[string]bool{}
	for _, i := range m.cfg.ifaces {
		cur[ifaceFact(i)] = true
	}
	for _, r := range m.cfg.routes {
		cur[routeFact(r)] = true
	}
	if b := m.cfg.bgp; b != nil {
		for _, n := range b.neighbors {
			cur[neighborFact(n)] = true
		}
	}
	for k := range m.facts {
		if !cur[k] {
			delete(m.facts, k)
		}
	}
	for k := range cur {
		if _, ok := m.facts[k]; !ok {
			m.facts[k] = now
		}
	}
}

func ifaceFact(i *ifaceConfig) string {
	return "if\x00" + i.name + "\x00" + i.addr.String() + "\x00" + boolStr(i.shutdown)
}

func routeFact(r staticRoute) string {
	return "route\x00" + r.dst.String() + "\x00" + r.via.String() + "\x00" + r.ifName
}

func neighborFact(n bgpNeighbor) string {
	return "nbr\x00" + n.addr.String()
}

func boolStr(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
