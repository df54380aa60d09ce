package agent

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/backup"
	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

// wrongPSKRouter is the seed with AWS holding another key for tunnel 2.
func wrongPSKRouter(t *testing.T) *ixsimtest.Router {
	sc, err := scenario.Builtin("seed")
	if err != nil {
		t.Fatal(err)
	}
	sc.AWS.Tunnels[1].PSK = "Different.Key_0123456789abcdef"
	sc.Timing.RetryInterval = 20 * time.Millisecond
	return ixsimtest.Start(t, ixsim.WithScenario(sc))
}

func TestApplyWrongPSK(t *testing.T) {
	tests := []struct {
		name        string
		require     health.Status
		wantOutcome Outcome
		wantSaved   bool
	}{
		{"require ok rolls back", health.OK, OutcomeRolledBack, false},
		{"require degraded keeps it", health.Degraded, OutcomeApplied, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := wrongPSKRouter(t)
			before := r.Sim.RunningConfig()
			var progress bytes.Buffer
			opts := append(fastPoll(t, &progress), WithRequire(tt.require), WithWait(3*time.Second))
			res, err := Apply(context.Background(), connector(t, r, nil), seedInput(t), opts...)
			if res.Outcome != tt.wantOutcome || res.Saved != tt.wantSaved {
				t.Fatalf("outcome %s saved %v (err %v)\n%s", res.Outcome, res.Saved, err, progress.String())
			}
			if res.Health.Status != health.Degraded {
				t.Errorf("health %s, want degraded", res.Health.Status)
			}
			if tt.wantOutcome == OutcomeRolledBack {
				if !errors.Is(err, ErrApplyFailed) {
					t.Errorf("error %v, want ErrApplyFailed", err)
				}
				if !sameConfig(t, r.Sim.RunningConfig(), before) {
					t.Errorf("not restored")
				}
				if sameConfig(t, r.Sim.StartupConfig(), r.Sim.RunningConfig()) && !sameConfig(t, before, r.Sim.StartupConfig()) {
					t.Errorf("startup-config changed on a failure path")
				}
			} else if err != nil {
				t.Errorf("apply: %v", err)
			}
			noSecrets(t, "progress", progress.String())
		})
	}
}

// typoDevice turns line `at` of the first push into a typo the router
// refuses, so the push fails there with a real device error.
type typoDevice struct {
	Device
	at   int
	done bool
}

func (d *typoDevice) Configure(ctx context.Context, lines []string) ([]ixcli.Response, error) {
	if !d.done && d.at < len(lines) {
		d.done = true
		lines = append([]string(nil), lines...)
		lines[d.at] = strings.Replace(lines[d.at], "ike ", "ike-typo ", 1)
		if !strings.Contains(lines[d.at], "typo") {
			lines[d.at] = "  no-such-command " + strings.TrimSpace(lines[d.at])
		}
	}
	return d.Device.Configure(ctx, lines)
}

func TestApplyDeviceErrorMidPushRollsBack(t *testing.T) {
	for _, at := range []int{0, 3, 12, 20} {
		r := ixsimtest.Start(t)
		before := r.Sim.RunningConfig()
		var progress bytes.Buffer
		base := connector(t, r, nil)
		connect := func(ctx context.Context) (Device, error) {
			d, err := base(ctx)
			if err != nil {
				return nil, err
			}
			return &typoDevice{Device: d, at: at}, nil
		}
		res, err := Apply(context.Background(), connect, seedInput(t), fastPoll(t, &progress)...)
		var pe *ixcli.PushError
		if !errors.As(err, &pe) || !errors.Is(err, ixcli.ErrDevice) {
			t.Fatalf("at %d: error %v, want a PushError from the router", at, err)
		}
		if pe.Index != at {
			t.Errorf("at %d: push error names line %d", at, pe.Index)
		}
		if res.Outcome != OutcomeRolledBack || res.Saved {
			t.Errorf("at %d: outcome %s saved %v\n%s", at, res.Outcome, res.Saved, progress.String())
		}
		if !sameConfig(t, r.Sim.RunningConfig(), before) {
			t.Errorf("at %d: not restored:\n%s", at, r.Sim.RunningConfig())
		}
	}
}

