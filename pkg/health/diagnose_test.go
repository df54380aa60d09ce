package health

import (
	"strings"
	"testing"

	"github.com/ixpush/ixpush/pkg/showparse"
)

// TestDiagnosisRules hits every row of diagnosisRules by name: each case is
// a tunnel that row, and no row before it, describes.
func TestDiagnosisRules(t *testing.T) {
	tun := seedExpectation.Tunnels[1]
	ikeUp := layers{ike: true}
	ipsecUp := layers{ike: true, ipsec: true}
	sa := func(s showparse.IKESA) *showparse.IKESA {
		s.RemoteAddress = tun.AWSOutsideIP.String()
		return &s
	}
	up := sa(showparse.IKESA{State: showparse.IKEEstablished, Ph1Success: 1})
	nb := func(as uint32, st showparse.BGPState) *showparse.BGPNeighbor {
		return &showparse.BGPNeighbor{Address: tun.Neighbor.String(), RemoteAS: as, State: st}
	}
	tests := []struct {
		rule string
		f    tunnelFacts
		want string // substring of the text
	}{
		{"no-ike-sa", tunnelFacts{}, "no IKE SA with AWS peer 54.69.109.228"},
		{"psk-mismatch", tunnelFacts{ike: sa(showparse.IKESA{State: "negotiating", Ph1HashErr: 4, Ph1Failure: 4})}, "4 phase-1 hash errors"},
		{"no-answer", tunnelFacts{ike: sa(showparse.IKESA{State: "msg1-sent", Ph1Timeout: 3, Ph1Resend: 9})}, "(3 phase-1 timeouts, 9 resends)"},
		{"phase1-rejected", tunnelFacts{ike: sa(showparse.IKESA{State: "negotiating", Ph1Failure: 2})}, "rejected by AWS peer 54.69.109.228 (2 failures)"},
		{"ike-not-established", tunnelFacts{ike: sa(showparse.IKESA{State: "msg3-sent", Ph1Success: 1, Ph1Timeout: 1})}, `is "msg3-sent", not established`},
		{"phase2-hash-errors", tunnelFacts{up: ikeUp, ike: sa(showparse.IKESA{State: showparse.IKEEstablished, Ph2HashErr: 2, Ph2Failure: 1})}, "fails with 2 hash errors"},
		{"phase2-rejected", tunnelFacts{up: ikeUp, ike: sa(showparse.IKESA{State: showparse.IKEEstablished, Ph2Failure: 3})}, "phase 2 rejected by 54.69.109.228 (3 failures)"},
		{"no-ipsec-pair", tunnelFacts{up: ikeUp, ike: up, tr: TunnelReport{IPsecIn: known(1)}}, "no IPsec SA pair on Tunnel1.0 (in 1, out 0)"},
		{"bgp-not-configured", tunnelFacts{up: ipsecUp, ike: up, tr: TunnelReport{BGP: known(BGPNotConfigured)}}, "add `neighbor 169.254.30.57 remote-as 64512`"},
		{"bgp-wrong-remote-as", tunnelFacts{up: ipsecUp, ike: up, nb: nb(64513, showparse.BGPActive), tr: TunnelReport{BGP: known(showparse.BGPActive)}}, "BGP to 169.254.30.57 is ACTIVE: the neighbour is configured with remote-as 64513, AWS uses 64512"},
		{"bgp-down", tunnelFacts{up: ipsecUp, ike: up, nb: nb(64512, showparse.BGPIdle), tr: TunnelReport{BGP: known(showparse.BGPIdle)}}, "BGP to 169.254.30.57 is IDLE: check the neighbour address"},
	}
	hit := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			tt.f.t = tun
			got := diagnose(tt.f)
			if got.rule != tt.rule {
				t.Errorf("rule %q holds first, want %q (%s)", got.rule, tt.rule, got.text)
			}
			if !strings.Contains(got.text, tt.want) {
				t.Errorf("text %q, want it to contain %q", got.text, tt.want)
			}
		})
		hit[tt.rule] = true
	}
	for i, r := range diagnosisRules {
		if !hit[r.name] {
			t.Errorf("rule %d %q has no case", i, r.name)
		}
	}
	if len(hit) != len(diagnosisRules) || len(tests) != len(diagnosisRules) {
		t.Errorf("%d cases for %d rules: one case per rule, no case for a rule that is gone", len(tests), len(diagnosisRules))
	}
	if last := diagnosisRules[len(diagnosisRules)-1]; !last.when(tunnelFacts{}) {
		t.Errorf("the last rule %q does not always hold", last.name)
	}
}
