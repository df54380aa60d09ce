package agent

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/backup"
	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/journal"
)

// withoutCleanup makes Apply behave as a killed process once ctx is done.
func withoutCleanup() Option { return func(o *options) { o.noCleanup = true } }

// stateOpts are fastPoll's options over a given state directory, so two
// runs share backups and journal as two processes would.
func stateOpts(t *testing.T, dir string, progress *bytes.Buffer) []Option {
	t.Helper()
	st, err := backup.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return []Option{WithBackupStore(st), WithPollInterval(50 * time.Millisecond), WithWait(5 * time.Second), WithProgress(progress)}
}

func mustJournal(t *testing.T, dir string) *journal.Store {
	t.Helper()
	js, err := journal.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return js
}

func loadJournal(t *testing.T, dir, router string) *journal.Entry {
	t.Helper()
	e, err := mustJournal(t, dir).Load(router)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// dying is a Device whose process "dies" while typing: it types the first
// `after` lines of the first push, then cancels the run's ctx and cuts the
// connection, as kill -9 does (the OS closes the socket; nobody logs out).
type dying struct {
	Device
	after  int
	cancel context.CancelFunc
	dead   bool
}

func (d *dying) Configure(ctx context.Context, lines []string) ([]ixcli.Response, error) {
	if d.dead || d.after >= len(lines) {
		return d.Device.Configure(ctx, lines)
	}
	rs, err := d.Device.Configure(ctx, lines[:d.after])
	if err != nil {
		return rs, err
	}
	d.kill()
	return rs, context.Canceled
}

func (d *dying) kill() {
	d.dead = true
	d.cancel()
	d.Device.(*ixcli.Client).Shell().Close()
}

func (d *dying) Close(ctx context.Context) error {
	if d.dead {
		return nil
	}
	return d.Device.Close(ctx)
}

// killMidPush runs an apply that dies after typing `after` lines and
// returns the state directory it leaves behind.
func killMidPush(t *testing.T, r *ixsimtest.Router, after int) string {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base := connector(t, r, nil)
	connect := func(ctx context.Context) (Device, error) {
		d, err := base(ctx)
		if err != nil {
			return nil, err
		}
		return &dying{Device: d, after: after, cancel: cancel}, nil
	}
	var progress bytes.Buffer
	_, err := Apply(ctx, connect, seedInput(t), append(stateOpts(t, dir, &progress), withoutCleanup())...)
	if !errors.Is(err, errKilled) {
		t.Fatalf("the dying run returned %v, want errKilled\n%s", err, progress.String())
	}
	return dir
}

func TestApplyJournalsEveryStep(t *testing.T) {
	r := ixsimtest.Start(t)
	dir := t.TempDir()
	var progress bytes.Buffer
	base := connector(t, r, nil)
	var atPush *journal.Entry
	connect := func(ctx context.Context) (Device, error) {
		d, err := base(ctx)
		return &journalPeek{Device: d, t: t, dir: dir, seen: &atPush}, err
	}
	res, err := Apply(context.Background(), connect, seedInput(t), stateOpts(t, dir, &progress)...)
	if err != nil {
		t.Fatalf("apply: %v\n%s", err, progress.String())
	}
	if atPush == nil || atPush.Step != journal.StepPushing || atPush.Backup != res.Backup || len(atPush.Commands) != len(res.Plan.Commands) {
		t.Fatalf("journal when the first line was typed: %+v", atPush)
	}
	e := loadJournal(t, dir, "R10")
	var marks []string
	for _, m := range e.Steps {
		marks = append(marks, string(m.Step))
	}
	if got := strings.Join(marks, " "); got != "pushing verifying saving done" || e.Outcome != "applied" || !e.Saved || e.Next != nil {
		t.Errorf("journal after a clean apply: marks %q, outcome %q saved %v next %+v", got, e.Outcome, e.Saved, e.Next)
	}
	data := readFile(t, mustJournal(t, dir).Path("R10"))
	noSecrets(t, "journal", data)
}

// journalPeek records the journal as it is when the first push starts.
type journalPeek struct {
	Device
	t    *testing.T
	dir  string
	seen **journal.Entry
}

func (d *journalPeek) Configure(ctx context.Context, lines []string) ([]ixcli.Response, error) {
	if *d.seen == nil {
		*d.seen = loadJournal(d.t, d.dir, "R10")
	}
	return d.Device.Configure(ctx, lines)
}

// TestApplyUndoesAKilledRunToItsBackup: a run killed mid-push leaves part
// of the VPN typed. The next apply reports it, rolls it back to the killed
// run's backup, and only then backs up and plans; when that apply fails in
// turn, its rollback returns the router to the state from before both runs,
// not to the half-configured one.
func TestApplyUndoesAKilledRunToItsBackup(t *testing.T) {
	for _, after := range []int{1, 9, 14, 25} {
		r := ixsimtest.Start(t)
		before := r.Sim.RunningConfig()
		dir := killMidPush(t, r, after)
		if e := loadJournal(t, dir, "R10"); !e.Pending() || e.Step != journal.StepPushing {
			t.Fatalf("after %d: journal of the killed run: step %s outcome %q", after, e.Step, e.Outcome)
		}
		if sameConfig(t, r.Sim.RunningConfig(), before) {
			t.Fatalf("after %d: the killed run typed nothing", after)
		}
		r.Sim.SetAWSDown(0, true)
		r.Sim.SetAWSDown(1, true)
		var progress bytes.Buffer
		opts := append(stateOpts(t, dir, &progress), WithWait(400*time.Millisecond))
		res, err := Apply(context.Background(), connector(t, r, nil), seedInput(t), opts...)
		if !errors.Is(err, ErrApplyFailed) || res.Outcome != OutcomeRolledBack {
			t.Fatalf("after %d: second apply %s, %v\n%s", after, res.Outcome, err, progress.String())
		}
		in := res.Interrupted
		if in == nil || !in.Restored || in.Step != journal.StepPushing || len(in.Held) == 0 || len(in.Undone) == 0 {
			t.Fatalf("after %d: interrupted %+v", after, in)
		}
		if !strings.Contains(progress.String(), "the journal shows an unfinished apply") {
			t.Errorf("after %d: the unfinished change is not reported:\n%s", after, progress.String())
		}
		if !sameConfig(t, readFile(t, res.Backup), before) {
			t.Errorf("after %d: the second run backed up a half-configured router", after)
		}
		if !sameConfig(t, r.Sim.RunningConfig(), before) {
			t.Errorf("after %d: not back to the state before both runs:\n%s", after, r.Sim.RunningConfig())
		}
	}
}

// TestApplyAfterAKilledRunConverges: once the killed run is undone the
// next apply plans the whole change again and saves it.
func TestApplyAfterAKilledRunConverges(t *testing.T) {
	r := ixsimtest.Start(t)
	dir := killMidPush(t, r, 12)
	var progress bytes.Buffer
	res, err := Apply(context.Background(), connector(t, r, nil), seedInput(t), stateOpts(t, dir, &progress)...)
	if err != nil || res.Outcome != OutcomeApplied || !res.Saved || res.Pushed != 29 {
		t.Fatalf("apply after the kill: %s pushed %d saved %v, %v\n%s", res.Outcome, res.Pushed, res.Saved, err, progress.String())
	}
	if e := loadJournal(t, dir, "R10"); e.Pending() || e.Backup != res.Backup {
		t.Errorf("journal %+v", e)
	}
}

// TestApplyKilledWhileVerifying: the journal says verifying; the next run
// undoes the whole change.
func TestApplyKilledWhileVerifying(t *testing.T) {
	r := ixsimtest.Start(t, ixsim.WithAWSDown(0, 1))
	before := r.Sim.RunningConfig()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var progress bytes.Buffer
	trigger := writerFunc(func(p []byte) (int, error) {
		progress.Write(p)
		if strings.Contains(string(p), "poll 1 ") {
			cancel()
		}
		return len(p), nil
	})
	base := connector(t, r, nil)
	var dev *dying
	connect := func(ctx context.Context) (Device, error) {
		d, err := base(ctx)
		dev = &dying{Device: d, after: 1 << 30, cancel: cancel}
		return dev, err
	}
	opts := append(stateOpts(t, dir, &progress), WithWait(time.Minute), WithProgress(trigger), withoutCleanup())
	if _, err := Apply(ctx, connect, seedInput(t), opts...); !errors.Is(err, errKilled) {
		t.Fatalf("killed run: %v", err)
	}
	dev.kill()
	if e := loadJournal(t, dir, "R10"); e.Step != journal.StepVerifying {
		t.Fatalf("journal step %s, want verifying", e.Step)
	}
	progress.Reset()
	res, err := Apply(context.Background(), connector(t, r, nil), seedInput(t), append(stateOpts(t, dir, &progress), WithWait(300*time.Millisecond))...)
	if res.Interrupted == nil || !res.Interrupted.Restored || len(res.Interrupted.Held) != len(res.Plan.Touched()) {
		t.Fatalf("interrupted %+v (err %v)\n%s", res.Interrupted, err, progress.String())
	}
	if !sameConfig(t, r.Sim.RunningConfig(), before) {
		t.Errorf("not restored:\n%s", r.Sim.RunningConfig())
	}
}

// TestRestoreLatestIsTheJournaledBackup: after a kill mid-push, a restore
// of the journal's backup undoes the killed run with its own lines, then
// says already restored.
func TestRestoreResumesTheJournaledChange(t *testing.T) {
	r := ixsimtest.Start(t)
	before := r.Sim.RunningConfig()
	dir := killMidPush(t, r, 14)
	e := loadJournal(t, dir, "R10")
	in := seedInput(t)
	var progress bytes.Buffer
	restore := func() *RestoreResult {
		t.Helper()
		rr, err := Restore(context.Background(), connector(t, r, nil), RestoreInput{Router: in.Router, BackupPath: e.Backup, Backup: readFile(t, e.Backup), Connection: in.Connection, PlanOptions: in.PlanOptions}, stateOpts(t, dir, &progress)...)
		if err != nil {
			t.Fatalf("restore: %v\n%s", err, progress.String())
		}
		return rr
	}
	rr := restore()
	if !rr.FromJournal || rr.Interrupted == nil || rr.Already || len(rr.Rollback) == 0 {
		t.Fatalf("restore %+v", rr)
	}
	if !sameConfig(t, r.Sim.RunningConfig(), before) {
		t.Fatalf("not restored:\n%s", r.Sim.RunningConfig())
	}
	if j := loadJournal(t, dir, "R10"); j.Pending() || j.Op != journal.OpRollback || j.Outcome != string(OutcomeRestored) || j.Backup != e.Backup {
		t.Errorf("journal after the restore %+v", j)
	}
	if rr := restore(); !rr.Already {
		t.Errorf("second restore typed %q", rr.Rollback)
	}
}

// TestRestoreDroppedAtEveryLineResumes: the connection drops after each
// line the rollback types; the restore reconnects once and proves the
// backup; never a partial end state.
func TestRestoreDroppedAtEveryLineResumes(t *testing.T) {
	// How many lines the seed apply costs on the router, and how many the
	// restore types after it.
	probe := ixsimtest.Start(t)
	in := seedInput(t)
	var progress bytes.Buffer
	dir := t.TempDir()
	res, err := Apply(context.Background(), connector(t, probe, nil), in, stateOpts(t, dir, &progress)...)
	if err != nil {
		t.Fatal(err)
	}
	applied := counted(probe.Sim.Commands())
	rr, err := Restore(context.Background(), connector(t, probe, nil), RestoreInput{Router: "R10", BackupPath: res.Backup, Backup: readFile(t, res.Backup), Connection: in.Connection, PlanOptions: in.PlanOptions}, stateOpts(t, dir, &progress)...)
	if err != nil {
		t.Fatal(err)
	}
	restoreLines := counted(probe.Sim.Commands()) - applied
	if len(rr.Rollback) == 0 || restoreLines <= len(rr.Rollback) {
		t.Fatalf("probe: %d rollback lines, %d router lines", len(rr.Rollback), restoreLines)
	}
	for k := 1; k <= restoreLines; k++ {
		t.Run(fmt.Sprintf("drop after restore line %d", k), func(t *testing.T) {
			t.Parallel()
			// Count from the restore on, not from boot: how many polls
			// the apply takes depends on the machine's load (and -race).
			var armed atomic.Bool
			var seen atomic.Int32
			drop := func(_ int, _ string) bool {
				return armed.Load() && seen.Add(1) == int32(k)
			}
			r := ixsimtest.Start(t, ixsim.WithCommandHook(drop))
			before := r.Sim.RunningConfig()
			dir := t.TempDir()
			var progress bytes.Buffer
			res, err := Apply(context.Background(), connector(t, r, nil), in, stateOpts(t, dir, &progress)...)
			if err != nil {
				t.Fatalf("apply: %v", err)
			}
			armed.Store(true)
			restore := func() (*RestoreResult, error) {
				return Restore(context.Background(), connector(t, r, nil), RestoreInput{Router: "R10", BackupPath: res.Backup, Backup: readFile(t, res.Backup), Connection: in.Connection, PlanOptions: in.PlanOptions}, stateOpts(t, dir, &progress)...)
			}
			rr, err := restore()
			if err != nil {
				// Only a drop before the undo sequence began (entering
				// configuration mode) may end it, with nothing changed and
				// the same rollback as the next command.
				if !strings.HasPrefix(err.Error(), "nothing changed: ") || rr.Next == nil || rr.Next.Action != journal.ActionRollback || rr.Next.Backup != res.Backup {
					t.Fatalf("restore: %v (next %+v)\n%s", err, rr.Next, progress.String())
				}
				if _, err := restore(); err != nil {
					t.Fatalf("the next command did not converge: %v", err)
				}
			}
			if !sameConfig(t, r.Sim.RunningConfig(), before) {
				t.Errorf("partial end state:\n%s", r.Sim.RunningConfig())
			}
			if seen.Load() < int32(k) {
				t.Errorf("the restore ran %d lines: the drop after line %d never came", seen.Load(), k)
			}
		})
	}
}

func counted(cmds []string) int {
	n := 0
	for _, c := range cmds {
		if t := strings.TrimSpace(c); t != "" && !strings.HasPrefix(t, "!") {
			n++
		}
	}
	return n
}
