package plan

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
)

// TestRollbackBlocks: RollbackFor judges a line together with the lines
// indented under it, grouped by the plan-line format.
func TestRollbackBlocks(t *testing.T) {
	got, err := dialect.Blocks([]string{"a", "b", "  b1", "  b2", "    b2x", "  b3", "c"})
	if err != nil {
		t.Fatal(err)
	}
	want := []dialect.Block{
		{Index: 0, Text: "a"},
		{Index: 1, Text: "b", Children: []dialect.Block{
			{Index: 2, Text: "b1"},
			{Index: 3, Text: "b2", Children: []dialect.Block{{Index: 4, Text: "b2x"}}},
			{Index: 5, Text: "b3"},
		}},
		{Index: 6, Text: "c"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("blocks (-want +got):\n%s", diff)
	}
}

// TestRollbackForPartialPush: only the first half of a plan ran; the
// rollback must remove exactly that half and nothing else, and bring the
// config back to the prior one.
func TestRollbackForPartialPush(t *testing.T) {
	prior := parseRC(t, "hostname R10\n!\nip route default 192.168.1.1\n!\nrouter bgp 65000\n  neighbor 10.0.0.1 remote-as 65001\n!\n")
	commands := []string{
		"ike proposal p encryption aes hash sha group 1024-bit",
		"ip access-list sec-list permit ip src any dest any",
		"router bgp 65000",
		"  neighbor 169.254.123.133 remote-as 64512",
		"  neighbor 169.254.30.57 remote-as 64512",
	}
	p := &Plan{Rollback: []string{
		"router bgp 65000",
		"  no neighbor 169.254.30.57",
		"  no neighbor 169.254.123.133",
		"no ip access-list sec-list permit ip src any dest any",
		"no ike proposal p",
	}}
	for n := 0; n <= len(commands); n++ {
		cur, err := ApplyLines(prior, commands[:n])
		if err != nil {
			t.Fatal(err)
		}
		eff, err := p.RollbackFor(cur)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ApplyLines(cur, eff)
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

// TestRollbackForKeepsEntryLines: a sub-mode line is typed under its entry
// line, and an entry line whose lines change nothing is left out.
func TestRollbackForKeepsEntryLines(t *testing.T) {
	cur := parseRC(t, "router bgp 65000\n  neighbor 10.0.0.1 remote-as 65001\n  neighbor 169.254.30.57 remote-as 64512\n!\ninterface Tunnel0.0\n  ip address 169.254.30.58/30\n!\n")
	p := &Plan{Rollback: []string{
		"interface Tunnel0.0",
		"  no ip address",
		"router bgp 65000",
		"  no neighbor 169.254.123.133",
		"  no neighbor 169.254.30.57",
		"no ike proposal p",
	}}
	got, err := p.RollbackFor(cur)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"interface Tunnel0.0", "  no ip address", "router bgp 65000", "  no neighbor 169.254.30.57"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("RollbackFor (-want +got):\n%s", diff)
	}
}

// TestRollbackForBadLines: lines not in the plan-line format are refused
// before anything is computed, and the error does not show a key.
func TestRollbackForBadLines(t *testing.T) {
	for name, lines := range map[string][]string{
		"odd indent":         {"router bgp 65000", "   no neighbor 10.0.0.1"},
		"indent under none":  {"  no neighbor 10.0.0.1"},
		"tab":                {"router bgp 65000", "\tno neighbor 10.0.0.1"},
		"two levels at once": {"router bgp 65000", "      no network 10.0.0.0/8"},
		"key in a bad line":  {"  ike policy p peer 192.0.2.1 key Secret.Key_0123 p"},
	} {
		t.Run(name, func(t *testing.T) {
			p := &Plan{Rollback: lines}
			got, err := p.RollbackFor(parseRC(t, "hostname R10\n!\n"))
			if err == nil || !strings.HasPrefix(err.Error(), "rollback lines: ") {
				t.Fatalf("RollbackFor = %q, %v; want a rollback-lines error", got, err)
			}
			if strings.Contains(err.Error(), "Secret.Key_0123") {
				t.Errorf("error shows the key: %v", err)
			}
			if got != nil {
				t.Errorf("lines %q returned with the error", got)
			}
		})
	}
}
