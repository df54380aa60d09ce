package peer

import (
	"time"

	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

// Defaults where the configuration names no timer [G]: without `ike
// keepalive` nothing probes the peer, so the SAs live until the IPsec
// lifetime runs out; without `neighbor IP timers` the hold time is BGP's
// usual 180 s.
const (
	defaultBGPHold      = 180 * time.Second
	defaultBGPFlapAfter = 5 * time.Second
)

// awsSide is one AWS endpoint as the model knows it: up, or down since a
// moment, with what the router had up then (those outlive the AWS side
// until DPD and the hold timer notice).
type awsSide struct {
	down  bool
	since time.Time
	ikeUp bool      // the tunnel's IKE SA was established at since
	bgpUp bool      // its BGP session was ESTABLISHED at since
	until time.Time // RestartAWS: when it answers again; zero: until told
}

func scaledTiming(t scenario.Timing) scenario.Timing {
	s := t
	s.IKEUp, s.IPsecUp, s.BGPUp = t.Scale(t.IKEUp), t.Scale(t.IPsecUp), t.Scale(t.BGPUp)
	s.RetryInterval, s.BGPFlapAfter = t.Scale(t.RetryInterval), t.Scale(t.BGPFlapAfter)
	s.IKERetransmitInterval = t.Scale(t.IKERetransmitInterval)
	if s.BGPFlapAfter <= 0 {
		s.BGPFlapAfter = t.Scale(defaultBGPFlapAfter)
	}
	return s
}

// SetAWSDown takes the AWS side of tunnel 0 or 1 down (it stops answering)
// or brings it back at the next Update or Render, as SetAWSDownAt does at
// that moment.
func (m *Model) SetAWSDown(tunnel int, down bool) {
	if tunnel < 0 || tunnel > 1 {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.pending[tunnel] = &down
}

// SetAWSDownAt is SetAWSDown at now. Going down, the router keeps showing
// the tunnel established (and BGP, with its routes) until DPD and the BGP
// hold time expire, unless the scenario's timing.teardown is instant.
// Coming back before the router noticed is an AWS restart: AWS has lost its
// SAs, so the tunnel renegotiates from IKE phase 1.
func (m *Model) SetAWSDownAt(tunnel int, down bool, now time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.advance(now)
	m.setAWSDown(tunnel, down, m.last)
	m.step(m.last)
}

// RestartAWS takes the AWS side of a tunnel down at now and brings it back
// after downFor, as an AWS endpoint replacement does.
func (m *Model) RestartAWS(tunnel int, now time.Time, downFor time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.advance(now)
	m.setAWSDown(tunnel, true, m.last)
	m.step(m.last)
	if tunnel >= 0 && tunnel <= 1 && m.aws[tunnel].down {
		m.aws[tunnel].until = m.aws[tunnel].since.Add(max(downFor, 0))
	}
}

// setAWSDown records the AWS side's change at now, judging what was up
// from the stages as they stand; the caller steps the model afterwards.
func (m *Model) setAWSDown(t int, down bool, now time.Time) {
	if t < 0 || t > 1 || m.aws[t].down == down {
		return
	}
	if down {
		ike, bgp := m.tunnelUp(t, now)
		m.aws[t] = awsSide{down: true, since: now, ikeUp: ike, bgpUp: bgp}
	} else {
		m.bringBack(t, now)
	}
}

// comeBack applies SetAWSDown calls at now and brings back every AWS side
// whose RestartAWS downtime is over by now, at the moment it ended.
func (m *Model) comeBack(now time.Time) {
	for t, p := range m.pending {
		if p != nil {
			m.pending[t] = nil
			m.setAWSDown(t, *p, now)
		}
	}
	for t := range m.aws {
		a := m.aws[t]
		if a.down && !a.until.IsZero() && !now.Before(a.until) {
			m.step(a.until)
			m.bringBack(t, a.until)
		}
	}
}

// bringBack marks the AWS side up at now; SAs the router still holds are
// stale (AWS lost them), so the tunnel starts over from phase 1.
func (m *Model) bringBack(t int, now time.Time) {
	if ike, _ := m.tunnelUp(t, now); ike {
		te := m.w.tunnels[t]
		if te.policy >= 0 {
			p := m.w.policies[te.policy]
			if s := m.ike[policyKey(p.policy)]; s != nil {
				s.set(stIdle, now, now, m.ikeKind(ikeLifetime(p)))
			}
		}
		m.ipsec[t].set(stIdle, now, now, m.ipsecKind(te.lifetime))
		m.bgp[t].set(stIdle, now, now, m.bgpKind())
	}
	m.aws[t] = awsSide{}
}

// tunnelUp reports whether tunnel t's IKE SA and BGP session are up at now.
func (m *Model) tunnelUp(t int, now time.Time) (ike, bgp bool) {
	te := m.w.tunnels[t]
	if te.policy < 0 {
		return false, false
	}
	p := m.w.policies[te.policy]
	s := m.ike[policyKey(p.policy)]
	ike = s != nil && s.up(now, m.tm.IKEUp)
	_, bgp, _ = m.bgpSession(t, now)
	return ike, bgp && m.ipsec[t].up(now, m.tm.IPsecUp)
}

// deadAt says, per tunnel, whether the router has given the AWS side up
// by now: at once when nothing was established, else once DPD expired.
func (m *Model) deadAt(now time.Time) [2]bool {
	var dead [2]bool
	for t, a := range m.aws {
		if a.down {
			dead[t] = m.tm.Teardown == scenario.TeardownInstant || !a.ikeUp || !now.Before(a.since.Add(m.dpd(t)))
		}
	}
	return dead
}

// holdExpired takes BGP down on tunnels whose AWS side is gone while their
// SAs still stand: at once when the session was not up, else once the
// hold time expired (which may be before DPD, or without DPD at all).
func (m *Model) holdExpired(w *world, now time.Time) {
	for t, a := range m.aws {
		te := &w.tunnels[t]
		if !a.down || te.bgp != stOK {
			continue
		}
		if !a.bgpUp || !now.Before(a.since.Add(m.hold(w, t))) {
			te.bgp, te.bgpWhy = stBGPHold, "AWS stopped answering: hold timer expired"
		}
	}
}

// dpd is how long the router takes to declare tunnel t's peer dead:
// `ike keepalive` interval × retries, or the IPsec lifetime without it.
func (m *Model) dpd(t int) time.Duration {
	te := m.w.tunnels[t]
	if te.policy >= 0 {
		if k, ok := m.cfg.keepalives[m.w.policies[te.policy].policy.name]; ok {
			return m.tm.Scale(time.Duration(k.interval*k.retries) * time.Second)
		}
	}
	life := te.lifetime
	if life <= 0 {
		life = defaultIPsecLifetime
	}
	return time.Duration(life) * time.Second
}

// hold is tunnel t's BGP hold time.
func (m *Model) hold(w *world, t int) time.Duration {
	if b := m.cfg.bgp; b != nil {
		for _, n := range b.neighbors {
			if n.addr == w.tunnels[t].awsInside && n.hold > 0 {
				return m.tm.Scale(time.Duration(n.hold) * time.Second)
			}
		}
	}
	return m.tm.Scale(defaultBGPHold)
}
