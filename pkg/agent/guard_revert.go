package agent

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
	"github.com/ixpush/ixpush/pkg/journal"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// revert carries out the revert the journal has decided (Guard.Revert):
// the undo sequence rollback uses, with the change's own journaled lines
// and its backup, then the proof; write memory when Guard.RevertSaves.
// Whatever stops it before the proof leaves the decision in the journal
// for the next run. It never takes configuration mode from another
// session: the connector was not opened to force it.
func (g *guardRun) revert(ctx context.Context) {
	ctx, cancel := g.o.bound(ctx, "guard revert", rollbackTimeout)
	defer cancel()
	e, gs := g.e, g.e.GuardState()
	why := gs.Revert
	retry := func(detail string) {
		g.res.Next = guardNext
		g.log(GuardRetry, detail+"; revert ("+why+") retried by the next guard run")
	}
	text, err := os.ReadFile(e.Backup)
	if err != nil {
		retry(fmt.Sprintf("cannot read the backup: %v", err))
		return
	}
	p, err := journaledPlan(e, string(text))
	if err != nil {
		retry(err.Error())
		return
	}
	dev, err := g.site.Connect(ctx)
	if err != nil {
		retry(fmt.Sprintf("router unreachable (%v)", err))
		return
	}
	defer func() { closeDevice(dev, g.o) }()
	if err := dev.Prepare(ctx); err != nil {
		if errors.Is(err, ixcli.ErrConfigLocked) {
			retry("configuration mode is held by another session: not taken")
			return
		}
		retry(fmt.Sprintf("entering configuration mode: %v", err))
		return
	}
	cur, startup, err := readBoth(ctx, dev)
	if err != nil {
		retry(err.Error())
		return
	}
	// After an attempt of guard's own that typed part of the revert, the
	// sections differ from the snapshot because of guard: only the first
	// attempt can tell someone else's edit.
	ownTyping := e.Step == journal.StepRollingBack || e.Outcome == string(OutcomeRollbackFailed)
	if bad := changedSince(e, cur, startup); !ownTyping && len(bad) > 0 && p.CheckRestored(cur) != nil {
		gs.Revert, gs.RevertSaves = "", false
		gs.Left = fmt.Sprintf("%s changed since ixpush's change of %s (someone else's edit, %d section(s)): guard does not revert another person's change; compare with %s", bad[0], stamp(e.Started()), len(bad), e.Backup)
		g.res.Next = &journal.Next{Action: journal.ActionVerify, Why: "see where the VPN stands after the other edit"}
		e.Next = g.res.Next
		g.log(GuardLeft, gs.Left)
		return
	}
	rb := &rollback{plan: p, prove: p.CheckRestored, beforeTyping: func() error {
		// A run that dies while typing leaves the entry unfinished:
		// the next guard, apply or rollback takes it back.
		e.Mark(journal.StepRollingBack, g.o.now())
		return g.js.Save(e)
	}}
	err = rb.run(ctx, g.site.Connect, &dev, g.o)
	g.res.Typed = rb.typed
	if err != nil {
		if rb.configured {
			e.Finish(string(OutcomeRollbackFailed), false, err, &journal.Next{Action: journal.ActionRollback, Backup: e.Backup, Why: "return the router to the backup taken before the change"}, g.o.now())
			retry(fmt.Sprintf("typed %d line(s), but the backup's sections are not proven back: %v", len(rb.typed), err))
			return
		}
		retry(err.Error())
		return
	}
	proven := fmt.Sprintf("reverted (%s): %d line(s) typed; the sections the change touched match the backup %s", why, len(rb.typed), e.Backup)
	if gs.RevertSaves {
		if err := dev.Save(ctx); err != nil {
			// Running-config is back; startup-config still holds the
			// change. The decision stays: the next run finds nothing to
			// type and saves.
			retry(proven + "; but " + dialect.CmdSave + " failed: " + err.Error())
			return
		}
		g.res.Saved = true
		proven += "; saved (" + dialect.CmdSave + ")"
	} else {
		proven += "; not saved: startup-config never held the change"
	}
	if e.Confirm != nil && e.Confirm.State == journal.ConfirmPending {
		e.Confirm.State, e.Confirm.At = journal.ConfirmReverted, g.o.now().UTC()
	}
	gs.Revert, gs.RevertSaves = "", false
	g.res.Deadline = time.Time{} // nothing awaits confirmation any more
	e.Finish(string(OutcomeRolledBack), g.res.Saved, errors.New("reverted by ixpush guard: "+why), nil, g.o.now())
	g.log(GuardReverted, proven)
}

// readBoth reads and parses running- and startup-config in one round trip.
// A startup-config that cannot be read or parsed is left empty: only the
// check for others' edits of a saved change without a snapshot uses it.
func readBoth(ctx context.Context, dev Device) (running, startup showparse.RunningConfig, err error) {
	outs, err := dev.ShowAll(ctx, dialect.ShowRunningConfig.Command, dialect.ShowStartupConfig.Command)
	if len(outs) == 0 || isTransport(err) {
		return running, startup, fmt.Errorf("reading running-config: %w", err)
	}
	if running, err = showparse.ParseRunningConfig(strings.NewReader(outs[0])); err != nil {
		return running, startup, fmt.Errorf("running-config: %w", err)
	}
	startup, _ = readStartup(outs, nil)
	return running, startup, nil
}
