package agent

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/plan"
)

// forceRun is one of the racing applies, as it ended.
type forceRun struct {
	start    time.Duration
	res      *ApplyResult
	err      error
	progress string
}

// TestForceConfigRace: two applies with --force-config against one router,
// the second started 0–1 s after the first (two operators, or two cron
// jobs on different hosts, each with its own state directory), alone and
// with an operator holding configuration mode when they start. Each takes
// configuration mode from whoever holds it, so the other finds it lost at
// any step. Whatever the interleaving, judged on what the simulator holds
// afterwards: while any run returned no error the router holds the whole
// intended config, saved and healthy (never nothing configured); a run
// that reports success verified and saved that config; a run that reports
// saved left it in startup-config; every failure names its next command.
func TestForceConfigRace(t *testing.T) {
	t.Parallel()
	full := cleanApplied(t)
	offsets := []time.Duration{0, 150 * time.Millisecond, 400 * time.Millisecond, 750 * time.Millisecond, time.Second}
	var mu sync.Mutex
	var lines []string
	t.Cleanup(func() { t.Log("force-config race:\n" + strings.Join(lines, "\n")) })
	for _, operator := range []bool{false, true} {
		for _, off := range offsets {
			name := fmt.Sprintf("second after %s", off)
			if operator {
				name += ", operator in config mode"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				line := raceForceConfig(t, full, off, operator)
				mu.Lock()
				lines = append(lines, name+": "+line)
				mu.Unlock()
			})
		}
	}
}

// cleanApplied is running-config after a clean seed apply.
func cleanApplied(t *testing.T) string {
	t.Helper()
	r := ixsimtest.Start(t)
	var progress bytes.Buffer
	if _, err := Apply(context.Background(), connector(t, r, nil), seedInput(t), stateOpts(t, t.TempDir(), &progress)...); err != nil {
		t.Fatalf("clean apply: %v\n%s", err, progress.String())
	}
	return r.Sim.RunningConfig()
}

// raceForceConfig runs one trial and returns its summary line.
func raceForceConfig(t *testing.T, full string, offset time.Duration, operator bool) string {
	r := ixsimtest.Start(t)
	before, startupBefore := r.Sim.RunningConfig(), r.Sim.StartupConfig()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var held Device
	if operator {
		d, err := connector(t, r, nil)(ctx)
		if err == nil {
			err = d.Prepare(ctx)
		}
		if err != nil {
			t.Fatalf("the operator entering configuration mode: %v", err)
		}
		held = d
	}
	runs := []*forceRun{{start: 0}, {start: offset}}
	var wg sync.WaitGroup
	begin := time.Now()
	for _, run := range runs {
		connect := connectorWith(t, r, nil, ixcli.WithForceConfig(true))
		var progress bytes.Buffer
		opts := stateOpts(t, t.TempDir(), &progress)
		wg.Go(func() {
			time.Sleep(time.Until(begin.Add(run.start)))
			run.res, run.err = Apply(ctx, connect, seedInput(t), opts...)
			run.progress = progress.String()
		})
	}
	wg.Wait()
	if held != nil {
		closeDevice(held, defaults())
	}
	running, startup := r.Sim.RunningConfig(), r.Sim.StartupConfig()
	end := endState(t, running, before, full)
	saved := endState(t, startup, startupBefore, full)
	rep := settledVerify(ctx, connector(t, r, nil), Expectation(mustPlan(t, runs)), end == "full")

	var report []string
	for i, run := range runs {
		report = append(report, fmt.Sprintf("run %d %s saved=%v", i+1, run.res.Outcome, run.res.Saved))
		fail := func(format string, args ...any) {
			t.Errorf("run %d (started at +%s): %s\nerror: %v\nprogress:\n%s", i+1, run.start, fmt.Sprintf(format, args...), run.err, run.progress)
		}
		switch {
		case run.err == nil && (end != "full" || saved != "full" || rep.Status != health.OK):
			fail("returned no error (%s), but the router holds %s, startup-config %s, health %s", run.res.Outcome, end, saved, rep.Status)
		case run.err == nil && run.res.Outcome != OutcomeApplied && run.res.Outcome != OutcomeAlreadyApplied:
			fail("returned no error with outcome %s", run.res.Outcome)
		case run.err == nil && (run.res.Health == nil || run.res.Health.Status != health.OK):
			fail("reports success without a healthy verify")
		case run.err != nil && run.res.Next == nil:
			fail("the failure names no next command")
		}
		if run.res.Saved && saved != "full" {
			fail("reports saved, but startup-config holds %s", saved)
		}
		noSecrets(t, "progress", run.progress, fmt.Sprint(run.err))
	}
	return fmt.Sprintf("%s; router %s, startup-config %s, health %s", strings.Join(report, ", "), end, saved, rep.Status)
}

// mustPlan is the plan of whichever run got as far as planning (both plan
// the same change on the same router).
func mustPlan(t *testing.T, runs []*forceRun) *plan.Plan {
	t.Helper()
	for _, run := range runs {
		if run.res != nil && run.res.Plan != nil {
			return run.res.Plan
		}
	}
	t.Fatal("neither run got as far as planning")
	return nil
}

// settledVerify verifies the router; when it holds the intended config it
// gives the tunnels a few seconds to come up (a run may have ended, mode
// lost, before they could).
func settledVerify(ctx context.Context, connect Connector, exp health.Expectation, full bool) health.Report {
	rep := Verify(ctx, connect, exp)
	for deadline := time.Now().Add(5 * time.Second); full && rep.Status != health.OK && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		rep = Verify(ctx, connect, exp)
	}
	return rep
}
