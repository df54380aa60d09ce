package agent

import (
	"context"
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
		if sec := managedDiff(p, backupCfg, cur); sec != "" {
			// The backup already held (part of) this VPN, so the plan
			// against it has nothing to undo there: saying "already
			// restored" would be a lie.
			return res, fmt.Errorf("%w: %s differs from the backup, which already held it; ixpush only undoes what it added, so restore that section by hand from %s", ErrRollbackFailed, sec, in.BackupPath)
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
		res.Typed = append(res.Typed, showparse.Redact(l))
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
	if sec := managedDiff(p, backupCfg, after); sec != "" {
		return res, fmt.Errorf("%w: %s still differs from the backup, which already held it; restore that section by hand from %s", ErrRollbackFailed, sec, in.BackupPath)
	}
	fmt.Fprintln(o.progress, "    restored: running-config matches the backup in every managed section")
	return res, nil
}

// managedDiff names the first section of the plan's configuration whose
// lines differ between two running-configs, or returns "". CheckRestored
// only looks at sections the plan's commands touch; when the backup already
// held some of the VPN, the others need this look too.
func managedDiff(p *plan.Plan, a, b showparse.RunningConfig) string {
	desired, err := plan.ApplyLines(showparse.RunningConfig{}, p.Desired)
	if err != nil {
		return ""
	}
	na, nb := plan.Normalize(a), plan.Normalize(b)
	for _, l := range desired.Lines {
		if sectionText(na, l) != sectionText(nb, l) {
			return l.Text
		}
	}
	return ""
}

// sectionText renders the block of c that has the same entry line as l, or
// for a one-line command every line of c that names the same object (the
// same first three words: `ike policy NAME`, `ipsec autokey-map NAME`), so a
// changed key or peer shows as a difference.
func sectionText(c showparse.RunningConfig, l *showparse.ConfigLine) string {
	if len(l.Children) > 0 {
		got := c.Find(l.Text)
		if got == nil {
			return ""
		}
		return showparse.RunningConfig{Lines: []*showparse.ConfigLine{got}}.String()
	}
	key := objectKey(l.Text)
	var out []string
	for _, cl := range c.Lines {
		if len(cl.Children) == 0 && objectKey(cl.Text) == key {
			out = append(out, cl.Text)
		}
	}
	return strings.Join(out, "\n")
}

func objectKey(line string) string {
	f := strings.Fields(line)
	if len(f) > 3 {
		f = f[:3]
	}
	return strings.Join(f, " ")
}
