package agent

import (
	"context"
	"fmt"
	"time"

	"github.com/ixpush/ixpush/pkg/session"
)

// Bounds on whole runs. The steps inside them have their own, closer
// bounds (the connect and command timeouts of session and ixcli); these
// make sure a scheduled job ends even when every step is slow.
const (
	// DefaultVerifyTimeout bounds a whole verify: a connect timeout, a
	// configuration mode entry and four shows fit many times over.
	DefaultVerifyTimeout = 2 * time.Minute
	// ApplyTimeoutMargin is what a whole apply gets on top of its wait
	// for health: connecting, the backup (two configuration shows), the
	// push and the save take seconds on a healthy router, and the margin
	// lets a slow one take several command timeouts. The rollback after
	// a failure has its own budget (rollbackTimeout) on top.
	ApplyTimeoutMargin = 2 * time.Minute
)

// WithTimeout bounds the whole run. Defaults: DefaultVerifyTimeout for
// Verify (each site of VerifyFleet), the wait plus ApplyTimeoutMargin for
// Apply, rollbackTimeout for Restore. An apply that runs out while
// changing the router still rolls back, within the rollback's own budget.
func WithTimeout(d time.Duration) Option { return func(o *options) { o.timeout = d } }

// RunTimeoutError says a whole run's bound ran out. It wraps
// session.ErrTimeout.
type RunTimeoutError struct {
	Run   string // "apply", "verify", "rollback"
	Limit time.Duration
	// Own: the rollback's own budget after a failed apply, not a bound
	// the caller chose.
	Own bool
}

func (e *RunTimeoutError) Error() string {
	if e.Own {
		return fmt.Sprintf("the %s ran out of its own budget of %s", e.Run, e.Limit)
	}
	return fmt.Sprintf("%s did not finish within its timeout of %s", e.Run, e.Limit)
}

func (e *RunTimeoutError) Unwrap() error { return session.ErrTimeout }

// bound returns ctx limited to the run's timeout: the caller's, or def.
func (o options) bound(ctx context.Context, run string, def time.Duration) (context.Context, context.CancelFunc) {
	d := def
	if o.timeout > 0 {
		d = o.timeout
	}
	return context.WithTimeoutCause(ctx, d, &RunTimeoutError{Run: run, Limit: d})
}

// rollbackBudget is the ctx of the rollback after a failed apply: detached
// from the caller's, which may be what ended the apply, and bounded by
// rollbackTimeout, which its errors then name.
func rollbackBudget(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeoutCause(context.WithoutCancel(ctx), rollbackTimeout, &RunTimeoutError{Run: "rollback", Limit: rollbackTimeout, Own: true})
}
