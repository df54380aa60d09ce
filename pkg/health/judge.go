package health

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/ixpush/ixpush/pkg/showparse"
)

// Tunnel is what the site expects of one AWS tunnel.
type Tunnel struct {
	Interface    string     `json:"interface"`      // Tunnel0.0
	AWSOutsideIP netip.Addr `json:"aws_outside_ip"` // the IKE peer
	Neighbor     netip.Addr `json:"neighbor"`       // AWS inside address = BGP neighbour
	InsideIP     netip.Addr `json:"inside_ip"`      // the router's inside address
	AmazonASN    uint32     `json:"amazon_asn"`
}

// Expectation is what a healthy site looks like.
type Expectation struct {
	Tunnels []Tunnel       `json:"tunnels"`
	VPC     []netip.Prefix `json:"vpc"` // may be empty: then any prefix learned from AWS counts
}

// Observation is the parsed show output. Summary is optional but without it a
// neighbour only counts as established when a route through it is seen.
type Observation struct {
	IKE     showparse.IKESAs
	IPsec   showparse.IPsecSAs
	BGP     showparse.BGPTable
	Summary *showparse.BGPSummary
}

// TunnelReport is one tunnel's state and, when it is not up, why.
type TunnelReport struct {
	Tunnel
	// Link is the tunnel interface's state (show interfaces, operation
	// mode), or LinkNotConfigured.
	Link      *string             `json:"link"`
	IKE       *showparse.IKEState `json:"ike"`        // the SA's state or IKENone
	IPsecIn   *int                `json:"ipsec_in"`   // inbound ESP SAs
	IPsecOut  *int                `json:"ipsec_out"`  // outbound ESP SAs
	BGP       *showparse.BGPState `json:"bgp"`        // the neighbour's state or BGPNotConfigured
	BestPaths *int                `json:"best_paths"` // best paths in the BGP table through this neighbour
	// Up: IKE, IPsec both ways and BGP established; in operation mode,
	// the interface up and BGP established over it.
	Up        *bool  `json:"up"`
	Diagnosis string `json:"diagnosis,omitempty"`
	// IKECounters feed the metrics; the JSON report carries the diagnosis.
	IKECounters IKECounters `json:"-"`
}

// The states a report shows where the router shows none of its own.
const (
	IKENone showparse.IKEState = "none" // no SA with the peer
	// BGPUnknown is how a diagnosis words a neighbour state not read
	// (TunnelReport.BGP nil: no summary, and no path through it).
	BGPUnknown       showparse.BGPState = "unknown"
	BGPNotConfigured showparse.BGPState = "not configured" // the summary has no row for it
)

// layers says which layers of a tunnel are up, in showparse's terms.
type layers struct{ ike, ipsec, bgp bool }

// PrefixReport says whether an expected VPC prefix is learned and through which
// AWS neighbours.
type PrefixReport struct {
	Prefix netip.Prefix `json:"prefix"`
	// Learned is nil when no BGP table or routing table was read.
	Learned *bool    `json:"learned"`
	Via     []string `json:"via,omitempty"`  // neighbour addresses with a path
	Best    string   `json:"best,omitempty"` // next hop of the best path
	// CoveredBy is the learned aggregate that holds the prefix when AWS
	// announces no route for the prefix itself (coverPrefix).
	CoveredBy string `json:"covered_by,omitempty"`
	// Diagnosis says why a prefix is missing.
	Diagnosis string `json:"diagnosis,omitempty"`
}

// Report is the verdict and its evidence.
type Report struct {
	Status   Status   `json:"status"`
	Summary  string   `json:"summary"`
	Evidence Evidence `json:"evidence"`
	// Partial: some shows were not read (Unread); Note says why and
	// when to look again.
	Partial  bool           `json:"partial"`
	Unread   []string       `json:"unread,omitempty"`
	Note     string         `json:"note,omitempty"`
	Tunnels  []TunnelReport `json:"tunnels"`
	Prefixes []PrefixReport `json:"prefixes"`
	Learned  []string       `json:"learned"` // every prefix learned from an AWS neighbour
	Error    string         `json:"error,omitempty"`
	// AWS is AWS's view beside the router's (awsview.go); nil when the
	// caller did not ask AWS.
	AWS *AWSView `json:"aws,omitempty"`
}

// UnknownReport is the verdict when the router could not be asked or its
// answer could not be read. err's message must already be safe to show.
func UnknownReport(exp Expectation, err error) Report {
	r := Report{Status: Unknown, Evidence: EvidenceNone, Error: err.Error(), Learned: []string{}}
	for _, t := range exp.Tunnels {
		r.Tunnels = append(r.Tunnels, TunnelReport{Tunnel: t})
	}
	for _, p := range exp.VPC {
		r.Prefixes = append(r.Prefixes, PrefixReport{Prefix: p})
	}
	r.Summary = "unknown: " + err.Error()
	return r
}

