package agent

import (
	"errors"
	"fmt"

	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
	"github.com/ixpush/ixpush/pkg/journal"
)

// pushStopped is the cause of a rollback after a failed push. A '%' line
// the dialect does not know stops the push like an error (it may be one)
// and the cause says so and how to go on, never silently continuing.
func pushStopped(err error) error {
	var ce *ixcli.CommandError
	if errors.As(err, &ce) && ce.Kind == dialect.ErrUnrecognised {
		return fmt.Errorf("push stopped at %w; %s", err, dialect.UnrecognisedAdvice)
	}
	return fmt.Errorf("push stopped at %w", err)
}

// retryNext is the next command after a rolled-back push: apply again once
// the cause is fixed. When the cause is an unknown '%' line it is that
// line accepted as harmless, which only the user can judge (the Why says
// so); a line that echoes a secret is not offered, since the command
// would print it.
func retryNext(cause error) *journal.Next {
	next := &journal.Next{Action: journal.ActionApply, Why: "the router is as before; re-run once the cause is fixed"}
	var ce *ixcli.CommandError
	if !errors.As(cause, &ce) || ce.Kind != dialect.ErrUnrecognised || dialect.RedactOutput(ce.Input, ce.Line) != ce.Line {
		return next
	}
	if _, err := dialect.AcceptedNotice(ce.Line); err != nil {
		return next
	}
	next.Args = []string{"--accept-notice", ce.Line}
	next.Why = "the router is as before; only once you have checked on the router that the line is harmless"
	return next
}
