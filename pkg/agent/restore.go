package agent

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/journal"
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
	// FromJournal: the backup is the journaled change's, and its own
	// journaled lines undid it.
	FromJournal bool `json:"from_journal,omitempty"`
	// Interrupted is an unfinished change the journal showed.
	Interrupted *Interrupted `json:"interrupted,omitempty"`
	// Next is the command to run when the restore failed.
	Next *journal.Next `json:"next,omitempty"`
	// Unmanaged is how the router still differs from the backup outside
	// the managed sections, which a restore leaves alone
	// (restore_unmanaged.go): "+ LINE" on the router only, "- LINE" in the
	// backup only, keys masked.
	Unmanaged []string `json:"unmanaged_differs,omitempty"`
}

// ErrNeedConnection means the backup is not the journaled change's, so which
// sections to restore comes from the AWS configuration, and none was given.
var ErrNeedConnection = errors.New("the backup is not the one the change journal names, so the AWS VPN configuration is needed to know which sections to restore (--aws or aws.file)")

// OutcomeRestored is the journal's outcome of a proven restore.
const OutcomeRestored Outcome = "restored"

// Restore puts the sections ixpush manages back to a backup with the undo
// sequence apply uses on failure: the plan computed against the backup
// knows how to undo itself; only the lines that change the current
// running-config are typed; then every managed section is compared with
// the backup. Sections ixpush does not manage are left alone; where they
// differ from the backup, the result lists them (Unmanaged).
func Restore(ctx context.Context, connect Connector, in RestoreInput, opts ...Option) (*RestoreResult, error) {
	o := build(opts)
	ctx, cancel := o.bound(ctx, "rollback", rollbackTimeout)
	defer cancel()
	res := &RestoreResult{Router: in.Router, Backup: in.BackupPath}
	st := &stepper{w: o.progress, log: o.log}
	defer func() { res.Steps = st.done() }()
	again := &journal.Next{Action: journal.ActionRollback, Backup: in.BackupPath, Why: "run the restore again; it types only what is still missing"}

	// With a store, the journal beside it says what the last change was;
	// without one (a library caller with a backup text) there is none.
	var rec *recorder
	var last *journal.Entry
	if o.store != nil {
		js, e, release, err := openJournal(o, in.Router)
		if err != nil {
			if errors.Is(err, journal.ErrLocked) {
				res.Next = lockedNext(journal.ActionRollback)
			}
			return res, fmt.Errorf("nothing changed: %w", err)
		}
		defer release()
		rec, last = &recorder{js: js, o: o, warns: new([]string)}, e
		if e != nil && e.Pending() {
			res.Interrupted = interruptedFrom(e)
			if stillRunning(e, o.now()) {
				res.Next = again
				return res, inFlightError(res.Interrupted)
			}
			fmt.Fprintf(o.progress, "!!! the journal shows an %s\n", res.Interrupted)
		}
	}
	p, prove, err := restorePlan(in, last, res, o)
	if err != nil {
		return res, err
	}
	st.begin("connect", "connecting to "+in.Router)
	dev, err := connect(ctx)
	if err != nil {
		res.Next = again
		return res, fmt.Errorf("nothing changed: %w", err)
	}
	defer func() { // dev may be replaced by a reconnect
		st.begin("close", "")
		closeDevice(dev, o)
	}()
	st.begin("prepare", "entering configuration mode")
	if err := dev.Prepare(ctx); err != nil {
		res.Next = again
		return res, fmt.Errorf("nothing changed: %w", err)
	}
	st.begin(rollbackStep, "restoring the managed sections from "+in.BackupPath)
	var lastRead showparse.RunningConfig // for p.DriftOutside
	rb := &rollback{plan: p, prove: func(c showparse.RunningConfig) error { lastRead = c; return prove(c) }}
	if rec != nil {
		// Journaled right before the first line is typed, so a restore
		// that dies is resumed by the next rollback or apply.
		rb.beforeTyping = func() error {
			return rec.start(journal.New(in.Router, journal.OpRollback, in.BackupPath, journalConnection(p), p.Commands, p.Rollback, o.now()))
		}
	}
	err = rb.run(ctx, connect, &dev, o)
	var nothing *nothingToUndoError
	res.Rollback, res.Already = rb.typed, rb.already && err == nil
	switch {
	case err == nil && res.Already:
		fmt.Fprintln(o.progress, "    already matches the backup: nothing to do")
		reportUnmanaged(res, o, p.DriftOutside(lastRead))
		if res.FromJournal && last.Pending() {
			// The unfinished change left nothing behind: it is settled.
			rec.e = last
			rec.finish(OutcomeRestored, false, nil, nil)
		}
		return res, nil
	case err == nil:
		fmt.Fprintln(o.progress, "    restored: running-config matches the backup in every managed section")
		reportUnmanaged(res, o, p.DriftOutside(lastRead))
		rec.finish(OutcomeRestored, false, nil, nil)
		return res, nil
	case errors.As(err, &nothing):
		return res, fmt.Errorf("%w: %w, which already held it; ixpush only undoes what it added, so restore that section by hand from %s", ErrRollbackFailed, nothing.err, in.BackupPath)
	case errors.Is(err, plan.ErrNotRestored):
		err = fmt.Errorf("%w: %w (the router holds changes the plan does not know how to undo; compare with %s)", ErrRollbackFailed, err, in.BackupPath)
		rec.finish(OutcomeRollbackFailed, false, err, nil)
		return res, err
	case !rb.configured:
		res.Next = again
		return res, fmt.Errorf("nothing changed: %w", err)
	default:
		res.Next = again
		err = fmt.Errorf("%w: %w; the backup is %s", ErrRollbackFailed, err, in.BackupPath)
		rec.finish(OutcomeRollbackFailed, false, err, res.Next)
		return res, err
	}
}

// restorePlan is the plan the restore undoes, and how it is proven. When
// the backup is the journaled change's, that change's own lines undo it
// (journaledPlan) and only the sections it touched must be back. Any other
// backup is planned against with today's connection, and every managed
// section must match it.
func restorePlan(in RestoreInput, last *journal.Entry, res *RestoreResult, o options) (*plan.Plan, func(showparse.RunningConfig) error, error) {
	if last != nil && len(last.Rollback) > 0 && samePath(last.Backup, in.BackupPath) {
		p, err := journaledPlan(last, in.Backup)
		if err != nil {
			return nil, nil, fmt.Errorf("nothing changed: the journaled change: %w", err)
		}
		res.FromJournal = true
		fmt.Fprintf(o.progress, "    undoing the journaled %s of %s with its own %d rollback lines\n", last.Op, last.Started().UTC().Format(time.DateTime+" UTC"), len(last.Rollback))
		return p, p.CheckRestored, nil
	}
	if !in.Connection.CustomerGatewayIP.IsValid() { // no AWS configuration given
		return nil, nil, fmt.Errorf("nothing changed: %w", ErrNeedConnection)
	}
	backupCfg, err := showparse.ParseRunningConfig(strings.NewReader(in.Backup))
	if err != nil {
		return nil, nil, fmt.Errorf("backup %s: %w", in.BackupPath, err)
	}
	p, err := plan.New(in.Connection, backupCfg, in.PlanOptions...)
	if err != nil {
		return nil, nil, fmt.Errorf("planning against the backup: %w", err)
	}
	return p, func(c showparse.RunningConfig) error {
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
	}, nil
}
