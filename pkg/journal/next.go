package journal

import (
	"fmt"
	"slices"
)

// Action is the kind of the next command after a change.
type Action string

const (
	// ActionRollback: ixpush rollback SITE --backup Backup.
	ActionRollback Action = "rollback"
	// ActionApply: ixpush apply SITE (with Args) — resume, or retry once the
	// cause is fixed.
	ActionApply Action = "apply"
	// ActionVerify: ixpush verify SITE — nothing to undo, look at health.
	ActionVerify Action = "verify"
	// ActionType: type Command on the router (an IX command).
	ActionType Action = "type"
	// ActionConfirm: ixpush confirm SITE — verify once more and save a
	// change that awaits confirmation.
	ActionConfirm Action = "confirm"
	// ActionGuard: ixpush guard SITE — revert what is due.
	ActionGuard Action = "guard"
)

var actions = []Action{ActionRollback, ActionApply, ActionVerify, ActionType, ActionConfirm, ActionGuard}

// Next is the command that finishes or undoes a change, as data: the
// command line renders it with the site argument the user gave.
type Next struct {
	Action Action `json:"action"`
	// Backup is the file ActionRollback restores.
	Backup string `json:"backup,omitempty"`
	// Args are extra ixpush flags (ActionApply: --save-unsaved-changes).
	Args []string `json:"args,omitempty"`
	// Command is the IX command of ActionType.
	Command string `json:"command,omitempty"`
	// Why says what the command is for, in a few words.
	Why string `json:"why,omitempty"`
}

func (n *Next) check() error {
	switch {
	case !slices.Contains(actions, n.Action):
		return fmt.Errorf("unknown action %q", n.Action)
	case n.Action == ActionRollback && n.Backup == "":
		return fmt.Errorf("rollback without a backup")
	case n.Action == ActionType && n.Command == "":
		return fmt.Errorf("nothing to type")
	}
	return nil
}
