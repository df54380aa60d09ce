package agent

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"time"

	"github.com/ixpush/ixpush/pkg/backup"
	"github.com/ixpush/ixpush/pkg/journal"
	"github.com/ixpush/ixpush/pkg/plan"
)

// ErrConfirmPending means the router's last change awaits confirmation, and a
// new change would bury it (its journal entry, and with it the deadline
// and the backup guard reverts to, would be replaced).
var ErrConfirmPending = errors.New("a change awaits confirmation")

// confirmNext is the command after an apply that awaits confirmation.
func confirmNext(deadline time.Time) *journal.Next {
	return &journal.Next{Action: journal.ActionConfirm,
		Why: "verify once more and save before " + stamp(deadline) + "; past it, ixpush guard reverts it"}
}

func stamp(t time.Time) string { return t.UTC().Format(time.DateTime + " UTC") }

// refuseOverPending stops an apply that would type a new change while the
// last one awaits confirmation: confirm it or revert it first.
func refuseOverPending(res *ApplyResult, p *plan.Plan, last *journal.Entry) error {
	if len(p.Commands) == 0 || last == nil || !last.ConfirmPending() {
		return nil
	}
	res.Confirm = last.Confirm
	res.Next = confirmNext(last.Confirm.Deadline)
	return fmt.Errorf("nothing changed: %w until %s (applied %s by %s); confirm it, or revert it with ixpush guard once the deadline has passed, or with ixpush rollback --backup latest, before applying another",
		ErrConfirmPending, stamp(last.Confirm.Deadline), stamp(last.Started()), last.Confirm.By)
}

// awaitConfirmation ends a healthy apply made with WithConfirmWithin: no
// write memory; the journal records the deadline (UTC), who applied it
// and a snapshot of running-config as the change left it, so guard can
// tell later edits by someone else from ixpush's own.
func awaitConfirmation(ctx context.Context, dev Device, res *ApplyResult, last *journal.Entry, rec *recorder, o options) error {
	if res.Outcome == OutcomeAlreadyApplied {
		// Nothing was typed in this run: there is nothing new to confirm,
		// and saving what is there is confirm's job, not this run's.
		if last != nil && last.ConfirmPending() {
			res.Confirm = last.Confirm
			res.Next = confirmNext(last.Confirm.Deadline)
			fmt.Fprintf(o.progress, "    already applied: the change of %s awaits confirmation until %s\n", stamp(last.Started()), stamp(last.Confirm.Deadline))
			return nil
		}
		fmt.Fprintln(o.progress, "    already applied: nothing typed, nothing to confirm")
		return nil
	}
	res.Outcome = OutcomeApplied
	deadline := o.now().Add(o.guard.confirmWithin)
	rec.e.AwaitConfirmation(deadline, whoAmI())
	// Without the snapshot guard still reverts at the deadline; it only
	// cannot tell someone else's later edit of the same sections.
	if text, err := dev.RunningConfig(ctx); err != nil {
		*rec.warns = append(*rec.warns, "no snapshot of the applied running-config: "+err.Error())
	} else if path, err := writeApplied(o.store, res.Router, text); err != nil {
		*rec.warns = append(*rec.warns, err.Error())
	} else {
		rec.e.GuardState().Applied = path
	}
	res.Confirm = rec.e.Confirm
	res.Next = confirmNext(deadline)
	fmt.Fprintf(o.progress, "    NOT saved: awaiting confirmation until %s (startup-config still holds the old configuration, so a reload reverts it too)\n", stamp(deadline))
	rec.finish(OutcomeApplied, false, nil, res.Next)
	return nil
}

// appliedName is the file of the snapshot, one per router, replaced by
// each change that records one. backup.Store.Latest does not take it for
// a backup: no timestamp follows the stem.
func appliedName(router string) string { return backup.Stem(router) + ".applied.cfg" }

// writeApplied keeps running-config as a change left it (keys in it, like
// the backups: mode 0600).
func writeApplied(st *backup.Store, router, text string) (string, error) {
	name := appliedName(router)
	if err := backup.WriteAtomic(st.Dir(), name, []byte(text), true); err != nil {
		return "", fmt.Errorf("writing the applied snapshot: %w", err)
	}
	return filepath.Join(st.Dir(), name), nil
}

// whoAmI is user@host, for the journal's "applied by".
func whoAmI() string {
	name := "unknown"
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	if h, err := os.Hostname(); err == nil && h != "" {
		return name + "@" + h
	}
	return name
}
