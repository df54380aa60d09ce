package ixsim

import (
	"strings"
	"testing"
)

// TestCapturedShows: the shows real sessions use beyond the tool's own are
// accepted with their abbreviations, in the mode ix-cli.md gives them
// (show ip route bgp at `#` like show ip route; the IKE, IPsec and BGP
// ones only in configuration mode), and print their header line.
func TestCapturedShows(t *testing.T) {
	_, c := seedConfigured(t)
	c.mode = modeExec
	for cmd, want := range map[string]string{
		"sh ip route bgp":       "IP Routing Table - ",
		"show ike sa brief":     "% ike -- Invalid command.",
		"show ipsec sa brief":   "% ipsec -- Invalid command.",
		"show ip bgp neighbors": "% bgp -- Invalid command.",
	} {
		if out := c.typeLines(cmd); len(out) == 0 || !strings.HasPrefix(out[0], want) {
			t.Errorf("%s at #: %q, want %q first", cmd, out, want)
		}
	}
	c.mode = modeConfig
	for cmd, want := range map[string][]string{
		"sh ike sa b":                           {"ISAKMP SA - 2 configured, ", "Policy                         Initiator          Responder          Life(secs)"},
		"show ipsec sa brief":                   {"IPsec SA - 2 configured, ", "Policy map                       Dir   Type   SPI          Life(secs/bytes)"},
		"sh ip route bgp":                       {"IP Routing Table - 0 entries, 0 hidden, 2048 frees", "Entries: 0 Connected, 0 Static, 0 RIP, 0 OSPF, 0 BGP"},
		"sh ip bgp nei":                         {"BGP neighbor is 169.254.30.57, remote AS 64512, local AS 65000, external link"},
		"show ip bgp neighbors 169.254.123.133": {"BGP neighbor is 169.254.123.133, remote AS 64512, local AS 65000, external link"},
	} {
		out := c.typeLines(cmd)
		if len(out) < len(want) {
			t.Errorf("%s: %q", cmd, out)
			continue
		}
		for i, w := range want {
			if !strings.HasPrefix(out[i], w) {
				t.Errorf("%s line %d: %q, want %q", cmd, i+1, out[i], w)
			}
		}
	}
	if out := c.typeLines("show ip bgp neighbors 10.0.0.1"); len(out) != 0 {
		t.Errorf("a stranger's neighbours: %q", out)
	}
	if out := c.typeLines("show ip bgp neighbors 10.0.0.999"); len(out) != 1 || out[0] != "% 10.0.0.999 -- Invalid command." {
		t.Errorf("a bad address: %q", out)
	}
}

// TestVersionAfterReload: `show version` counts uptime from the simulator's
// clock and, after `reload`, names the command as the cause.
func TestVersionAfterReload(t *testing.T) {
	s, c := seedConfigured(t)
	has := func(c *cli, want string) bool {
		for _, l := range c.typeLines("show version") {
			if l == want {
				return true
			}
		}
		return false
	}
	if !has(c, "System woke up by reload, caused by power-on") || !has(c, "System uptime is 0 minute") {
		t.Errorf("at boot: %q", c.typeLines("show version"))
	}
	s.reload()
	if c := testSession(s); !has(c, "System woke up by reload, caused by command execution") {
		t.Errorf("after reload: %q", c.typeLines("show version"))
	}
}
