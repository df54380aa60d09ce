package agent

import (
	"bytes"
	"context"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/journal"
	"github.com/ixpush/ixpush/pkg/plan"
)

// newClock is the clock of the confirm-or-revert tests: the deadline and
// the guard window pass when a test says, not by sleeping.
func newClock() *ManualClock { return NewManualClock(time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)) }

// guardBench is one simulated router, its state directory and the clock
// every workflow of the test reads.
type guardBench struct {
	t        *testing.T
	r        *ixsimtest.Router
	dir      string
	clock    *ManualClock
	progress bytes.Buffer
	before   string // running-config before the change
}

func newGuardBench(t *testing.T) *guardBench {
	r := ixsimtest.Start(t)
	return &guardBench{t: t, r: r, dir: t.TempDir(), clock: newClock(), before: r.Sim.RunningConfig()}
}

func (b *guardBench) opts(more ...Option) []Option {
	return append(append(stateOpts(b.t, b.dir, &b.progress), WithWait(10*time.Second), WithClock(b.clock.Now)), more...)
}

// apply applies the seed; within > 0 leaves it awaiting confirmation.
func (b *guardBench) apply(within time.Duration) *ApplyResult {
	b.t.Helper()
	res, err := Apply(context.Background(), connector(b.t, b.r, nil), seedInput(b.t), b.opts(WithConfirmWithin(within))...)
	if err != nil {
		b.t.Fatalf("apply: %v\n%s", err, b.progress.String())
	}
	return res
}

func (b *guardBench) site(connect Connector) GuardSite {
	if connect == nil {
		connect = connector(b.t, b.r, nil)
	}
	return GuardSite{Name: "R10", Connect: connect, Expect: b.expect()}
}

func (b *guardBench) expect() health.Expectation {
	b.t.Helper()
	in := seedInput(b.t)
	exp, err := ExpectationFor(in.Connection, nil, []netip.Prefix{mustPrefix("172.31.0.0/16")})
	if err != nil {
		b.t.Fatal(err)
	}
	return exp
}

func (b *guardBench) guard(connect Connector, more ...Option) GuardResult {
	b.t.Helper()
	return Guard(context.Background(), b.site(connect), b.opts(more...)...)
}

func (b *guardBench) confirm(more ...Option) (*ConfirmResult, error) {
	return Confirm(context.Background(), connector(b.t, b.r, nil), ConfirmInput{Router: "R10", Expect: b.expect()}, b.opts(more...)...)
}

func (b *guardBench) journal() *journal.Entry { return loadJournal(b.t, b.dir, "R10") }

// changed reports whether running-config still holds the change.
func (b *guardBench) changed() bool { return !sameConfig(b.t, b.r.Sim.RunningConfig(), b.before) }

func (b *guardBench) want(res GuardResult, action GuardAction, detail string) {
	b.t.Helper()
	if res.Action != action || !strings.Contains(res.Detail, detail) {
		b.t.Fatalf("guard: %s %q; want %s mentioning %q\n%s", res.Action, res.Detail, action, detail, b.progress.String())
	}
}

func TestApplyConfirmWithinLeavesItUnsaved(t *testing.T) {
	b := newGuardBench(t)
	res := b.apply(15 * time.Minute)
	if res.Outcome != OutcomeApplied || res.Saved || res.Confirm == nil || res.Next == nil || res.Next.Action != journal.ActionConfirm {
		t.Fatalf("apply: %s saved %v confirm %+v next %+v", res.Outcome, res.Saved, res.Confirm, res.Next)
	}
	want := b.clock.Now().Add(15 * time.Minute)
	e := b.journal()
	if !e.ConfirmPending() || !e.Confirm.Deadline.Equal(want) || e.Confirm.Deadline.Location() != time.UTC || e.Guard == nil || e.Guard.Applied == "" {
		t.Fatalf("journal: confirm %+v guard %+v", e.Confirm, e.Guard)
	}
	if !b.changed() || !sameConfig(t, b.r.Sim.StartupConfig(), b.before) {
		t.Fatal("the change is not live-and-unsaved")
	}
	if fi, err := os.Stat(e.Guard.Applied); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("applied snapshot: %v, %v", fi, err)
	}
	// A new change is refused while this one awaits confirmation; the
	// same one again is "already applied" and saves nothing.
	b.clock.Add(time.Minute)
	again, err := Apply(context.Background(), connector(t, b.r, nil), seedInput(t), b.opts(WithConfirmWithin(time.Minute))...)
	if err != nil || again.Outcome != OutcomeAlreadyApplied || again.Saved || again.Confirm == nil {
		t.Fatalf("re-apply: %s saved %v, %v\n%s", again.Outcome, again.Saved, err, b.progress.String())
	}
	in := seedInput(t)
	in.PlanOptions = append(in.PlanOptions, plan.WithMSS(1300))
	b.clock.Add(time.Minute)
	if _, err := Apply(context.Background(), connector(t, b.r, nil), in, b.opts()...); !errors.Is(err, ErrConfirmPending) {
		t.Fatalf("another change over a pending one: %v", err)
	}
	noSecrets(t, "journal", readFile(t, mustJournal(t, b.dir).Path("R10")))
}

