package report

import (
	"fmt"
	"io"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/journal"
)

// UnfinishedNote is what verify prints above a site's health table when
// the router's journal holds an unfinished change (agent.ReadUnfinished):
// Change, nil for none, and Site, the site argument the user gave, which
// the next command repeats.
type UnfinishedNote struct {
	Change *agent.Unfinished
	Site   string
}

// WriteUnfinished prints n: a line with what the unfinished change had
// done, and one with the command that undoes or finishes it. Nothing when
// n holds no change.
func WriteUnfinished(w io.Writer, n UnfinishedNote) error {
	switch {
	case n.Change == nil:
		return nil
	case n.Change.RevertDue != "":
		_, err := fmt.Fprintf(w, "!!! a guard decided to revert the last change and has not finished: %s\nnext: %s%s\n\n",
			n.Change.RevertDue, NextCommand(n.Change.Next, n.Site), why(n.Change.Next.Why))
		return err
	case n.Change.Confirm != nil:
		_, err := fmt.Fprintf(w, "!!! the last change awaits confirmation until %s (applied by %s); the verdict below is what confirm would check\nnext: %s saves it; past the deadline %s reverts it\n\n",
			utc(n.Change.Confirm.Deadline), n.Change.Confirm.By, NextCommand(n.Change.Next, n.Site), NextCommand(journal.Next{Action: journal.ActionGuard}, n.Site))
		return err
	case n.Change.Interrupted == nil:
		return nil
	}
	_, err := fmt.Fprintf(w, "!!! the journal shows an %s; the router may hold part of it (the verdict is its health now)\nnext: %s%s\n\n",
		n.Change.Interrupted, NextCommand(n.Change.Next, n.Site), why(n.Change.Next.Why))
	return err
}

// UnfinishedLine is what the journal shows of n in one line, for a log or
// a JSON error (the next command goes beside it: NextCommand).
func UnfinishedLine(n UnfinishedNote) string {
	c := n.Change
	switch {
	case c == nil:
		return ""
	case c.RevertDue != "":
		return "the journal shows a revert that is due and not completed: " + c.RevertDue
	case c.Confirm != nil:
		return "the last change awaits confirmation until " + utc(c.Confirm.Deadline)
	}
	return "the journal shows an " + c.Interrupted.String()
}
