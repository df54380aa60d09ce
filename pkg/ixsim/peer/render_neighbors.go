package peer

import (
	"fmt"
	"net/netip"
	"strings"
)

// Timers a neighbour without `neighbor IP timers K HOLD` negotiates [G: the
// usual BGP defaults; AWS's samples always set 10 30].
const (
	defaultBGPKeepalive = 60
	defaultBGPHoldSecs  = 180
)

// bgpNeighbors renders `show ip bgp neighbors [ADDRESS]`. No IX capture
// exists; the layout follows NEC's command reference as ix-cli.md §11 cites
// it (NEC-CRM) in the style other routers share [G]: per neighbour `BGP
// neighbor is A, remote AS N`, the remote router ID (AWS's inside address
// once established, 0.0.0.0 before), `BGP state = S, up for T` with the
// summary's state in the reference's capitalisation, the timers and the
// message counters of the summary. Nothing without `router bgp`, and
// nothing for an address that is not a neighbour [G].
func (v *view) bgpNeighbors(only netip.Addr) []string {
	b := v.m.cfg.bgp
	if b == nil {
		return nil
	}
	var out []string
	for _, n := range v.neighbors() {
		if only.IsValid() && n.n.addr != only {
			continue
		}
		link := "external"
		if n.n.remoteAS == b.asn {
			link = "internal"
		}
		id, state := "0.0.0.0", fsmName(n.state)
		upFor := "down for"
		if n.state == bgpEstablished {
			id, upFor = n.n.addr.String(), "up for"
		}
		hold, ka := defaultBGPHoldSecs, defaultBGPKeepalive
		if n.n.hold > 0 {
			hold = n.n.hold
		}
		if n.n.ka > 0 {
			ka = n.n.ka
		}
		out = append(out,
			fmt.Sprintf("BGP neighbor is %s, remote AS %d, local AS %d, %s link", n.n.addr, n.n.remoteAS, b.asn, link),
			"  BGP version 4, remote router ID "+id,
			fmt.Sprintf("  BGP state = %s, %s %s", state, upFor, upDown(v.now.Sub(n.since))),
			fmt.Sprintf("  Hold time is %d, keepalive interval is %d seconds", hold, ka),
			fmt.Sprintf("  Received %d messages, Sent %d messages", n.rcvd, n.sent),
			"",
		)
	}
	return out
}

// fsmName spells a summary state (ESTABLISHED, OPENSENT) as a neighbour
// detail line does (Established, OpenSent).
func fsmName(s string) string {
	switch s {
	case bgpOpenSent:
		return "OpenSent"
	case bgpOpenConfirm:
		return "OpenConfirm"
	}
	return s[:1] + strings.ToLower(s[1:])
}
