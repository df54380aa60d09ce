package agent

import (
	"context"
	"fmt"

	"github.com/ixpush/ixpush/pkg/health"
)

// Verify connects, enters configuration mode (the IX shows IKE and IPsec
// state only there; it never takes the mode from another session), reads the
// shows and judges them. Every failure becomes an Unknown report: a scheduled
// job needs a verdict, not a stack of errors. The whole run is bounded
// (WithTimeout, DefaultVerifyTimeout), and so is each step (the connect
// and command timeouts of the connector); configuration mode taken by
// another session midway is Unknown too, never a verdict read in
// operation mode. It does not read the change journal: ReadUnfinished does,
// for the caller to report an unfinished change beside the verdict.
func Verify(ctx context.Context, connect Connector, exp health.Expectation, opts ...Option) health.Report {
	o := build(opts)
	ctx, cancel := o.bound(ctx, "verify", DefaultVerifyTimeout)
	defer cancel()
	dev, err := connect(ctx)
	if err != nil {
		return health.UnknownReport(exp, err)
	}
	defer closeDevice(dev, o)
	if err := dev.Prepare(ctx); err != nil {
		return health.UnknownReport(exp, err)
	}
	obs, err := Observe(ctx, dev)
	if err != nil {
		return health.UnknownReport(exp, fmt.Errorf("reading state: %w", err))
	}
	return health.Judge(exp, obs)
}
