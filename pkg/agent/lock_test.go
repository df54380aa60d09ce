package agent

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/journal"
)

// TestApplyAndRollbackWaitForTheJournalLock: while a guard (or any run)
// holds the router's journal, apply and rollback type nothing and say how
// to go on; a dry run only reads, so it needs no lock.
func TestApplyAndRollbackWaitForTheJournalLock(t *testing.T) {
	b := newGuardBench(t)
	res := b.apply(15 * time.Minute)
	b.clock.Add(16 * time.Minute)
	connecting, release := make(chan struct{}), make(chan struct{})
	base := connector(t, b.r, nil)
	held := func(ctx context.Context) (Device, error) {
		close(connecting) // the guard holds the lock by now
		<-release
		return base(ctx)
	}
	done := make(chan GuardResult)
	go func() { done <- b.guard(held) }()
	<-connecting

	dialed := false
	counting := func(ctx context.Context) (Device, error) { dialed = true; return base(ctx) }
	again, err := Apply(context.Background(), counting, seedInput(t), b.opts()...)
	if !errors.Is(err, journal.ErrLocked) || again.Next == nil || again.Next.Action != journal.ActionApply {
		t.Fatalf("apply under the lock: %v, next %+v", err, again.Next)
	}
	back, err := Restore(context.Background(), counting, RestoreInput{Router: "R10", BackupPath: res.Backup, Backup: readFile(t, res.Backup)}, b.opts()...)
	if !errors.Is(err, journal.ErrLocked) || back.Next == nil || back.Next.Action != journal.ActionRollback {
		t.Fatalf("rollback under the lock: %v, next %+v", err, back.Next)
	}
	if dialed {
		t.Fatal("a run that found the journal locked connected to the router")
	}
	if _, err := Apply(context.Background(), base, seedInput(t), b.opts(WithDryRun(true))...); err != nil {
		t.Fatalf("a dry run waits for no lock: %v", err)
	}
	close(release)
	b.want(<-done, GuardReverted, "not confirmed")
	if b.changed() {
		t.Fatal("the guard's revert did not hold")
	}
}
