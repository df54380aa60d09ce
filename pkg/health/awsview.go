package health

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// AWSTunnel is what AWS says of one tunnel: its VgwTelemetry and, when AWS
// is replacing the tunnel's endpoint, its maintenance.
type AWSTunnel struct {
	OutsideIP      netip.Addr `json:"aws_outside_ip"`
	Status         string     `json:"status"` // up or down (VgwTelemetry.Status, lower case)
	StatusMessage  string     `json:"status_message,omitempty"`
	AcceptedRoutes int        `json:"accepted_routes"`
	LastChange     time.Time  `json:"last_change,omitzero"`
	// Maintenance is AWS's pending endpoint replacement
	// (GetVpnTunnelReplacementStatus), "" when none.
	Maintenance string `json:"maintenance,omitempty"`
	// LastMaintenance is when AWS last replaced the endpoint.
	LastMaintenance time.Time `json:"last_maintenance,omitzero"`
}

// The disagreements between the two views of a tunnel.
const (
	RouterUpAWSDown    = "router-up-aws-down"
	AWSUpRouterDown    = "aws-up-router-down"
	AWSAcceptedNoRoute = "aws-accepted-no-routes"
)

// AWSTunnelView is one tunnel seen from both ends.
type AWSTunnelView struct {
	AWSTunnel
	Interface string `json:"interface,omitempty"`
	RouterUp  *bool  `json:"router_up"` // nil: the router's side was not read
	// UnderReplacement: AWS is replacing (or has just replaced) this
	// tunnel's endpoint. A tunnel down then is maintenance, not a fault.
	UnderReplacement bool   `json:"under_replacement"`
	Disagreement     string `json:"disagreement,omitempty"`
	Note             string `json:"note,omitempty"`
}

// AWSView is AWS's view of the connection beside the router's.
type AWSView struct {
	// Source is where the view came from: api (fetched now) or file (an
	// --aws-dump snapshot); empty with Absent set.
	Source          string          `json:"source,omitempty"`
	VPNConnectionID string          `json:"vpn_connection_id,omitempty"`
	State           string          `json:"state,omitempty"`
	FetchedAt       time.Time       `json:"fetched_at,omitzero"`
	Tunnels         []AWSTunnelView `json:"tunnels,omitempty"`
	// Agree is whether no tunnel has a disagreement; nil (omitted) when
	// the view is absent: no view is not a disagreement.
	Agree *bool `json:"agree,omitempty"`
	// Absent says why there is no view (no AWS access configured, or the
	// API could not be read); verify then judges the router alone.
	Absent string `json:"absent,omitempty"`
}

// AbsentAWSView is the view when AWS could not be asked; why must be safe
// to show.
func AbsentAWSView(why string) *AWSView { return &AWSView{Absent: why} }

// recentReplacement is how long after AWS replaced an endpoint a tunnel
// that is down still counts as maintenance: an IKEv1 tunnel stays down
// until the router re-initiates (aws-vpn.md §6), and the router retries
// on its DPD and rekey timers.
const recentReplacement = time.Hour

// JoinAWS sets AWS's tunnels beside the router's report, by outside IP.
// advertised is how many prefixes the router announces to AWS (the site's
// LAN); with none, 0 accepted routes is not a disagreement. now dates
// "recent" maintenance.
func JoinAWS(r Report, aws []AWSTunnel, advertised int, now time.Time) []AWSTunnelView {
	router := map[netip.Addr]TunnelReport{}
	for _, t := range r.Tunnels {
		router[t.AWSOutsideIP] = t
	}
	var out []AWSTunnelView
	for _, a := range aws {
		v := AWSTunnelView{AWSTunnel: a}
		rt, known := router[a.OutsideIP]
		v.Interface, v.RouterUp = rt.Interface, rt.Up
		awsUp := strings.EqualFold(a.Status, "up")
		v.UnderReplacement = pendingMaintenance(a.Maintenance) ||
			(!awsUp && !a.LastMaintenance.IsZero() && now.Sub(a.LastMaintenance) < recentReplacement)
		// IPsec is what both sides can be compared on; operation-mode evidence
		// does not read it.
		readable := known && rt.IPsecIn != nil && rt.IPsecOut != nil
		routerIPsec := readable && *rt.IPsecIn > 0 && *rt.IPsecOut > 0
		routerUp := rt.IsUp()
		switch {
		case !known:
			v.Note = "the router's report has no tunnel to this AWS endpoint"
		case !readable:
			v.Note = "the router's side could not be read"
		case v.UnderReplacement && !(awsUp && routerUp):
			v.Note = "AWS is replacing this tunnel's endpoint: maintenance, not a fault (the router re-initiates once it is back)"
		case routerUp && !awsUp:
			v.Disagreement = RouterUpAWSDown
			v.Note = fmt.Sprintf("the router has the tunnel up but AWS reports it down (%s)", orQuoted(a.StatusMessage))
		case awsUp && !routerIPsec:
			v.Disagreement = AWSUpRouterDown
			v.Note = "AWS reports the tunnel up but the router has no IPsec SA pair with it"
		case awsUp && routerUp && advertised > 0 && a.AcceptedRoutes == 0:
			v.Disagreement = AWSAcceptedNoRoute
			v.Note = fmt.Sprintf("the router advertises %d prefix(es) but AWS accepted none: check the LAN prefixes and the route table propagation", advertised)
		}
		out = append(out, v)
	}
	return out
}

// pendingMaintenance reads GetVpnTunnelReplacementStatus's
// PendingMaintenance, which says "None" or nothing when there is none.
func pendingMaintenance(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && !strings.EqualFold(s, "none")
}

func orQuoted(s string) string {
	if s == "" {
		return "no status message"
	}
	return fmt.Sprintf("%q", s)
}

// Agreeing reports whether no tunnel of vs disagrees.
func Agreeing(vs []AWSTunnelView) bool {
	for _, v := range vs {
		if v.Disagreement != "" {
			return false
		}
	}
	return true
}
