package ixsim

import "strings"

// noticeFault is one WithNotice: lines printed after a command.
type noticeFault struct {
	prefix string
	lines  []string
}

// WithNotice makes the router print lines after the output of every
// command line that starts with prefix (after the command did its work):
// an unknown `%` notice on valid input, as firmware updates bring new ones
// (ix-cli.md §11 lists the known ones). prefix is compared with the line as
// typed, leading spaces removed.
func WithNotice(prefix string, lines ...string) Option {
	return func(o *options) { o.notices = append(o.notices, noticeFault{prefix: prefix, lines: lines}) }
}

// printNotices prints the WithNotice lines for line (a session's, not a
// startup-config load's).
func (c *cli) printNotices(line string) {
	if c.term == nil {
		return
	}
	for _, n := range c.sim.o.notices {
		if strings.HasPrefix(line, n.prefix) {
			for _, l := range n.lines {
				c.println("%s", l)
			}
		}
	}
}

// noticeSetting is Settings.Notice, "PREFIX=LINE".
func noticeSetting(s string) Option {
	prefix, line, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(prefix) == "" || line == "" {
		return func(o *options) { o.badNotice = s }
	}
	return WithNotice(strings.TrimSpace(prefix), line)
}
