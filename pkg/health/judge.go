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
	IKE       string `json:"ike"`        // "established", another state, or "none"
	IPsecIn   int    `json:"ipsec_in"`   // inbound ESP SAs
	IPsecOut  int    `json:"ipsec_out"`  // outbound ESP SAs
	BGP       string `json:"bgp"`        // neighbour state, or "unknown"
	BestPaths int    `json:"best_paths"` // best paths in the BGP table through this neighbour
	Up        bool   `json:"up"`         // IKE, IPsec both ways and BGP established
	Diagnosis string `json:"diagnosis,omitempty"`
}

// PrefixReport says whether an expected VPC prefix is learned and through which
// AWS neighbours.
type PrefixReport struct {
	Prefix  netip.Prefix `json:"prefix"`
	Learned bool         `json:"learned"`
	Via     []string     `json:"via,omitempty"`  // neighbour addresses with a path
	Best    string       `json:"best,omitempty"` // next hop of the best path
	// Diagnosis says why a prefix is missing.
	Diagnosis string `json:"diagnosis,omitempty"`
}

// Report is the verdict and its evidence.
type Report struct {
	Status   Status         `json:"status"`
	Summary  string         `json:"summary"`
	Tunnels  []TunnelReport `json:"tunnels"`
	Prefixes []PrefixReport `json:"prefixes"`
	Learned  []string       `json:"learned"` // every prefix learned from an AWS neighbour
	Error    string         `json:"error,omitempty"`
}

// UnknownReport is the verdict when the router could not be asked or its
// answer could not be read. err's message must already be safe to show.
func UnknownReport(exp Expectation, err error) Report {
	r := Report{Status: Unknown, Error: err.Error(), Learned: []string{}}
	for _, t := range exp.Tunnels {
		r.Tunnels = append(r.Tunnels, TunnelReport{Tunnel: t, IKE: "unknown", BGP: "unknown"})
	}
	for _, p := range exp.VPC {
		r.Prefixes = append(r.Prefixes, PrefixReport{Prefix: p})
	}
	r.Summary = "unknown: " + err.Error()
	return r
}

// Judge compares what the router shows with what the site expects.
func Judge(exp Expectation, obs Observation) Report {
	r := Report{Learned: []string{}, Prefixes: []PrefixReport{}}
	neighbors := map[string]bool{}
	for _, t := range exp.Tunnels {
		neighbors[t.Neighbor.String()] = true
	}
	for _, t := range exp.Tunnels {
		r.Tunnels = append(r.Tunnels, judgeTunnel(t, obs))
	}
	for _, rt := range obs.BGP.Routes {
		if neighbors[rt.NextHop] && !slices.Contains(r.Learned, rt.Prefix) {
			r.Learned = append(r.Learned, rt.Prefix)
		}
	}
	allLearned := true
	for _, p := range exp.VPC {
		pr := judgePrefix(p, obs.BGP, neighbors)
		allLearned = allLearned && pr.Learned
		r.Prefixes = append(r.Prefixes, pr)
	}
	if len(exp.VPC) == 0 {
		allLearned = len(r.Learned) > 0
	}
	allUp := len(r.Tunnels) > 0
	for _, t := range r.Tunnels {
		allUp = allUp && t.Up
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
		if p.Learned {
			continue
		}
		if anyBGPUp(r.Tunnels) {
			r.Prefixes[i].Diagnosis = fmt.Sprintf("%s is not advertised by AWS over the established neighbours: check that the VPC's route table propagates from the virtual private gateway and the VPC CIDR is right", p.Prefix)
		} else {
			r.Prefixes[i].Diagnosis = fmt.Sprintf("%s cannot be learned: no BGP session with AWS is established (see the tunnels)", p.Prefix)
		}
	}
	r.Summary = summarize(r, exp)
	return r
}

func judgePrefix(p netip.Prefix, table showparse.BGPTable, neighbors map[string]bool) PrefixReport {
	pr := PrefixReport{Prefix: p}
	for _, rt := range table.Routes {
		if rt.Prefix != p.String() || !neighbors[rt.NextHop] || !rt.Valid {
			continue
		}
		pr.Learned = true
		if !slices.Contains(pr.Via, rt.NextHop) {
			pr.Via = append(pr.Via, rt.NextHop)
		}
		if rt.Best {
			pr.Best = rt.NextHop
		}
	}
	return pr
}

func judgeTunnel(t Tunnel, obs Observation) TunnelReport {
	tr := TunnelReport{Tunnel: t, IKE: "none", BGP: "unknown"}
	peer := t.AWSOutsideIP.String()
	var ike *showparse.IKESA
	for i := range obs.IKE.SAs {
		sa := &obs.IKE.SAs[i]
		if sa.RemoteAddress != peer {
			continue
		}
		// Prefer the established SA when a rekey shows two.
		if ike == nil || sa.State == "established" {
			ike = sa
		}
	}
	if ike != nil {
		tr.IKE = ike.State
	}
	for _, it := range obs.IPsec.Tunnels {
		if it.Interface == t.Interface || (t.Interface == "" && it.RemoteAddress == peer) {
			tr.IPsecIn += countESP(it.Inbound)
			tr.IPsecOut += countESP(it.Outbound)
		}
	}
	nb := t.Neighbor.String()
	// Any path through the neighbour proves its session when no summary
	// was read; the count shown is of best paths, as the IX lists only
	// those by default.
	anyPath := false
	for _, rt := range obs.BGP.Routes {
		if rt.NextHop == nb {
			anyPath = true
			if rt.Best {
				tr.BestPaths++
			}
		}
	}
	var seen *showparse.BGPNeighbor
	if obs.Summary != nil {
		for i := range obs.Summary.Neighbors {
			if obs.Summary.Neighbors[i].Address == nb {
				seen = &obs.Summary.Neighbors[i]
			}
		}
		if seen != nil {
			tr.BGP = seen.State
		} else {
			tr.BGP = "not configured"
		}
	} else if anyPath {
		tr.BGP = "ESTABLISHED"
	}
	ikeUp := tr.IKE == "established"
	ipsecUp := tr.IPsecIn > 0 && tr.IPsecOut > 0
	bgpUp := tr.BGP == "ESTABLISHED"
	tr.Up = ikeUp && ipsecUp && bgpUp
	if !tr.Up {
		tr.Diagnosis = diagnose(t, ike, ikeUp, ipsecUp, tr, seen)
	}
	return tr
}

