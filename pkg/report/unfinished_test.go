package report

import (
	"bytes"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/journal"
)

// killedChange is what agent.ReadUnfinished returns for an apply killed
// while pushing.
func killedChange() *agent.Unfinished {
	return &agent.Unfinished{
		Interrupted: &agent.Interrupted{Op: journal.OpApply, Started: t0, Step: journal.StepPushing, PID: 4242, Host: "laptop", Backup: backupPath, Planned: 29},
		Next:        journal.Next{Action: journal.ActionRollback, Backup: backupPath, Why: "undo it to its backup (apply undoes it first too)"},
	}
}

// TestWriteVerifyUnfinished: the journal's unfinished change is said above
// the site's table, with the next command naming the site argument given;
// a site without one, and a nil note, print as before.
func TestWriteVerifyUnfinished(t *testing.T) {
	p := seedPlan(t, seedWANIP)
	up, down := seedHealth(t, p, "up"), seedHealth(t, p, "one-down")
	cases := map[string]struct {
		reports []health.SiteReport
		notes   []UnfinishedNote
	}{
		"verify-one-unfinished": {reports: []health.SiteReport{{Site: "R10", Report: *up}}, notes: []UnfinishedNote{{Change: killedChange(), Site: "branch tokyo.yaml"}}},
		"verify-fleet-unfinished": {
			reports: []health.SiteReport{{Site: "tokyo", Report: *up}, {Site: "osaka", Report: *down}},
			notes:   []UnfinishedNote{{Site: "tokyo.yaml"}, {Change: killedChange(), Site: "osaka.yaml"}},
		},
		// Flags only: the command says to repeat them.
		"verify-one-unfinished-flags": {reports: []health.SiteReport{{Site: "R10", Report: *down}}, notes: []UnfinishedNote{{Change: killedChange()}}},
		// Applied with --confirm-within: not a fault, but the deadline
		// and both ways it can end are said.
		"verify-one-awaiting-confirmation": {reports: []health.SiteReport{{Site: "R10", Report: *up}}, notes: []UnfinishedNote{{Site: "tokyo.yaml", Change: &agent.Unfinished{
			Confirm: &journal.Confirmation{State: journal.ConfirmPending, Deadline: t0.Add(15 * time.Minute), By: "ops@laptop"},
			Next:    journal.Next{Action: journal.ActionConfirm},
		}}}},
		"verify-one-revert-due": {reports: []health.SiteReport{{Site: "R10", Report: *down}}, notes: []UnfinishedNote{{Site: "tokyo.yaml", Change: &agent.Unfinished{
			RevertDue: "3 consecutive failed checks within the guard window",
			Next:      journal.Next{Action: journal.ActionGuard, Why: "the next guard run retries it"},
		}}}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteVerify(&b, c.reports, nil, c.notes); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, name, b.Bytes())
		})
	}
}

func TestWriteUnfinishedNothing(t *testing.T) {
	for _, n := range []UnfinishedNote{{}, {Site: "s.yaml"}, {Change: &agent.Unfinished{}}} {
		var b bytes.Buffer
		if err := WriteUnfinished(&b, n); err != nil || b.Len() != 0 {
			t.Errorf("WriteUnfinished(%+v) wrote %q, %v", n, b.String(), err)
		}
	}
}
