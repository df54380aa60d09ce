package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ixpush/ixpush/pkg/journal"
)

// WriteStatus prints a router's change journal: the last change, how far
// it got and how it ended, the steps it did not reach, its backup, and the
// exact command to finish or undo it (site is the argument the user gave).
func WriteStatus(w io.Writer, e *journal.Entry, site string) error {
	var b strings.Builder
	state := "finished: " + e.Outcome
	if e.Step != journal.StepDone {
		state = "UNFINISHED: stopped at step " + string(e.Step) + " (the run died)"
	} else if e.Pending() {
		state = "finished: " + e.Outcome + " — the router may hold part of the change"
	}
	fmt.Fprintf(&b, "router %s: last change %s, %s\n", e.Router, e.Op, state)
	fmt.Fprintf(&b, "  started  %s by pid %d%s\n", e.Started().UTC().Format(time.DateTime+" UTC"), e.PID, onHost(e.Host))
	var marks []string
	for _, m := range e.Steps {
		marks = append(marks, fmt.Sprintf("%s %s", m.Step, m.At.UTC().Format(time.TimeOnly)))
	}
	fmt.Fprintf(&b, "  steps    %s\n", strings.Join(marks, ", "))
	if pending := pendingSteps(e); len(pending) > 0 {
		fmt.Fprintf(&b, "  pending  %s\n", strings.Join(pending, ", "))
	}
	if e.Connection.VPNConnectionID != "" {
		fmt.Fprintf(&b, "  vpn      %s (%d lines, %d to undo)\n", e.Connection.VPNConnectionID, len(e.Commands), len(e.Rollback))
	}
	saved := "no"
	if e.Saved {
		saved = "yes"
	}
	fmt.Fprintf(&b, "  saved    %s\n", saved)
	if e.Error != "" {
		fmt.Fprintf(&b, "  error    %s\n", e.Error)
	}
	fmt.Fprintf(&b, "  backup   %s\n", e.Backup)
	writeConfirm(&b, e, site)
	if n := e.NextStep(); n != nil {
		reason := why(n.Why)
		if e.Next == nil { // the run died: apply would undo it too
			reason = " (or ixpush apply: it undoes this first)"
		}
		fmt.Fprintf(&b, "  next     %s%s\n", NextCommand(*n, site), reason)
	}
	if undone := e.Outcome == "rolled-back" || e.Outcome == "restored"; !undone && !e.Pending() {
		fmt.Fprintf(&b, "  undo     %s\n", NextCommand(journal.Next{Action: journal.ActionRollback, Backup: e.Backup}, site))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func why(s string) string {
	if s == "" {
		return ""
	}
	return " — " + s
}

func onHost(h string) string {
	if h == "" {
		return ""
	}
	return " on " + h
}

// pendingSteps are the steps an unfinished change has still to run.
func pendingSteps(e *journal.Entry) []string {
	var order []journal.Step
	switch {
	case e.Step == journal.StepDone:
		return nil
	case e.Op == journal.OpRollback || e.Step == journal.StepRollingBack:
		order = []journal.Step{journal.StepRollingBack, journal.StepDone}
	default:
		order = []journal.Step{journal.StepPushing, journal.StepVerifying, journal.StepSaving, journal.StepDone}
	}
	for i, s := range order {
		if s == e.Step {
			var out []string
			for _, p := range order[i:] {
				out = append(out, string(p))
			}
			return out
		}
	}
	return nil
}