func countESP(sas []showparse.IPsecSA) int {
	n := 0
	for _, sa := range sas {
		if strings.EqualFold(sa.Protocol, "ESP") {
			n++
		}
	}
	return n
}

// diagnose names the most likely cause from state and counters, in the order
// the layers come up: IKE, then IPsec, then BGP.
func diagnose(t Tunnel, ike *showparse.IKESA, ikeUp, ipsecUp bool, tr TunnelReport, nb *showparse.BGPNeighbor) string {
	peer := t.AWSOutsideIP
	switch {
	case !ikeUp && ike == nil:
		return fmt.Sprintf("no IKE SA with AWS peer %s and no counters shown: check that an ike policy names this peer with the right pre-shared key, that UDP 500 (4500 with NAT-T) and ESP reach it through NAT/firewalls, and that the AWS tunnel is up", peer)
	case !ikeUp && ike.Ph1HashErr > 0:
		return fmt.Sprintf("pre-shared key mismatch suspected with AWS peer %s: %d phase-1 hash errors", peer, ike.Ph1HashErr)
	case !ikeUp && ike.Ph1Success == 0 && (ike.Ph1Timeout > 0 || ike.Ph1Resend > 0):
		return fmt.Sprintf("no answer from AWS peer %s (%d phase-1 timeouts, %d resends): check UDP 500 and 4500 through the NAT/firewall (behind NAT enable NAT-T), and that the AWS side of the tunnel is up", peer, ike.Ph1Timeout, ike.Ph1Resend)
	case !ikeUp && ike.Ph1Failure > 0:
		return fmt.Sprintf("phase-1 proposal rejected by AWS peer %s (%d failures): check the ike proposal (encryption, hash, DH group, main mode) against the AWS tunnel options", peer, ike.Ph1Failure)
	case !ikeUp:
		return fmt.Sprintf("IKE SA with AWS peer %s is %q, not established", peer, ike.State)
	case !ipsecUp && ike != nil && ike.Ph2HashErr > 0:
		return fmt.Sprintf("IKE up but phase 2 to %s fails with %d hash errors: check the pre-shared key and proxy IDs (ipsec local-id/remote-id)", peer, ike.Ph2HashErr)
	case !ipsecUp && ike != nil && ike.Ph2Failure > 0:
		return fmt.Sprintf("IKE up but phase 2 rejected by %s (%d failures): check the ipsec autokey-proposal and PFS group against the AWS tunnel options", peer, ike.Ph2Failure)
	case !ipsecUp:
		return fmt.Sprintf("IKE up with %s but no IPsec SA pair on %s (in %d, out %d): check the autokey-map for this peer, the tunnel's `ipsec policy tunnel` binding and `no shutdown`", peer, t.Interface, tr.IPsecIn, tr.IPsecOut)
	case nb == nil && tr.BGP == "not configured":
		return fmt.Sprintf("IPsec up but BGP neighbour %s is not configured: add `neighbor %s remote-as %d` under router bgp", t.Neighbor, t.Neighbor, t.AmazonASN)
	case nb != nil && nb.RemoteAS != 0 && t.AmazonASN != 0 && nb.RemoteAS != t.AmazonASN:
		return fmt.Sprintf("IPsec up but BGP to %s is %s: the neighbour is configured with remote-as %d, AWS uses %d", t.Neighbor, tr.BGP, nb.RemoteAS, t.AmazonASN)
	default:
		return fmt.Sprintf("IPsec up but BGP to %s is %s: check the neighbour address, remote-as %d, the local AS and the tunnel's inside address %s", t.Neighbor, tr.BGP, t.AmazonASN, t.InsideIP)
	}
}

func summarize(r Report, exp Expectation) string {
	ike, ipsec, bgp := 0, 0, 0
	for _, t := range r.Tunnels {
		if t.IKE == "established" {
			ike++
		}
		if t.IPsecIn > 0 && t.IPsecOut > 0 {
			ipsec++
		}
		if t.BGP == "ESTABLISHED" {
			bgp++
		}
	}
	n := len(r.Tunnels)
	var parts []string
	parts = append(parts, fmt.Sprintf("IKE %d/%d", ike, n), fmt.Sprintf("IPsec %d/%d", ipsec, n), fmt.Sprintf("BGP %d/%d", bgp, n))
	for _, p := range r.Prefixes {
		if p.Learned {
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

func anyBGPUp(ts []TunnelReport) bool {
	for _, t := range ts {
		if t.BGP == "ESTABLISHED" {
			return true
		}
	}
	return false
}
