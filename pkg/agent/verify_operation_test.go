package agent

import (
	"bytes"
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
)

// appliedRouter is a simulated router with the seed VPN applied and
// healthy, and what verify expects of it.
func appliedRouter(t *testing.T, opts ...ixsim.Option) (*ixsimtest.Router, health.Expectation) {
	t.Helper()
	r := ixsimtest.Start(t, opts...)
	var progress bytes.Buffer
	res, err := Apply(context.Background(), connector(t, r, nil), seedInput(t), fastPoll(t, &progress)...)
	if err != nil {
		t.Fatalf("apply: %v\n%s", err, progress.String())
	}
	return r, Expectation(res.Plan)
}

// verifyUntil verifies until the status is want (the simulator may take
// a while to converge after a change), within a bound.
func verifyUntil(t *testing.T, connect Connector, exp health.Expectation, want health.Status, opts ...Option) health.Report {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		rep := Verify(context.Background(), connect, exp, opts...)
		if rep.Status == want || time.Now().After(deadline) {
			return rep
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// noForceAdvice: nothing a read-only command prints may suggest taking
// configuration mode from the person holding it.
func noForceAdvice(t *testing.T, rep health.Report) {
	t.Helper()
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var table bytes.Buffer
	if err := health.WriteTable(&table, rep); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{string(b), table.String()} {
		if strings.Contains(out, "force-config") || strings.Contains(out, "svintr-config") {
			t.Errorf("read-only output advises taking the lock:\n%s", out)
		}
	}
}

// TestVerifyWhileConfigHeld: with another session in configuration mode,
// verify answers at once from operation mode: ok with the VPN up, down
// with AWS gone on both tunnels, never by taking the lock.
func TestVerifyWhileConfigHeld(t *testing.T) {
	r, exp := appliedRouter(t)
	release := r.Sim.HoldConfig(context.Background())
	defer release()
	rep := Verify(context.Background(), connector(t, r, nil), exp)
	if rep.Status != health.OK || rep.Evidence != health.EvidenceOperationMode || !rep.Partial {
		t.Fatalf("held, VPN up: %s (evidence %s, partial %v)", rep.Summary, rep.Evidence, rep.Partial)
	}
	if !strings.Contains(rep.Note, "retry later") {
		t.Errorf("note %q does not say to retry later", rep.Note)
	}
	if !rep.Tunnels[0].IsUp() || rep.Tunnels[0].IKE != nil || rep.Tunnels[0].IPsecIn != nil {
		t.Errorf("tunnel 0: %+v", rep.Tunnels[0])
	}
	noForceAdvice(t, rep)

	r.Sim.SetAWSDown(0, true)
	r.Sim.SetAWSDown(1, true)
	rep = verifyUntil(t, connector(t, r, nil), exp, health.Down)
	if rep.Status != health.Down || rep.Evidence != health.EvidenceOperationMode {
		t.Fatalf("held, AWS down: %s (evidence %s)", rep.Summary, rep.Evidence)
	}
	if rep.Prefixes[0].Learned == nil || *rep.Prefixes[0].Learned {
		t.Errorf("prefix: %+v", rep.Prefixes[0])
	}
	noForceAdvice(t, rep)
}

// TestVerifyReadOnlyTypesNoConfigure: --read-only never enters
// configuration mode, even when it is free; the transcript proves it.
func TestVerifyReadOnlyTypesNoConfigure(t *testing.T) {
	r, exp := appliedRouter(t)
	var transcript bytes.Buffer
	rep := Verify(context.Background(), connector(t, r, &transcript), exp, WithReadOnly(true))
	if rep.Status != health.OK || rep.Evidence != health.EvidenceOperationMode {
		t.Fatalf("read-only: %s (evidence %s)", rep.Summary, rep.Evidence)
	}
	if !strings.Contains(transcript.String(), "show ip route") {
		t.Fatalf("transcript shows no show ip route:\n%s", transcript.String())
	}
	if re := regexp.MustCompile(`(?m)\b(configure|config|conf t|enable-config|svintr-config|terminal length)\b`); re.MatchString(transcript.String()) {
		t.Errorf("read-only verify typed a configuration-mode command:\n%s", transcript.String())
	}
	noForceAdvice(t, rep)
	// The VPN up, verify with the mode free still uses it.
	full := Verify(context.Background(), connector(t, r, nil), exp)
	if full.Status != health.OK || full.Evidence != health.EvidenceConfigMode || full.Partial {
		t.Errorf("full verify: %s (evidence %s, partial %v)", full.Summary, full.Evidence, full.Partial)
	}
}

// TestVerifyOperationCommandRefused: a router that serves one of the
// operation-mode shows only in configuration mode leaves that fact
// unknown and the others decided.
func TestVerifyOperationCommandRefused(t *testing.T) {
	tests := []struct {
		refuse string
		status health.Status
		check  func(t *testing.T, rep health.Report)
	}{
		{"show interfaces", health.Unknown, func(t *testing.T, rep health.Report) {
			if rep.Tunnels[0].Link != nil || rep.Tunnels[1].Link != nil {
				t.Errorf("links read although refused: %+v", rep.Tunnels)
			}
			if !rep.Tunnels[0].IsUp() || rep.Tunnels[1].Up != nil {
				t.Errorf("tunnel 0 up by its route, tunnel 1 unknown: %+v", rep.Tunnels)
			}
			if !rep.Prefixes[0].IsLearned() {
				t.Errorf("prefix not decided by the routes: %+v", rep.Prefixes[0])
			}
		}},
		{"show ip route", health.Unknown, func(t *testing.T, rep health.Report) {
			if rep.Prefixes[0].Learned != nil {
				t.Errorf("prefix decided without routes: %+v", rep.Prefixes[0])
			}
			if rep.Tunnels[0].Link == nil || *rep.Tunnels[0].Link != "up" {
				t.Errorf("link not read: %+v", rep.Tunnels[0])
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.refuse, func(t *testing.T) {
			r, exp := appliedRouter(t, ixsim.WithConfigOnly(tt.refuse))
			rep := Verify(context.Background(), connector(t, r, nil), exp, WithReadOnly(true))
			if rep.Status != tt.status || rep.Evidence != health.EvidenceOperationMode {
				t.Fatalf("%s", rep.Summary)
			}
			if !strings.Contains(strings.Join(rep.Unread, ", "), tt.refuse) {
				t.Errorf("unread %q does not list %q", rep.Unread, tt.refuse)
			}
			tt.check(t, rep)
			// In configuration mode the router still serves everything.
			if full := Verify(context.Background(), connector(t, r, nil), exp); full.Status != health.OK {
				t.Errorf("full verify: %s", full.Summary)
			}
		})
	}
}

// TestVerifyNotAdmin: a login that cannot enter configuration mode still
// gets the operation-mode verdict.
func TestVerifyNotAdmin(t *testing.T) {
	r, exp := appliedRouter(t, ixsim.WithUser("monitor", "monitor-pass", false))
	r.User, r.Password = "monitor", "monitor-pass"
	rep := Verify(context.Background(), connector(t, r, nil), exp)
	if rep.Evidence != health.EvidenceOperationMode || !strings.Contains(rep.Note, "not an administrator") {
		t.Fatalf("non-admin: %s (evidence %s, note %q, error %q)", rep.Summary, rep.Evidence, rep.Note, rep.Error)
	}
	noForceAdvice(t, rep)
}
