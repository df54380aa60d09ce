package health

import (
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ixpush/ixpush/pkg/showparse"
)

// seedExpectation is the seed's site: two tunnels to AWS, VPC 172.31.0.0/16.
var seedExpectation = Expectation{
	Tunnels: []Tunnel{
		{Interface: "Tunnel0.0", AWSOutsideIP: netip.MustParseAddr("34.217.232.61"), Neighbor: netip.MustParseAddr("169.254.123.133"), InsideIP: netip.MustParseAddr("169.254.123.134"), AmazonASN: 64512},
		{Interface: "Tunnel1.0", AWSOutsideIP: netip.MustParseAddr("54.69.109.228"), Neighbor: netip.MustParseAddr("169.254.30.57"), InsideIP: netip.MustParseAddr("169.254.30.58"), AmazonASN: 64512},
	},
	VPC: []netip.Prefix{netip.MustParsePrefix("172.31.0.0/16")},
}

func fixture[T any](t *testing.T, parse func(*os.File) (T, error), rel string) T {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "fixtures", "ix", rel))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := parse(f)
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return v
}

func seedObservation(t *testing.T) Observation {
	return Observation{
		IKE:   fixture(t, func(f *os.File) (showparse.IKESAs, error) { return showparse.ParseIKESAs(f) }, "show-ike-sa/seed.txt"),
		IPsec: fixture(t, func(f *os.File) (showparse.IPsecSAs, error) { return showparse.ParseIPsecSAs(f) }, "show-ipsec-sa/seed.txt"),
		BGP:   fixture(t, func(f *os.File) (showparse.BGPTable, error) { return showparse.ParseBGPTable(f) }, "show-ip-bgp/seed.txt"),
		Summary: &showparse.BGPSummary{RouterID: "192.168.2.1", LocalAS: 65000, Neighbors: []showparse.BGPNeighbor{
			{Address: "169.254.123.133", Version: 4, RemoteAS: 64512, State: "ESTABLISHED"},
			{Address: "169.254.30.57", Version: 4, RemoteAS: 64512, State: "ESTABLISHED"},
		}},
	}
}

// row is the part of a TunnelReport the cases assert on, besides the
// diagnosis text which is checked by substring.
type row struct {
	IKE             showparse.IKEState
	In, Out, Routes int
	BGP             showparse.BGPState
	Up              bool
}

func rows(r Report) []row {
	var out []row
	for _, t := range r.Tunnels {
		out = append(out, row{deref(t.IKE), deref(t.IPsecIn), deref(t.IPsecOut), deref(t.BestPaths), bgpText(t.BGP), t.IsUp()})
	}
	return out
}

