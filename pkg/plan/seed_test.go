package plan

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// seedFinal is the seed write-up's final configuration as the router would
// print it, without its `no ipsec local-id/remote-id` lines (removals that
// need no counterpart).
func seedFinal(t *testing.T) []string {
	t.Helper()
	c := loadRunning(t, filepath.Join(ixDir, "show-running-config/seed-flat.txt"))
	c.Lines = slices.DeleteFunc(c.Lines, func(l *showparse.ConfigLine) bool { return strings.HasPrefix(l.Text, "no ipsec ") })
	return render(c.Lines, 0, nil)
}

// TestSeedLineForLine: the seed's values with --nat off --dpd off give the
// seed's final configuration line for line; with defaults, that plus DPD and
// NAT-T; with the default name prefix, the same with prefixed names.
func TestSeedLineForLine(t *testing.T) {
	want := seedFinal(t)
	for _, in := range []string{"seed-cisco.txt", "seed.yaml"} {
		conn := loadConn(t, in)
		t.Run(in+"/nat-off-dpd-off", func(t *testing.T) {
			p, err := New(conn, showparse.RunningConfig{}, WithLAN(lan), WithVPC(vpc), WithWANIP(wanIP), WithNAT(NATOff), WithoutDPD(), WithNamePrefix(""))
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(want, p.Desired); d != "" {
				t.Errorf("Desired differs from the seed (-seed +plan):\n%s", d)
			}
		})
		t.Run(in+"/defaults", func(t *testing.T) {
			p, err := New(conn, showparse.RunningConfig{}, WithLAN(lan), WithVPC(vpc), WithWANIP(wanIP), WithNamePrefix(""))
			if err != nil {
				t.Fatal(err)
			}
			withExtras := slices.Insert(slices.Clone(want), 3,
				"ike keepalive ike-policy1 10 3", "ike keepalive ike-policy2 10 3", "ike nat-traversal")
			if d := cmp.Diff(withExtras, p.Desired); d != "" {
				t.Errorf("Desired (-want +plan):\n%s", d)
			}
		})
		t.Run(in+"/default-names", func(t *testing.T) {
			p, err := New(conn, showparse.RunningConfig{}, WithLAN(lan), WithWANIP(wanIP), WithNAT(NATOff), WithoutDPD())
			if err != nil {
				t.Fatal(err)
			}
			r := strings.NewReplacer("ike-prop", "aws-ike-prop", "ike-policy", "aws-ike-policy", "sec-list", "aws-sec-list",
				"ipsec-prop", "aws-ipsec-prop", "ipsec-map", "aws-ipsec-map")
			if d := cmp.Diff(mapLines(want, r.Replace), p.Desired); d != "" {
				t.Errorf("Desired (-want +plan):\n%s", d)
			}
		})
	}
}

// TestSeedRouterIdempotent: planning the seed's connection on the seed's
// router gives nothing to type and nothing to roll back.
func TestSeedRouterIdempotent(t *testing.T) {
	for _, f := range []string{"indented.txt", "indented-crlf-echo.txt", "seed-flat.txt"} {
		t.Run(f, func(t *testing.T) {
			prior := loadRunning(t, filepath.Join(ixDir, "show-running-config", f))
			p, err := New(loadConn(t, "seed.yaml"), prior, WithLAN(lan), WithWANIP(wanIP), WithNAT(NATOff), WithoutDPD(), WithNamePrefix(""))
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff([][]string{{}, {}}, [][]string{p.Commands, p.Rollback}); d != "" {
				t.Errorf("commands/rollback (-want +got):\n%s", d)
			}
			if err := p.CheckRestored(prior); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestCheckManagedCoversUntouchedSections: on the seed's router the plan
// touches nothing, so CheckRestored cannot see a managed line that changed;
// CheckManaged does.
func TestCheckManagedCoversUntouchedSections(t *testing.T) {
	prior := loadRunning(t, filepath.Join(ixDir, "show-running-config", "indented.txt"))
	p, err := New(loadConn(t, "seed.yaml"), prior, WithLAN(lan), WithWANIP(wanIP), WithNAT(NATOff), WithoutDPD(), WithNamePrefix(""))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.CheckManaged(prior); err != nil {
		t.Errorf("unchanged router: %v", err)
	}
	changed, err := ApplyLines(prior, []string{"router bgp 65000", "  neighbor 169.254.30.57 timers 20 60"})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.CheckRestored(changed); err != nil {
		t.Errorf("CheckRestored looks beyond the touched sections: %v", err)
	}
	if err := p.CheckManaged(changed); !errors.Is(err, ErrNotRestored) || !strings.Contains(err.Error(), "router bgp 65000") {
		t.Errorf("CheckManaged = %v, want the BGP section named", err)
	}
}
