package agent

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
	"github.com/ixpush/ixpush/pkg/journal"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// Outcome is how an apply ended.
type Outcome string

const (
	OutcomeApplied        Outcome = "applied"         // pushed, verified (and saved unless told not to)
	OutcomeAlreadyApplied Outcome = "already-applied" // nothing to push; verified
	OutcomeDryRun         Outcome = "dry-run"         // planned only
	OutcomeNotChanged     Outcome = "not-changed"     // stopped before the first command
	OutcomeRolledBack     Outcome = "rolled-back"     // failed, and the router is proven back
	OutcomeRollbackFailed Outcome = "rollback-failed" // failed, and the rollback could not be proven
)

// ApplyInput is what to apply where.
type ApplyInput struct {
	Router      string // label for backups and messages
	Connection  awsvpn.Connection
	PlanOptions []plan.Option
}

// ApplyResult is everything the user is told.
type ApplyResult struct {
	Outcome  Outcome        `json:"outcome"`
	Router   string         `json:"router"`
	Backup   string         `json:"backup,omitempty"`
	Snapshot string         `json:"snapshot,omitempty"` // the copy a run that typed nothing keeps: no rollback target
	Plan     *plan.Plan     `json:"plan,omitempty"`
	Pushed   int            `json:"pushed"`
	Health   *health.Report `json:"health,omitempty"`
	Saved    bool           `json:"saved"`
	Rollback []string       `json:"rollback_typed,omitempty"` // typed by the undo sequence, redacted
	Warnings []string       `json:"warnings,omitempty"`       // each printed to the progress writer when it arose
	Steps    []Step         `json:"steps"`
	// Interrupted is the unfinished change from an earlier run that this
	// run found in the journal (and rolled back before planning).
	Interrupted *Interrupted `json:"interrupted,omitempty"`
	// StartupLacked: the change was live, but startup-config did not hold
	// the managed sections (saved now unless told not to).
	StartupLacked bool `json:"startup_lacked_change,omitempty"`
	// Unsaved are the lines others left unsaved outside the managed
	// sections (keys masked), when they stopped this apply.
	Unsaved []string `json:"unsaved_changes,omitempty"`
	// Next is the command that finishes or undoes what this run left.
	Next *journal.Next `json:"next,omitempty"`
	// Confirm is the pending confirmation (WithConfirmWithin).
	Confirm *journal.Confirmation `json:"confirm,omitempty"`
	// Soak is the window of healthy polls the change was kept on (nil
	// without a soak).
	Soak *Soak `json:"soak,omitempty"`
}

// ErrApplyFailed is wrapped when apply changed the router, failed and rolled
// back (check errors.Is(err, ErrRollbackFailed) for the worse case).
var (
	ErrApplyFailed    = errors.New("apply failed")
	ErrRollbackFailed = errors.New("ROLLBACK NOT PROVEN")
	ErrNoBackupStore  = errors.New("no backup store")
	// ErrUnsavedChanges: running-config differs from startup-config
	// outside the managed sections and a save would persist it.
	ErrUnsavedChanges = errors.New("unsaved changes by someone else")
	// ErrInterrupted: an unfinished earlier change could not be undone.
	ErrInterrupted = errors.New("unfinished change")
)

// errKilled ends a run whose test asked it to die without cleanup.
var errKilled = errors.New("killed (no cleanup)")

