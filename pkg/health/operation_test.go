package health

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ixpush/ixpush/pkg/showparse"
)

func seedRoutes(t *testing.T) *showparse.RouteTable {
	rt := fixture(t, func(f *os.File) (showparse.RouteTable, error) { return showparse.ParseRouteTable(f) }, "show-ip-route/seed.txt")
	return &rt
}

func link(name, state string) *showparse.Interface {
	return &showparse.Interface{Name: name, State: state}
}

// opRow is what an operation-mode case asserts per tunnel: nil stays nil.
type opRow struct {
	Link *string
	BGP  *showparse.BGPState
	Up   *bool
}

func TestJudgeOperation(t *testing.T) {
	bothUp := map[string]*showparse.Interface{"Tunnel0.0": link("Tunnel0.0", "up"), "Tunnel1.0": link("Tunnel1.0", "up")}
	noRoutes := &showparse.RouteTable{Routes: []showparse.Route{}}
	est := known(showparse.BGPEstablished)
	tests := []struct {
		name    string
		obs     OperationObservation
		status  Status
		rows    []opRow
		learned *bool
	}{
		{"both interfaces up, VPC routed over tunnel 0",
			OperationObservation{Interfaces: bothUp, Routes: seedRoutes(t)}, OK,
			[]opRow{{known("up"), est, known(true)}, {known("up"), nil, nil}}, known(true)},
		{"tunnel 1 down",
			OperationObservation{Interfaces: map[string]*showparse.Interface{"Tunnel0.0": link("Tunnel0.0", "up"), "Tunnel1.0": link("Tunnel1.0", "down")}, Routes: seedRoutes(t)}, Degraded,
			[]opRow{{known("up"), est, known(true)}, {known("down"), nil, known(false)}}, known(true)},
		{"both down, nothing routed",
			OperationObservation{Interfaces: map[string]*showparse.Interface{"Tunnel0.0": link("Tunnel0.0", "down"), "Tunnel1.0": nil}, Routes: noRoutes}, Down,
			[]opRow{{known("down"), nil, known(false)}, {known(LinkNotConfigured), nil, known(false)}}, known(false)},
		{"show ip route refused: prefixes and verdict unknown",
			OperationObservation{Interfaces: bothUp, Unread: []string{"show ip route"}}, Unknown,
			[]opRow{{known("up"), nil, nil}, {known("up"), nil, nil}}, nil},
		{"show interfaces refused: tunnel 0 proven by its route, tunnel 1 unknown",
			OperationObservation{Routes: seedRoutes(t), Unread: []string{"show interfaces Tunnel0.0", "show interfaces Tunnel1.0"}}, Unknown,
			[]opRow{{nil, est, known(true)}, {nil, nil, nil}}, known(true)},
		{"summary served in operation mode: tunnel 1's neighbour idle",
			OperationObservation{Interfaces: bothUp, Routes: seedRoutes(t), Summary: summary("ESTABLISHED", "IDLE")}, Degraded,
			[]opRow{{known("up"), est, known(true)}, {known("up"), known(showparse.BGPIdle), known(false)}}, known(true)},
		{"line protocol down counts as down",
			OperationObservation{Interfaces: map[string]*showparse.Interface{"Tunnel0.0": link("Tunnel0.0", "up"), "Tunnel1.0": {Name: "Tunnel1.0", State: "up", LineProtocol: "down"}}, Routes: seedRoutes(t)}, Degraded,
			[]opRow{{known("up"), est, known(true)}, {known("down"), nil, known(false)}}, known(true)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := JudgeOperation(seedExpectation, tt.obs)
			if r.Status != tt.status || r.Evidence != EvidenceOperationMode || !r.Partial {
				t.Errorf("status %v, evidence %q, partial %v; want %v, operation-mode, partial (%s)", r.Status, r.Evidence, r.Partial, tt.status, r.Summary)
			}
			var got []opRow
			for _, tr := range r.Tunnels {
				got = append(got, opRow{tr.Link, tr.BGP, tr.Up})
				if tr.IKE != nil || tr.IPsecIn != nil || tr.IPsecOut != nil || tr.BestPaths != nil {
					t.Errorf("%s: config-mode facts set in operation mode: %+v", tr.Interface, tr)
				}
			}
			if diff := cmp.Diff(tt.rows, got); diff != "" {
				t.Errorf("tunnels (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.learned, r.Prefixes[0].Learned); diff != "" {
				t.Errorf("learned (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.obs.Unread, r.Unread); diff != "" {
				t.Errorf("unread (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCovers: an aggregate route holds the VPC prefix; a longer one does
// not.
func TestCovers(t *testing.T) {
	p := seedExpectation.VPC[0]
	for rp, want := range map[string]bool{"172.31.0.0/16": true, "172.0.0.0/8": true, "172.31.1.0/24": false, "10.0.0.0/8": false, "junk": false} {
		if got := covers(rp, p); got != want {
			t.Errorf("covers(%s, %s) = %v", rp, p, got)
		}
	}
}
