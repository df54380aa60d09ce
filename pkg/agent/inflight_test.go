package agent

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/journal"
)

// owned rewrites the journal in dir as if process pid on host wrote it.
func owned(t *testing.T, dir string, pid int, host string) {
	t.Helper()
	e := loadJournal(t, dir, "R10")
	e.PID, e.Host = pid, host
	if err := mustJournal(t, dir).Save(e); err != nil {
		t.Fatal(err)
	}
}

// TestApplyLeavesALiveRunAlone: the unfinished change belongs to another
// ixpush process that is still running here (two runs with --force-config
// are not kept apart by the config lock); the second run must not undo it
// under that run's feet, and changes nothing. Once the other process is
// gone, the same entry is recovered as usual.
func TestApplyLeavesALiveRunAlone(t *testing.T) {
	r := ixsimtest.Start(t)
	dir := killMidPush(t, r, 9)
	mid := r.Sim.RunningConfig()

	other := exec.Command("sleep", "30")
	if err := other.Start(); err != nil {
		t.Skipf("no sleep to stand in for the other run: %v", err)
	}
	defer other.Process.Kill()
	host, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	owned(t, dir, other.Process.Pid, host)

	var progress bytes.Buffer
	res, err := Apply(context.Background(), connector(t, r, nil), seedInput(t), stateOpts(t, dir, &progress)...)
	if !errors.Is(err, ErrInFlight) || res.Outcome != OutcomeNotChanged || res.Next == nil {
		t.Fatalf("apply beside a live run: %s, %v, next %+v\n%s", res.Outcome, err, res.Next, progress.String())
	}
	if !sameConfig(t, r.Sim.RunningConfig(), mid) {
		t.Errorf("the second run changed the router under the live one")
	}
	bi := journaledBackup(t, dir)
	rr, err := Restore(context.Background(), connector(t, r, nil), RestoreInput{Router: "R10", BackupPath: bi.path, Backup: bi.text,
		Connection: seedInput(t).Connection, PlanOptions: seedInput(t).PlanOptions}, stateOpts(t, dir, &progress)...)
	if !errors.Is(err, ErrInFlight) || len(rr.Rollback) > 0 {
		t.Fatalf("rollback beside a live run: %v, typed %d", err, len(rr.Rollback))
	}

	other.Process.Kill()
	other.Wait()
	res, err = Apply(context.Background(), connector(t, r, nil), seedInput(t), stateOpts(t, dir, &progress)...)
	if err != nil || res.Interrupted == nil || !res.Interrupted.Restored || !res.Saved {
		t.Fatalf("apply once the other run died: %s, %v\n%s", res.Outcome, err, progress.String())
	}
}

type backupFile struct{ path, text string }

// journaledBackup reads the backup the journal in dir names.
func journaledBackup(t *testing.T, dir string) backupFile {
	t.Helper()
	e := loadJournal(t, dir, "R10")
	return backupFile{e.Backup, readFile(t, e.Backup)}
}

func TestStillRunning(t *testing.T) {
	host, _ := os.Hostname()
	now := time.Now()
	fresh := func(pid int, host string) *journal.Entry {
		e := journal.New("R10", journal.OpApply, "/b", journal.Connection{}, []string{"x"}, []string{"no x"}, now)
		e.PID, e.Host = pid, host
		return e
	}
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Skip(err)
	}
	tests := []struct {
		name string
		e    *journal.Entry
		at   time.Time
		want bool
	}{
		{"this process (a simulated kill in tests)", fresh(os.Getpid(), host), now, false},
		{"parent process, alive", fresh(os.Getppid(), host), now, true},
		{"another host", fresh(os.Getppid(), host+"-elsewhere"), now, false},
		{"no host recorded", fresh(os.Getppid(), ""), now, false},
		{"a process that has exited", fresh(dead.Process.Pid, host), now, false},
		{"alive but the entry is old (a recycled pid)", fresh(os.Getppid(), host), now.Add(inFlightWindow + time.Minute), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := stillRunning(tt.e, tt.at); got != tt.want {
				t.Errorf("stillRunning = %v, want %v", got, tt.want)
			}
		})
	}
}
