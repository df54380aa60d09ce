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
	negotiating      bool
	quietRetransmits bool
	allPaths         bool
	seed             uint64
	seeded           bool
	boot             time.Time
}

// Option configures a Model.
type Option func(*options)

// WithNegotiatingSAs shows an ISAKMP SA block for peers still negotiating or
// failing (state msg1-sent, msg3-sent or msg5-sent with their counters) at
// every moment. By default such peers show a block only while the router
// retransmits to them (WithQuietRetransmits).
func WithNegotiatingSAs(on bool) Option { return func(o *options) { o.negotiating = on } }

// WithQuietRetransmits hides the ISAKMP SA block of a peer the router is
// resending main-mode messages to (ix-cli.md §10.3's reading: no block
// before establishment). By default the block shows while an unanswered
// attempt lasts (State msg1-sent, or msg5-sent for a wrong pre-shared key,
// #ph1 resend growing) and goes when the attempt is given up.
func WithQuietRetransmits(on bool) Option { return func(o *options) { o.quietRetransmits = on } }

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
	wokeBy  string               // show version's wake-up cause; "" is power-on
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

// Reloaded records a `reload` at now: `show version` counts its uptime from
// then and gives the command as the cause, as QIITA's capture after a
// reload does ("System woke up by reload, caused by command execution").
func (m *Model) Reloaded(now time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.opts.boot, m.wokeBy = now, "command execution"
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
	// IKE only: an attempt AWS does not answer resends its last message
	// retransmits times, interval apart, and is given up one interval after
	// the last; the next attempt starts retry later.
	retransmits int
	interval    time.Duration
}

// unanswered reports whether an attempt under status waits for an answer
// that never comes: AWS is silent (timeout) or drops our message 5 (hash
// error).
func unanswered(status string) bool { return status == stTimeout || status == stHashErr }

// window is how long an unanswered attempt lasts, retransmits included.
func (k stageKind) window() time.Duration { return time.Duration(k.retransmits+1) * k.interval }

// cycle is the time from one attempt's start to the next's under status.
func (k stageKind) cycle(status string) time.Duration {
	if unanswered(status) {
		return k.window() + k.retry
	}
	return k.retry
}

// retransmitting reports whether the stage is inside an unanswered
// attempt's window at now (resending, not yet given up).
func (k stageKind) retransmitting(s *stage, now time.Time) bool {
	if k.interval <= 0 || !unanswered(s.status) || now.Before(s.start) {
		return false
	}
	return now.Sub(s.start)%k.cycle(s.status) < k.window()
}

// counted returns the counters the stage's current status has produced
// between its start and now. A timeout counts when an attempt is given up,
// each resend when it is sent; a hash error and a refused proposal count
// when the attempt starts.
func (k stageKind) counted(s *stage, now time.Time) counters {
	var c counters
	if now.Before(s.start) {
		return c
	}
	elapsed := now.Sub(s.start)
	cyc := k.cycle(s.status)
	n := 1 + int(elapsed/cyc)
	// With no interval (timings built in code: zero means at once) an
	// attempt resends and gives up the moment it starts.
	resends, givenUp := n*k.retransmits, n
	if k.interval > 0 {
		in := elapsed % cyc
		resends = (n-1)*k.retransmits + min(k.retransmits, int(in/k.interval))
		givenUp = n - 1
		if in >= k.window() {
			givenUp = n
		}
	}
	switch s.status {
	case stOK:
		if up := s.upAt(k.delay); !now.Before(up) {
			c.success = 1 + k.rekeys(now.Sub(up))
		}
	case stHashErr:
		c.hashErr, c.failure, c.resend = n, n, resends
	case stNoProposal:
		c.failure = n
	case stTimeout:
		c.timeout, c.resend = givenUp, resends
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
	k := stageKind{delay: m.tm.IKEUp, lifetime: time.Duration(lifetime) * time.Second, retry: m.retry(),
		retransmits: m.tm.IKERetransmits, interval: m.tm.IKERetransmitInterval}
	// A timing built in code (not validated) may leave the count zero:
	// the default. Its zero interval means at once, like its other zero
	// durations.
	if k.retransmits <= 0 {
		k.retransmits = scenario.DefaultIKERetransmits
	}
	return k
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
