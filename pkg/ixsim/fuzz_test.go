package ixsim

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// FuzzExecute types one line into a configured router. Whatever the line,
// the router must not panic, a refusal (`% ...` that is not a warning)
// must leave running-config as it was, and running-config must stay valid
// input: booting it gives it back.
func FuzzExecute(f *testing.F) {
	for _, l := range readLines(f, "seed-final.txt") {
		f.Add(l)
	}
	for _, l := range []string{"sow ip route", "i", "no ike proposal ike-prop", "interface Tunnel1.0", "router bgp 65001",
		"ip route default 192.168.1.254 5", "no interface Tunnel0.0", "ike local-id ike-policy1 fqdn x", "show ip bgp summary",
		"ipsec policy tunnel ipsec-map1 out", "no ip access-list sec-list permit ip src any dest any", "hostname a.b-c_d",
		"device GigaEthernet2", "vlan-group 1 port 1 2 3", "interface Loopback0.0", "no interface Null0.0", "no ssh-server ip enable",
		"ip route 0.0.0.0/0 192.168.1.254", "username u password plain p administrator", "no hostname", "no timezone"} {
		f.Add(l)
	}
	s0, _ := seedConfigured(f)
	base := s0.body()
	f.Fuzz(func(t *testing.T, line string) {
		if strings.ContainsAny(line, "\r\n") {
			t.Skip("one line at a time")
		}
		s := newTestSim(t)
		if err := s.boot(base); err != nil {
			t.Fatal(err)
		}
		c := testSession(s)
		c.typeLines("configure")
		out := c.typeLines(line)
		after := s.body()
		// `% User 'x' has been added.` is a notice on valid input (§11).
		refusal := len(out) > 0 && strings.HasPrefix(out[0], "%") && !strings.Contains(out[0], "Warning") && !strings.HasSuffix(out[0], "' has been added.")
		if refusal && !c.isShow && after != base {
			t.Errorf("%q refused with %q but changed running-config", line, out[0])
		}
		s2 := newTestSim(t)
		if err := s2.boot(after); err != nil {
			t.Fatalf("after %q running-config does not boot: %v\n%s", line, err, after)
		}
		if got := s2.body(); got != after {
			t.Errorf("after %q running-config does not boot to itself:\n%s\n---\n%s", line, after, got)
		}
	})
}

// FuzzTerminal feeds raw bytes to the line discipline: lines never carry
// line ends or control characters, and it never panics.
func FuzzTerminal(f *testing.F) {
	for _, s := range []string{"show ip route\r\n", "a\rb\nc\r\n\r\n", "abc\x7f\x7fd\r", "x?y\r", "\x1b[A\x1bOBz\n", "\x1a\x03q\r", strings.Repeat("w", 300) + "\r"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var out bytes.Buffer
		term := newTerminal(bytes.NewReader(in), &out)
		for range len(in) + 1 {
			line, err := term.readLine("R10# ")
			if errors.Is(err, io.EOF) {
				return
			}
			for _, r := range line {
				if r < 0x20 || r == 0x7f {
					t.Fatalf("line %q carries control character %q", line, r)
				}
			}
		}
		t.Fatal("more lines than input bytes")
	})
}