func TestGuardRevertsPastTheDeadline(t *testing.T) {
	b := newGuardBench(t)
	b.apply(15 * time.Minute)
	b.clock.Add(10 * time.Minute)
	b.want(b.guard(nil), GuardWaiting, "awaiting confirmation until 2026-12-03 10:15:00 UTC")
	if !b.changed() {
		t.Fatal("reverted before the deadline")
	}
	b.clock.Add(6 * time.Minute)
	res := b.guard(nil)
	b.want(res, GuardReverted, "not confirmed by its deadline")
	if !res.Reverted() || res.Saved || len(res.Typed) == 0 || !res.Deadline.IsZero() {
		t.Errorf("result %+v", res)
	}
	if b.changed() || !sameConfig(t, b.r.Sim.StartupConfig(), b.before) {
		t.Fatalf("not back to the backup:\n%s", b.r.Sim.RunningConfig())
	}
	e := b.journal()
	if e.Pending() || e.Outcome != string(OutcomeRolledBack) || e.Confirm.State != journal.ConfirmReverted || !e.Confirm.At.Equal(b.clock.Now()) || e.Guard.Revert != "" {
		t.Fatalf("journal after the revert: outcome %s confirm %+v guard %+v", e.Outcome, e.Confirm, e.Guard)
	}
	b.want(b.guard(nil), GuardNothing, "nothing to guard")
	if _, err := b.confirm(); !errors.Is(err, ErrNothingToConfirm) || !strings.Contains(err.Error(), "reverted by ixpush guard") {
		t.Errorf("confirm after the revert: %v", err)
	}
}

func TestConfirmSavesAndGuardLeavesIt(t *testing.T) {
	b := newGuardBench(t)
	b.apply(15 * time.Minute)
	b.clock.Add(5 * time.Minute)
	cr, err := b.confirm()
	if err != nil || cr.Outcome != ConfirmedOutcome || !cr.Saved || cr.Health == nil || cr.Health.Status != health.OK {
		t.Fatalf("confirm: %+v, %v\n%s", cr, err, b.progress.String())
	}
	if !sameConfig(t, b.r.Sim.StartupConfig(), b.r.Sim.RunningConfig()) {
		t.Fatal("confirm did not write memory")
	}
	e := b.journal()
	if e.ConfirmPending() || !e.Saved || e.Confirm.State != journal.ConfirmConfirmed || e.Next != nil {
		t.Fatalf("journal after confirm: saved %v confirm %+v next %+v", e.Saved, e.Confirm, e.Next)
	}
	b.clock.Add(20 * time.Minute) // past the old deadline, inside the window
	b.want(b.guard(nil), GuardChecked, "health ok")
	if !b.changed() {
		t.Fatal("guard reverted a confirmed, healthy change")
	}
	if _, err := b.confirm(); !errors.Is(err, ErrNothingToConfirm) {
		t.Errorf("second confirm: %v", err)
	}
}

func TestConfirmRefusesBelowRequire(t *testing.T) {
	b := newGuardBench(t)
	b.apply(15 * time.Minute)
	b.r.Sim.SetAWSDown(1, true)
	// The simulator may take a moment to see the tunnel down.
	for d := time.Now().Add(10 * time.Second); time.Now().Before(d); time.Sleep(50 * time.Millisecond) {
		if Verify(context.Background(), connector(t, b.r, nil), b.expect()).Status == health.Degraded {
			break
		}
	}
	cr, err := b.confirm()
	if !errors.Is(err, ErrNotConfirmed) || cr.Outcome != ConfirmRefused || cr.Saved || cr.Next == nil || cr.Next.Args[0] != "--force" {
		t.Fatalf("confirm: %+v, %v", cr, err)
	}
	if !b.journal().ConfirmPending() || !sameConfig(t, b.r.Sim.StartupConfig(), b.before) {
		t.Fatal("a refused confirm saved or closed the confirmation")
	}
	cr, err = b.confirm(WithForce(true))
	if err != nil || !cr.Forced || !cr.Saved {
		t.Fatalf("confirm --force: %+v, %v", cr, err)
	}
}

