package health

import (
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A VPC prefix inside a learned aggregate is covered, not missing; one
// outside every announcement is missing, and the diagnosis lists what AWS
// does announce.
func TestJudgePrefixes(t *testing.T) {
	seed := seedObservation(t) // AWS announces 172.31.0.0/16; the IX lists the best path only
	tests := []struct {
		name    string
		vpc     []string
		want    []PrefixReport
		status  Status
		summary string
	}{
		{
			name:    "exact",
			vpc:     []string{"172.31.0.0/16"},
			want:    []PrefixReport{{Prefix: netip.MustParsePrefix("172.31.0.0/16"), Learned: known(true), Via: []string{"169.254.123.133"}, Best: "169.254.123.133"}},
			status:  OK,
			summary: "ok: IKE 2/2, IPsec 2/2, BGP 2/2, 172.31.0.0/16 learned",
		},
		{
			name:    "subnet of the aggregate",
			vpc:     []string{"172.31.1.0/24"},
			want:    []PrefixReport{{Prefix: netip.MustParsePrefix("172.31.1.0/24"), Learned: known(true), Via: []string{"169.254.123.133"}, Best: "169.254.123.133", CoveredBy: "172.31.0.0/16"}},
			status:  OK,
			summary: "ok: IKE 2/2, IPsec 2/2, BGP 2/2, 172.31.1.0/24 covered by 172.31.0.0/16",
		},
		{
			name: "not announced",
			vpc:  []string{"10.20.0.0/16"},
			want: []PrefixReport{{Prefix: netip.MustParsePrefix("10.20.0.0/16"), Learned: known(false),
				Diagnosis: "10.20.0.0/16 is not advertised by AWS over the established neighbours (AWS announces 172.31.0.0/16): check the VPC CIDR given for the site (--vpc, vpc:) and that the VPC's route table propagates from the virtual private gateway"}},
			status:  Down,
			summary: "down: IKE 2/2, IPsec 2/2, BGP 2/2, 10.20.0.0/16 NOT learned",
		},
		{
			// A supernet of what AWS announces is not covered by it.
			name: "wider than the announcement",
			vpc:  []string{"172.16.0.0/12"},
			want: []PrefixReport{{Prefix: netip.MustParsePrefix("172.16.0.0/12"), Learned: known(false),
				Diagnosis: "172.16.0.0/12 is not advertised by AWS over the established neighbours (AWS announces 172.31.0.0/16): check the VPC CIDR given for the site (--vpc, vpc:) and that the VPC's route table propagates from the virtual private gateway"}},
			status:  Down,
			summary: "down: IKE 2/2, IPsec 2/2, BGP 2/2, 172.16.0.0/12 NOT learned",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exp := seedExpectation
			exp.VPC = nil
			for _, v := range tt.vpc {
				exp.VPC = append(exp.VPC, netip.MustParsePrefix(v))
			}
			r := Judge(exp, seed)
			if diff := cmp.Diff(tt.want, r.Prefixes, cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })); diff != "" {
				t.Errorf("prefixes (-want +got):\n%s", diff)
			}
			if r.Status != tt.status || r.Summary != tt.summary {
				t.Errorf("verdict %s %q, want %s %q", r.Status, r.Summary, tt.status, tt.summary)
			}
		})
	}
}