// Apply provisions the connection on the router: read the journal, connect,
// enter config, undo an unfinished earlier change, back up running-config
// to disk, plan against it, journal the plan, push, verify, then save — or
// roll back and prove it. It never saves on a failure path, never saves
// others' unsaved edits unless told to, and every failure carries Next.
func Apply(ctx context.Context, connect Connector, in ApplyInput, opts ...Option) (*ApplyResult, error) {
	o := build(opts)
	ctx, cancel := o.bound(ctx, "apply", o.wait+o.soakBudget()+ApplyTimeoutMargin)
	defer cancel()
	res := &ApplyResult{Router: in.Router, Outcome: OutcomeNotChanged}
	st := &stepper{w: o.progress, log: o.log}
	defer func() { res.Steps = st.done() }()
	retry := &journal.Next{Action: journal.ActionApply, Why: "nothing changed; re-run once the cause is fixed"}
	died := func() bool { return o.noCleanup && ctx.Err() != nil }

	if o.store == nil {
		return res, fmt.Errorf("%w: apply needs somewhere to keep the running-config backup", ErrNoBackupStore)
	}
	js, last, release, err := openJournal(o, in.Router)
	if err != nil {
		if errors.Is(err, journal.ErrLocked) {
			res.Next = lockedNext(journal.ActionApply)
		}
		return res, fmt.Errorf("nothing changed: %w", err)
	}
	defer release()
	rec := &recorder{js: js, o: o, warns: &res.Warnings}
	var prev *journal.Entry // an unfinished change to undo first
	if last != nil && last.Pending() {
		prev = last
		res.Interrupted = interruptedFrom(prev)
		if stillRunning(prev, o.now()) {
			res.Next = &journal.Next{Action: journal.ActionApply, Why: "re-run once the other run has finished"}
			return res, inFlightError(res.Interrupted)
		}
		fmt.Fprintf(o.progress, "!!! the journal shows an %s\n", res.Interrupted)
	}
	st.begin("connect", "connecting to "+in.Router)
	dev, err := connect(ctx)
	if err != nil {
		res.Next = retry
		return res, fmt.Errorf("nothing changed: %w", err)
	}
	defer func() { // dev may be replaced by a reconnect
		if died() {
			return
		}
		st.begin("close", "")
		closeDevice(dev, o)
	}()

	st.begin("prepare", "entering configuration mode")
	if err := dev.Prepare(ctx); err != nil {
		res.Next = retry
		return res, fmt.Errorf("nothing changed: %w", err)
	}

	if prev != nil && !o.dryRun {
		st.begin("recover", "rolling back the unfinished "+string(prev.Op)+" to its backup "+prev.Backup)
		if err := recoverChange(ctx, connect, &dev, prev, rec, res.Interrupted, o); err != nil {
			res.Next = &journal.Next{Action: journal.ActionRollback, Backup: prev.Backup, Why: "return the router to the backup of the unfinished change"}
			if len(res.Interrupted.Undone) > 0 {
				res.Outcome = OutcomeRollbackFailed
			}
			return res, fmt.Errorf("%w: the %s could not be rolled back: %w; the router may hold part of it, its backup is %s", ErrInterrupted, res.Interrupted, err, prev.Backup)
		}
	}

	st.begin("backup", "backing up running-config")
	// Both configs in one round trip: startup-config tells unsaved edits
	// and whether a save is needed.
	outs, err := dev.ShowAll(ctx, dialect.ShowRunningConfig.Command, dialect.ShowStartupConfig.Command)
	if len(outs) == 0 || isTransport(err) {
		res.Next = retry
		return res, fmt.Errorf("nothing changed: reading running-config: %w", err)
	}
	running := outs[0]
	prior, err := showparse.ParseRunningConfig(strings.NewReader(running))
	if err != nil {
		res.Next = retry
		return res, fmt.Errorf("nothing changed: running-config: %w", err)
	}
	startup, startupErr := readStartup(outs, err)
	if prev != nil && o.dryRun {
		// The real run undoes the unfinished change first: plan against
		// where that leaves the router, not against the partial state.
		if text, err := os.ReadFile(prev.Backup); err == nil {
			if c, err := showparse.ParseRunningConfig(strings.NewReader(string(text))); err == nil {
				prior = c
				warnNow(res, o, "planned against "+prev.Backup+", the backup of the unfinished change, which apply rolls back first")
			}
		}
	}

	st.begin("plan", "planning against the live running-config")
	p, err := plan.New(in.Connection, prior, in.PlanOptions...)
	if err != nil {
		res.Next = retry
		return res, fmt.Errorf("nothing changed: %w", err)
	}
	res.Plan = p
	warnNow(res, o, p.Warnings...)
	// A misnamed object goes in silently on the IX (references resolve
	// late), so the plan's own references are checked before typing.
	if err := checkReferences(p); err != nil {
		res.Next = retry
		return res, fmt.Errorf("nothing changed: %w", err)
	}
	if err := keepRunning(res, in.Router, running, o); err != nil {
		res.Next = retry
		return res, fmt.Errorf("nothing changed: %w", err)
	}
	if o.dryRun {
		res.Outcome = OutcomeDryRun
		return res, nil
	}
	if err := checkUnsaved(res, p, prior, startup, startupErr, o); err != nil {
		return res, err
	}
	if err := refuseOverPending(res, p, last); err != nil {
		return res, err
	}
	exp := Expectation(p)

	if len(p.Commands) == 0 {
		fmt.Fprintln(o.progress, "    already applied: nothing to push")
		res.Outcome = OutcomeAlreadyApplied
	} else {
		e := journal.New(in.Router, journal.OpApply, res.Backup, journalConnection(p), p.Commands, p.Rollback, o.now())
		if err := rec.start(e); err != nil {
			res.Next = retry
			return res, fmt.Errorf("nothing changed: %w", err)
		}
		st.begin("push", fmt.Sprintf("pushing %d lines", len(p.Commands)))
		rs, err := dev.Configure(ctx, p.Commands)
		res.Pushed = len(rs)
		if died() {
			return res, errKilled
		}
		if modeLost(err) {
			return res, stopModeLost(res, "push", err, rec, o)
		}
		if err != nil {
			o.log.WithError(err).Warn("push failed, rolling back")
			cause := pushStopped(err)
			return res, rollbackAfterFailure(ctx, connect, &dev, p, res, st, rec, o, cause)
		}
		rec.mark(journal.StepVerifying)
	}

	soak := o.soakFor(p)
	st.begin("verify", verifyAnnounce(o.wait, soak))
	rep, sk, err := poll(ctx, dev, exp, soak, o)
	res.Health, res.Soak = &rep, sk
	if died() {
		return res, errKilled
	}
	if modeLost(err) {
		return res, stopModeLost(res, "verify", err, rec, o)
	}
	if !rep.Status.AtLeast(o.require) {
		cause := fmt.Errorf("health %s, %s required%s: %s", rep.Status, o.require, sk.brokenNote(), rep.Summary)
		if res.Outcome == OutcomeAlreadyApplied {
			// Nothing of ours was typed in this run: there is nothing to
			// roll back, and removing a working config that predates us
			// would be worse.
			res.Next = &journal.Next{Action: journal.ActionVerify, Why: "nothing was typed; find out why the tunnels are not healthy"}
			return res, fmt.Errorf("%w: already applied, but %w", ErrApplyFailed, cause)
		}
		return res, rollbackAfterFailure(ctx, connect, &dev, p, res, st, rec, o, cause)
	}
	if o.guard.confirmWithin > 0 {
		return res, awaitConfirmation(ctx, dev, res, last, rec, o)
	}
	if res.Outcome == OutcomeAlreadyApplied {
		return res, convergeSave(ctx, connect, &dev, p, startup, startupErr, res, st, last, rec, o)
	}
	res.Outcome = OutcomeApplied
	if !o.save {
		res.Next = &journal.Next{Action: journal.ActionApply, Why: "not saved (--no-save): a re-run without --no-save saves it"}
		rec.finish(res.Outcome, false, nil, res.Next)
		return res, nil
	}
	rec.mark(journal.StepSaving)
	st.begin("save", "saving ("+dialect.CmdSave+")")
	if err := saveChecked(ctx, connect, &dev, p, res, o); err != nil {
		if died() {
			return res, errKilled
		}
		if modeLost(err) {
			return res, stopModeLost(res, "save", err, rec, o)
		}
		res.Next = &journal.Next{Action: journal.ActionApply, Why: "verified but not saved: a re-run saves it (or type " + dialect.CmdSave + " on the router)"}
		err = fmt.Errorf("verified but not saved: the change is live and will be lost on reload: %w", err)
		rec.finish(res.Outcome, false, err, res.Next)
		return res, err
	}
	rec.finish(res.Outcome, true, nil, nil)
	return res, nil
}

// isTransport tells a lost session from a router or parse error: polling a
// dead session again is pointless.
func isTransport(err error) bool {
	if err == nil {
		return false
	}
	var ce *ixcli.CommandError
	var pe *showparse.ParseError
	return !errors.As(err, &ce) && !errors.As(err, &pe)
}

func closeDevice(dev Device, o options) {
	// Leave config mode even when the caller's ctx is done: a lock left
	// behind blocks everyone else until the session times out.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(context.Background()), 15*time.Second)
	defer cancel()
	if err := dev.Close(ctx); err != nil {
		o.log.WithError(err).Warn("closing the session")
	}
}
