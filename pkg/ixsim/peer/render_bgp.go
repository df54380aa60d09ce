package peer

import (
	"fmt"
	"net/netip"
	"slices"
	"time"
)

// bgpRow lays out one `show ip bgp` row; the widths are a guess (the only
// capture is the seed's flattened one) that keeps columns aligned.
func bgpRow(status, network, nextHop, metric, locPrf, path string) string {
	return fmt.Sprintf("%-3s%-18s%-15s%12s%7s      %s", status, network, nextHop, metric, locPrf, path)
}

// bgpTable renders `show ip bgp` (ix-cli.md §8.3); nothing when BGP is not
// configured [G].
func (v *view) bgpTable() []string {
	b := v.m.cfg.bgp
	if b == nil {
		return nil
	}
	out := []string{
		fmt.Sprintf("BGP table version is %d, local router ID is %s", 1+2*len(v.bgpPaths), v.routerID()),
		fmt.Sprintf("Local AS number %d", b.asn),
		"Status codes: s - suppressed, * - valid, h - history",
		"              > - best, i - internal",
		"Origin codes: i - IGP, e - EGP, ? - incomplete",
		bgpRow("", "Network", "Next Hop", "Metric", "LocPrf", "Path"),
	}
	prefixes := 0
	for _, p := range v.bgpPaths {
		// A further path leaves the network column blank, as Cisco-like
		// tables do [G].
		status, network := "*", ""
		if p.best {
			network = p.prefix.String()
			status = "*>"
			prefixes++
		} else if !v.m.opts.allPaths {
			continue
		}
		out = append(out, bgpRow(status, network, p.nh.String(), itoa(p.metric), "", p.path))
	}
	return append(out, fmt.Sprintf("Total number of prefixes %d", prefixes))
}

// routerID is `bgp router-id` or the highest address of an up interface
// (CHG: 192.168.2.1) [G].
func (v *view) routerID() netip.Addr {
	if b := v.m.cfg.bgp; b != nil && b.routerID.IsValid() {
		return b.routerID
	}
	id := netip.IPv4Unspecified()
	for _, iv := range v.ifaces {
		if iv.up && iv.cfg.addr.IsValid() && iv.cfg.addr.Addr().Compare(id) > 0 {
			id = iv.cfg.addr.Addr()
		}
	}
	return id
}

// Neighbour states ix-cli.md §8.4 / §10.5 lists.
const (
	bgpIdle        = "IDLE"
	bgpConnect     = "CONNECT"
	bgpActive      = "ACTIVE"
	bgpEstablished = "ESTABLISHED"
)

type neighborView struct {
	n          bgpNeighbor
	state      string
	since      time.Time
	rcvd, sent int
}

// neighbors derives each configured neighbour's state: IDLE while no up
// interface reaches it, CONNECT while the session is coming up, ACTIVE when
// reachable but AWS does not peer with it as configured, ESTABLISHED.
func (v *view) neighbors() []neighborView {
	b := v.m.cfg.bgp
	var out []neighborView
	for _, n := range b.neighbors {
		nv := neighborView{n: n, state: bgpIdle, since: v.m.facts[neighborFact(n)]}
		reachable := false
		for _, r := range v.routes {
			if r.code == "C" && r.prefix.Contains(n.addr) && isTunnel(r.ifName) {
				reachable = true
			}
		}
		for t, te := range v.w.tunnels {
			if te.awsInside != n.addr || te.bgp != stOK {
				continue
			}
			nv.since = later(nv.since, v.m.bgp[t].start)
			if tv := v.tunnels[t]; tv.bgpUp {
				nv.state, nv.since = bgpEstablished, tv.bgpAt
				// OPEN, KEEPALIVE, UPDATE, then a keepalive every 10 s.
				ka := int(v.now.Sub(nv.since) / (10 * time.Second))
				nv.rcvd, nv.sent = 3+ka, 3+ka
			} else if reachable && tv.bgpState != "" {
				nv.state, nv.since = tv.bgpState, later(nv.since, tv.bgpAt)
			}
		}
		if nv.state == bgpIdle && reachable {
			nv.state = bgpActive
		}
		out = append(out, nv)
	}
	slices.SortFunc(out, func(a, b neighborView) int { return a.n.addr.Compare(b.n.addr) })
	return out
}

// bgpSummary renders `show ip bgp summary` (ix-cli.md §8.4, NOTOKEN).
func (v *view) bgpSummary() []string {
	b := v.m.cfg.bgp
	if b == nil {
		return nil
	}
	paths := map[string]bool{}
	for _, p := range v.bgpPaths {
		if !p.local {
			paths[p.path] = true
		}
	}
	nbrs := v.neighbors()
	out := []string{
		fmt.Sprintf("BGP router ID %s, local AS number %d", v.routerID(), b.asn),
		fmt.Sprintf("%d BGP AS-PATH entries", len(paths)),
		"",
		bgpSummaryHeader,
	}
	for _, n := range nbrs {
		out = append(out, bgpSummaryRow(n.n.addr, n.n.remoteAS, n.rcvd, n.sent, upDown(v.now.Sub(n.since)), n.state))
	}
	return append(out, "", fmt.Sprintf("Total number of neighbors %d", len(nbrs)))
}

// bgpSummaryHeader and bgpSummaryRow reproduce NOTOKEN's capture column for
// column (ix-cli.md §8.4), counters left-aligned where it has them.
const bgpSummaryHeader = "Neighbor         V    AS    MsgRcvd MsgSent Up/DownTime   State"

func bgpSummaryRow(addr netip.Addr, as uint32, rcvd, sent int, upDown, state string) string {
	return fmt.Sprintf(" %-15s %-4d %-7d %-7d %-5d %-13s %s", addr, 4, as, rcvd, sent, upDown, state)
}
