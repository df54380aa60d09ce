package agent

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
	"github.com/ixpush/ixpush/pkg/journal"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// ConfirmInput names the router whose pending change to confirm and what
// healthy looks like.
type ConfirmInput struct {
	Router string
	Expect health.Expectation
}

// ConfirmOutcome is how a confirm ended.
type ConfirmOutcome string

const (
	ConfirmedOutcome ConfirmOutcome = "confirmed"   // verified and saved
	ConfirmRefused   ConfirmOutcome = "refused"     // not saved: the reason is the error
	ConfirmNotDone   ConfirmOutcome = "not-changed" // stopped before looking at the router
)

// ConfirmResult reports a confirm.
type ConfirmResult struct {
	Outcome ConfirmOutcome        `json:"outcome"`
	Router  string                `json:"router"`
	Confirm *journal.Confirmation `json:"confirm,omitempty"`
	// Late: the deadline had passed, but no guard run had reverted it.
	Late   bool           `json:"past_deadline,omitempty"`
	Health *health.Report `json:"health,omitempty"`
	Forced bool           `json:"forced,omitempty"`
	Saved  bool           `json:"saved"`
	Steps  []Step         `json:"steps"`
	Next   *journal.Next  `json:"next,omitempty"`
}

var (
	// ErrNothingToConfirm: the journal holds no change awaiting
	// confirmation (none, confirmed, reverted, or saved since).
	ErrNothingToConfirm = errors.New("no change awaits confirmation")
	// ErrNotConfirmed: confirm looked at the router and did not save.
	ErrNotConfirmed = errors.New("not confirmed")
)

// Confirm verifies a change that awaits confirmation once more and, when
// health reaches the required level (WithRequire), types write memory and
// closes the confirmation in the journal. It refuses, saving nothing, when
// health falls short or when a save would persist edits others made —
// unless WithForce. It holds the journal lock throughout, so a guard run
// cannot revert the change under it.
func Confirm(ctx context.Context, connect Connector, in ConfirmInput, opts ...Option) (*ConfirmResult, error) {
	o := build(opts)
	ctx, cancel := o.bound(ctx, "confirm", DefaultVerifyTimeout)
	defer cancel()
	res := &ConfirmResult{Router: in.Router, Outcome: ConfirmNotDone}
	st := &stepper{w: o.progress, log: o.log}
	defer func() { res.Steps = st.done() }()
	again := &journal.Next{Action: journal.ActionConfirm, Why: "nothing was saved; confirm again once the router is reachable"}
	if o.store == nil {
		return res, fmt.Errorf("%w: confirm reads the change journal beside the backups", ErrNoBackupStore)
	}
	js, err := journal.Open(o.store.Dir())
	if err != nil {
		return res, err
	}
	release, err := js.Lock(in.Router)
	if err != nil {
		res.Next = &journal.Next{Action: journal.ActionConfirm, Why: "another ixpush run (a guard?) holds the journal; see ixpush status, then confirm again"}
		return res, fmt.Errorf("nothing changed: %w", err)
	}
	defer release()
	e, err := js.Load(in.Router)
	if errors.Is(err, journal.ErrNoJournal) {
		return res, fmt.Errorf("%w: %w", ErrNothingToConfirm, err)
	}
	if err != nil {
		return res, err
	}
	if !e.ConfirmPending() {
		return res, fmt.Errorf("%w for %s: %s", ErrNothingToConfirm, in.Router, confirmState(e))
	}
	res.Confirm = e.Confirm
	if o.now().After(e.Confirm.Deadline) {
		res.Late = true
		fmt.Fprintf(o.progress, "    warning: the deadline %s has passed; no guard run has reverted it yet, so confirming still saves it\n", stamp(e.Confirm.Deadline))
	}

	st.begin("connect", "connecting to "+in.Router)
	dev, err := connect(ctx)
	if err != nil {
		res.Next = again
		return res, fmt.Errorf("nothing changed: %w", err)
	}
	defer func() { st.begin("close", ""); closeDevice(dev, o) }()
	st.begin("prepare", "entering configuration mode")
	if err := dev.Prepare(ctx); err != nil {
		res.Next = again
		return res, fmt.Errorf("nothing changed: %w", err)
	}
	st.begin("verify", "verifying once more")
	var rep health.Report
	if obs, err := Observe(ctx, dev); err != nil {
		rep = health.UnknownReport(in.Expect, err)
	} else {
		rep = health.Judge(in.Expect, obs)
	}
	res.Health = &rep
	fmt.Fprintf(o.progress, "    %s\n", rep.Summary)
	refuse := func(why string) (*ConfirmResult, error) {
		res.Outcome = ConfirmRefused
		res.Next = &journal.Next{Action: journal.ActionConfirm, Args: []string{"--force"},
			Why: "save anyway; or leave it and ixpush guard reverts it after " + stamp(e.Confirm.Deadline)}
		return res, fmt.Errorf("%w: %s; nothing saved", ErrNotConfirmed, why)
	}
	if !rep.Status.AtLeast(o.require) {
		if !o.guard.force {
			return refuse(fmt.Sprintf("health %s, %s required: %s", rep.Status, o.require, rep.Summary))
		}
		res.Forced = true
		fmt.Fprintf(o.progress, "    warning: health %s, saving anyway (--force)\n", rep.Status)
	}
	st.begin("check", "checking what a save would persist")
	why, snapshot := othersEdits(ctx, dev, e)
	if why != "" {
		if !o.guard.force {
			return refuse(why)
		}
		res.Forced = true
		fmt.Fprintf(o.progress, "    warning: %s; saving anyway (--force)\n", why)
	}

	e.Mark(journal.StepSaving, o.now())
	if err := js.Save(e); err != nil {
		return res, fmt.Errorf("nothing saved: %w", err)
	}
	st.begin("save", "saving ("+dialect.CmdSave+")")
	if err := dev.Save(ctx); err != nil {
		res.Outcome = ConfirmRefused
		res.Next = again
		err = fmt.Errorf("%w: %s failed: %w; the confirmation is still pending", ErrNotConfirmed, dialect.CmdSave, err)
		e.Finish(string(OutcomeApplied), false, err, confirmNext(e.Confirm.Deadline), o.now())
		if jerr := js.Save(e); jerr != nil {
			return res, fmt.Errorf("%w (the journal could not be updated: %w)", err, jerr)
		}
		return res, err
	}
	res.Saved = true
	res.Outcome = ConfirmedOutcome
	if snapshot != "" {
		// What was saved is ixpush's change from now on (with --force,
		// the others' edits it saved too).
		if path, err := writeApplied(o.store, in.Router, snapshot); err == nil {
			e.GuardState().Applied = path
		}
	}
	e.Confirm.State, e.Confirm.At = journal.ConfirmConfirmed, o.now().UTC()
	e.GuardState().Failures = 0
	e.Finish(string(OutcomeApplied), true, nil, nil, o.now())
	if err := js.Save(e); err != nil {
		return res, fmt.Errorf("saved, but the journal could not record the confirmation (guard would revert it at the deadline without saving: run ixpush confirm again): %w", err)
	}
	fmt.Fprintf(o.progress, "    confirmed and saved; ixpush guard checks it for the guard window from now\n")
	return res, nil
}

