package agent

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
)

// TestApplyUnderDeviceVariants runs the whole workflow — apply, verify, then
// rollback to the backup — against the simulator in each of the ways an IX
// may differ from the default: every best guess of ix-cli.md §10 that is an
// option, and the faults a real path adds. The tool must not depend on the
// simulator's defaults.
func TestApplyUnderDeviceVariants(t *testing.T) {
	variants := []struct {
		name string
		opts []ixsim.Option
	}{
		{"default", nil},
		{"pager never turned off", []ixsim.Option{ixsim.WithForcedPager()}},
		{"flat show output", []ixsim.Option{ixsim.WithFlatShow()}},
		{"echo wrapped at the screen edge", []ixsim.Option{ixsim.WithEdgeWrap()}},
		{"other BGP prompts", []ixsim.Option{ixsim.WithPromptStyle("config-router", "config-router-af")}},
		{"garbage before the banner", []ixsim.Option{ixsim.WithGarbageBanner("\x1b[2J*** maintenance window 02:00-04:00 ***\r\n")}},
		{"slow output", []ixsim.Option{ixsim.WithSlowOutput(20000)}},
		{"latency with jitter", []ixsim.Option{ixsim.WithLatency(5*time.Millisecond, 3*time.Millisecond)}},
		{"alternate occupied text", []ixsim.Option{ixsim.WithOccupiedText("CONFIG process is occupied by another session.")}},
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			r := ixsimtest.Start(t, v.opts...)
			before := r.Sim.RunningConfig()
			var progress bytes.Buffer
			ctx := context.Background()
			res, err := Apply(ctx, connector(t, r, nil), seedInput(t), fastPoll(t, &progress)...)
			if err != nil {
				t.Fatalf("apply: %v\n%s", err, progress.String())
			}
			if res.Outcome != OutcomeApplied || res.Health.Status != health.OK {
				t.Fatalf("outcome %s, %s", res.Outcome, res.Health.Summary)
			}
			if rep := Verify(ctx, connector(t, r, nil), Expectation(res.Plan)); rep.Status != health.OK {
				t.Errorf("verify: %s (%s)", rep.Summary, rep.Error)
			}
			backupText := readFile(t, res.Backup)
			in := seedInput(t)
			rr, err := Restore(ctx, connector(t, r, nil), RestoreInput{Router: in.Router, BackupPath: res.Backup, Backup: backupText, Connection: in.Connection, PlanOptions: in.PlanOptions})
			if err != nil {
				t.Fatalf("restore: %v", err)
			}
			if rr.Already || len(rr.Rollback) == 0 {
				t.Errorf("restore typed nothing")
			}
			if !sameConfig(t, r.Sim.RunningConfig(), before) {
				t.Errorf("not restored:\n%s", r.Sim.RunningConfig())
			}
		})
	}
}
