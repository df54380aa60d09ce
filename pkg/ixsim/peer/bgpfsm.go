package peer

import "time"

// BGP bring-up [G: NOTOKEN shows IDLE, CONNECT and ACTIVE during a bring-up
// of about two minutes; the split is a guess]: once the tunnel interface is
// up the session is CONNECT for the first 5% of Timing.BGPUp, ACTIVE (TCP
// refused or timed out, waiting for the connect-retry timer) until 90%,
// OPENSENT until 95%, OPENCONFIRM until ESTABLISHED.
const (
	bgpOpenSent    = "OPENSENT"
	bgpOpenConfirm = "OPENCONFIRM"
)

func bgpStepState(elapsed, upAfter time.Duration) string {
	switch f := float64(elapsed) / float64(upAfter); {
	case f < 0.05:
		return bgpConnect
	case f < 0.9:
		return bgpActive
	case f < 0.95:
		return bgpOpenSent
	default:
		return bgpOpenConfirm
	}
}

// bgpSession is tunnel t's BGP session at now: its FSM state while the
// configuration allows it (empty otherwise), whether it is ESTABLISHED and
// since when (the start of the current attempt when it is not). The first
// session after boot flaps Timing.BGPFlaps times: it drops BGPFlapAfter
// after establishing and starts over.
func (m *Model) bgpSession(t int, now time.Time) (state string, up bool, since time.Time) {
	s := m.bgp[t]
	if s.status != stOK || now.Before(s.start) {
		return "", false, time.Time{}
	}
	upAfter, stay := m.tm.BGPUp, m.tm.BGPFlapAfter
	base, elapsed := s.start, now.Sub(s.start)
	if s.gen == 1 {
		for k := 0; k < m.tm.BGPFlaps && elapsed >= upAfter+stay; k++ {
			elapsed -= upAfter + stay
			base = base.Add(upAfter + stay)
		}
	}
	if elapsed >= upAfter {
		return bgpEstablished, true, base.Add(upAfter)
	}
	return bgpStepState(elapsed, upAfter), false, base
}
