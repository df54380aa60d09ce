package agent

import "time"

// Defaults of the guard (ixpush guard's --guard-window and --failures).
const (
	// DefaultGuardWindow is how long after a change was saved or confirmed
	// guard keeps checking it: past that a failure is someone else's to
	// diagnose, and the pre-change configuration may no longer be the
	// known-good one.
	DefaultGuardWindow = time.Hour
	// DefaultGuardFailures is how many consecutive failed checks revert a
	// change: one flap must not.
	DefaultGuardFailures = 3
)

// guardOptions are the confirm-or-revert settings, one field of options.
type guardOptions struct {
	confirmWithin time.Duration // apply: leave the change unsaved awaiting confirmation
	force         bool          // confirm: save below the required health
	window        time.Duration
	failures      int
}

func (g guardOptions) windowOr() time.Duration {
	if g.window > 0 {
		return g.window
	}
	return DefaultGuardWindow
}

func (g guardOptions) failuresOr() int {
	if g.failures > 0 {
		return g.failures
	}
	return DefaultGuardFailures
}

// WithConfirmWithin makes Apply push and verify but not save: the change
// awaits `ixpush confirm` until d from now, and ixpush guard reverts it
// after that. The deadline goes into the change journal in UTC.
func WithConfirmWithin(d time.Duration) Option {
	return func(o *options) { o.guard.confirmWithin = d }
}

// WithForce makes Confirm save although health is below the required
// level, or others' edits would be saved with the change.
func WithForce(on bool) Option { return func(o *options) { o.guard.force = on } }

// WithGuardWindow is how long after a change was saved or confirmed Guard
// checks its health (DefaultGuardWindow).
func WithGuardWindow(d time.Duration) Option { return func(o *options) { o.guard.window = d } }

// WithGuardFailures is how many consecutive checks below the required
// health make Guard revert a change (DefaultGuardFailures).
func WithGuardFailures(n int) Option { return func(o *options) { o.guard.failures = n } }
