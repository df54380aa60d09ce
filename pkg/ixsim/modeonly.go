package ixsim

import "strings"

// The simulator's own statement of which commands run in operation mode is
// its grammar (buildGrammar: the exec patterns). WithConfigOnly narrows it
// so a tool can be tested against a router that serves less there than
// ix-cli.md reports.

// WithConfigOnly makes the named operation-mode commands (their leading
// words: "show ip route", "show interfaces") config-only: typed at `#`
// they are refused as the IX refuses a config-only show there (`% ip --
// Invalid command.`, ix-cli.md §10.9); in configuration mode they run as
// before.
func WithConfigOnly(commands ...string) Option {
	return func(o *options) { o.configOnly = append(o.configOnly, commands...) }
}

// execGate wraps an operation-mode handler with the WithConfigOnly check.
// pattern is the grammar text the handler is registered under.
func execGate(pattern string, h handler) handler {
	fixed := fixedWords(pattern)
	return func(c *cli, a args) {
		for _, cmd := range c.sim.o.configOnly {
			w := strings.Fields(cmd)
			if len(w) > 0 && len(w) <= len(fixed) && strings.Join(fixed[:len(w)], " ") == strings.Join(w, " ") {
				c.println("%s", errInvalid(refusedWord(w)).line)
				return
			}
		}
		h(c, a)
	}
}

// fixedWords are a grammar pattern's leading literal words ("show
// interfaces [<if:anyif>]" → show, interfaces).
func fixedWords(pattern string) []string {
	var out []string
	for _, w := range strings.Fields(pattern) {
		if strings.ContainsAny(w, "[<{") {
			break
		}
		out = append(out, w)
	}
	return out
}

// refusedWord is the word the IX quotes when it refuses a show in the
// wrong mode: the one after "show" (`% ike -- Invalid command.`).
func refusedWord(w []string) string {
	if len(w) > 1 && w[0] == "show" {
		return w[1]
	}
	return w[0]
}
