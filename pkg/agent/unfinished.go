package agent

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/ixpush/ixpush/pkg/journal"
)

// Unfinished is an unfinished change in a router's journal as a run that
// does not undo it (verify) reports it: what the change had done, and the
// command that undoes or finishes it. A change that was applied but awaits
// confirmation (or a revert a guard could not finish) is unfinished too:
// Interrupted is then nil and Confirm or RevertDue says which.
type Unfinished struct {
	Interrupted *Interrupted          `json:"interrupted,omitempty"`
	Confirm     *journal.Confirmation `json:"confirm,omitempty"`    // pending: live, unsaved, reverted past its deadline
	RevertDue   string                `json:"revert_due,omitempty"` // why a guard decided to revert it (redacted)
	Next        journal.Next          `json:"next"`
}

// ReadUnfinished reads the change journal of router in the state directory
// dir (the backups' directory, backup.Store.Dir) and returns its change
// when the router may hold part of it (a run died before it was done, or
// its rollback was not proven), when the change awaits confirmation, or
// when a guard's revert of it is due. It returns nil, nil when dir or the
// journal does not exist or the last change finished, and creates nothing: a
// verify on a machine that never applied leaves no directory behind.
func ReadUnfinished(dir, router string) (*Unfinished, error) {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	js, err := journal.Open(dir)
	if err != nil {
		return nil, err
	}
	e, err := js.Load(router)
	if errors.Is(err, journal.ErrNoJournal) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w; check the router, then move the file aside", err)
	}
	switch {
	case e.Pending():
		return &Unfinished{Interrupted: interruptedFrom(e), Next: *e.NextStep()}, nil
	case e.Guard != nil && e.Guard.Revert != "":
		return &Unfinished{RevertDue: e.Guard.Revert, Next: journal.Next{Action: journal.ActionGuard, Why: "the guard's revert is due and not completed; the next guard run retries it"}}, nil
	case e.ConfirmPending():
		c := *e.Confirm
		return &Unfinished{Confirm: &c, Next: journal.Next{Action: journal.ActionConfirm, Why: "the change is live but unsaved; past the deadline a guard run reverts it"}}, nil
	}
	return nil, nil
}
