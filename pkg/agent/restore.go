package agent

import (
	"context"
	"fmt"
	"strings"

	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
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
	Router  string   `json:"router"`
	Backup  string   `json:"backup"`
	Typed   []string `json:"typed"` // redacted
	Already bool     `json:"already_restored"`
	Steps   []Step   `json:"steps"`
}

// Restore puts the sections ixpush manages back to a backup with the same
// inverse machinery apply uses: the plan computed against the backup knows
// how to undo itself; only the lines that change the current running-config
// are typed; then every touched section is compared with the backup.
// Sections ixpush does not manage are left alone.
func Restore(ctx context.Context, connect Connector, in RestoreInput, opts ...Option) (*RestoreResult, error) {
	o := build(opts)
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
	defer func() {
		st.begin("close", "")
		closeDevice(dev, o)
	}()
	st.begin("prepare", "entering configuration mode")
	if err := dev.Prepare(ctx); err != nil {
		return res, fmt.Errorf("nothing changed: %w", err)
	}
	st.begin("rollback", "restoring the managed sections from "+in.BackupPath)
	cur, err := readRunning(ctx, dev)
	if err != nil {
		return res, fmt.Errorf("nothing changed: %w", err)
	}
	if p.CheckRestored(cur) == nil {
		if err := p.CheckManaged(cur); err != nil {
			// The backup already held (part of) this VPN, so the plan
			// against it has nothing to undo there: saying "already
			// restored" would be a lie.
			return res, fmt.Errorf("%w: %w, which already held it; ixpush only undoes what it added, so restore that section by hand from %s", ErrRollbackFailed, err, in.BackupPath)
		}
		res.Already = true
		fmt.Fprintln(o.progress, "    already matches the backup: nothing to do")
		return res, nil
	}
	lines, err := effectiveRollback(cur, p.Rollback)
	if err != nil {
		return res, err
	}
	for _, l := range lines {
		res.Typed = append(res.Typed, dialect.Redact(l))
	}
	if len(lines) > 0 {
		if _, err := dev.Configure(ctx, lines); err != nil {
			return res, fmt.Errorf("%w: typing the rollback: %w; the backup is %s", ErrRollbackFailed, err, in.BackupPath)
		}
	}
	after, err := readRunning(ctx, dev)
	if err != nil {
		return res, fmt.Errorf("%w: %w", ErrRollbackFailed, err)
	}
	if err := p.CheckRestored(after); err != nil {
		return res, fmt.Errorf("%w: %w (the router holds changes the plan does not know how to undo; compare with %s)", ErrRollbackFailed, err, in.BackupPath)
	}
	if err := p.CheckManaged(after); err != nil {
		return res, fmt.Errorf("%w: %w, which already held it; restore that section by hand from %s", ErrRollbackFailed, err, in.BackupPath)
	}
	fmt.Fprintln(o.progress, "    restored: running-config matches the backup in every managed section")
	return res, nil
}
