package agent

import (
	"context"
	"fmt"
	"strings"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
	"github.com/ixpush/ixpush/pkg/journal"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// maxUnsavedShown bounds the differing lines an error names; the result
// carries them all.
const maxUnsavedShown = 8

// readStartup parses the startup-config of a ShowAll of running- and
// startup-config.
func readStartup(outs []string, err error) (showparse.RunningConfig, error) {
	if len(outs) < 2 {
		if err == nil {
			err = fmt.Errorf("no output")
		}
		return showparse.RunningConfig{}, fmt.Errorf("reading startup-config: %w", err)
	}
	c, perr := showparse.ParseRunningConfig(strings.NewReader(outs[1]))
	if perr != nil {
		return showparse.RunningConfig{}, fmt.Errorf("startup-config: %w", perr)
	}
	return c, nil
}

// checkUnsaved stops apply before it types anything when running-config
// differs from startup-config outside the sections ixpush manages and a
// save would persist that: someone else's unsaved (maybe half-typed) edit
// is not ixpush's to save. --save-unsaved-changes lets it go on; with
// --no-save nothing is saved, so it is only a warning.
func checkUnsaved(res *ApplyResult, p *plan.Plan, running, startup showparse.RunningConfig, startupErr error, o options) error {
	warn := func(w string) {
		res.Warnings = append(res.Warnings, w)
		fmt.Fprintf(o.progress, "    warning: %s\n", w)
	}
	if startupErr != nil {
		warn("could not compare running-config with startup-config: " + startupErr.Error())
		return nil
	}
	diff := plan.UnsavedOutside(running, startup, p.Managed())
	switch {
	case len(diff) == 0:
		return nil
	case !o.save:
		warn("running-config differs from startup-config outside the sections ixpush manages (unsaved changes by someone else); nothing is saved (--no-save)")
		return nil
	case o.saveUnsaved:
		warn(fmt.Sprintf("running-config differs from startup-config outside the sections ixpush manages; saving those %d lines too (--save-unsaved-changes)", len(diff)))
		return nil
	}
	res.Unsaved = diff
	res.Next = &journal.Next{Action: journal.ActionApply, Args: []string{"--save-unsaved-changes"}, Why: "save the other edits too — or save or undo them on the router first, then re-run"}
	shown := diff
	if len(shown) > maxUnsavedShown {
		shown = append(shown[:maxUnsavedShown:maxUnsavedShown], fmt.Sprintf("... %d more", len(diff)-maxUnsavedShown))
	}
	return fmt.Errorf("nothing changed: %w: running-config differs from startup-config outside the sections ixpush manages, and saving would persist it: %s", ErrUnsavedChanges, strings.Join(shown, " | "))
}

// convergeSave ends a run that found the change already applied and
// healthy: when startup-config lacks the managed sections (an earlier save
// failed, or --no-save), it saves them — or says that a reload loses them.
func convergeSave(ctx context.Context, connect Connector, dev *Device, p *plan.Plan, startup showparse.RunningConfig, startupErr error, res *ApplyResult, st *stepper, last *journal.Entry, rec *recorder, o options) error {
	if startupErr != nil {
		return nil // warned already; nothing to compare with
	}
	missing := plan.DifferingSections(p.Prior, startup, p.Managed())
	if len(missing) == 0 {
		return nil
	}
	res.StartupLacked = true
	what := fmt.Sprintf("startup-config does not hold %d managed section(s) (%s)", len(missing), missing[0])
	if !o.save {
		w := what + "; NOT saved (--no-save): a reload loses the VPN"
		res.Warnings = append(res.Warnings, w)
		fmt.Fprintf(o.progress, "    warning: %s\n", w)
		res.Next = &journal.Next{Action: journal.ActionApply, Why: "a re-run without --no-save saves it"}
		return nil
	}
	st.begin("save", "saving ("+dialect.CmdSave+"): "+what)
	if err := saveChecked(ctx, connect, dev, p, res, o); err != nil {
		res.Next = &journal.Next{Action: journal.ActionApply, Why: "already applied but not saved: a re-run saves it (or type " + dialect.CmdSave + " on the router)"}
		return fmt.Errorf("already applied, but not saved: %s and write memory failed: %w", what, err)
	}
	if last != nil && !last.Pending() && last.Op == journal.OpApply && last.Outcome == string(OutcomeApplied) && !last.Saved {
		// This run finished the journaled change: it is saved now.
		rec.e = last
		rec.finish(OutcomeApplied, true, nil, nil)
		rec.e = nil
	}
	return nil
}

// saveChecked types write memory. When the session is lost on the way,
// the save may or may not have happened: it reconnects once and reads
// both configs back, and reports saved only when startup-config holds the
// managed sections the router runs (and the router still runs the plan).
func saveChecked(ctx context.Context, connect Connector, dev *Device, p *plan.Plan, res *ApplyResult, o options) error {
	err := (*dev).Save(ctx)
	if err == nil {
		res.Saved = true
		return nil
	}
	if !isTransport(err) || (o.noCleanup && ctx.Err() != nil) {
		return err
	}
	fmt.Fprintf(o.progress, "    session lost during %s (%v); reconnecting to read startup-config back\n", dialect.CmdSave, err)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), rollbackTimeout)
	defer cancel()
	if cerr := reopen(ctx, connect, dev, err, o); cerr != nil {
		return fmt.Errorf("%w; whether startup-config holds the change is unknown (reconnecting: %w)", err, cerr)
	}
	outs, rerr := (*dev).ShowAll(ctx, dialect.ShowRunningConfig.Command, dialect.ShowStartupConfig.Command)
	if len(outs) == 0 {
		return fmt.Errorf("%w; whether startup-config holds the change is unknown (reading it back: %w)", err, rerr)
	}
	running, perr := showparse.ParseRunningConfig(strings.NewReader(outs[0]))
	startup, serr := readStartup(outs, rerr)
	if perr != nil || serr != nil {
		return fmt.Errorf("%w; whether startup-config holds the change is unknown (reading it back: %w)", err, firstErr(perr, serr))
	}
	if !p.SavedIn(running, startup) {
		return fmt.Errorf("%w; startup-config, read back after reconnecting, does not hold the change", err)
	}
	res.Saved = true
	w := fmt.Sprintf("the session was lost during %s; startup-config, read back after reconnecting, holds the change", dialect.CmdSave)
	res.Warnings = append(res.Warnings, w)
	fmt.Fprintf(o.progress, "    %s\n", w)
	return nil
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
