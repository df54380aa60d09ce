package agent

import (
	"time"

	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
)

// Stalled-router rows: the router stops answering one session mid-run (it
// executes a line and then prints nothing more, the connection open) for
// longer than the command timeout. The run must end within a bound, at a
// consistent state, and when the stall is gone (it is one session's) the
// command it names converges.

// stallCommandTimeout is the command timeout of the stall rows, short so
// that a stall costs the matrix little; the configuration shows and write
// memory get ixcli.SlowCommandFactor times it.
const stallCommandTimeout = 300 * time.Millisecond

// stallBound is what a stalled run may take: the stalled reply (at most a
// slow command's timeout), the prompts still owed for the lines typed
// ahead of it (a command timeout each), closing the wedged session, a
// reconnect, and the undo sequence or the read-back after write memory,
// with room for a loaded machine. Without the command timeout the run
// would wait for the whole apply's deadline (the health wait plus
// ApplyTimeoutMargin) or, for a restore, rollbackTimeout.
const stallBound = 4*ixcli.SlowCommandFactor*stallCommandTimeout + 4*time.Second

// owedOnceBound is the bound of the row that stalls the first pushed line,
// which the first stanza's other 9 lines ride behind: the stalled reply,
// the owed prompts of those 10 lines waited for once, and 1.5 s for the
// reconnect and the undo sequence.
const owedOnceBound = stallCommandTimeout + 10*stallCommandTimeout + 1500*time.Millisecond

// stallNext makes the router stop answering after the next counted command
// it executes, or the next time it executes line.
func stallNext(line string) action {
	return func(p *pointRun) bool {
		p.router.Sim.StallNext(line)
		return false
	}
}

// stallPoints are the stall rows: at entering config mode, the backup
// read, the first, a middle and the last pushed line, a verify poll, write
// memory, the logout, and a Restore's config mode entry, its first, a later
// inverse line and its proof read. "stall at X" stalls X itself: the
// trigger is the step before it, or, where no line of the session precedes
// X, the stall is armed with the run.
func stallPoints(apply, restore []step) (points []faultPoint, missing []string) {
	stall := func(name string, pt faultPoint) {
		pt.name = "stall at " + name
		pt.cliOpts = []ixcli.Option{ixcli.WithCommandTimeout(stallCommandTimeout)}
		if pt.bound == 0 {
			pt.bound = stallBound
		}
		points = append(points, pt)
	}
	before := func(steps []step, label string) *trigger {
		for i, s := range steps {
			if s.label == label && i > 0 {
				prev := steps[i-1]
				return &trigger{prev.line, prev.occ, stallNext("")}
			}
		}
		missing = append(missing, label)
		return nil
	}
	stall("pre: configure", faultPoint{onArm: stallNext(dialect.CmdConfigure)})
	stall("pre: show running-config (the backup)", faultPoint{onArm: stallNext(dialect.ShowRunningConfig.Command)})
	for _, label := range []string{"push 1/29", "push 15/29", "push 29/29", "poll 1: show ike sa", "poll 4: show ip bgp", "close: exit"} {
		pt := faultPoint{at: before(apply, label)}
		if label == "push 1/29" {
			pt.bound = owedOnceBound
		}
		stall(label, pt)
	}
	stall("save: write memory", faultPoint{onArm: stallNext(dialect.CmdSave)})
	stall("restore 1/20: configure", faultPoint{restore: true, onArm: stallNext(dialect.CmdConfigure)})
	for _, label := range []string{"restore 5/20: no interface Tunnel1.0", "restore 12/20: no ike keepalive aws-ike-policy2", "restore 18/20: show running-config"} {
		stall(label, faultPoint{restore: true, at: before(restore, label)})
	}
	return points, missing
}
