package agent

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
	"github.com/ixpush/ixpush/pkg/journal"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/session"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// rollbackStep names the undo sequence in the steps of apply and of the
// rollback command alike.
const rollbackStep = "rollback"

// rollbackTimeout bounds a rollback that runs after the caller's ctx is done:
// an interrupted apply must still take its change back.
const rollbackTimeout = 2 * time.Minute

// nothingToUndoError marks a proof failure that typing the plan's rollback
// cannot mend: the section differs, but the plan did not change it.
type nothingToUndoError struct{ err error }

func (e *nothingToUndoError) Error() string { return e.err.Error() }
func (e *nothingToUndoError) Unwrap() error { return e.err }

// rollback is the one undo sequence, shared by apply's failure path and the
// rollback command: read running-config, compute the part of the plan's
// rollback that changes it (plan.RollbackFor), type it, re-read and prove
// the backup's sections are back (prove). A lost session is re-opened once
// and the sequence starts again from the read, so nothing is typed twice
// on a guess.
type rollback struct {
	plan *plan.Plan
	// prove returns nil when a running-config holds the backup's
	// sections. It runs on the first read too: when that passes there is
	// nothing to type. A *nothingToUndoError stops the sequence before
	// typing.
	prove func(showparse.RunningConfig) error
	// typed are the lines typed, redacted, over every attempt.
	typed []string
	// configured: a Configure call was made, so the router may have
	// changed even when the sequence failed.
	configured bool
	// already: a read before typing passed prove and no earlier attempt
	// typed anything (after a reconnect the backup's sections may be back
	// because of what the first attempt typed: that is a restore, not
	// "already restored").
	already bool
	// wedged: the session in use stopped answering (a reply timed out), so
	// run starts on a new session rather than wait on that one again.
	wedged bool
	// beforeTyping, when set, runs once just before the first line is
	// typed (the rollback command journals itself there); an error stops
	// the sequence with nothing typed.
	beforeTyping func() error
}

// run runs the sequence on *dev, reconnecting once through connect when the
// session is lost; *dev is the device in use when it returns.
func (r *rollback) run(ctx context.Context, connect Connector, dev *Device, o options) error {
	err := errWedged
	if r.wedged {
		fmt.Fprintf(o.progress, "    the session stopped answering; reconnecting to roll back\n")
	} else {
		err = r.once(ctx, *dev)
		if err == nil || !isTransport(err) || modeLost(err) { // mode lost: another session's work is there
			return err
		}
		fmt.Fprintf(o.progress, "    session lost (%v); reconnecting to roll back\n", err)
	}
	if rerr := reopen(ctx, connect, dev, err, o); rerr != nil {
		return fmt.Errorf("%w (reconnecting: %w)", err, rerr)
	}
	return r.once(ctx, *dev)
}

// reopen replaces *dev, whose session was lost to lost, with a new prepared
// one. A session that stopped answering (a timeout) is closed without
// waiting on it; a dropped one is closed politely, which is quick.
func reopen(ctx context.Context, connect Connector, dev *Device, lost error, o options) error {
	if errors.Is(lost, session.ErrTimeout) || errors.Is(lost, errWedged) {
		closeWedged(*dev, o)
	} else {
		closeDevice(*dev, o)
	}
	d, err := connect(ctx)
	if err != nil {
		return err
	}
	*dev = d
	return d.Prepare(ctx)
}

// once is one pass of the sequence on dev.
func (r *rollback) once(ctx context.Context, dev Device) error {
	cur, err := readRunning(ctx, dev)
	if err != nil {
		return err
	}
	if err := r.prove(cur); err == nil {
		r.already = !r.configured
		return nil
	} else if nothing := (*nothingToUndoError)(nil); errors.As(err, &nothing) {
		return err
	}
	lines, err := r.plan.RollbackFor(cur)
	if err != nil {
		return err
	}
	for _, l := range lines {
		r.typed = append(r.typed, dialect.Redact(l))
	}
	if len(lines) > 0 && r.beforeTyping != nil {
		if err := r.beforeTyping(); err != nil {
			return err
		}
		r.beforeTyping = nil
	}
	if len(lines) > 0 {
		r.configured = true
		if _, err := dev.Configure(ctx, lines); err != nil {
			return fmt.Errorf("typing the rollback: %w", err)
		}
	}
	after, err := readRunning(ctx, dev)
	if err != nil {
		return err
	}
	return r.prove(after)
}

// rollbackAfterFailure takes back what apply typed and proves it. It
// returns the error apply reports: always non-nil, never claiming more than
// was proven.
func rollbackAfterFailure(ctx context.Context, connect Connector, dev *Device, p *plan.Plan, res *ApplyResult, st *stepper, rec *recorder, o options, cause error) error {
	st.begin(rollbackStep, "rolling back: "+cause.Error())
	rec.mark(journal.StepRollingBack)
	ctx, cancel := rollbackBudget(ctx)
	defer cancel()
	// A reply that timed out leaves the session wedged: waiting on it
	// again would spend the rollback's budget on a router that has shown
	// it does not answer there.
	rb := &rollback{plan: p, prove: p.CheckRestored, wedged: errors.Is(cause, session.ErrTimeout)}
	err := rb.run(ctx, connect, dev, o)
	res.Rollback = rb.typed
	if err != nil {
		res.Outcome = OutcomeRollbackFailed
		fmt.Fprintf(o.progress, "!!! ROLLBACK NOT PROVEN: %v\n!!! the router may hold part of the change; the prior running-config is in %s\n", err, res.Backup)
		res.Next = &journal.Next{Action: journal.ActionRollback, Backup: res.Backup, Why: "return the router to the backup taken before this change"}
		err = fmt.Errorf("%w: %w; %w: %w; prior running-config saved in %s", ErrApplyFailed, cause, ErrRollbackFailed, err, res.Backup)
		rec.finish(res.Outcome, false, err, res.Next)
		return err
	}
	res.Outcome = OutcomeRolledBack
	fmt.Fprintf(o.progress, "    rolled back: running-config matches the backup in every section the plan touched\n")
	res.Next = retryNext(cause)
	err = fmt.Errorf("%w: %w; rolled back, the router is as before (backup %s)", ErrApplyFailed, cause, res.Backup)
	rec.finish(res.Outcome, false, err, res.Next)
	return err
}

func readRunning(ctx context.Context, dev Device) (showparse.RunningConfig, error) {
	text, err := dev.RunningConfig(ctx)
	if err != nil {
		return showparse.RunningConfig{}, fmt.Errorf("reading running-config: %w", err)
	}
	c, err := showparse.ParseRunningConfig(strings.NewReader(text))
	if err != nil {
		return showparse.RunningConfig{}, fmt.Errorf("running-config: %w", err)
	}
	return c, nil
}

// errWedged is what a rollback reports about the session it gave up on
// when even the new one fails.
var errWedged = errors.New("the session that stopped answering was given up")

// wedgedCloseBudget bounds the polite close of a session that stopped
// answering: its exit will not be answered either, and the connection is
// closed when the budget runs out (the router frees the lock on disconnect).
const wedgedCloseBudget = time.Second

// closeWedged closes a session whose replies timed out, without waiting on
// it for long.
func closeWedged(dev Device, o options) {
	ctx, cancel := context.WithTimeout(context.Background(), wedgedCloseBudget)
	defer cancel()
	if err := dev.Close(ctx); err != nil {
		o.log.WithError(err).Info("closing the session that stopped answering")
	}
}