func TestApplyConfigOccupiedChangesNothing(t *testing.T) {
	r := ixsimtest.Start(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	release := r.Sim.HoldConfig(ctx)
	defer release()
	before := r.Sim.RunningConfig()
	var progress bytes.Buffer
	res, err := Apply(context.Background(), connector(t, r, nil), seedInput(t), fastPoll(t, &progress)...)
	if !errors.Is(err, ixcli.ErrConfigLocked) {
		t.Fatalf("error %v, want ErrConfigLocked", err)
	}
	if !strings.HasPrefix(err.Error(), "nothing changed") {
		t.Errorf("error %q does not say nothing changed", err)
	}
	if res.Outcome != OutcomeNotChanged || res.Backup != "" {
		t.Errorf("outcome %s backup %q", res.Outcome, res.Backup)
	}
	if !sameConfig(t, r.Sim.RunningConfig(), before) { // the header's clock ticks
		t.Error("running-config changed")
	}
	// verify must not steal the lock either: it answers from operation
	// mode (no VPN here: down) and says to retry later.
	rep := Verify(context.Background(), connector(t, r, nil), seedExpectation(t))
	if rep.Status != health.Down || rep.Evidence != health.EvidenceOperationMode || !rep.Partial || !strings.Contains(rep.Note, "retry later") {
		t.Errorf("verify while locked: %s / %s / %q", rep.Status, rep.Evidence, rep.Note)
	}
}

func TestApplyConnectionDropMidPushReconnectsAndRollsBack(t *testing.T) {
	// Login+prepare take a few lines; drop after a dozen.
	r := ixsimtest.Start(t, ixsim.WithDropAfter(12))
	before := r.Sim.RunningConfig()
	var progress bytes.Buffer
	res, err := Apply(context.Background(), connector(t, r, nil), seedInput(t), fastPoll(t, &progress)...)
	if !errors.Is(err, ErrApplyFailed) || errors.Is(err, ErrRollbackFailed) {
		t.Fatalf("error %v, want a proven rollback\n%s", err, progress.String())
	}
	if res.Outcome != OutcomeRolledBack {
		t.Errorf("outcome %s", res.Outcome)
	}
	if !strings.Contains(progress.String(), "reconnecting") {
		t.Errorf("progress does not mention the reconnect:\n%s", progress.String())
	}
	if !sameConfig(t, r.Sim.RunningConfig(), before) {
		t.Errorf("not restored:\n%s", r.Sim.RunningConfig())
	}
}

func seedExpectation(t *testing.T) health.Expectation {
	t.Helper()
	in := seedInput(t)
	var exp health.Expectation
	for _, tu := range in.Connection.Tunnels {
		exp.Tunnels = append(exp.Tunnels, health.Tunnel{AWSOutsideIP: tu.AWSOutsideIP, Neighbor: tu.AWSInside, InsideIP: tu.CustomerInside.Addr(), AmazonASN: in.Connection.AmazonASN})
	}
	exp.VPC = append(exp.VPC, mustPrefix("172.31.0.0/16"))
	return exp
}

// backupCheckDevice fails the test if the first change reaches the router
// before the backup file is on disk.
type backupCheckDevice struct {
	Device
	t   *testing.T
	dir string
}

func (d *backupCheckDevice) Configure(ctx context.Context, lines []string) ([]ixcli.Response, error) {
	entries, err := os.ReadDir(d.dir)
	if err != nil || len(entries) == 0 {
		d.t.Errorf("Configure called before a backup exists in %s (%v)", d.dir, err)
	}
	return d.Device.Configure(ctx, lines)
}

func TestApplyBacksUpBeforeTheFirstChange(t *testing.T) {
	r := ixsimtest.Start(t)
	dir := t.TempDir()
	st, err := backup.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	base := connector(t, r, nil)
	connect := func(ctx context.Context) (Device, error) {
		d, err := base(ctx)
		if err != nil {
			return nil, err
		}
		return &backupCheckDevice{Device: d, t: t, dir: dir}, nil
	}
	var progress bytes.Buffer
	opts := append(fastPoll(t, &progress), WithBackupStore(st))
	if _, err := Apply(context.Background(), connect, seedInput(t), opts...); err != nil {
		t.Fatal(err)
	}
}

// TestApplyWarnsWhenRunningDiffersFromStartup: someone changed the router
// without saving; apply says that a save would persist it.
func TestApplyWarnsWhenRunningDiffersFromStartup(t *testing.T) {
	r := ixsimtest.Start(t)
	connect := connector(t, r, nil)
	ctx := context.Background()
	dev, err := connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := dev.Prepare(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := dev.Configure(ctx, []string{"ip route 10.9.9.0/24 192.168.1.1"}); err != nil {
		t.Fatal(err)
	}
	if err := dev.Close(ctx); err != nil {
		t.Fatal(err)
	}
	var progress bytes.Buffer
	res, err := Apply(ctx, connect, seedInput(t), append(fastPoll(t, &progress), WithSave(false))...)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, w := range res.Warnings {
		found = found || strings.Contains(w, "running-config differs from startup-config")
	}
	if !found {
		t.Errorf("no warning about unsaved changes: %q", res.Warnings)
	}
	if res.Saved {
		t.Error("saved despite WithSave(false)")
	}
}

// TestApplyInterruptedRollsBack: Ctrl-C while waiting for the tunnels must
// still take the change back (the rollback runs on its own deadline).
func TestApplyInterruptedRollsBack(t *testing.T) {
	r := ixsimtest.Start(t, ixsim.WithAWSDown(0, 1))
	before := r.Sim.RunningConfig()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var progress bytes.Buffer
	// Interrupt once the push is done and polling has begun, however slow
	// the machine.
	trigger := writerFunc(func(p []byte) (int, error) {
		progress.Write(p)
		if strings.Contains(string(p), "poll 1 ") {
			cancel()
		}
		return len(p), nil
	})
	opts := append(fastPoll(t, &progress), WithWait(time.Minute), WithProgress(trigger))
	res, err := Apply(ctx, connector(t, r, nil), seedInput(t), opts...)
	if !errors.Is(err, ErrApplyFailed) || errors.Is(err, ErrRollbackFailed) {
		t.Fatalf("error %v, want a proven rollback\n%s", err, progress.String())
	}
	if res.Outcome != OutcomeRolledBack || res.Saved {
		t.Errorf("outcome %s saved %v", res.Outcome, res.Saved)
	}
	if !sameConfig(t, r.Sim.RunningConfig(), before) {
		t.Errorf("not restored:\n%s", r.Sim.RunningConfig())
	}
}

// TestApplyAsNonAdminChangesNothing: an operator login ('%' prompt) cannot
// configure; apply says so and touches nothing.
func TestApplyAsNonAdminChangesNothing(t *testing.T) {
	r := ixsimtest.Start(t)
	for _, u := range r.Sim.Users() {
		if !u.Admin {
			r.User, r.Password = u.Name, u.Password
		}
	}
	before := r.Sim.RunningConfig()
	var progress bytes.Buffer
	res, err := Apply(context.Background(), connector(t, r, nil), seedInput(t), fastPoll(t, &progress)...)
	if !errors.Is(err, ixcli.ErrNotAdmin) || !strings.HasPrefix(err.Error(), "nothing changed") {
		t.Fatalf("error %v, want nothing changed / ErrNotAdmin", err)
	}
	if changed := !sameConfig(t, r.Sim.RunningConfig(), before); res.Outcome != OutcomeNotChanged || changed {
		t.Errorf("outcome %s; running-config changed: %v", res.Outcome, changed)
	}
	if strings.Contains(err.Error(), r.Password) {
		t.Error("error shows the password")
	}
}

type writerFunc func(p []byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// TestRestoreRefusesToLieAboutAPreexistingVPN: the backup already held the
// VPN and someone changed a managed line since; the plan against the backup
// has nothing to undo, so Restore must say it cannot, not "already restored".
func TestRestoreRefusesToLieAboutAPreexistingVPN(t *testing.T) {
	r := ixsimtest.Start(t)
	ctx := context.Background()
	var progress bytes.Buffer
	in := seedInput(t)
	if _, err := Apply(ctx, connector(t, r, nil), in, fastPoll(t, &progress)...); err != nil {
		t.Fatal(err)
	}
	withVPN := r.Sim.RunningConfig()
	dev, err := connector(t, r, nil)(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := dev.Prepare(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := dev.Configure(ctx, []string{"ike keepalive aws-ike-policy1 20 5"}); err != nil {
		t.Fatal(err)
	}
	if err := dev.Close(ctx); err != nil {
		t.Fatal(err)
	}
	res, err := Restore(ctx, connector(t, r, nil), RestoreInput{Router: "R10", BackupPath: "backup.cfg", Backup: withVPN, Connection: in.Connection, PlanOptions: in.PlanOptions})
	if !errors.Is(err, ErrRollbackFailed) || !strings.Contains(err.Error(), "ike keepalive aws-ike-policy1") {
		t.Fatalf("Restore = %+v, %v; want a refusal naming the keepalive", res, err)
	}
	if res.Already {
		t.Error("claimed the router already matches the backup")
	}
}