// othersEdits says what a save would persist beyond ixpush's change, or
// "" when nothing: a touched section edited since the apply, or edits
// outside those sections nobody saved. It returns the running-config it
// read, the new snapshot once the change is saved.
func othersEdits(ctx context.Context, dev Device, e *journal.Entry) (why, runningText string) {
	outs, err := dev.ShowAll(ctx, dialect.ShowRunningConfig.Command, dialect.ShowStartupConfig.Command)
	if len(outs) < 2 {
		return fmt.Sprintf("could not read running- and startup-config to tell (%v)", err), ""
	}
	running, rerr := showparse.ParseRunningConfig(strings.NewReader(outs[0]))
	startup, serr := showparse.ParseRunningConfig(strings.NewReader(outs[1]))
	if rerr != nil || serr != nil {
		return fmt.Sprintf("could not parse running- and startup-config to tell (%v)", firstErr(rerr, serr)), ""
	}
	if bad := changedSince(e, running, startup); len(bad) > 0 {
		return fmt.Sprintf("%s changed since the apply (someone else's edit, %d section(s))", bad[0], len(bad)), outs[0]
	}
	if diff := plan.UnsavedOutside(running, startup, e.Connection.Sections); len(diff) > 0 {
		return fmt.Sprintf("running-config holds %d unsaved line(s) outside the change's sections (someone else's edits), e.g. %s", len(diff), diff[0]), outs[0]
	}
	return "", outs[0]
}

// changedSince lists the touched sections of e that differ in running
// from what ixpush's change left there: edits made since by someone else.
// The reference is the applied snapshot; without one, for a saved change,
// startup-config (what the save wrote), which shows edits nobody saved.
// With neither nothing can be told, and it returns nil.
func changedSince(e *journal.Entry, running, startup showparse.RunningConfig) []string {
	if e.Guard != nil && e.Guard.Applied != "" {
		if text, err := os.ReadFile(e.Guard.Applied); err == nil {
			if snap, err := showparse.ParseRunningConfig(strings.NewReader(string(text))); err == nil {
				return plan.DifferingSections(snap, running, e.Connection.Sections)
			}
		}
	}
	if e.Saved && len(startup.Lines) > 0 {
		return plan.DifferingSections(startup, running, e.Connection.Sections)
	}
	return nil
}

// confirmState says where a change that awaits no confirmation stands.
func confirmState(e *journal.Entry) string {
	c := e.Confirm
	switch {
	case c == nil:
		return fmt.Sprintf("its last change (%s of %s, %s) was not applied with --confirm-within", e.Op, stamp(e.Started()), e.Outcome)
	case c.State == journal.ConfirmConfirmed:
		return "its change was confirmed at " + stamp(c.At)
	case c.State == journal.ConfirmReverted:
		return "its change was reverted by ixpush guard at " + stamp(c.At)
	default:
		return "its change was saved since by another apply"
	}
}
