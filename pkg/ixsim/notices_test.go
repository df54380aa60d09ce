package ixsim

import (
	"slices"
	"testing"
)

func TestWithNotice(t *testing.T) {
	s := newTestSim(t, WithNotice("hostname", "% Proposal cache flushed."))
	c := testSession(s)
	out := c.typeLines("configure", "hostname R2", "ip route 10.0.0.0/8 192.168.1.1")
	if !slices.Contains(out, "% Proposal cache flushed.") || s.cfg.hostname != "R2" || len(out) != 2 {
		t.Errorf("printed %q, hostname %q", out, s.cfg.hostname)
	}
}
