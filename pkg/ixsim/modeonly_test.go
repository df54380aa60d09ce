package ixsim

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestConfigOnly: a command made config-only is refused at `#` as the IX
// refuses a config-only show there, and runs in configuration mode; the
// others are untouched.
func TestConfigOnly(t *testing.T) {
	s, err := New(seedScenario(t), WithConfigOnly("show ip route", "show interfaces"))
	if err != nil {
		t.Fatal(err)
	}
	c := &cli{sim: s, admin: true, mode: modeExec}
	for cmd, want := range map[string]string{
		"show ip route":             "% ip -- Invalid command.",
		"show interfaces Tunnel0.0": "% interfaces -- Invalid command.",
		"show interfaces":           "% interfaces -- Invalid command.",
	} {
		c.execute(cmd)
		if diff := cmp.Diff([]string{want}, c.out); diff != "" {
			t.Errorf("%s at #: (-want +got):\n%s", cmd, diff)
		}
	}
	c.execute("show version")
	if len(c.out) < 2 {
		t.Errorf("show version at #: %q", c.out)
	}
	c.mode = modeConfig
	c.execute("show ip route")
	if len(c.out) < 2 || c.out[0] == "% ip -- Invalid command." {
		t.Errorf("show ip route in config mode: %q", c.out)
	}
}

func TestFixedWords(t *testing.T) {
	for pattern, want := range map[string][]string{
		"show interfaces [<if:anyif>]": {"show", "interfaces"},
		"show ip route":                {"show", "ip", "route"},
		"configure [terminal]":         {"configure"},
	} {
		if diff := cmp.Diff(want, fixedWords(pattern)); diff != "" {
			t.Errorf("fixedWords(%q) (-want +got):\n%s", pattern, diff)
		}
	}
}
