package agent

import (
	"errors"
	"fmt"

	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
	"github.com/ixpush/ixpush/pkg/journal"
)

// OutcomeModeLost means another session took configuration mode during the
// apply; ixpush stopped there, rolled nothing back and saved nothing.
const OutcomeModeLost Outcome = "mode-lost"

// modeLost reports whether err is configuration mode taken by another
// session (ixcli.ErrModeLost). Nothing is to be done on that router then:
// every later line would run in operation mode, and a rollback or a
// reconnect that takes the mode back would type over work of someone else
// that ixpush cannot tell from its own.
func modeLost(err error) bool { return errors.Is(err, ixcli.ErrModeLost) }

// ModeLostError is how an apply that lost configuration mode ends: at
// which step, what the router holds as far as ixpush knows, and what to
// run next. It wraps ErrApplyFailed and the ixcli error.
type ModeLostError struct {
	Step   string // "push", "verify", "save"
	Holds  string // what the router holds of ixpush's change
	Backup string // the pre-change backup
	Err    error  // wraps ixcli.ErrModeLost
}

func (e *ModeLostError) Error() string {
	return fmt.Sprintf("another session took configuration mode (%s) at step %s; ixpush typed nothing after that; the router now holds %s (%v)",
		dialect.CmdForceConfig, e.Step, e.Holds, e.Err)
}

func (e *ModeLostError) Unwrap() []error { return []error{ErrApplyFailed, e.Err} }

// stopModeLost ends an apply that lost configuration mode at step: no
// rollback, no save, no further line. It records the outcome and the next
// command (undo to the backup once the other session is done, or look at
// the VPN when ixpush typed nothing) in the result and the journal, and
// prints the error's account on the progress writer too.
func stopModeLost(res *ApplyResult, step string, err error, rec *recorder, o options) error {
	n := 0
	if res.Plan != nil {
		n = len(res.Plan.Commands)
	}
	// The line whose prompt showed the loss ran in operation mode, where
	// the router refuses configuration lines; those before it were taken.
	applied := res.Pushed
	var pe *ixcli.PushError
	if errors.As(err, &pe) {
		applied = pe.Index
	}
	var holds string
	switch {
	case step == "push" && applied == 0:
		holds = "none of ixpush's lines"
	case step == "push":
		holds = fmt.Sprintf("lines 1-%d of the plan's %d, typed by ixpush, not verified, not saved", applied, n)
		if pe != nil && len(pe.SentAfter) > 0 {
			holds += fmt.Sprintf(" (line %d and the %d typed ahead behind it ran in operation mode, where the router refuses configuration lines)", applied+1, len(pe.SentAfter))
		}
	case res.Outcome == OutcomeAlreadyApplied || n == 0:
		holds = "the VPN as it was before this run (ixpush typed no line of it in this run)"
	case step == "save":
		holds = fmt.Sprintf("the plan's %d lines, verified but NOT saved (the router refused write memory outside configuration mode)", n)
	default:
		holds = fmt.Sprintf("the plan's %d lines, typed by ixpush, not verified, not saved", n)
	}
	if pe != nil {
		step = fmt.Sprintf("%s (line %d of %d)", step, pe.Index+1, n)
	}
	typed := n > 0 && !(step == "push" && applied == 0) && res.Outcome != OutcomeAlreadyApplied
	res.Outcome = OutcomeModeLost
	me := &ModeLostError{Step: step, Holds: holds, Backup: res.Backup, Err: err}
	res.Next = &journal.Next{Action: journal.ActionVerify, Why: "ixpush typed none of its lines; see where the VPN stands"}
	if typed && res.Backup != "" {
		res.Next = &journal.Next{Action: journal.ActionRollback, Backup: res.Backup,
			Why: "once the other session is done, undo ixpush's part; if that session was another ixpush apply of this VPN, run ixpush verify instead: the rollback would take its saved change out of running-config"}
	}
	rec.finish(res.Outcome, false, me, res.Next)
	fmt.Fprintf(o.progress, "!!! %v\n", me)
	return me
}
