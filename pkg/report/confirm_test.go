package report

import (
	"bytes"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/journal"
)

// confirmEntry is statusEntry applied with a 15-minute confirmation window.
func confirmEntry() *journal.Entry {
	e := statusEntry()
	e.Mark(journal.StepVerifying, t0.Add(3*time.Second))
	e.Finish("applied", false, nil, &journal.Next{Action: journal.ActionConfirm, Why: "verify once more and save before 2026-11-27 13:15:20 UTC"}, t0.Add(20*time.Second))
	e.AwaitConfirmation(t0.Add(15*time.Minute+20*time.Second), "ops@laptop")
	return e
}

func TestWriteStatusConfirm(t *testing.T) {
	pending := confirmEntry()
	due := confirmEntry()
	due.GuardState().Revert = "not confirmed by its deadline 2026-11-27 13:15:20 UTC"
	due.Next = &journal.Next{Action: journal.ActionGuard, Why: "a revert is due; the next guard run retries it"}
	due.LogGuard(string(agent.GuardRetry), "router unreachable (dial tcp: i/o timeout); revert retried by the next guard run", t0.Add(16*time.Minute))
	failing := confirmEntry()
	failing.Confirm.State, failing.Confirm.At, failing.Saved = journal.ConfirmConfirmed, t0.Add(5*time.Minute), true
	failing.Next = nil
	failing.GuardState().Failures = 2
	failing.LogGuard(string(agent.GuardFailed), "health down, ok required (2 of 3 consecutive failed checks before a revert)", t0.Add(20*time.Minute))
	cases := map[string]*journal.Entry{
		"status-confirm-pending":    pending,
		"status-confirm-revert-due": due,
		"status-confirmed-failing":  failing,
	}
	for name, e := range cases {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteStatus(&b, e, "site.yaml"); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, name, b.Bytes())
		})
	}
}

func TestWriteApplyAwaitingConfirmation(t *testing.T) {
	p := seedPlan(t, seedWANIP)
	res := &agent.ApplyResult{Outcome: agent.OutcomeApplied, Router: "R10", Backup: backupPath, Plan: p, Pushed: len(p.Commands), Health: seedHealth(t, p, "up"),
		Confirm: &journal.Confirmation{State: journal.ConfirmPending, Deadline: t0.Add(15 * time.Minute), By: "ops@laptop"}}
	var b bytes.Buffer
	if err := WriteApply(&b, res, false); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "apply-awaiting-confirmation", b.Bytes())
}