func TestJudge(t *testing.T) {
	seed := seedObservation(t)
	upRow0 := row{"established", 1, 1, 1, "ESTABLISHED", true}
	tests := []struct {
		name      string
		exp       Expectation
		obs       func(o Observation) Observation
		want      Status
		wantRows  []row
		wantDiags []string // substrings, tunnel diagnoses then prefix diagnoses, "" for none
		summary   string
	}{
		{
			name:     "seed: both tunnels up, VPC learned",
			exp:      seedExpectation,
			obs:      func(o Observation) Observation { return o },
			want:     OK,
			wantRows: []row{upRow0, {"established", 1, 1, 0, "ESTABLISHED", true}},
			summary:  "ok: IKE 2/2, IPsec 2/2, BGP 2/2, 172.31.0.0/16 learned",
		},
		{
			name: "seed without summary: second neighbour unproven",
			exp:  seedExpectation,
			obs: func(o Observation) Observation {
				o.Summary = nil
				return o
			},
			want:      Degraded,
			wantRows:  []row{upRow0, {"established", 1, 1, 0, "unknown", false}},
			wantDiags: []string{"", "IPsec up but BGP to 169.254.30.57 is unknown"},
		},
		{
			name: "PSK mismatch on tunnel 2",
			exp:  seedExpectation,
			obs: func(o Observation) Observation {
				o.IKE.SAs = []showparse.IKESA{o.IKE.SAs[0], {RemoteAddress: "54.69.109.228", State: "negotiating", Ph1HashErr: 4, Ph1Failure: 4}}
				o.IPsec.Tunnels = o.IPsec.Tunnels[:1]
				o.Summary = summary("ESTABLISHED", "IDLE")
				return o
			},
			want:      Degraded,
			wantRows:  []row{upRow0, {"negotiating", 0, 0, 0, "IDLE", false}},
			wantDiags: []string{"", "pre-shared key mismatch suspected with AWS peer 54.69.109.228: 4 phase-1 hash errors"},
			summary:   "degraded: IKE 1/2, IPsec 1/2, BGP 1/2, 172.31.0.0/16 learned",
		},
		{
			name: "both down, no SA shown",
			exp:  seedExpectation,
			obs: func(o Observation) Observation {
				return Observation{Summary: summary("ACTIVE", "IDLE")}
			},
			want:      Down,
			wantRows:  []row{{"none", 0, 0, 0, "ACTIVE", false}, {"none", 0, 0, 0, "IDLE", false}},
			wantDiags: []string{"no IKE SA with AWS peer 34.217.232.61", "no IKE SA with AWS peer 54.69.109.228", "172.31.0.0/16 cannot be learned: no BGP session"},
			summary:   "down: IKE 0/2, IPsec 0/2, BGP 0/2, 172.31.0.0/16 NOT learned",
		},
		{
			name: "no answer from AWS (timeouts)",
			exp:  seedExpectation,
			obs: func(o Observation) Observation {
				return Observation{IKE: showparse.IKESAs{Configured: 2, SAs: []showparse.IKESA{
					{RemoteAddress: "34.217.232.61", State: "msg1-sent", Ph1Timeout: 3, Ph1Resend: 9},
					{RemoteAddress: "54.69.109.228", State: "msg1-sent", Ph1Timeout: 3, Ph1Resend: 9},
				}}, Summary: summary("IDLE", "IDLE")}
			},
			want:      Down,
			wantRows:  []row{{"msg1-sent", 0, 0, 0, "IDLE", false}, {"msg1-sent", 0, 0, 0, "IDLE", false}},
			wantDiags: []string{"no answer from AWS peer 34.217.232.61 (3 phase-1 timeouts, 9 resends)", "no answer from AWS peer 54.69.109.228", "cannot be learned"},
		},
		{
			name: "proposal rejected",
			exp:  seedExpectation,
			obs: func(o Observation) Observation {
				o.IKE.SAs[1] = showparse.IKESA{RemoteAddress: "54.69.109.228", State: "negotiating", Ph1Failure: 2}
				o.IPsec.Tunnels = o.IPsec.Tunnels[:1]
				o.Summary = summary("ESTABLISHED", "IDLE")
				return o
			},
			want:      Degraded,
			wantRows:  []row{upRow0, {"negotiating", 0, 0, 0, "IDLE", false}},
			wantDiags: []string{"", "phase-1 proposal rejected by AWS peer 54.69.109.228 (2 failures)"},
		},
		{
			name: "IKE up, no IPsec SA, phase 2 failures",
			exp:  seedExpectation,
			obs: func(o Observation) Observation {
				o.IKE.SAs[1].Ph2Failure = 3
				o.IPsec.Tunnels = o.IPsec.Tunnels[:1]
				o.Summary = summary("ESTABLISHED", "IDLE")
				return o
			},
			want:      Degraded,
			wantRows:  []row{upRow0, {"established", 0, 0, 0, "IDLE", false}},
			wantDiags: []string{"", "phase 2 rejected by 54.69.109.228 (3 failures)"},
		},
		{
			name: "IKE up, tunnel not bound",
			exp:  seedExpectation,
			obs: func(o Observation) Observation {
				o.IPsec.Tunnels = o.IPsec.Tunnels[:1]
				o.Summary = summary("ESTABLISHED", "IDLE")
				return o
			},
			want:      Degraded,
			wantRows:  []row{upRow0, {"established", 0, 0, 0, "IDLE", false}},
			wantDiags: []string{"", "no IPsec SA pair on Tunnel1.0"},
		},
		{
			name: "IPsec up, BGP with the wrong remote-as",
			exp:  seedExpectation,
			obs: func(o Observation) Observation {
				o.Summary = summary("ESTABLISHED", "ACTIVE")
				o.Summary.Neighbors[1].RemoteAS = 64513
				return o
			},
			want:      Degraded,
			wantRows:  []row{upRow0, {"established", 1, 1, 0, "ACTIVE", false}},
			wantDiags: []string{"", "configured with remote-as 64513, AWS uses 64512"},
		},
		{
			name: "IPsec up, neighbour missing from BGP",
			exp:  seedExpectation,
			obs: func(o Observation) Observation {
				o.Summary = summary("ESTABLISHED")
				return o
			},
			want:      Degraded,
			wantRows:  []row{upRow0, {"established", 1, 1, 0, "not configured", false}},
			wantDiags: []string{"", "add `neighbor 169.254.30.57 remote-as 64512`"},
		},
		{
			name: "all up but the VPC prefix is not advertised",
			exp:  seedExpectation,
			obs: func(o Observation) Observation {
				o.BGP.Routes = o.BGP.Routes[1:] // only the local LAN
				return o
			},
			want:      Down,
			wantRows:  []row{{"established", 1, 1, 0, "ESTABLISHED", true}, {"established", 1, 1, 0, "ESTABLISHED", true}},
			wantDiags: []string{"", "", "172.31.0.0/16 is not advertised by AWS"},
		},
		{
			name:     "no VPC listed: any AWS prefix will do",
			exp:      Expectation{Tunnels: seedExpectation.Tunnels},
			obs:      func(o Observation) Observation { return o },
			want:     OK,
			wantRows: []row{upRow0, {"established", 1, 1, 0, "ESTABLISHED", true}},
			summary:  "ok: IKE 2/2, IPsec 2/2, BGP 2/2, learned 172.31.0.0/16",
		},
		{
			name: "no VPC listed and nothing learned",
			exp:  Expectation{Tunnels: seedExpectation.Tunnels},
			obs: func(o Observation) Observation {
				o.BGP.Routes = o.BGP.Routes[1:]
				return o
			},
			want:     Down,
			wantRows: []row{{"established", 1, 1, 0, "ESTABLISHED", true}, {"established", 1, 1, 0, "ESTABLISHED", true}},
			summary:  "down: IKE 2/2, IPsec 2/2, BGP 2/2, no prefix learned from AWS",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Judge(tt.exp, tt.obs(deepCopy(seed)))
			if got.Status != tt.want {
				t.Errorf("status = %v, want %v (%s)", got.Status, tt.want, got.Summary)
			}
			if diff := cmp.Diff(tt.wantRows, rows(got)); diff != "" {
				t.Errorf("tunnel rows (-want +got):\n%s", diff)
			}
			var diags []string
			for _, tr := range got.Tunnels {
				diags = append(diags, tr.Diagnosis)
			}
			for _, p := range got.Prefixes {
				diags = append(diags, p.Diagnosis)
			}
			for i, want := range tt.wantDiags {
				if i >= len(diags) {
					t.Fatalf("diagnosis %d missing, want %q", i, want)
				}
				if (want == "") != (diags[i] == "") || !strings.Contains(diags[i], want) {
					t.Errorf("diagnosis %d = %q, want it to contain %q", i, diags[i], want)
				}
			}
			if tt.summary != "" && got.Summary != tt.summary {
				t.Errorf("summary = %q, want %q", got.Summary, tt.summary)
			}
		})
	}
}

