package agent

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
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
	Plan     *plan.Plan     `json:"plan,omitempty"`
	Pushed   int            `json:"pushed"`
	Health   *health.Report `json:"health,omitempty"`
	Saved    bool           `json:"saved"`
	Rollback []string       `json:"rollback_typed,omitempty"` // typed by the undo sequence, redacted
	Warnings []string       `json:"warnings,omitempty"`
	Steps    []Step         `json:"steps"`
}

// ErrApplyFailed is wrapped when apply changed the router, failed and rolled
// back (check errors.Is(err, ErrRollbackFailed) for the worse case).
var (
	ErrApplyFailed    = errors.New("apply failed")
	ErrRollbackFailed = errors.New("ROLLBACK NOT PROVEN")
	ErrNoBackupStore  = errors.New("no backup store")
)

// Apply provisions the connection on the router: connect, enter config,
// back up running-config to disk, plan against it, push, verify, then save —
// or roll back and prove it. It never saves on a failure path.
func Apply(ctx context.Context, connect Connector, in ApplyInput, opts ...Option) (*ApplyResult, error) {
	o := build(opts)
	ctx, cancel := o.bound(ctx, "apply", o.wait+ApplyTimeoutMargin)
	defer cancel()
	res := &ApplyResult{Router: in.Router, Outcome: OutcomeNotChanged}
	st := &stepper{w: o.progress, log: o.log}
	defer func() { res.Steps = st.done() }()

	if o.store == nil {
		return res, fmt.Errorf("%w: apply needs somewhere to keep the running-config backup", ErrNoBackupStore)
	}
	st.begin("connect", "connecting to "+in.Router)
	dev, err := connect(ctx)
	if err != nil {
		return res, fmt.Errorf("nothing changed: %w", err)
	}
	defer func() { // dev may be replaced by a reconnect
		st.begin("close", "")
		closeDevice(dev, o)
	}()

	st.begin("prepare", "entering configuration mode")
	if err := dev.Prepare(ctx); err != nil {
		return res, fmt.Errorf("nothing changed: %w", err)
	}

	st.begin("backup", "backing up running-config")
	// Both configs in one round trip; startup-config only feeds a warning.
	outs, err := dev.ShowAll(ctx, dialect.ShowRunningConfig.Command, dialect.ShowStartupConfig.Command)
	if len(outs) == 0 || isTransport(err) {
		return res, fmt.Errorf("nothing changed: reading running-config: %w", err)
	}
	running := outs[0]
	startupText, startupErr := "", err
	if len(outs) > 1 {
		startupText = outs[1]
	}
	prior, err := showparse.ParseRunningConfig(strings.NewReader(running))
	if err != nil {
		return res, fmt.Errorf("nothing changed: running-config: %w", err)
	}
	if res.Backup, err = o.store.Save(in.Router, o.now(), running); err != nil {
		return res, fmt.Errorf("nothing changed: %w", err)
	}
	fmt.Fprintf(o.progress, "    backup: %s\n", res.Backup)
	if w := startupDiffers(startupText, startupErr, prior); w != "" {
		res.Warnings = append(res.Warnings, w)
		fmt.Fprintf(o.progress, "    warning: %s\n", w)
	}

	st.begin("plan", "planning against the live running-config")
	p, err := plan.New(in.Connection, prior, in.PlanOptions...)
	if err != nil {
		return res, fmt.Errorf("nothing changed: %w", err)
	}
	res.Plan = p
	res.Warnings = append(res.Warnings, p.Warnings...)
	if o.dryRun {
		res.Outcome = OutcomeDryRun
		return res, nil
	}
	exp := Expectation(p)

	if len(p.Commands) == 0 {
		fmt.Fprintln(o.progress, "    already applied: nothing to push")
		res.Outcome = OutcomeAlreadyApplied
	} else {
		st.begin("push", fmt.Sprintf("pushing %d lines", len(p.Commands)))
		rs, err := dev.Configure(ctx, p.Commands)
		res.Pushed = len(rs)
		if modeLost(err) {
			return res, stopModeLost(res, "push", err, o)
		}
		if err != nil {
			o.log.WithError(err).Warn("push failed, rolling back")
			cause := fmt.Errorf("push stopped at %w", err)
			return res, rollbackAfterFailure(ctx, connect, &dev, p, res, st, o, cause)
		}
	}

	st.begin("verify", fmt.Sprintf("verifying (up to %s)", o.wait))
	rep, err := poll(ctx, dev, exp, o)
	res.Health = &rep
	if modeLost(err) {
		return res, stopModeLost(res, "verify", err, o)
	}
	if !rep.Status.AtLeast(o.require) {
		cause := fmt.Errorf("health %s, %s required: %s", rep.Status, o.require, rep.Summary)
		if res.Outcome == OutcomeAlreadyApplied {
			// Nothing of ours was typed in this run: there is nothing to
			// roll back, and removing a working config that predates us
			// would be worse.
			return res, fmt.Errorf("%w: already applied, but %w", ErrApplyFailed, cause)
		}
		return res, rollbackAfterFailure(ctx, connect, &dev, p, res, st, o, cause)
	}
	if res.Outcome == OutcomeAlreadyApplied {
		return res, nil
	}
	res.Outcome = OutcomeApplied
	if o.save {
		st.begin("save", "saving ("+dialect.CmdSave+")")
		if err := dev.Save(ctx); modeLost(err) {
			return res, stopModeLost(res, "save", err, o)
		} else if err != nil {
			return res, fmt.Errorf("verified but not saved: the change is live and will be lost on reload: %w", err)
		}
		res.Saved = true
	}
	return res, nil
}

// poll observes until the report meets o.require or o.wait runs out. It
// prints a progress line whenever the verdict changes, and the last one.
// It stops at once, returning the error, when the session is lost or
// another session took configuration mode: every later poll would read
// the shows in operation mode, where the router refuses them.
func poll(ctx context.Context, dev Device, exp health.Expectation, o options) (health.Report, error) {
	start := time.Now()
	deadline := start.Add(o.wait)
	last := ""
	for n := 1; ; n++ {
		var rep health.Report
		obs, err := Observe(ctx, dev)
		if err != nil {
			rep = health.UnknownReport(exp, err)
		} else {
			rep = health.Judge(exp, obs)
		}
		stop := isTransport(err) || modeLost(err)
		final := rep.Status.AtLeast(o.require) || time.Now().Add(o.poll).After(deadline) || stop
		// One line per change keeps a three-minute wait readable.
		if rep.Summary != last || final {
			fmt.Fprintf(o.progress, "    poll %d (%.1fs): %s\n", n, time.Since(start).Seconds(), rep.Summary)
			last = rep.Summary
		}
		if final {
			if stop {
				return rep, err
			}
			return rep, nil
		}
		select {
		case <-ctx.Done():
			return health.UnknownReport(exp, context.Cause(ctx)), context.Cause(ctx)
		case <-time.After(o.poll):
		}
	}
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

// startupDiffers warns when running-config is not what startup-config holds:
// saving after the apply would persist someone else's unsaved edits.
func startupDiffers(out string, readErr error, running showparse.RunningConfig) string {
	if readErr != nil {
		return "could not read startup-config to compare it with running-config: " + readErr.Error()
	}
	startup, err := showparse.ParseRunningConfig(strings.NewReader(out))
	if err != nil {
		return "could not parse startup-config to compare it with running-config: " + err.Error()
	}
	if !plan.SameConfig(startup, running) {
		return "running-config differs from startup-config: unsaved changes by someone else will be saved too if this apply succeeds (use --no-save to keep them out)"
	}
	return ""
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
