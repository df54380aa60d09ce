package agent

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
)

// These run apply against the simulator's realistic timeline, scaled
// (ixsimtest.DefaultTimeScale unless a test says otherwise): BGP comes up
// ~93 s (0.93 s) after the push, and a dead AWS side still looks up until
// DPD (10 s x 3) and the hold time (30 s) expire: 0.3 s.

const scaledHold = 30 * time.Second / ixsimtest.DefaultTimeScale

// TestSoakCatchesTunnelDyingDuringVerify: AWS's tunnel 2 dies at the first
// healthy poll. The router keeps showing it established for the hold time,
// so without a soak apply keeps (and saves) a change whose tunnel is gone;
// with a soak longer than the hold time it sees the fall and rolls back.
func TestSoakCatchesTunnelDyingDuringVerify(t *testing.T) {
	for _, tc := range []struct {
		name        string
		soak        time.Duration
		wantOutcome Outcome
	}{
		{"no soak is fooled", 0, OutcomeApplied},
		{"soak catches it", 2 * scaledHold, OutcomeRolledBack},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := ixsimtest.Start(t)
			progress := &onProgress{s: "): ok:", f: func() { r.Sim.SetAWSDown(1, true) }}
			var buf bytes.Buffer
			opts := append(fastPoll(t, &buf), WithProgress(progress), WithWait(2*time.Second), WithSoak(tc.soak))
			res, err := Apply(context.Background(), connector(t, r, nil), seedInput(t), opts...)
			if res.Outcome != tc.wantOutcome {
				t.Fatalf("outcome %s (err %v), want %s\n%s", res.Outcome, err, tc.wantOutcome, progress)
			}
			if tc.soak == 0 {
				// The change was kept on a dying tunnel: the hazard the
				// soak exists for.
				time.Sleep(2 * scaledHold)
				if rep := Verify(context.Background(), connector(t, r, nil), Expectation(res.Plan)); rep.Status != health.Degraded {
					t.Errorf("verify after the hold time: %s", rep.Summary)
				}
				return
			}
			if !errors.Is(err, ErrApplyFailed) || res.Saved {
				t.Errorf("err %v, saved %v", err, res.Saved)
			}
			sk := res.Soak
			if sk == nil || sk.Restarts != 1 || sk.Broken == "" || !strings.Contains(err.Error(), "lost during the") {
				t.Fatalf("soak %+v, err %v", sk, err)
			}
			// The dead tunnel looked up for (nearly) the hold time: a
			// simulator that tears it down at once would break the
			// window at the next poll.
			if sk.Held < scaledHold*8/10 {
				t.Errorf("health held %v after AWS died, want about the hold time %v\n%s", sk.Held, scaledHold, progress)
			}
		})
	}
}

// TestSoakRidesOutBGPFlap: each tunnel's first BGP session drops 20 s
// (0.2 s) after establishing; apply's soak sees the fall, starts over and
// keeps the change once BGP has held for the window.
func TestSoakRidesOutBGPFlap(t *testing.T) {
	r := ixsimtest.Start(t, ixsim.WithBGPFlaps(1, 20*time.Second))
	var progress bytes.Buffer
	opts := append(fastPoll(t, &progress), WithSoak(2*scaledHold))
	res, err := Apply(context.Background(), connector(t, r, nil), seedInput(t), opts...)
	if err != nil || res.Outcome != OutcomeApplied || !res.Saved {
		t.Fatalf("outcome %s saved %v: %v\n%s", res.Outcome, res.Saved, err, progress.String())
	}
	sk := res.Soak
	if sk == nil || sk.Restarts != 1 || !sk.Complete() || len(sk.Polls) < 2 {
		t.Errorf("soak %+v\n%s", sk, progress.String())
	}
	for _, want := range []string{"soak broken at poll", "soak: health held"} {
		if !strings.Contains(progress.String(), want) {
			t.Errorf("progress lacks %q:\n%s", want, progress.String())
		}
	}
}

// TestConvergenceLongerThanWait: at 10x the seed's BGP needs ~9 s; a 3 s
// wait sees IKE and IPsec up, BGP still on its way, and rolls back. The
// heartbeat says so while the verdict does not change, on a live line when
// the caller has a terminal.
func TestConvergenceLongerThanWait(t *testing.T) {
	r := ixsimtest.Start(t, ixsim.WithTimeScale(10))
	var progress, tty bytes.Buffer
	opts := append(fastPoll(t, &progress), WithWait(3*time.Second), WithHeartbeat(500*time.Millisecond), WithLiveProgress(&tty))
	res, err := Apply(context.Background(), connector(t, r, nil), seedInput(t), opts...)
	if !errors.Is(err, ErrApplyFailed) || res.Outcome != OutcomeRolledBack {
		t.Fatalf("outcome %s: %v", res.Outcome, err)
	}
	if res.Health == nil || !strings.HasPrefix(res.Health.Summary, "down: IKE 2/2, IPsec 2/2, BGP 0/2") {
		t.Errorf("health at the end of the wait: %+v", res.Health)
	}
	if res.Soak != nil {
		t.Errorf("soak %+v without WithSoak", res.Soak)
	}
	live := tty.String()
	if !strings.Contains(live, "\r\x1b[K    still down after ") || !strings.Contains(live, "of 3s, poll ") {
		t.Errorf("live heartbeat %q", live)
	}
	if strings.Contains(progress.String(), "still down") {
		t.Errorf("heartbeat written as lines although a terminal was given:\n%s", progress.String())
	}
}

// TestHeartbeatLines: without a terminal the heartbeat is a progress line.
func TestHeartbeatLines(t *testing.T) {
	r := ixsimtest.Start(t, ixsim.WithAWSDown(0, 1))
	var progress bytes.Buffer
	opts := append(fastPoll(t, &progress), WithWait(time.Second), WithHeartbeat(300*time.Millisecond))
	if _, err := Apply(context.Background(), connector(t, r, nil), seedInput(t), opts...); !errors.Is(err, ErrApplyFailed) {
		t.Fatalf("err %v", err)
	}
	var beats []string
	for _, l := range strings.Split(progress.String(), "\n") {
		if strings.HasPrefix(l, "    still down after ") {
			beats = append(beats, l)
		}
	}
	if len(beats) < 2 || !strings.Contains(beats[0], " of 1s, poll ") || !strings.Contains(beats[0], ": IKE 0/2, IPsec 0/2, BGP 0/2") {
		t.Errorf("heartbeats %q\n%s", beats, progress.String())
	}
}
