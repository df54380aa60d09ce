package agent

import (
	"context"
	"errors"
	"fmt"

	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/ixcli"
)

// Verify connects and judges the site. It holds configuration mode only
// for the shows the IX serves there alone (IKE, IPsec, BGP) and never takes
// it from another session: when the mode is held elsewhere (the refusal
// comes back at once; nothing waits for the lock), or taken midway, or
// WithReadOnly forbids it, or the login is not an administrator's, the report rests on operation-mode evidence
// (ObserveOperation, health.JudgeOperation), is marked partial and says to
// retry later. Every other failure becomes an Unknown report: a scheduled
// job needs a verdict, not a stack of errors. The whole run is bounded
// (WithTimeout, DefaultVerifyTimeout), and so is each step (the connect
// and command timeouts of the connector). It does not read the change
// journal: ReadUnfinished does, for the caller to report an unfinished
// change beside the verdict.
func Verify(ctx context.Context, connect Connector, exp health.Expectation, opts ...Option) health.Report {
	o := build(opts)
	ctx, cancel := o.bound(ctx, "verify", DefaultVerifyTimeout)
	defer cancel()
	dev, err := connect(ctx)
	if err != nil {
		return health.UnknownReport(exp, err)
	}
	defer closeDevice(dev, o)
	if o.readOnly {
		return verifyOperation(ctx, dev, exp, noteReadOnly)
	}
	if err := dev.Prepare(ctx); err != nil {
		switch {
		case errors.Is(err, ixcli.ErrConfigLocked):
			o.log.WithError(err).Info("configuration mode is held elsewhere: answering from operation mode")
			return verifyOperation(ctx, dev, exp, noteConfigHeld)
		case errors.Is(err, ixcli.ErrNotAdmin):
			return verifyOperation(ctx, dev, exp, noteNotAdmin)
		}
		return health.UnknownReport(exp, err)
	}
	obs, err := Observe(ctx, dev)
	if errors.Is(err, ixcli.ErrModeLost) {
		// The session that lost the mode keeps judging replies as if it
		// held it; a fresh one reads operation mode plainly.
		o.log.WithError(err).Info("configuration mode was taken during verify: answering from operation mode")
		op, cerr := connect(ctx)
		if cerr != nil {
			return health.UnknownReport(exp, fmt.Errorf("reconnecting after another session took configuration mode: %w", cerr))
		}
		defer closeDevice(op, o)
		return verifyOperation(ctx, op, exp, noteModeLost)
	}
	if err != nil {
		return health.UnknownReport(exp, fmt.Errorf("reading state: %w", err))
	}
	return health.Judge(exp, obs)
}
