package ixsim

import (
	"slices"
	"strings"
	"testing"
)

// TestUnmanagedCommands: lines real configurations carry are accepted,
// kept where the IX lists them and removable.
func TestUnmanagedCommands(t *testing.T) {
	s, c := seedConfigured(t)
	before := s.body()
	out := c.typeLines(
		"timezone +08 00",
		"username user01 password plain secret01",
		"username admin2 password hash 0123abcd administrator",
		"ike remote-id ike-policy1 address 34.217.232.61",
		"interface GigaEthernet1.0", "description lan", "ip mtu 1454",
		"interface Tunnel0.0", "ip unnumbered GigaEthernet1.0",
	)
	if want := []string{"% User 'user01' has been added.", "% User 'admin2' has been added."}; !slices.Equal(out, want) {
		t.Errorf("printed %q, want %q", out, want)
	}
	body := s.body()
	for _, want := range []string{
		"hostname R10\n!\n!\n!\ntimezone +08 00\n!\nusername admin password hash 6400f64ae564a396 administrator\nusername user01 password hash ",
		"\nusername admin2 password hash 0123abcd administrator\n!\n!\n",
		"\nike policy ike-policy2 peer 54.69.109.228 key QAElJrXGVeBgHi.U292jVF3eLTATQXMQ ike-prop\nike remote-id ike-policy1 address 34.217.232.61\n!\n",
		"interface GigaEthernet1.0\n  description lan\n  ip address 192.168.2.1/24\n  ip mtu 1454\n",
		"  ip unnumbered GigaEthernet1.0\n",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("running-config lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "secret01") {
		t.Error("plain password shown in running-config")
	}
	if out := c.typeLines("username user01 password plain other"); len(out) != 0 {
		t.Errorf("re-entry printed %q", out)
	}
	c.typeLines("timezone +09 00", "no username user01", "no username admin2", "no ike remote-id ike-policy1",
		"interface GigaEthernet1.0", "no description", "no ip mtu", "interface Tunnel0.0", "no ip unnumbered")
	if got := s.body(); got != before {
		t.Errorf("after removing them:\n%s", got)
	}
	if out := c.typeLines("show clock"); len(out) != 1 || !strings.HasSuffix(out[0], " JST") {
		t.Errorf("show clock: %q", out)
	}
}

// TestVirtualInterfacesAsTargets: a blackhole route to Null0.0 and an
// unnumbered Loopback0.0 are accepted like any other interface.
func TestVirtualInterfacesAsTargets(t *testing.T) {
	s, c := seedConfigured(t)
	if out := c.typeLines("ip route 10.99.0.0/16 Null0.0", "interface Tunnel0.0", "ip unnumbered Loopback0.0"); len(out) != 0 {
		t.Fatalf("printed %q", out)
	}
	body := s.body()
	for _, want := range []string{"ip route 10.99.0.0/16 Null0.0\n", "  ip unnumbered Loopback0.0\n"} {
		if !strings.Contains(body, want) {
			t.Errorf("running-config lacks %q:\n%s", want, body)
		}
	}
}
