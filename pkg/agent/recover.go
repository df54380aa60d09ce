package agent

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/ixpush/ixpush/pkg/journal"
	"github.com/ixpush/ixpush/pkg/plan"
)

// Interrupted is a change the journal shows unfinished (its run died, or
// its rollback was not proven), as this run found it.
type Interrupted struct {
	Op      journal.Op   `json:"op"`
	Started time.Time    `json:"started"`
	Step    journal.Step `json:"step"` // how far it got
	Outcome string       `json:"outcome,omitempty"`
	PID     int          `json:"pid,omitempty"`
	Host    string       `json:"host,omitempty"`
	Backup  string       `json:"backup"`
	Planned int          `json:"planned_lines"`
	// Held are the sections of the change the router still held when
	// this run looked (they differed from the backup).
	Held []string `json:"held_sections,omitempty"`
	// Undone are the lines this run typed to take it back, redacted.
	Undone []string `json:"undone,omitempty"`
	// Restored: the router was proven back to the backup.
	Restored bool `json:"restored"`
}

func interruptedFrom(e *journal.Entry) *Interrupted {
	return &Interrupted{Op: e.Op, Started: e.Started(), Step: e.Step, Outcome: e.Outcome, PID: e.PID, Host: e.Host, Backup: e.Backup, Planned: len(e.Commands)}
}

// String is the report line: what the run had reached, and where it left
// the router.
func (in *Interrupted) String() string {
	s := fmt.Sprintf("unfinished %s from %s (pid %d", in.Op, in.Started.UTC().Format(time.DateTime+" UTC"), in.PID)
	if in.Host != "" {
		s += " on " + in.Host
	}
	s += fmt.Sprintf(") stopped at step %s with %d lines planned", in.Step, in.Planned)
	if in.Outcome != "" {
		s += " (" + in.Outcome + ")"
	}
	return s + "; its backup is " + in.Backup
}

// recoverChange returns the router to the backup of an unfinished change,
// with that change's own journaled lines, and proves every section it
// touched is back. It marks the entry done when that is proven.
func recoverChange(ctx context.Context, connect Connector, dev *Device, prev *journal.Entry, rec *recorder, in *Interrupted, o options) error {
	text, err := os.ReadFile(prev.Backup)
	if err != nil {
		return fmt.Errorf("reading its backup: %w", err)
	}
	p, err := journaledPlan(prev, string(text))
	if err != nil {
		return err
	}
	if cur, err := readRunning(ctx, *dev); err == nil {
		in.Held = plan.DifferingSections(p.Prior, cur, p.Touched())
		fmt.Fprintf(o.progress, "    the router holds %d of its %d sections\n", len(in.Held), len(p.Touched()))
	}
	rb := &rollback{plan: p, prove: p.CheckRestored}
	err = rb.run(ctx, connect, dev, o)
	in.Undone = rb.typed
	if err != nil {
		return err
	}
	in.Restored = true
	fmt.Fprintf(o.progress, "    rolled back the unfinished %s: %d lines typed; the sections it touched match %s\n", prev.Op, len(rb.typed), prev.Backup)
	rec.e = prev
	rec.finish(OutcomeRolledBack, false, fmt.Errorf("interrupted at step %s; rolled back by the next apply", in.Step), nil)
	rec.e = nil
	return nil
}