// Judge compares what the router shows with what the site expects.
func Judge(exp Expectation, obs Observation) Report {
	r := Report{Evidence: EvidenceConfigMode, Learned: []string{}, Prefixes: []PrefixReport{}}
	neighbors := map[string]bool{}
	for _, t := range exp.Tunnels {
		neighbors[t.Neighbor.String()] = true
	}
	var ups []layers
	for _, t := range exp.Tunnels {
		tr, up := judgeTunnel(t, obs)
		r.Tunnels = append(r.Tunnels, tr)
		ups = append(ups, up)
	}
	for _, rt := range obs.BGP.Routes {
		if neighbors[rt.NextHop] && !slices.Contains(r.Learned, rt.Prefix) {
			r.Learned = append(r.Learned, rt.Prefix)
		}
	}
	allLearned := true
	for _, p := range exp.VPC {
		pr := judgePrefix(p, obs.BGP, neighbors)
		allLearned = allLearned && pr.IsLearned()
		r.Prefixes = append(r.Prefixes, pr)
	}
	if len(exp.VPC) == 0 {
		allLearned = len(r.Learned) > 0
	}
	allUp := len(r.Tunnels) > 0
	for _, t := range r.Tunnels {
		allUp = allUp && t.IsUp()
	}
	switch {
	case !allLearned:
		r.Status = Down
	case !allUp:
		r.Status = Degraded
	default:
		r.Status = OK
	}
	for i, p := range r.Prefixes {
		if p.IsLearned() {
			continue
		}
		if slices.ContainsFunc(ups, func(u layers) bool { return u.bgp }) {
			r.Prefixes[i].Diagnosis = missingText(p.Prefix, r.Learned)
		} else {
			r.Prefixes[i].Diagnosis = fmt.Sprintf("%s cannot be learned: no BGP session with AWS is established (see the tunnels)", p.Prefix)
		}
	}
	r.Summary = summarize(r, exp, ups)
	return r
}

func judgePrefix(p netip.Prefix, table showparse.BGPTable, neighbors map[string]bool) PrefixReport {
	pr := PrefixReport{Prefix: p, Learned: known(false)}
	for _, rt := range table.Routes {
		if rt.Prefix != p.String() || !neighbors[rt.NextHop] || !rt.Valid {
			continue
		}
		*pr.Learned = true
		if !slices.Contains(pr.Via, rt.NextHop) {
			pr.Via = append(pr.Via, rt.NextHop)
		}
		if rt.Best {
			pr.Best = rt.NextHop
		}
	}
	if !pr.IsLearned() {
		coverPrefix(&pr, table, neighbors)
	}
	return pr
}

func judgeTunnel(t Tunnel, obs Observation) (TunnelReport, layers) {
	tr := TunnelReport{Tunnel: t, IKE: known(IKENone)}
	peer := t.AWSOutsideIP.String()
	var ike *showparse.IKESA
	for i := range obs.IKE.SAs {
		sa := &obs.IKE.SAs[i]
		if sa.RemoteAddress != peer {
			continue
		}
		// Prefer the established SA when a rekey shows two.
		if ike == nil || sa.Established() {
			ike = sa
		}
	}
	if ike != nil {
		tr.IKE = known(ike.State)
	}
	tr.IKECounters = countersOf(ike)
	// Every SA of the tunnel's blocks (by interface, or by peer when the
	// site names no interface), as one.
	var sas showparse.IPsecTunnel
	for _, it := range obs.IPsec.Tunnels {
		if it.Interface == t.Interface || (t.Interface == "" && it.RemoteAddress == peer) {
			sas.Inbound = append(sas.Inbound, it.Inbound...)
			sas.Outbound = append(sas.Outbound, it.Outbound...)
		}
	}
	tr.IPsecIn, tr.IPsecOut = known(showparse.ESP(sas.Inbound)), known(showparse.ESP(sas.Outbound))
	nb := t.Neighbor.String()
	// Any path through the neighbour proves its session when no summary
	// was read; the count shown is of best paths, as the IX lists only
	// those by default.
	anyPath, best := false, 0
	for _, rt := range obs.BGP.Routes {
		if rt.NextHop == nb {
			anyPath = true
			if rt.Best {
				best++
			}
		}
	}
	tr.BestPaths = known(best)
	up := layers{ike: ike != nil && ike.Established(), ipsec: sas.Up()}
	var seen *showparse.BGPNeighbor
	if obs.Summary != nil {
		tr.BGP = known(BGPNotConfigured)
		if seen = obs.Summary.Neighbor(nb); seen != nil {
			tr.BGP, up.bgp = known(seen.State), seen.Established()
		}
	} else if anyPath {
		tr.BGP, up.bgp = known(showparse.BGPEstablished), true
	}
	tr.Up = known(up.ike && up.ipsec && up.bgp)
	if !*tr.Up {
		tr.Diagnosis = diagnose(tunnelFacts{t: t, ike: ike, nb: seen, up: up, tr: tr}).text
	}
	return tr, up
}

func summarize(r Report, exp Expectation, ups []layers) string {
	ike, ipsec, bgp := 0, 0, 0
	for _, u := range ups {
		ike += b2i(u.ike)
		ipsec += b2i(u.ipsec)
		bgp += b2i(u.bgp)
	}
	n := len(r.Tunnels)
	var parts []string
	parts = append(parts, fmt.Sprintf("IKE %d/%d", ike, n), fmt.Sprintf("IPsec %d/%d", ipsec, n), fmt.Sprintf("BGP %d/%d", bgp, n))
	for _, p := range r.Prefixes {
		if p.CoveredBy != "" {
			parts = append(parts, p.Prefix.String()+" covered by "+p.CoveredBy)
		} else if p.IsLearned() {
			parts = append(parts, p.Prefix.String()+" learned")
		} else {
			parts = append(parts, p.Prefix.String()+" NOT learned")
		}
	}
	if len(exp.VPC) == 0 {
		if len(r.Learned) == 0 {
			parts = append(parts, "no prefix learned from AWS")
		} else {
			parts = append(parts, "learned "+strings.Join(r.Learned, ", "))
		}
	}
	return r.Status.String() + ": " + strings.Join(parts, ", ")
}
