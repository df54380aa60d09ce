package ixsim

import (
	"fmt"
	"strings"
	"time"
)

// startupCapacity is the configuration memory an IX2215 10.11.6 reports
// (`Using 2539 out of 1048576 bytes`, ix-cli.md §11 [R CT]); the same for
// every model here [G].
const startupCapacity = 1048576

// WithPlainStartup prints `show startup-config` with running-config's
// header, without the storage line and `! Last updated`: the simulator's old
// rendering, which no capture shows.
func WithPlainStartup() Option { return func(o *options) { o.plainStartup = true } }

// startupText is `show startup-config`: the storage line, then the header
// with `! Last updated` (when it was last saved) in place of the current
// time, as the IX2215 capture has it.
func (s *Sim) startupText() string {
	if s.o.plainStartup {
		return s.header().String() + s.startup
	}
	h := s.header()
	var b strings.Builder
	fmt.Fprintf(&b, "! NEC Portable Internetwork Core Operating System Software\n"+
		"! IX Series %s (magellan-sec) Software, Version %s, %s\n"+
		"! Compiled %s\n"+
		"! Last updated %s\n"+
		"!\n", h.model, h.firmware, h.release(), h.compiled, jstStamp(s.savedAt))
	b.WriteString(s.startup)
	return fmt.Sprintf("Using %d out of %d bytes\n\n", b.Len(), startupCapacity) + b.String()
}

func jstStamp(t time.Time) string { return t.In(jst).Format("Jan 02-Mon-2006 15:04:05 MST") }
