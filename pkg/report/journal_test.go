package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/journal"
)

var t0 = time.Date(2026, 11, 27, 13, 0, 0, 0, time.UTC)

func TestWriteApplyJournalCases(t *testing.T) {
	p := seedPlan(t, seedWANIP)
	up, down := seedHealth(t, p, "up"), seedHealth(t, p, "one-down")
	cases := map[string]*agent.ApplyResult{
		"apply-interrupted-recovered": {Outcome: agent.OutcomeRolledBack, Router: "R10", Backup: backupPath, Plan: p, Pushed: len(p.Commands), Health: down, Rollback: p.Rollback,
			Interrupted: &agent.Interrupted{Op: journal.OpApply, Started: t0, Step: journal.StepPushing, PID: 4242, Host: "laptop", Backup: "/var/lib/ixpush/backups/R10-20261127T120000.000Z.cfg", Planned: 29,
				Held: []string{"ike proposal aws-ike-prop"}, Undone: []string{"no ike proposal aws-ike-prop"}, Restored: true}},
		"apply-already-saved-now": {Outcome: agent.OutcomeAlreadyApplied, Router: "R10", Backup: backupPath, Plan: p, Health: up, Saved: true, StartupLacked: true},
		"apply-already-not-saved": {Outcome: agent.OutcomeAlreadyApplied, Router: "R10", Backup: backupPath, Plan: p, Health: up, StartupLacked: true},
		"apply-unsaved-by-others": {Outcome: agent.OutcomeNotChanged, Router: "R10", Backup: backupPath, Plan: p,
			Unsaved: []string{"+ ip route 10.9.9.0/24 192.168.1.1", "  interface GigaEthernet0.0", "-   ip address 192.168.1.10/24"}},
	}
	for name, res := range cases {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteApply(&b, res, false); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, name, b.Bytes())
		})
	}
}

func statusEntry() *journal.Entry {
	e := journal.New("R10", journal.OpApply, backupPath, journal.Connection{VPNConnectionID: "vpn-09043457e07b5f5d5"},
		[]string{"ike proposal aws-ike-prop encryption aes hash sha group 1024-bit"}, []string{"no ike proposal aws-ike-prop"}, t0)
	e.PID, e.Host = 4242, "laptop"
	return e
}

func TestWriteStatus(t *testing.T) {
	died := statusEntry()
	died.Mark(journal.StepVerifying, t0.Add(3*time.Second))
	applied := statusEntry()
	applied.Mark(journal.StepVerifying, t0.Add(3*time.Second))
	applied.Finish("applied", false, nil, &journal.Next{Action: journal.ActionApply, Why: "not saved"}, t0.Add(20*time.Second))
	failed := statusEntry()
	failed.Mark(journal.StepRollingBack, t0.Add(3*time.Second))
	failed.Finish("rollback-failed", false, errTest("ROLLBACK NOT PROVEN: session lost"), &journal.Next{Action: journal.ActionRollback, Backup: backupPath}, t0.Add(9*time.Second))
	cases := map[string]struct {
		e    *journal.Entry
		site string
	}{
		"status-died-verifying":  {died, "branch tokyo.yaml"},
		"status-applied-unsaved": {applied, "site.yaml"},
		"status-rollback-failed": {failed, ""},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteStatus(&b, c.e, c.site); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, name, b.Bytes())
		})
	}
}

type errTest string

func (e errTest) Error() string { return string(e) }

func TestNextCommand(t *testing.T) {
	tests := []struct {
		next journal.Next
		site string
		want string
	}{
		{journal.Next{Action: journal.ActionRollback, Backup: "/s/R10-x.cfg"}, "site.yaml", "ixpush rollback site.yaml --backup /s/R10-x.cfg"},
		{journal.Next{Action: journal.ActionRollback, Backup: "/my state/R10.cfg"}, "it's.yaml", `ixpush rollback 'it'\''s.yaml' --backup '/my state/R10.cfg'`},
		{journal.Next{Action: journal.ActionApply, Args: []string{"--save-unsaved-changes"}}, "site.yaml", "ixpush apply site.yaml --save-unsaved-changes"},
		{journal.Next{Action: journal.ActionApply}, "", "ixpush apply (with this run's other flags)"},
		{journal.Next{Action: journal.ActionVerify}, "s.yaml", "ixpush verify s.yaml"},
		{journal.Next{Action: journal.ActionType, Command: "write memory"}, "s.yaml", "type write memory on the router"},
	}
	for _, tt := range tests {
		if got := NextCommand(tt.next, tt.site); got != tt.want {
			t.Errorf("NextCommand(%+v, %q) = %q, want %q", tt.next, tt.site, got, tt.want)
		}
		if strings.Contains(tt.want, "\n") {
			t.Fatal("multi-line")
		}
	}
}
