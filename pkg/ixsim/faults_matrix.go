package ixsim

import "strings"

// CommandHook is called after the router has executed its n-th non-empty
// command line (numbered as WithDropAfter counts them, across sessions) and
// written its output, before it reads the next line from that session.
// Returning true cuts that session's connection there. line is the text as
// typed, keys in clear (tests only, like Commands).
//
// The hook runs on the session's goroutine, so whatever it does — open a
// second session that takes config mode with svintr-config, take the AWS
// side down — happens exactly between command n and command n+1 of the
// session that typed command n.
type CommandHook func(n int, line string) (drop bool)

// WithCommandHook installs f (see CommandHook). A fault matrix uses it to
// drop the connection, or to let another session steal config mode, at a
// step named by what the router executed rather than by a count fixed in
// advance.
func WithCommandHook(f CommandHook) Option { return func(o *options) { o.commandHook = f } }

// dropAfterCommand reports whether the connection is cut after the n-th
// counted command (0 for a line that is not counted).
func (c *cli) dropAfterCommand(n int, line string) bool {
	if n == 0 {
		return false
	}
	drop := n == c.sim.o.dropAfter
	if h := c.sim.o.commandHook; h != nil && h(n, line) {
		drop = true
	}
	return drop
}

// StallNext makes the router stop answering right after it next executes
// a counted command whose text (trimmed) is line, or any counted command
// when line is "", on whichever session types it: as WithStallAfter, that
// session prints nothing more and executes nothing typed after it until
// the client goes away. It fires once, so a fault matrix can stall one
// step of a run and let the reconnect, or the next run, find a router that
// answers. A second call replaces a stall that has not fired yet.
func (s *Sim) StallNext(line string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	line = strings.TrimSpace(line)
	s.stall = &line
}

// takeStall reports whether the session that just executed line stalls
// there (see StallNext), disarming the stall when it does.
func (s *Sim) takeStall(line string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stall == nil || (*s.stall != "" && *s.stall != strings.TrimSpace(line)) {
		return false
	}
	s.stall = nil
	return true
}