// TestGuardRevertsAfterNFailures: a confirmed change fails later inside
// the window; one failed check does nothing, a recovery resets the count,
// and the third consecutive failure reverts and saves.
func TestGuardRevertsAfterNFailures(t *testing.T) {
	b := newGuardBench(t)
	b.apply(15 * time.Minute)
	if _, err := b.confirm(); err != nil {
		t.Fatal(err)
	}
	awsDown := func(down bool) { b.r.Sim.SetAWSDown(0, down); b.r.Sim.SetAWSDown(1, down) }
	awsDown(true)
	waitHealth(b, health.Down)
	b.clock.Add(5 * time.Minute)
	b.want(b.guard(nil), GuardFailed, "(1 of 3 consecutive failed checks")
	if !b.changed() {
		t.Fatal("a single failed check reverted the change")
	}
	awsDown(false)
	waitHealth(b, health.OK)
	b.clock.Add(5 * time.Minute)
	b.want(b.guard(nil), GuardChecked, "health ok")
	if got := b.journal().Guard.Failures; got != 0 {
		t.Fatalf("a healthy check left %d failures counted", got)
	}
	awsDown(true)
	waitHealth(b, health.Down)
	for _, n := range []string{"(1 of 3", "(2 of 3"} {
		b.clock.Add(5 * time.Minute)
		b.want(b.guard(nil), GuardFailed, n)
	}
	b.clock.Add(5 * time.Minute)
	res := b.guard(nil)
	b.want(res, GuardReverted, "health below ok on 3 consecutive checks")
	if !res.Saved || !strings.Contains(res.Detail, "saved (write memory)") {
		t.Fatalf("result %+v", res)
	}
	if b.changed() || !sameConfig(t, b.r.Sim.StartupConfig(), b.before) {
		t.Fatal("not reverted and saved to the backup")
	}
	if e := b.journal(); e.Pending() || e.Outcome != string(OutcomeRolledBack) || !e.Saved {
		t.Fatalf("journal %s saved %v", e.Outcome, e.Saved)
	}
}

// waitHealth waits, bounded, until verify judges the router at want: the
// simulator takes a moment to see the AWS side change, and a guard run is
// not a probe to repeat (each one counts).
func waitHealth(b *guardBench, want health.Status) {
	b.t.Helper()
	var rep health.Report
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if rep = Verify(context.Background(), connector(b.t, b.r, nil), b.expect()); rep.Status == want {
			return
		}
	}
	b.t.Fatalf("health never reached %s: %s", want, rep.Summary)
}

func TestGuardLeavesChangesOlderThanTheWindow(t *testing.T) {
	b := newGuardBench(t)
	b.apply(0) // a plain apply: saved at once
	b.r.Sim.SetAWSDown(0, true)
	b.r.Sim.SetAWSDown(1, true)
	waitHealth(b, health.Down)
	b.clock.Add(61 * time.Minute)
	n := len(b.r.Sim.Commands())
	b.want(b.guard(nil), GuardLeft, "older than the guard window")
	if !b.changed() || len(b.r.Sim.Commands()) != n {
		t.Fatal("guard touched a change older than its window")
	}
}

func TestGuardRetriesAnUnreachableRouter(t *testing.T) {
	b := newGuardBench(t)
	b.apply(15 * time.Minute)
	b.clock.Add(16 * time.Minute)
	unreachable := func(context.Context) (Device, error) {
		return nil, errors.New("dial tcp 127.0.0.1:22: connect: connection refused")
	}
	res := b.guard(unreachable)
	b.want(res, GuardRetry, "router unreachable")
	if res.Next == nil || res.Next.Action != journal.ActionGuard {
		t.Errorf("next %+v", res.Next)
	}
	e := b.journal()
	if !e.ConfirmPending() || e.Guard.Revert == "" || !b.changed() {
		t.Fatalf("after the failed attempt: confirm %+v guard %+v", e.Confirm, e.Guard)
	}
	b.clock.Add(5 * time.Minute)
	b.want(b.guard(nil), GuardReverted, "not confirmed by its deadline")
	if b.changed() {
		t.Fatal("the retry did not revert")
	}
}

