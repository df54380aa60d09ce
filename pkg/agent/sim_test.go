package agent

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/backup"
	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/session"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// seedPSKs must never leave the process in any output.
var seedPSKs = []string{"pq5RW0mMbSxz8k8.ZRY2T3C82D9GX8_z", "QAElJrXGVeBgHi.U292jVF3eLTATQXMQ"}

func connector(t *testing.T, r *ixsimtest.Router, transcript *bytes.Buffer) Connector {
	t.Helper()
	return connectorWith(t, r, transcript)
}

// connectorWith is connector with more ixcli options (force config).
func connectorWith(t *testing.T, r *ixsimtest.Router, transcript *bytes.Buffer, more ...ixcli.Option) Connector {
	t.Helper()
	kh := filepath.Join(t.TempDir(), "known_hosts")
	line := knownhosts.Line([]string{knownhosts.Normalize(r.Addr)}, r.HostKey)
	if err := os.WriteFile(kh, []byte(line+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	opts := []session.DialOption{session.WithPassword(r.Password), session.WithKnownHosts(kh), session.WithSSHConfig("")}
	cliOpts := more
	if transcript != nil {
		cliOpts = append(cliOpts, ixcli.WithShellOptions(session.WithTranscript(transcript)))
	}
	return SSHConnector(r.User+"@"+r.Addr, opts, cliOpts)
}

func seedInput(t *testing.T) ApplyInput {
	t.Helper()
	f, err := os.Open("../../fixtures/aws/seed-cisco.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	conn, err := awsvpn.Parse(f, awsvpn.FormatAuto)
	if err != nil {
		t.Fatal(err)
	}
	return ApplyInput{
		Router:     "R10",
		Connection: conn,
		PlanOptions: []plan.Option{
			plan.WithLAN(mustPrefix("192.168.2.0/24")),
			plan.WithVPC(mustPrefix("172.31.0.0/16")),
			plan.WithWANIP(mustAddr("192.168.1.10")),
		},
	}
}

func fastPoll(t *testing.T, progress *bytes.Buffer) []Option {
	st, err := backup.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return []Option{WithBackupStore(st), WithPollInterval(50 * time.Millisecond), WithWait(5 * time.Second), WithProgress(progress)}
}

func noSecrets(t *testing.T, what string, texts ...string) {
	t.Helper()
	for _, s := range texts {
		for _, psk := range seedPSKs {
			if strings.Contains(s, psk) {
				t.Errorf("%s contains a pre-shared key", what)
			}
		}
	}
}

func TestApplySeedThenReapply(t *testing.T) {
	r := ixsimtest.Start(t)
	var transcript, progress bytes.Buffer
	ctx := context.Background()
	in := seedInput(t)
	opts := fastPoll(t, &progress)
	before := r.Sim.RunningConfig()

	res, err := Apply(ctx, connector(t, r, &transcript), in, opts...)
	if err != nil {
		t.Fatalf("apply: %v\nprogress:\n%s", err, progress.String())
	}
	if res.Outcome != OutcomeApplied || !res.Saved || res.Health == nil || res.Health.Status != health.OK {
		t.Fatalf("result %+v, health %+v", res, res.Health)
	}
	for _, w := range res.Warnings {
		if strings.Contains(w, "differs from startup-config") {
			t.Errorf("unexpected warning on a saved router: %s", w)
		}
	}
	// The backup on disk is the running-config from before the change.
	data, err := os.ReadFile(res.Backup)
	if err != nil {
		t.Fatal(err)
	}
	if !sameConfig(t, string(data), before) {
		t.Errorf("backup differs from the running-config before apply")
	}
	// Saved: startup-config now equals running-config.
	if !sameConfig(t, r.Sim.StartupConfig(), r.Sim.RunningConfig()) {
		t.Errorf("write memory did not happen")
	}
	noSecrets(t, "transcript", transcript.String())
	noSecrets(t, "progress", progress.String())

	// Re-apply: zero commands, still healthy.
	res2, err := Apply(ctx, connector(t, r, nil), in, opts...)
	if err != nil {
		t.Fatalf("re-apply: %v", err)
	}
	if res2.Outcome != OutcomeAlreadyApplied || len(res2.Plan.Commands) != 0 || res2.Pushed != 0 {
		t.Errorf("re-apply: outcome %s, %d commands", res2.Outcome, len(res2.Plan.Commands))
	}

	rep := Verify(ctx, connector(t, r, nil), Expectation(res.Plan))
	if rep.Status != health.OK {
		t.Errorf("verify: %s", rep.Summary)
	}
}

func TestApplyRollsBackWhenBothTunnelsDown(t *testing.T) {
	r := ixsimtest.Start(t, ixsimtest.WithScenario(t, "seed"))
	r.Sim.SetAWSDown(0, true)
	r.Sim.SetAWSDown(1, true)
	var progress bytes.Buffer
	before := r.Sim.RunningConfig()
	opts := append(fastPoll(t, &progress), WithWait(600*time.Millisecond))
	res, err := Apply(context.Background(), connector(t, r, nil), seedInput(t), opts...)
	if !errors.Is(err, ErrApplyFailed) || errors.Is(err, ErrRollbackFailed) {
		t.Fatalf("apply error = %v, want a proven rollback", err)
	}
	if res.Outcome != OutcomeRolledBack || res.Saved {
		t.Errorf("outcome %s saved %v", res.Outcome, res.Saved)
	}
	if res.Health.Status != health.Down {
		t.Errorf("health %s, want down", res.Health.Status)
	}
	if !sameConfig(t, r.Sim.RunningConfig(), before) {
		t.Errorf("running-config not restored:\n%s", r.Sim.RunningConfig())
	}
	noSecrets(t, "error", err.Error())
}

func sameConfig(t *testing.T, a, b string) bool {
	t.Helper()
	ca, err := showparse.ParseRunningConfig(strings.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	cb, err := showparse.ParseRunningConfig(strings.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return plan.SameConfig(ca, cb)
}
