package agent

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/backup"
	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/journal"
)

// abandonedApply runs an apply with WithAbandonOnCancel that a router hook
// kills once the router has executed line: the hook cancels the run's ctx
// and cuts the session, as the kernel does for a dead process. It returns
// the state directory, how long the apply took to return after the kill
// and its error.
func abandonedApply(t *testing.T, r *ixsimtest.Router, kill *killSwitch) (dir string, took time.Duration, err error) {
	t.Helper()
	dir = t.TempDir()
	st, err := backup.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	kill.arm(cancel)
	var progress bytes.Buffer
	_, err = Apply(ctx, connector(t, r, nil), seedInput(t),
		WithBackupStore(st), WithPollInterval(50*time.Millisecond), WithWait(5*time.Second), WithProgress(&progress), WithAbandonOnCancel(true))
	returned := time.Now()
	if !kill.struck() {
		t.Fatalf("the router never executed %q: %v\n%s", kill.line, err, progress.String())
	}
	return dir, returned.Sub(kill.at()), err
}

// killSwitch is a CommandHook that kills the armed run at line, once.
type killSwitch struct {
	line   string
	mu     sync.Mutex
	cancel context.CancelFunc
	when   time.Time
}

func (k *killSwitch) arm(cancel context.CancelFunc) { k.mu.Lock(); k.cancel = cancel; k.mu.Unlock() }

func (k *killSwitch) hook(_ int, line string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	if !k.when.IsZero() || k.cancel == nil || strings.TrimSpace(line) != k.line {
		return false
	}
	k.when = time.Now()
	k.cancel()
	return true
}

func (k *killSwitch) struck() bool { return !k.at().IsZero() }

func (k *killSwitch) at() time.Time { k.mu.Lock(); defer k.mu.Unlock(); return k.when }

// TestWithAbandonOnCancel: an apply killed mid-push returns at once, rolls
// nothing back and leaves the journal at the step it had reached; without
// the option the same cancel rolls the change back and finishes the journal.
func TestWithAbandonOnCancel(t *testing.T) {
	kill := &killSwitch{line: "interface Tunnel1.0"}
	r := ixsimtest.Start(t, ixsim.WithCommandHook(kill.hook))
	before := r.Sim.RunningConfig()
	dir, took, err := abandonedApply(t, r, kill)
	if !errors.Is(err, errKilled) {
		t.Fatalf("abandoned apply: %v, want errKilled", err)
	}
	if took > 2*time.Second {
		t.Errorf("abandoned apply returned %s after the kill", took)
	}
	if sameConfig(t, r.Sim.RunningConfig(), before) {
		t.Error("the router holds nothing of the killed run: it was rolled back")
	}
	if e := loadJournal(t, dir, "R10"); !e.Pending() || e.Step != journal.StepPushing || len(e.Steps) != 1 {
		t.Errorf("journal of the killed run: step %s, %d marks, outcome %q", e.Step, len(e.Steps), e.Outcome)
	}

	// The same kill without the option: a cancelled apply cleans up.
	polite := &killSwitch{line: "interface Tunnel1.0"}
	r2 := ixsimtest.Start(t, ixsim.WithCommandHook(polite.hook))
	before2 := r2.Sim.RunningConfig()
	dir2 := t.TempDir()
	st, _ := backup.Open(dir2)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	polite.arm(cancel)
	if _, err := Apply(ctx, connector(t, r2, nil), seedInput(t), WithBackupStore(st), WithWait(time.Second)); errors.Is(err, errKilled) || err == nil {
		t.Fatalf("cancelled apply without the option: %v", err)
	}
	if !sameConfig(t, r2.Sim.RunningConfig(), before2) {
		t.Error("cancelled apply without the option left part of the change")
	}
	if e := loadJournal(t, dir2, "R10"); e.Pending() {
		t.Errorf("cancelled apply without the option left the journal pending at %s", e.Step)
	}
}

