package peer

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

var renderCmds = []string{
	"show ike sa", "show ipsec sa", "show ip bgp", "show ip bgp summary", "show ip route",
	"show ike sa brief", "show ipsec sa brief", "show ip route bgp", "show ip bgp neighbors",
	"show ip bgp neighbors 169.254.30.57", "show interfaces Tunnel0.0", "show interfaces Tunnel1.0", "show interfaces GigaEthernet0.0", "show version",
}

// seedModel is the seed's site running its final configuration, read at the
// seed capture's moment: the router up 22:57, the tunnels for about 10:40.
func seedModel(t *testing.T, opts ...Option) (*Model, time.Time) {
	t.Helper()
	sc := seedScenario(t, func(sc *scenario.Scenario) {
		sc.Timing.IKEUp, sc.Timing.IPsecUp, sc.Timing.BGPUp = 300*time.Millisecond, 200*time.Millisecond, 500*time.Millisecond
	})
	m := New(sc, append([]Option{WithSeed(1), WithBootTime(t0)}, opts...)...)
	m.Update(sc.Router.StartupConfig, t0)
	m.Update(seedFinal(t), t0.Add(12*time.Minute+17*time.Second))
	return m, t0.Add(22*time.Minute + 57*time.Second)
}

func TestSeedGolden(t *testing.T) {
	m, now := seedModel(t)
	for _, cmd := range renderCmds {
		for _, st := range []struct {
			name  string
			style Style
		}{{"indented", Indented}, {"flat", Flat}} {
			t.Run(cmd+"/"+st.name, func(t *testing.T) {
				out, err := m.Render(cmd, now, st.style)
				if err != nil {
					t.Fatal(err)
				}
				name := strings.ReplaceAll(strings.TrimPrefix(cmd, "show "), " ", "-")
				golden(t, filepath.Join("testdata", "seed", name+"."+st.name+".txt"), out)
			})
		}
	}
}

func TestAllBGPPaths(t *testing.T) {
	m, now := seedModel(t, WithAllBGPPaths(true))
	out, err := m.Render("show ip bgp", now, Indented)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, filepath.Join("testdata", "seed", "ip-bgp-all-paths.indented.txt"), out)
}
