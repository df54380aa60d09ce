package agent

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/showparse"
)

func mustConfig(t *testing.T, text string) showparse.RunningConfig {
	t.Helper()
	c, err := showparse.ParseRunningConfig(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestUnits(t *testing.T) {
	got := units([]string{"a", "b", "  b1", "  b2", "    b2x", "  b3", "c"})
	want := []unit{
		{line: "a"},
		{line: "b", children: []unit{{line: "  b1"}, {line: "  b2", children: []unit{{line: "    b2x"}}}, {line: "  b3"}}},
		{line: "c"},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(unit{})); diff != "" {
		t.Errorf("units (-want +got):\n%s", diff)
	}
}

// TestEffectiveRollbackPartialPush: only the first half of a plan ran; the
// rollback must remove exactly that half and nothing else, and bring the
// config back to the prior one.
func TestEffectiveRollbackPartialPush(t *testing.T) {
	prior := mustConfig(t, "hostname R10\n!\nip route default 192.168.1.1\n!\nrouter bgp 65000\n  neighbor 10.0.0.1 remote-as 65001\n!\n")
	commands := []string{
		"ike proposal p encryption aes hash sha group 1024-bit",
		"ip access-list sec-list permit ip src any dest any",
		"router bgp 65000",
		"  neighbor 169.254.123.133 remote-as 64512",
		"  neighbor 169.254.30.57 remote-as 64512",
	}
	rollback := []string{
		"router bgp 65000",
		"  no neighbor 169.254.30.57",
		"  no neighbor 169.254.123.133",
		"no ip access-list sec-list permit ip src any dest any",
		"no ike proposal p",
	}
	for n := 0; n <= len(commands); n++ {
		cur, err := plan.ApplyLines(prior, commands[:n])
		if err != nil {
			t.Fatal(err)
		}
		eff, err := effectiveRollback(cur, rollback)
		if err != nil {
			t.Fatal(err)
		}
		back, err := plan.ApplyLines(cur, eff)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(prior.String(), back.String()); diff != "" {
			t.Errorf("after %d commands, rollback %q does not restore (-want +got):\n%s", n, eff, diff)
		}
		// Nothing that was not created is removed.
		if n < 4 && strings.Contains(strings.Join(eff, "\n"), "169.254.123.133") {
			t.Errorf("after %d commands the rollback removes a neighbour never added: %q", n, eff)
		}
		if n == 0 && len(eff) != 0 {
			t.Errorf("nothing was pushed but the rollback is %q", eff)
		}
	}
}
