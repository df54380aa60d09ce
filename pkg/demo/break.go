package demo

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/peer"
	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
	"github.com/ixpush/ixpush/pkg/report"
)

// Break names what the demo breaks on purpose before it applies.
type Break string

const (
	BreakNone    Break = "none"     // nothing: apply reaches ok and saves
	BreakPSK     Break = "psk"      // AWS holds another key for tunnel 2: degraded, rolled back
	BreakAWSDown Break = "aws-down" // both AWS endpoints down: down, rolled back
	BreakDrop    Break = "drop"     // the connection dies mid-push: apply reconnects and rolls back
	BreakKill    Break = "kill"     // ixpush dies mid-push: the next run undoes it, then applies
)

// midPushLine is the pushed line after which the drop and kill breaks
// strike: the second tunnel's interface, more than halfway through the
// seed's 29 lines, so both IKE policies and the first tunnel are typed and
// the second is not.
const midPushLine = "interface Tunnel1.0"

// breaks is the one list of breaks, in the order help and errors name them.
var breaks = []struct {
	name Break
	help string // for the flag: what is broken; empty when nothing is
	// story is what the run shows and how it exits, for the command's
	// help (BreakStories); empty when nothing is broken.
	story string
	// scenario changes the seed before the router boots; nil for none.
	scenario func(*scenario.Scenario)
	// sim is the simulator options for one run; f is that run's fault
	// state (fresh for each Run, as the hooks keep state). Nil for none.
	sim func(f *fault) []ixsim.Option
	// killed: the break kills the first apply (f.kill), and Run applies
	// again with the same state directory, as the next run would.
	killed bool
}{
	{name: BreakNone},
	{
		name: BreakPSK,
		help: "tunnel 2's key on the AWS side",
		story: "gives AWS another pre-shared key for tunnel 2: apply finds one tunnel down " +
			"(degraded), does not accept it, and rolls back. Exit 1, as the real apply.",
		// Only AWS's copy changes: the AWS sample keeps the seed's key, so
		// the router is configured with a key its peer does not hold.
		scenario: func(sc *scenario.Scenario) {
			sc.AWS.Tunnels[1].PSK = "Another.Key_" + sc.AWS.Tunnels[1].PSK[:12]
		},
		// Show the SA under negotiation with its counters, so the diagnosis
		// can name the hash errors (a guess about the IX, see ix-cli.md
		// §10.3; off by default in the simulator).
		sim: func(*fault) []ixsim.Option {
			return []ixsim.Option{ixsim.WithPeerOptions(peer.WithNegotiatingSAs(true))}
		},
	},
	{
		name: BreakAWSDown,
		help: "both AWS endpoints",
		story: "takes the AWS side of both tunnels down: nothing is learned, apply rolls back. " +
			"Exit 1, as the real apply.",
		sim: func(*fault) []ixsim.Option { return []ixsim.Option{ixsim.WithAWSDown(0, 1)} },
	},
	{
		name: BreakDrop,
		help: "the connection, mid-push",
		story: "cuts the connection after the router executed `" + midPushLine + "`: apply " +
			"reconnects once, rolls back what it typed and proves it. Exit 1, as the real " +
			"apply; the output ends with the next command.",
		sim: func(f *fault) []ixsim.Option {
			return []ixsim.Option{ixsim.WithCommandHook(f.once(func() bool { return true }))}
		},
	},
	{
		name: BreakKill,
		help: "ixpush itself, mid-push; a second run recovers",
		story: "kills the apply after the router executed `" + midPushLine + "` (no rollback, " +
			"no journal update, no logout, as kill -9), shows the change journal it left, then " +
			"applies again with the same state directory: that run reports the unfinished " +
			"change, undoes it to its backup, and applies anew. Exit 0 when that second run " +
			"ends applied, saved and verified; otherwise apply's exit 1.",
		// A dead process's socket is closed by the operating system, so
		// the router cuts the session as it kills the run.
		sim: func(f *fault) []ixsim.Option {
			return []ixsim.Option{ixsim.WithCommandHook(f.once(func() bool { f.kill(); return true }))}
		},
		killed: true,
	},
}

// fault is one run's state of a break that strikes mid-push.
type fault struct {
	mu     sync.Mutex
	struck bool
	// cancel is the killed apply's cancel (BreakKill); set before it runs.
	cancel context.CancelFunc
}

// once returns a simulator hook that runs strike the first time the router
// has executed midPushLine, and cuts the session when strike says so.
func (f *fault) once(strike func() bool) ixsim.CommandHook {
	return func(_ int, line string) bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		if f.struck || strings.TrimSpace(line) != midPushLine {
			return false
		}
		f.struck = true
		return strike()
	}
}

// arm makes kill end the apply whose context cancel cancels.
func (f *fault) arm(cancel context.CancelFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cancel = cancel
}

// kill ends the apply as kill -9 would (see agent.WithAbandonOnCancel).
// The caller holds f.mu.
func (f *fault) kill() {
	if f.cancel != nil {
		f.cancel()
	}
}

// hit reports whether the break has struck.
func (f *fault) hit() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.struck
}

// BreakStories describes every break but none for a command's help: one
// paragraph each, "--break NAME STORY", wrapped at width columns.
func BreakStories(width int) string {
	var paras []string
	for _, b := range breaks {
		if b.story != "" {
			paras = append(paras, report.Wrap("--break "+string(b.name)+" "+b.story, width))
		}
	}
	return strings.Join(paras, "\n\n")
}

// UnknownBreakError is ParseBreak's (and Run's) answer to a name that is not
// a Break. Its message leaves naming the flag or field to the caller.
type UnknownBreakError struct{ Value string }

func (e *UnknownBreakError) Error() string {
	names := make([]string, len(breaks))
	for i, b := range breaks {
		names[i] = string(b.name)
	}
	return fmt.Sprintf("%q: want %s", e.Value, orList(names))
}

// ParseBreak returns the Break named s.
func ParseBreak(s string) (Break, error) {
	for _, b := range breaks {
		if string(b.name) == s {
			return b.name, nil
		}
	}
	return "", &UnknownBreakError{Value: s}
}

// BreakHelp lists the breaks with what each one breaks, for a flag's usage
// line: "none, psk (tunnel 2's key on the AWS side) or aws-down (...)".
func BreakHelp() string {
	items := make([]string, len(breaks))
	for i, b := range breaks {
		items[i] = string(b.name)
		if b.help != "" {
			items[i] += " (" + b.help + ")"
		}
	}
	return orList(items)
}

// breakSetup is what a break changes in one run.
type breakSetup struct {
	sim    []ixsim.Option
	fault  *fault
	killed bool
}

// breakOptions applies b to sc and returns the simulator options it needs
// and the run's fault state.
func breakOptions(b Break, sc *scenario.Scenario) (breakSetup, error) {
	for _, row := range breaks {
		if row.name != b {
			continue
		}
		if row.scenario != nil {
			row.scenario(sc)
		}
		s := breakSetup{fault: &fault{}, killed: row.killed}
		if row.sim != nil {
			s.sim = row.sim(s.fault)
		}
		return s, nil
	}
	return breakSetup{}, &UnknownBreakError{Value: string(b)}
}

// orList joins items as English does: "a", "a or b", "a, b or c".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}
