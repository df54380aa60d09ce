package journal

import (
	"fmt"
	"slices"
	"time"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
)

// ConfirmState is where a change applied with a confirmation deadline
// stands.
type ConfirmState string

const (
	// ConfirmPending: live in running-config, not saved; ixpush guard
	// reverts it once the deadline has passed.
	ConfirmPending ConfirmState = "pending"
	// ConfirmConfirmed: ixpush confirm verified it and saved it.
	ConfirmConfirmed ConfirmState = "confirmed"
	// ConfirmReverted: ixpush guard put the backup's sections back.
	ConfirmReverted ConfirmState = "reverted"
)

var confirmStates = []ConfirmState{ConfirmPending, ConfirmConfirmed, ConfirmReverted}

// Confirmation is the confirm-or-revert state of a change applied with
// --confirm-within. The IX has no commit confirmed: the change is live in
// running-config and startup-config still holds the old configuration, so
// a reload reverts it as well as guard does.
type Confirmation struct {
	State ConfirmState `json:"state"`
	// Deadline is wall-clock time in UTC: a guard run on another machine,
	// or after a reboot, reads the same instant.
	Deadline time.Time `json:"deadline"`
	// By is who applied it (user@host), for the report.
	By string `json:"by,omitempty"`
	// At is when it was confirmed or reverted; zero while pending.
	At time.Time `json:"at,omitzero"`
}

// Guard is what ixpush guard runs recorded about the change.
type Guard struct {
	// Applied is the file holding running-config as the change left it
	// (mode 0600, like the backups): a section that differs from it later
	// was changed by someone else, and guard never reverts that.
	Applied string `json:"applied,omitempty"`
	// Failures counts the consecutive checks below the required health.
	Failures int `json:"consecutive_failures"`
	// Revert is why a guard run decided to revert the change, while that
	// revert has not completed: the next run retries it.
	Revert string `json:"revert,omitempty"`
	// RevertSaves: the revert ends with write memory (the change had
	// been saved, so startup-config holds it too).
	RevertSaves bool `json:"revert_saves,omitempty"`
	// Left is why guard stopped watching the change (someone else changed
	// its sections); guard does nothing more about it.
	Left string `json:"left,omitempty"`
	// Actions are the latest guard actions, oldest first.
	Actions []GuardAction `json:"actions,omitempty"`
}

// GuardAction is one thing a guard run did or found.
type GuardAction struct {
	At     time.Time `json:"at"`
	Action string    `json:"action"`
	Detail string    `json:"detail,omitempty"` // redacted
}

// MaxGuardActions bounds the guard actions an entry keeps: a guard every
// five minutes for an hour is twelve, and the journal stays small.
const MaxGuardActions = 32

// AwaitConfirmation records that the change is live and unsaved until
// deadline (stored in UTC), applied by by.
func (e *Entry) AwaitConfirmation(deadline time.Time, by string) {
	e.Confirm = &Confirmation{State: ConfirmPending, Deadline: deadline.UTC(), By: by}
}

// ConfirmPending reports whether the change awaits confirmation: pending,
// and not saved since (a later apply that found it live may have saved it).
func (e *Entry) ConfirmPending() bool {
	return e.Confirm != nil && e.Confirm.State == ConfirmPending && !e.Saved
}

// GuardState is e.Guard, created when missing.
func (e *Entry) GuardState() *Guard {
	if e.Guard == nil {
		e.Guard = &Guard{}
	}
	return e.Guard
}

// LogGuard appends a guard action (detail redacted), keeping the latest
// MaxGuardActions.
func (e *Entry) LogGuard(action, detail string, at time.Time) {
	g := e.GuardState()
	g.Actions = append(g.Actions, GuardAction{At: at.UTC(), Action: action, Detail: dialect.Redact(detail)})
	if n := len(g.Actions) - MaxGuardActions; n > 0 {
		g.Actions = slices.Delete(g.Actions, 0, n)
	}
}

// checkConfirm is what Decode demands of the confirmation and guard state.
func (e *Entry) checkConfirm() error {
	if c := e.Confirm; c != nil {
		switch {
		case !slices.Contains(confirmStates, c.State):
			return fmt.Errorf("confirm: unknown state %q", c.State)
		case c.Deadline.IsZero():
			return fmt.Errorf("confirm: no deadline")
		case e.Op != OpApply:
			return fmt.Errorf("confirm: only an apply awaits confirmation")
		}
	}
	if g := e.Guard; g != nil {
		if g.Failures < 0 {
			return fmt.Errorf("guard: %d consecutive failures", g.Failures)
		}
		if len(g.Actions) > MaxGuardActions {
			return fmt.Errorf("guard: %d actions, at most %d kept", len(g.Actions), MaxGuardActions)
		}
		for i, a := range g.Actions {
			if a.Action == "" {
				return fmt.Errorf("guard: action %d has no name", i+1)
			}
			if dialect.Redact(a.Detail) != a.Detail {
				return fmt.Errorf("guard: action %d holds a key in clear", i+1)
			}
		}
	}
	return nil
}