// summary builds a `show ip bgp summary` with the seed's neighbours in the
// given states (fewer states, fewer neighbours).
func summary(states ...showparse.BGPState) *showparse.BGPSummary {
	addrs := []string{"169.254.123.133", "169.254.30.57"}
	s := &showparse.BGPSummary{RouterID: "192.168.2.1", LocalAS: 65000}
	for i, st := range states {
		s.Neighbors = append(s.Neighbors, showparse.BGPNeighbor{Address: addrs[i], Version: 4, RemoteAS: 64512, State: st})
	}
	return s
}

// deepCopy keeps cases from mutating the shared seed observation.
func deepCopy(o Observation) Observation {
	c := o
	c.IKE.SAs = append([]showparse.IKESA(nil), o.IKE.SAs...)
	c.IPsec.Tunnels = append([]showparse.IPsecTunnel(nil), o.IPsec.Tunnels...)
	c.BGP.Routes = append([]showparse.BGPRoute(nil), o.BGP.Routes...)
	if o.Summary != nil {
		s := *o.Summary
		s.Neighbors = append([]showparse.BGPNeighbor(nil), o.Summary.Neighbors...)
		c.Summary = &s
	}
	return c
}

func TestStatus(t *testing.T) {
	for _, tt := range []struct {
		s, req Status
		want   bool
	}{
		{OK, OK, true}, {Degraded, OK, false}, {Degraded, Degraded, true}, {OK, Degraded, true},
		{Down, Degraded, false}, {Unknown, Down, false},
	} {
		if got := tt.s.AtLeast(tt.req); got != tt.want {
			t.Errorf("%v.AtLeast(%v) = %v", tt.s, tt.req, got)
		}
	}
	for _, n := range []string{"ok", "degraded", "down", "unknown"} {
		s, err := ParseStatus(n)
		if err != nil || s.String() != n || s.ExitCode() != int(s) {
			t.Errorf("ParseStatus(%q) = %v, %v", n, s, err)
		}
	}
	if _, err := ParseStatus("fine"); err == nil {
		t.Error("ParseStatus accepted an unknown name")
	}
}

func TestWorst(t *testing.T) {
	site := func(s Status) SiteReport { return SiteReport{Report: Report{Status: s}} }
	tests := []struct {
		name     string
		in       []SiteReport
		worst    Status
		unknowns int
	}{
		{"none", nil, OK, 0},
		{"all ok", []SiteReport{site(OK), site(OK)}, OK, 0},
		{"degraded wins over ok", []SiteReport{site(OK), site(Degraded)}, Degraded, 0},
		{"down wins over degraded", []SiteReport{site(Down), site(Degraded)}, Down, 0},
		{"unknowns counted", []SiteReport{site(Unknown), site(OK), site(Unknown)}, Unknown, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, u := Worst(tt.in)
			if w != tt.worst || u != tt.unknowns {
				t.Errorf("Worst = %v, %d; want %v, %d", w, u, tt.worst, tt.unknowns)
			}
		})
	}
}
