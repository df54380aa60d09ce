package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/journal"
)

func utc(t time.Time) string { return t.UTC().Format(time.DateTime + " UTC") }

// confirmVerdict is apply's line for a change left awaiting confirmation.
func confirmVerdict(res *agent.ApplyResult) string {
	return fmt.Sprintf("applied: %d lines pushed, NOT saved: awaiting confirmation until %s (a reload reverts it too)", res.Pushed, utc(res.Confirm.Deadline))
}

// writeConfirm adds the confirm-or-revert state to a status: the pending
// confirmation and its deadline, how it ended, and what guard found — a
// revert that is due and not done, the count of failed checks.
func writeConfirm(b *strings.Builder, e *journal.Entry, site string) {
	if c := e.Confirm; c != nil {
		switch {
		case e.ConfirmPending():
			fmt.Fprintf(b, "  confirm  PENDING until %s (applied by %s): %s saves it; past the deadline %s reverts it\n",
				utc(c.Deadline), c.By, NextCommand(journal.Next{Action: journal.ActionConfirm}, site), NextCommand(journal.Next{Action: journal.ActionGuard}, site))
		case c.State == journal.ConfirmPending:
			fmt.Fprintf(b, "  confirm  saved by a later apply (deadline was %s)\n", utc(c.Deadline))
		default:
			fmt.Fprintf(b, "  confirm  %s at %s (deadline %s)\n", c.State, utc(c.At), utc(c.Deadline))
		}
	}
	g := e.Guard
	if g == nil {
		return
	}
	switch {
	case g.Revert != "":
		fmt.Fprintf(b, "  guard    REVERT DUE, not completed: %s; the next %s retries it\n", g.Revert, NextCommand(journal.Next{Action: journal.ActionGuard}, site))
	case g.Left != "":
		fmt.Fprintf(b, "  guard    left it: %s\n", g.Left)
	case g.Failures > 0 && e.Outcome == string(agent.OutcomeApplied):
		fmt.Fprintf(b, "  guard    %d consecutive failed check(s)\n", g.Failures)
	}
	if n := len(g.Actions); n > 0 {
		last := g.Actions[n-1]
		fmt.Fprintf(b, "  guarded  last %s %s: %s\n", utc(last.At), last.Action, last.Detail)
	}
}
