package health

import (
	"fmt"

	"github.com/ixpush/ixpush/pkg/showparse"
)

// tunnelFacts is what the diagnosis rules look at for a tunnel that is not
// up.
type tunnelFacts struct {
	t   Tunnel
	ike *showparse.IKESA       // the SA with the peer; nil when none is shown
	nb  *showparse.BGPNeighbor // the summary's row; nil when none or no summary
	up  layers
	tr  TunnelReport
}

// A diagnosisRule is one row of the diagnosis table: when it holds for a
// tunnel, text names the most likely cause.
type diagnosisRule struct {
	name string
	when func(f tunnelFacts) bool
	text func(f tunnelFacts) string
}

// diagnosisRules are tried in order, the order the layers come up: IKE,
// then IPsec, then BGP. The first that holds names the cause; the last
// always holds.
var diagnosisRules = []diagnosisRule{
	{"no-ike-sa",
		func(f tunnelFacts) bool { return !f.up.ike && f.ike == nil },
		func(f tunnelFacts) string {
			return fmt.Sprintf("no IKE SA with AWS peer %s and no counters shown: check that an ike policy names this peer with the right pre-shared key, that UDP 500 (4500 with NAT-T) and ESP reach it through NAT/firewalls, and that the AWS tunnel is up", f.t.AWSOutsideIP)
		}},
	{"psk-mismatch",
		func(f tunnelFacts) bool { return !f.up.ike && f.ike.Ph1HashErr > 0 },
		func(f tunnelFacts) string {
			return fmt.Sprintf("pre-shared key mismatch suspected with AWS peer %s: %d phase-1 hash errors", f.t.AWSOutsideIP, f.ike.Ph1HashErr)
		}},
	{"no-answer",
		func(f tunnelFacts) bool {
			return !f.up.ike && f.ike.Ph1Success == 0 && (f.ike.Ph1Timeout > 0 || f.ike.Ph1Resend > 0)
		},
		func(f tunnelFacts) string {
			return fmt.Sprintf("no answer from AWS peer %s (%d phase-1 timeouts, %d resends): check UDP 500 and 4500 through the NAT/firewall (behind NAT enable NAT-T), and that the AWS side of the tunnel is up", f.t.AWSOutsideIP, f.ike.Ph1Timeout, f.ike.Ph1Resend)
		}},
	{"phase1-rejected",
		func(f tunnelFacts) bool { return !f.up.ike && f.ike.Ph1Failure > 0 },
		func(f tunnelFacts) string {
			return fmt.Sprintf("phase-1 proposal rejected by AWS peer %s (%d failures): check the ike proposal (encryption, hash, DH group, main mode) against the AWS tunnel options", f.t.AWSOutsideIP, f.ike.Ph1Failure)
		}},
	{"ike-not-established",
		func(f tunnelFacts) bool { return !f.up.ike },
		func(f tunnelFacts) string {
			return fmt.Sprintf("IKE SA with AWS peer %s is %q, not established", f.t.AWSOutsideIP, f.ike.State)
		}},
	{"phase2-hash-errors",
		func(f tunnelFacts) bool { return !f.up.ipsec && f.ike != nil && f.ike.Ph2HashErr > 0 },
		func(f tunnelFacts) string {
			return fmt.Sprintf("IKE up but phase 2 to %s fails with %d hash errors: check the pre-shared key and proxy IDs (ipsec local-id/remote-id)", f.t.AWSOutsideIP, f.ike.Ph2HashErr)
		}},
	{"phase2-rejected",
		func(f tunnelFacts) bool { return !f.up.ipsec && f.ike != nil && f.ike.Ph2Failure > 0 },
		func(f tunnelFacts) string {
			return fmt.Sprintf("IKE up but phase 2 rejected by %s (%d failures): check the ipsec autokey-proposal and PFS group against the AWS tunnel options", f.t.AWSOutsideIP, f.ike.Ph2Failure)
		}},
	{"no-ipsec-pair",
		func(f tunnelFacts) bool { return !f.up.ipsec },
		func(f tunnelFacts) string {
			return fmt.Sprintf("IKE up with %s but no IPsec SA pair on %s (in %d, out %d): check the autokey-map for this peer, the tunnel's `ipsec policy tunnel` binding and `no shutdown`", f.t.AWSOutsideIP, f.t.Interface, deref(f.tr.IPsecIn), deref(f.tr.IPsecOut))
		}},
	{"bgp-not-configured",
		func(f tunnelFacts) bool { return f.nb == nil && deref(f.tr.BGP) == BGPNotConfigured },
		func(f tunnelFacts) string {
			return fmt.Sprintf("IPsec up but BGP neighbour %s is not configured: add `neighbor %s remote-as %d` under router bgp", f.t.Neighbor, f.t.Neighbor, f.t.AmazonASN)
		}},
	{"bgp-wrong-remote-as",
		func(f tunnelFacts) bool {
			return f.nb != nil && f.nb.RemoteAS != 0 && f.t.AmazonASN != 0 && f.nb.RemoteAS != f.t.AmazonASN
		},
		func(f tunnelFacts) string {
			return fmt.Sprintf("IPsec up but BGP to %s is %s: the neighbour is configured with remote-as %d, AWS uses %d", f.t.Neighbor, bgpText(f.tr.BGP), f.nb.RemoteAS, f.t.AmazonASN)
		}},
	{"bgp-down",
		func(tunnelFacts) bool { return true },
		func(f tunnelFacts) string {
			return fmt.Sprintf("IPsec up but BGP to %s is %s: check the neighbour address, remote-as %d, the local AS and the tunnel's inside address %s", f.t.Neighbor, bgpText(f.tr.BGP), f.t.AmazonASN, f.t.InsideIP)
		}},
}

// diagnosis is a rule's verdict on a tunnel.
type diagnosis struct{ rule, text string }

// diagnose names the most likely cause from state and counters: the first
// rule of diagnosisRules that holds.
func diagnose(f tunnelFacts) diagnosis {
	for _, r := range diagnosisRules {
		if r.when(f) {
			return diagnosis{r.name, r.text(f)}
		}
	}
	panic("health: the last diagnosis rule must always hold")
}

// bgpText words a neighbour state for a diagnosis, BGPUnknown when not
// read.
func bgpText(s *showparse.BGPState) showparse.BGPState {
	if s == nil {
		return BGPUnknown
	}
	return *s
}