// TestReadUnfinished: the journal of a killed apply is an unfinished change
// with its step, plan size and backup, and a rollback to that backup as
// the next command; a finished change, no journal and no directory are
// nothing, and reading creates no directory.
func TestReadUnfinished(t *testing.T) {
	kill := &killSwitch{line: "interface Tunnel1.0"}
	r := ixsimtest.Start(t, ixsim.WithCommandHook(kill.hook))
	dir, _, _ := abandonedApply(t, r, kill)
	e := loadJournal(t, dir, "R10")

	u, err := ReadUnfinished(dir, "R10")
	if err != nil || u == nil {
		t.Fatalf("ReadUnfinished after a kill: %+v, %v", u, err)
	}
	in := u.Interrupted
	if in.Op != journal.OpApply || in.Step != journal.StepPushing || in.Planned != len(e.Commands) || in.Backup != e.Backup || in.PID != os.Getpid() || in.Restored {
		t.Errorf("interrupted %+v", in)
	}
	if u.Next.Action != journal.ActionRollback || u.Next.Backup != e.Backup || u.Next.Why == "" {
		t.Errorf("next %+v, want a rollback to %s", u.Next, e.Backup)
	}

	// A rollback that was not proven keeps the next command its run named.
	failed := *e
	failed.Finish(journal.OutcomeRollbackFailed, false, errors.New("session lost"), &journal.Next{Action: journal.ActionRollback, Backup: "/other.cfg", Why: "w"}, time.Now())
	if err := mustJournal(t, dir).Save(&failed); err != nil {
		t.Fatal(err)
	}
	if u, err := ReadUnfinished(dir, "R10"); err != nil || u == nil || u.Next.Backup != "/other.cfg" || u.Interrupted.Outcome != journal.OutcomeRollbackFailed {
		t.Errorf("after a rollback not proven: %+v, %v", u, err)
	}

	done := *e
	done.Finish(string(OutcomeApplied), true, nil, nil, time.Now())
	if err := mustJournal(t, dir).Save(&done); err != nil {
		t.Fatal(err)
	}
	if u, err := ReadUnfinished(dir, "R10"); u != nil || err != nil {
		t.Errorf("finished change: %+v, %v", u, err)
	}
	// Applied with a deadline: unfinished until confirmed; a guard's
	// revert that did not complete outranks it.
	awaiting := done
	awaiting.Saved = false
	awaiting.AwaitConfirmation(time.Now().Add(15*time.Minute), "ops@laptop")
	if err := mustJournal(t, dir).Save(&awaiting); err != nil {
		t.Fatal(err)
	}
	if u, err := ReadUnfinished(dir, "R10"); err != nil || u == nil || u.Confirm == nil || u.Interrupted != nil || u.Next.Action != journal.ActionConfirm {
		t.Errorf("awaiting confirmation: %+v, %v", u, err)
	}
	awaiting.GuardState().Revert = "not confirmed by its deadline"
	if err := mustJournal(t, dir).Save(&awaiting); err != nil {
		t.Fatal(err)
	}
	if u, err := ReadUnfinished(dir, "R10"); err != nil || u == nil || u.RevertDue == "" || u.Next.Action != journal.ActionGuard {
		t.Errorf("revert due: %+v, %v", u, err)
	}
	if u, err := ReadUnfinished(dir, "R11"); u != nil || err != nil {
		t.Errorf("another router: %+v, %v", u, err)
	}
	missing := filepath.Join(t.TempDir(), "never")
	if u, err := ReadUnfinished(missing, "R10"); u != nil || err != nil {
		t.Errorf("no directory: %+v, %v", u, err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ReadUnfinished created %s", missing)
	}
	if err := os.WriteFile(mustJournal(t, dir).Path("R10"), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadUnfinished(dir, "R10"); !errors.Is(err, journal.ErrCorrupt) || !strings.Contains(err.Error(), "move the file aside") {
		t.Errorf("corrupt journal: %v", err)
	}
}
