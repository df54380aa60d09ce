package agent

import (
	"errors"
	"fmt"

	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
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
