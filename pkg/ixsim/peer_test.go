package ixsim

import (
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

// Typing the seed's final configuration into the seed scenario brings both
// tunnels up and learns the VPC prefix.
func TestSeedConfigurationEstablishes(t *testing.T) {
	clk := &fakeClock{now: testNow}
	_, c := seedConfigured(t, WithClock(clk.Now))
	clk.Advance(2 * time.Minute)
	show := func(cmd string) string { return strings.Join(c.typeLines(cmd), "\n") }
	for _, tc := range []struct{ cmd, want string }{
		{"show ike sa", "ISAKMP SA - 2 configured, 2 created"},
		{"show ipsec sa", "IPsec SA - 2 configured, 4 created"},
		{"show ip bgp", "172.31.0.0/16"},
		{"show ip route", "172.31.0.0/16 [20/100] via 169.254.123.133, Tunnel0.0"},
	} {
		if got := show(tc.cmd); !strings.Contains(got, tc.want) {
			t.Errorf("%s: want %q in\n%s", tc.cmd, tc.want, got)
		}
	}
	if got := show("show ike sa"); strings.Count(got, "State is established") != 2 {
		t.Errorf("show ike sa: want two established SAs:\n%s", got)
	}
}
