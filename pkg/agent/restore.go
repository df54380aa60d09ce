package agent

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// RestoreInput names the backup to return to and the connection whose
// sections ixpush manages.
type RestoreInput struct {
	Router      string
	BackupPath  string
	Backup      string // the backup's running-config text
	Connection  awsvpn.Connection
	PlanOptions []plan.Option
}

// RestoreResult reports a rollback to a backup.
type RestoreResult struct {
	Router   string   `json:"router"`
	Backup   string   `json:"backup"`
	Rollback []string `json:"rollback_typed"` // redacted, as in ApplyResult
	Already  bool     `json:"already_restored"`
	Steps    []Step   `json:"steps"`
}

// Restore puts the sections ixpush manages back to a backup with the undo
// sequence apply uses on failure: the plan computed against the backup
// knows how to undo itself; only the lines that change the current
// running-config are typed; then every managed section is compared with
// the backup. Sections ixpush does not manage are left alone.
func Restore(ctx context.Context, connect Connector, in RestoreInput, opts ...Option) (*RestoreResult, error) {
	o := build(opts)
	ctx, cancel := o.bound(ctx, "rollback", rollbackTimeout)
	defer cancel()
	res := &RestoreResult{Router: in.Router, Backup: in.BackupPath}
	st := &stepper{w: o.progress, log: o.log}
	defer func() { res.Steps = st.done() }()

	backupCfg, err := showparse.ParseRunningConfig(strings.NewReader(in.Backup))
	if err != nil {
		return res, fmt.Errorf("backup %s: %w", in.BackupPath, err)
	}
	p, err := plan.New(in.Connection, backupCfg, in.PlanOptions...)
	if err != nil {
		return res, fmt.Errorf("planning against the backup: %w", err)
	}
	st.begin("connect", "connecting to "+in.Router)
	dev, err := connect(ctx)
	if err != nil {
		return res, fmt.Errorf("nothing changed: %w", err)
	}
	defer func() { // dev may be replaced by a reconnect
		st.begin("close", "")
		closeDevice(dev, o)
	}()
	st.begin("prepare", "entering configuration mode")
	if err := dev.Prepare(ctx); err != nil {
		return res, fmt.Errorf("nothing changed: %w", err)
	}
	st.begin(rollbackStep, "restoring the managed sections from "+in.BackupPath)
	rb := &rollback{plan: p, prove: func(c showparse.RunningConfig) error {
		if err := p.CheckRestored(c); err != nil {
			return err
		}
		if err := p.CheckManaged(c); err != nil {
			// The backup already held (part of) this VPN, so the plan
			// against it has nothing to undo there: typing cannot
			// mend it, and "already restored" would be a lie.
			return &nothingToUndoError{err}
		}
		return nil
	}}
	err = rb.run(ctx, connect, &dev, o)
	var nothing *nothingToUndoError
	res.Rollback, res.Already = rb.typed, rb.already && err == nil
	switch {
	case err == nil && res.Already:
		fmt.Fprintln(o.progress, "    already matches the backup: nothing to do")
		return res, nil
	case err == nil:
		fmt.Fprintln(o.progress, "    restored: running-config matches the backup in every managed section")
		return res, nil
	case errors.As(err, &nothing):
		return res, fmt.Errorf("%w: %w, which already held it; ixpush only undoes what it added, so restore that section by hand from %s", ErrRollbackFailed, nothing.err, in.BackupPath)
	case errors.Is(err, plan.ErrNotRestored):
		return res, fmt.Errorf("%w: %w (the router holds changes the plan does not know how to undo; compare with %s)", ErrRollbackFailed, err, in.BackupPath)
	case !rb.configured:
		return res, fmt.Errorf("nothing changed: %w", err)
	default:
		return res, fmt.Errorf("%w: %w; the backup is %s", ErrRollbackFailed, err, in.BackupPath)
	}
}
