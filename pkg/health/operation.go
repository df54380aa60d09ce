package health

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/ixpush/ixpush/pkg/showparse"
)

// LinkNotConfigured is TunnelReport.Link when the router has no such
// interface.
const LinkNotConfigured = "not configured"

// OperationObservation is what operation mode served: each field nil (or
// missing from Interfaces) when that show was not read, because the router
// refused it there or it was not tried.
type OperationObservation struct {
	// Interfaces holds `show interfaces NAME` per tunnel interface; a nil
	// value means the router said it has no such interface.
	Interfaces map[string]*showparse.Interface
	Routes     *showparse.RouteTable
	// Summary is `show ip bgp summary` where the router serves it in
	// operation mode.
	Summary *showparse.BGPSummary
	// Unread lists the shows that were refused or not tried.
	Unread []string
}

// JudgeOperation judges from operation-mode evidence. The routing table
// decides the VPC side: a prefix is reachable when a BGP route covering
// it goes over an expected tunnel or neighbour; without the table nothing
// is decided. Per tunnel, the interface state and BGP (from the summary,
// or a BGP route through the neighbour) decide what they can; the rest
// stays nil. ok needs every tunnel interface up (the IX installs only the
// best path, so the backup's BGP may be unproven), degraded a tunnel known
// not up, and anything between is unknown. The report is always partial:
// IKE and IPsec are never read here.
func JudgeOperation(exp Expectation, obs OperationObservation) Report {
	r := Report{Evidence: EvidenceOperationMode, Partial: true, Unread: obs.Unread, Learned: []string{}, Prefixes: []PrefixReport{}}
	onTunnel := func(rt showparse.Route) bool {
		return slices.ContainsFunc(exp.Tunnels, func(t Tunnel) bool {
			return rt.NextHop == t.Neighbor.String() || (t.Interface != "" && strings.EqualFold(rt.Interface, t.Interface))
		})
	}
	var bgpRoutes []showparse.Route
	if obs.Routes != nil {
		for _, rt := range obs.Routes.Routes {
			if rt.Code == "B" && onTunnel(rt) {
				bgpRoutes = append(bgpRoutes, rt)
				if !slices.Contains(r.Learned, rt.Prefix) {
					r.Learned = append(r.Learned, rt.Prefix)
				}
			}
		}
	}
	linksUp := len(exp.Tunnels) > 0
	for _, t := range exp.Tunnels {
		tr, linkUp := judgeOperationTunnel(t, obs, bgpRoutes)
		r.Tunnels = append(r.Tunnels, tr)
		linksUp = linksUp && linkUp
	}
	for _, p := range exp.VPC {
		pr := PrefixReport{Prefix: p}
		if obs.Routes != nil {
			pr.Learned = known(false)
			for _, rt := range bgpRoutes {
				if covers(rt.Prefix, p) {
					*pr.Learned = true
					pr.Via = append(pr.Via, rt.NextHop)
					if pr.Best == "" {
						pr.Best = rt.NextHop
					}
				}
			}
			if !*pr.Learned {
				pr.Diagnosis = fmt.Sprintf("%s is not routed via BGP over a tunnel (show ip route): the VPC is unreachable over the VPN", p)
			}
		}
		r.Prefixes = append(r.Prefixes, pr)
	}
	r.Status = operationStatus(r, exp, obs, linksUp)
	r.Summary = summarizeOperation(r, exp)
	return r
}

func operationStatus(r Report, exp Expectation, obs OperationObservation, linksUp bool) Status {
	switch {
	case obs.Routes == nil:
		return Unknown
	case len(exp.VPC) == 0 && len(r.Learned) == 0:
		return Down
	case slices.ContainsFunc(r.Prefixes, func(p PrefixReport) bool { return !p.IsLearned() }):
		return Down
	case slices.ContainsFunc(r.Tunnels, func(t TunnelReport) bool { return t.Up != nil && !*t.Up }):
		return Degraded
	case linksUp || !slices.ContainsFunc(r.Tunnels, func(t TunnelReport) bool { return !t.IsUp() }):
		return OK
	}
	return Unknown
}

// judgeOperationTunnel returns the tunnel's report and whether its
// interface is known to be up.
func judgeOperationTunnel(t Tunnel, obs OperationObservation, bgpRoutes []showparse.Route) (TunnelReport, bool) {
	tr := TunnelReport{Tunnel: t}
	var linkUp *bool
	if i, read := obs.Interfaces[t.Interface]; read {
		if i == nil {
			tr.Link, linkUp = known(LinkNotConfigured), known(false)
		} else {
			state := i.State
			if i.State == showparse.IfUp && !i.Up() {
				state = showparse.IfDown // line protocol down
			}
			tr.Link, linkUp = known(state), known(i.Up())
		}
	}
	nb := t.Neighbor.String()
	var bgpUp *bool
	if obs.Summary != nil {
		tr.BGP, bgpUp = known(BGPNotConfigured), known(false)
		if n := obs.Summary.Neighbor(nb); n != nil {
			tr.BGP, bgpUp = known(n.State), known(n.Established())
		}
	}
	if slices.ContainsFunc(bgpRoutes, func(rt showparse.Route) bool { return rt.NextHop == nb }) {
		// A route installed through the neighbour proves the session.
		tr.BGP, bgpUp = known(showparse.BGPEstablished), known(true)
	}
	switch {
	case linkUp != nil && !*linkUp:
		tr.Up = known(false)
		tr.Diagnosis = fmt.Sprintf("%s is %s (show interfaces): IKE and IPsec are shown only in configuration mode; a full verify names the cause", t.Interface, *tr.Link)
	case bgpUp != nil && !*bgpUp:
		tr.Up = known(false)
		tr.Diagnosis = fmt.Sprintf("BGP to %s is %s (show ip bgp summary)", t.Neighbor, *tr.BGP)
	case bgpUp != nil:
		// An interface not read but a route through it: it carries traffic.
		tr.Up = known(true)
	}
	return tr, linkUp != nil && *linkUp
}

// covers reports whether route prefix rp holds prefix p (the same prefix or
// a shorter one around it: an aggregate AWS advertises).
func covers(rp string, p netip.Prefix) bool {
	q, err := netip.ParsePrefix(rp)
	return err == nil && q.Bits() <= p.Bits() && q.Contains(p.Addr())
}

func summarizeOperation(r Report, exp Expectation) string {
	var parts []string
	for _, t := range r.Tunnels {
		switch {
		case t.IsUp():
			parts = append(parts, t.Interface+" up")
		case t.Up != nil:
			parts = append(parts, t.Interface+" DOWN")
		case t.Link != nil && *t.Link == showparse.IfUp:
			parts = append(parts, t.Interface+" interface up")
		default:
			parts = append(parts, t.Interface+" ?")
		}
	}
	for _, p := range r.Prefixes {
		switch {
		case p.Learned == nil:
			parts = append(parts, p.Prefix.String()+" ?")
		case *p.Learned:
			parts = append(parts, p.Prefix.String()+" routed")
		default:
			parts = append(parts, p.Prefix.String()+" NOT routed")
		}
	}
	if len(exp.VPC) == 0 {
		if len(r.Learned) == 0 {
			parts = append(parts, "no BGP route over the tunnels")
		} else {
			parts = append(parts, "routed "+strings.Join(r.Learned, ", "))
		}
	}
	return r.Status.String() + ": " + strings.Join(parts, ", ") + " (operation mode only: IKE and IPsec not read)"
}
