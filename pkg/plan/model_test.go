package plan

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ixpush/ixpush/pkg/showparse"
)

func TestApplyLines(t *testing.T) {
	base := "hostname R1\nike keepalive p1 10 3\nip access-list a permit ip src any dest any\nip access-list a deny ip src any dest any\n" +
		"interface Tunnel0.0\n  ip address 10.0.0.1/30\n  shutdown\n!\nrouter bgp 65000\n  neighbor 10.0.0.2 remote-as 64512\n  neighbor 10.0.0.2 timers 10 30\n  address-family ipv4 unicast\n    network 10.1.0.0/16\n"
	cases := []struct {
		name  string
		lines []string
		want  string
	}{
		{"re-entry overwrites in place", []string{"ike keepalive p1 20 5"},
			strings.Replace(base, "ike keepalive p1 10 3", "ike keepalive p1 20 5", 1)},
		{"new object appended", []string{"ike nat-traversal"}, base + "ike nat-traversal\n"},
		{"ACL rules are separate objects", []string{"no ip access-list a deny ip src any dest any"},
			strings.Replace(base, "ip access-list a deny ip src any dest any\n", "", 1)},
		{"state lines replace each other", []string{"interface Tunnel0.0", "  no shutdown", "  no ip address"},
			strings.Replace(strings.Replace(base, "  shutdown", "  no shutdown", 1), "  ip address 10.0.0.1/30", "  no ip address", 1)},
		{"no interface removes the block", []string{"no interface Tunnel0.0"},
			strings.Replace(base, "interface Tunnel0.0\n  ip address 10.0.0.1/30\n  shutdown\n!\n", "", 1)},
		{"no neighbor IP removes all its lines", []string{"router bgp 65000", "  no neighbor 10.0.0.2"},
			strings.Replace(base, "  neighbor 10.0.0.2 remote-as 64512\n  neighbor 10.0.0.2 timers 10 30\n", "", 1)},
		{"nested blocks", []string{"router bgp 65000", "  address-family ipv4 unicast", "    network 10.2.0.0/16", "    no network 10.1.0.0/16"},
			strings.Replace(base, "network 10.1.0.0/16", "network 10.2.0.0/16", 1)},
		{"removing something absent does nothing", []string{"no ike policy nothing", "router bgp 65000", "  no neighbor 1.1.1.1"}, base},
		{"every dialect sub-mode is a block", []string{"ikev2 profile p", "  authentication local pre-shared-key", "router ospf 1", "  network 10.0.0.0/8 area 0"},
			base + "ikev2 profile p\n  authentication local pre-shared-key\nrouter ospf 1\n  network 10.0.0.0/8 area 0\n"},
		{"global line after a block is global", []string{"interface Tunnel0.0", "  no shutdown", "ike nat-traversal"},
			strings.Replace(base, "  shutdown", "  no shutdown", 1) + "ike nat-traversal\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := parseRC(t, base)
			snapshot := before.String()
			got, err := ApplyLines(before, tc.lines)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, got.String()); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
			if before.String() != snapshot {
				t.Error("ApplyLines modified its input")
			}
		})
	}
}

func TestApplyLinesErrors(t *testing.T) {
	cases := []struct {
		name  string
		lines []string
		want  string
	}{
		{"indent without block", []string{"  tunnel mode ipsec"}, `line 1: indented line "tunnel mode ipsec" is not under a mode-entry line`},
		{"odd indentation", []string{"interface Tunnel0.0", "   no shutdown"}, "line 2: indentation must be two spaces per level"},
		{"too deep", []string{"interface Tunnel0.0", "    no shutdown"}, `line 2: indented line "no shutdown" is not under a mode-entry line`},
		{"under a removal", []string{"no interface Tunnel0.0", "  no shutdown"}, `line 2: indented line "no shutdown" is not under a mode-entry line`},
		{"key redacted", []string{"  ike policy p peer 1.1.1.1 key Secret123 x"}, `line 1: indented line "ike policy p peer 1.1.1.1 key ******** x" is not under a mode-entry line`},
		{"tab", []string{"interface Tunnel0.0", "\tno shutdown"}, "line 2: indentation must be two spaces per level"},
		{"tab after spaces", []string{"interface Tunnel0.0", "  \tno shutdown"}, "line 2: indentation must be two spaces per level"},
		{"control character", []string{"ike nat-traversal\r"}, "line 1: control character in a line to type"},
		{"invalid UTF-8", []string{"hostname \xff"}, "line 1: control character in a line to type"},
		{"under a global line", []string{"ike keepalive x 1 2", "  bad"}, `line 2: indented line "bad" is not under a mode-entry line`},
		{"after a separator", []string{"interface Tunnel0.0", "!", "  no shutdown"}, `line 3: indented line "no shutdown" is not under a mode-entry line`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ApplyLines(showparse.RunningConfig{}, tc.lines)
			if d := cmp.Diff(tc.want, errString(err)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// FuzzApplyLines: arbitrary typed lines never panic the model, and the
// result always renders to a configuration showparse reads back the same.
func FuzzApplyLines(f *testing.F) {
	f.Add("interface Tunnel0.0\n  no shutdown\nno interface Tunnel0.0\nrouter bgp 1\n  address-family ipv4 unicast\n    network 1.0.0.0/8")
	f.Add("no ike policy x\nike keepalive x 1 2\n  bad")
	f.Fuzz(func(t *testing.T, s string) {
		prior := showparse.RunningConfig{Lines: []*showparse.ConfigLine{{Text: "hostname R1"}}}
		got, err := ApplyLines(prior, strings.Split(s, "\n"))
		if err != nil {
			return
		}
		again, err := ApplyLines(showparse.RunningConfig{}, render(got.Lines, 0, nil))
		if err != nil {
			t.Fatalf("re-applying the rendered result: %v", err)
		}
		if got.String() != again.String() {
			t.Fatalf("re-applying the rendered result changes it:\n%s\n---\n%s", got, again)
		}
	})
}
