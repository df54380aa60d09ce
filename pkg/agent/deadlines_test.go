package agent

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/session"
	"github.com/ixpush/ixpush/pkg/session/sessiontest"
)

// silentRouter accepts TCP and never speaks SSH, keeping each connection
// open until the test ends.
func silentRouter(t *testing.T) string {
	t.Helper()
	s, err := sessiontest.StartSilent("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s.Addr()
}

// verify against a router that never sends an SSH banner is Unknown,
// naming the connect timeout, in about that time, even when the caller
// sets no deadline at all.
func TestVerifySilentRouter(t *testing.T) {
	const bound = 500 * time.Millisecond
	addr := silentRouter(t)
	connect := SSHConnector(addr, []session.DialOption{session.WithConnectTimeout(bound), session.WithSSHConfig(""), session.WithAgent(false), session.WithPassword("pw")}, nil)
	start := time.Now()
	rep := Verify(context.Background(), connect, seedExpectation(t))
	took := time.Since(start)
	if rep.Status != health.Unknown {
		t.Fatalf("status %s, want unknown", rep.Status)
	}
	if want := "no SSH banner from 127.0.0.1 (" + addr + ") within 500ms (connect timeout)"; !strings.Contains(rep.Summary, want) {
		t.Errorf("summary %q, want it to say %q", rep.Summary, want)
	}
	if took > bound+2*time.Second {
		t.Errorf("verify took %v, want within the connect timeout + 2s", took)
	}
}

// The whole-verify bound ends a verify whose steps each stay within their
// own bounds, and says which bound it was.
func TestVerifyTimeoutNamesItself(t *testing.T) {
	addr := silentRouter(t)
	connect := SSHConnector(addr, []session.DialOption{session.WithConnectTimeout(time.Minute), session.WithSSHConfig(""), session.WithAgent(false), session.WithPassword("pw")}, nil)
	start := time.Now()
	rep := Verify(context.Background(), connect, seedExpectation(t), WithTimeout(300*time.Millisecond))
	if !strings.Contains(rep.Summary, "verify did not finish within its timeout of 300ms") {
		t.Errorf("summary %q, want the verify timeout named", rep.Summary)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("verify took %v", took)
	}
}

// A router that stops answering mid-push, keeping TCP open, fails the push
// within the command timeout, naming it; apply then reconnects and proves
// the rollback.
func TestApplyStalledRouterRollsBack(t *testing.T) {
	// Prepare and the backup are 5 lines; stall a few lines into the push.
	r := ixsimtest.Start(t, ixsim.WithStallAfter(12))
	before := r.Sim.RunningConfig()
	var progress bytes.Buffer
	connect := connectorWith(t, r, nil, ixcli.WithCommandTimeout(400*time.Millisecond))
	start := time.Now()
	res, err := Apply(context.Background(), connect, seedInput(t), fastPoll(t, &progress)...)
	took := time.Since(start)
	if !errors.Is(err, ErrApplyFailed) || errors.Is(err, ErrRollbackFailed) {
		t.Fatalf("err = %v, want a proven rollback\n%s", err, progress.String())
	}
	var te *session.TimeoutError
	if !errors.As(err, &te) || !strings.Contains(err.Error(), "within 400ms (command timeout)") {
		t.Errorf("err = %v, want the command timeout named", err)
	}
	if res.Outcome != OutcomeRolledBack || res.Saved {
		t.Errorf("outcome %s, saved %v", res.Outcome, res.Saved)
	}
	// The timed-out session is given up at once, not read again.
	if !strings.Contains(progress.String(), "the session stopped answering; reconnecting to roll back") {
		t.Errorf("no reconnect straight away:\n%s", progress.String())
	}
	if !sameConfig(t, r.Sim.RunningConfig(), before) {
		t.Errorf("not restored:\n%s", r.Sim.RunningConfig())
	}
	if took > 20*time.Second {
		t.Errorf("apply took %v against a stalled router", took)
	}
}
