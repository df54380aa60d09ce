package ixsim

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// captureHead is the IX2215 capture from its first configuration line to
// its first interface: the runs of `!`, timezone, user, ACL, ssh-server and
// device blocks, all of which the simulator accepts.
func captureHead(t *testing.T) (header, body string) {
	t.Helper()
	raw, err := os.ReadFile("../../fixtures/ix/show-running-config/startup-ix2215-preamble.txt")
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	start := strings.Index(text, "! Last updated")
	start += strings.Index(text[start:], "\n") + 1
	end := strings.Index(text, "interface GigaEthernet0.0\n")
	if start <= 0 || end < start {
		t.Fatal("capture layout changed")
	}
	return text[:start], text[start:end]
}

// TestRealShapeReproducesCapture: typed as startup-config, the capture's
// lines come back byte for byte, runs of `!` included (the header's own
// closing `!` is the first of the run the capture shows).
func TestRealShapeReproducesCapture(t *testing.T) {
	_, head := captureHead(t)
	s := newTestSim(t)
	startup := strings.TrimPrefix(head, "!\n") // the header's `!`
	if err := s.boot(startup); err != nil {
		t.Fatal(err)
	}
	body := s.body()
	got, _, ok := strings.Cut(body, "interface GigaEthernet0.0\n")
	if !ok {
		t.Fatalf("no interfaces:\n%s", body)
	}
	if d := cmp.Diff(head, "!\n"+got); d != "" {
		t.Errorf("(-capture +simulator):\n%s", d)
	}
	if !strings.HasSuffix(body, "interface Loopback0.0\n  no ip address\n!\ninterface Null0.0\n  no ip address\n!\n") {
		t.Errorf("Loopback0.0 and Null0.0 are not the last interfaces:\n%s", body)
	}
}

// TestRealShapeCommands: device sub-mode, Loopback and Null, the default
// route and ssh-server, as input and as rendered.
func TestRealShapeCommands(t *testing.T) {
	tests := []changeCase{
		{"vlan group", []string{"device GigaEthernet2", "vlan-group 1 port 1 2 3 4 5 6 7 8"}, change{
			Added: []string{"  vlan-group 1 port 1 2 3 4 5 6 7 8"}}},
		{"vlan group re-entered", []string{"device GigaEthernet2", "vlan-group 1 port 1 2", "vlan-group 1 port 3"}, change{
			Added: []string{"  vlan-group 1 port 3"}}},
		{"vlan group removed", []string{"device GigaEthernet2", "vlan-group 1 port 1 2", "no vlan-group 1"}, change{}},
		{"device shutdown", []string{"device GigaEthernet1", "shutdown"}, change{Added: []string{"  shutdown"}}},
		{"device no shutdown", []string{"device GigaEthernet1", "shutdown", "no shutdown"}, change{}},
		{"ninth port", []string{"device GigaEthernet2", "vlan-group 1 port 9"}, refusal("% 9 -- Invalid command.")},
		{"no such device", []string{"device GigaEthernet3"}, refusal("% GigaEthernet3 -- Invalid command.")},
		{"device is not an interface", []string{"device GigaEthernet0.0"}, refusal("% GigaEthernet0.0 -- Invalid command.")},
		{"loopback address", []string{"interface Loopback0.0", "ip address 10.255.255.1/24"}, change{
			Removed: []string{"  no ip address"}, Added: []string{"  ip address 10.255.255.1/24"}}},
		{"loopback cannot be deleted", []string{"no interface Loopback0.0"}, refusal("% Loopback0.0 -- Invalid command.")},
		{"null cannot be deleted", []string{"no interface Null0.0"}, refusal("% Null0.0 -- Invalid command.")},
		{"second loopback", []string{"interface Loopback1.0"}, refusal("% Loopback1.0 -- Invalid command.")},
		// A second next hop is a second route; either spelling is default.
		{"0.0.0.0/0 is default", []string{"ip route 0.0.0.0/0 192.168.1.254"}, change{
			Added: []string{"ip route default 192.168.1.254"}}},
		{"default re-entered as 0.0.0.0/0", []string{"ip route 0.0.0.0/0 192.168.1.1 5"}, change{
			Removed: []string{"ip route default 192.168.1.1"}, Added: []string{"ip route default 192.168.1.1 5"}}},
		{"no ip route 0.0.0.0/0", []string{"no ip route 0.0.0.0/0"}, change{Removed: []string{"ip route default 192.168.1.1"}}},
		{"no ssh-server", []string{"no ssh-server ip enable"}, change{Removed: []string{"ssh-server ip enable"}}},
	}
	checkChanges(t, tests)
}

func TestDevicePrompt(t *testing.T) {
	_, c := seedConfigured(t)
	c.typeLines("device GigaEthernet2")
	if got := c.prompt(); got != "R10(config-GigaEthernet2)# " {
		t.Errorf("prompt %q", got)
	}
	// Global commands work in the sub-mode, as in every other (§1).
	c.typeLines("interface Loopback0.0")
	if got := c.prompt(); got != "R10(config-Loopback0.0)# " {
		t.Errorf("prompt %q", got)
	}
	c.typeLines("device GigaEthernet0", "exit")
	if got := c.prompt(); got != "R10(config)# " {
		t.Errorf("after exit: prompt %q", got)
	}
}

// TestMinimalConfigOption: the old shape, from the same model.
func TestMinimalConfigOption(t *testing.T) {
	s, _ := seedConfigured(t, WithMinimalConfig())
	body := s.body()
	golden(t, "seed-final.minimal.txt", body)
	for _, absent := range []string{"device ", "Loopback0.0", "Null0.0", "!\n!\n"} {
		if strings.Contains(body, absent) {
			t.Errorf("minimal shape has %q", absent)
		}
	}
	real, _ := seedConfigured(t)
	lines := func(s string) []string {
		return slices.DeleteFunc(strings.Split(s, "\n"), func(l string) bool { return l == "!" })
	}
	// The real shape only adds to the minimal one: the model is shared.
	if removed, _ := diffLines(strings.Join(lines(body), "\n"), strings.Join(lines(real.body()), "\n")); len(removed) != 0 {
		t.Errorf("real shape drops %q", removed)
	}
}

// refusal is a change that printed line and changed nothing.
func refusal(line string) change { return change{Out: []string{line}} }
