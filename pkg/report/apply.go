package report

import (
	"fmt"
	"io"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/health"
)

// WriteApply prints the result of agent.Apply. A dry run shows the drawing,
// the planned lines (keys masked unless reveal) and what would happen; any
// other outcome shows the last health table, when apply got that far, above
// a one-line verdict that names the backup (none when nothing changed: the
// error line says so, with the reason).
func WriteApply(w io.Writer, res *agent.ApplyResult, reveal bool) error {
	if res.Outcome == agent.OutcomeDryRun && res.Plan != nil {
		if err := WriteTopology(w, res.Plan, nil); err != nil {
			return err
		}
		if err := res.Plan.WriteText(w, reveal); err != nil {
			return err
		}
		_, err := fmt.Fprintf(w, "dry run: %d lines would be typed; nothing was changed (snapshot %s)\n", len(res.Plan.Commands), res.Snapshot)
		return err
	}
	if in := res.Interrupted; in != nil {
		line := "found an " + in.String()
		if in.Restored {
			line += fmt.Sprintf("; rolled it back first (%d lines typed)", len(in.Undone))
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	if len(res.Unsaved) > 0 {
		if _, err := fmt.Fprintln(w, "running-config differs from startup-config outside the sections ixpush manages (keys masked):"); err != nil {
			return err
		}
		for _, l := range res.Unsaved {
			if _, err := fmt.Fprintln(w, "  "+l); err != nil {
				return err
			}
		}
	}
	if res.Health != nil {
		if err := health.WriteTable(w, *res.Health); err != nil {
			return err
		}
		if _, err := fmt.Fprintln(w); err != nil {
			return err
		}
	}
	msg := applyVerdict(res)
	if msg == "" {
		return nil
	}
	switch {
	case res.Backup != "":
		msg += "; backup " + res.Backup
	case res.Snapshot != "":
		msg += "; snapshot " + res.Snapshot
	}
	_, err := fmt.Fprintln(w, msg)
	return err
}

func applyVerdict(res *agent.ApplyResult) string {
	switch res.Outcome {
	case agent.OutcomeApplied:
		if res.Saved {
			return fmt.Sprintf("applied: %d lines pushed, saved (write memory)", res.Pushed)
		}
		if res.Confirm != nil {
			return confirmVerdict(res)
		}
		return fmt.Sprintf("applied: %d lines pushed, NOT saved (--no-save): a reload loses it", res.Pushed)
	case agent.OutcomeAlreadyApplied:
		switch {
		case res.StartupLacked && res.Saved:
			return "already applied: nothing pushed; startup-config lacked it, saved now (write memory)"
		case res.StartupLacked:
			return "already applied: nothing pushed; startup-config lacks it, NOT saved: a reload loses it"
		}
		return "already applied: nothing pushed"
	case agent.OutcomeRolledBack:
		return fmt.Sprintf("rolled back: %d lines pushed, %d typed to undo them; running-config matches the backup", res.Pushed, len(res.Rollback))
	case agent.OutcomeRollbackFailed:
		return "ROLLBACK NOT PROVEN: the router may hold part of the change"
	case agent.OutcomeNotChanged:
		if len(res.Unsaved) > 0 {
			return "nothing changed: a save would persist the unsaved lines above"
		}
		// The error line says "nothing changed: <why>"; once is enough.
		return ""
	case agent.OutcomeModeLost:
		return "STOPPED: another session took configuration mode; ixpush rolled nothing back and saved nothing (the error says what the router holds)"
	}
	return ""
}
