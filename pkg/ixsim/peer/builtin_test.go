package peer

import (
	"testing"

	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

// TestBuiltinsCoherent: every built-in scenario's startup configuration
// gives the WAN interface an address that routes to both AWS endpoints, and
// AWS expects IKE from where it will come (the NAT's public address, or the
// WAN address without NAT). Otherwise no configuration could ever bring the
// tunnels up.
func TestBuiltinsCoherent(t *testing.T) {
	for _, name := range scenario.Builtins() {
		t.Run(name, func(t *testing.T) {
			sc, err := scenario.Builtin(name)
			if err != nil {
				t.Fatal(err)
			}
			cfg := readConfig(sc.Router.StartupConfig)
			w := evaluate(cfg, sc, [2]bool{})
			if cfg.hostname != sc.Router.Hostname {
				t.Errorf("startup hostname %q, scenario %q", cfg.hostname, sc.Router.Hostname)
			}
			for _, tn := range sc.AWS.Tunnels {
				if why := w.wanDown(tn.OutsideIP); why != "" {
					t.Errorf("%s: %s", tn.OutsideIP, why)
				}
			}
			src := w.wan.addr.Addr()
			if sc.Router.NAT.Behind() {
				src = sc.Router.NAT.Public()
			}
			if src != sc.AWS.CustomerGateway() {
				t.Errorf("IKE comes from %v, AWS expects %v", src, sc.AWS.CustomerGateway())
			}
		})
	}
}