func TestGuardNeverTakesConfigMode(t *testing.T) {
	b := newGuardBench(t)
	b.apply(15 * time.Minute)
	b.clock.Add(16 * time.Minute)
	release := b.r.Sim.HoldConfig(context.Background())
	b.want(b.guard(nil), GuardRetry, "held by another session: not taken")
	if !b.changed() {
		t.Fatal("guard reverted under an operator's config session")
	}
	release()
	b.want(b.guard(nil), GuardReverted, "not confirmed")
	if b.changed() {
		t.Fatal("not reverted once the operator left")
	}
}

// TestGuardOverlappingRuns: the first run holds the journal lock while it
// connects; a second run started meanwhile sees the lock and does
// nothing; the first reverts.
func TestGuardOverlappingRuns(t *testing.T) {
	b := newGuardBench(t)
	b.apply(15 * time.Minute)
	b.clock.Add(16 * time.Minute)
	connecting, secondDone := make(chan struct{}), make(chan struct{})
	base := connector(t, b.r, nil)
	slow := func(ctx context.Context) (Device, error) {
		close(connecting) // the first run holds the lock by now
		<-secondDone
		return base(ctx)
	}
	var first GuardResult
	done := make(chan struct{})
	go func() { defer close(done); first = b.guard(slow) }()
	<-connecting
	second := b.guard(nil)
	close(secondDone)
	<-done
	b.want(second, GuardLocked, "holds the journal lock")
	b.want(first, GuardReverted, "not confirmed")
}

func TestGuardNothingWithoutAJournal(t *testing.T) {
	b := newGuardBench(t)
	never := func(context.Context) (Device, error) {
		t.Error("guard connected to a router without a journal")
		return nil, errors.New("no")
	}
	b.want(b.guard(never), GuardNothing, "no change journaled")
	if entries, _ := os.ReadDir(b.dir); len(entries) != 0 {
		t.Errorf("guard left files: %v", entries)
	}
}

// TestGuardLeavesSomeoneElsesEdit: after the apply someone edits a
// section of the change; at the deadline guard does not revert it, says
// so, and stops watching the change.
func TestGuardLeavesSomeoneElsesEdit(t *testing.T) {
	b := newGuardBench(t)
	b.apply(15 * time.Minute)
	dev, err := connector(t, b.r, nil)(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := dev.Prepare(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := dev.Configure(context.Background(), []string{"interface Tunnel0.0", "  ip tcp adjust-mss 1300"}); err != nil {
		t.Fatal(err)
	}
	dev.Close(context.Background())
	edited := b.r.Sim.RunningConfig()
	b.clock.Add(16 * time.Minute)
	res := b.guard(nil)
	b.want(res, GuardLeft, "someone else's edit")
	if !sameConfig(t, b.r.Sim.RunningConfig(), edited) {
		t.Fatal("guard reverted another person's edit")
	}
	b.clock.Add(5 * time.Minute)
	b.want(b.guard(nil), GuardLeft, "does not revert another person's change")
	if len(filepath.Base(b.journal().Guard.Applied)) == 0 {
		t.Error("no snapshot")
	}
}

// TestGuardLeavesAnUnsavedEditOfASavedChange: a plain apply (saved, no
// snapshot) fails inside the window, but someone has edited one of its
// sections without saving: startup-config tells, and guard leaves it.
func TestGuardLeavesAnUnsavedEditOfASavedChange(t *testing.T) {
	b := newGuardBench(t)
	b.apply(0)
	if e := b.journal(); e.Guard != nil || !e.Saved {
		t.Fatalf("a plain apply: guard %+v saved %v", e.Guard, e.Saved)
	}
	dev, err := connector(t, b.r, nil)(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := dev.Prepare(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := dev.Configure(context.Background(), []string{"interface Tunnel1.0", "  ip tcp adjust-mss 1300"}); err != nil {
		t.Fatal(err)
	}
	dev.Close(context.Background())
	edited := b.r.Sim.RunningConfig()
	b.r.Sim.SetAWSDown(0, true)
	b.r.Sim.SetAWSDown(1, true)
	waitHealth(b, health.Down)
	for _, n := range []string{"(1 of 3", "(2 of 3"} {
		b.clock.Add(5 * time.Minute)
		b.want(b.guard(nil), GuardFailed, n)
	}
	b.clock.Add(5 * time.Minute)
	b.want(b.guard(nil), GuardLeft, "Tunnel1.0 changed since ixpush's change")
	if !sameConfig(t, b.r.Sim.RunningConfig(), edited) {
		t.Fatal("guard reverted over another person's edit")
	}
}
