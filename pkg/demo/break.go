package demo

import (
	"fmt"
	"strings"

	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/peer"
	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

// Break names what the demo breaks on purpose before it applies.
type Break string

const (
	BreakNone    Break = "none"     // nothing: apply reaches ok and saves
	BreakPSK     Break = "psk"      // AWS holds another key for tunnel 2: degraded, rolled back
	BreakAWSDown Break = "aws-down" // both AWS endpoints down: down, rolled back
)

// breaks is the one list of breaks, in the order help and errors name them.
var breaks = []struct {
	name Break
	help string // for the flag: what is broken; empty when nothing is
	// scenario changes the seed before the router boots; nil for none.
	scenario func(*scenario.Scenario)
	sim      []ixsim.Option
}{
	{name: BreakNone},
	{
		name: BreakPSK,
		help: "tunnel 2's key on the AWS side",
		// Only AWS's copy changes: the AWS sample keeps the seed's key, so
		// the router is configured with a key its peer does not hold.
		scenario: func(sc *scenario.Scenario) {
			sc.AWS.Tunnels[1].PSK = "Another.Key_" + sc.AWS.Tunnels[1].PSK[:12]
		},
		// Show the SA under negotiation with its counters, so the diagnosis
		// can name the hash errors (a guess about the IX, see ix-cli.md
		// §10.3; off by default in the simulator).
		sim: []ixsim.Option{ixsim.WithPeerOptions(peer.WithNegotiatingSAs(true))},
	},
	{
		name: BreakAWSDown,
		help: "both AWS endpoints",
		sim:  []ixsim.Option{ixsim.WithAWSDown(0, 1)},
	},
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

// breakOptions applies b to sc and returns the simulator options it needs.
func breakOptions(b Break, sc *scenario.Scenario) ([]ixsim.Option, error) {
	for _, row := range breaks {
		if row.name != b {
			continue
		}
		if row.scenario != nil {
			row.scenario(sc)
		}
		return row.sim, nil
	}
	return nil, &UnknownBreakError{Value: string(b)}
}

// orList joins items as English does: "a", "a or b", "a, b or c".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}
