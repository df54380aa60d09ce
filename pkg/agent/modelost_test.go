package agent

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/journal"
)

// steal takes configuration mode on r with svintr-config from a second
// client, as another operator would, and keeps it until the test ends.
func steal(t *testing.T, r *ixsimtest.Router) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	dev, err := connectorWith(t, r, nil, ixcli.WithForceConfig(true))(ctx)
	if err != nil {
		t.Errorf("second session: %v", err)
		return
	}
	t.Cleanup(func() { closeDevice(dev, defaults()) })
	if err := dev.Prepare(ctx); err != nil {
		t.Errorf("svintr-config: %v", err)
	}
}

// onProgress calls f once, when the progress output first contains s.
type onProgress struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	s    string
	f    func()
	once sync.Once
}

func (p *onProgress) Write(b []byte) (int, error) {
	p.mu.Lock()
	p.buf.Write(b)
	hit := strings.Contains(p.buf.String(), p.s)
	p.mu.Unlock()
	if hit {
		p.once.Do(p.f)
	}
	return len(b), nil
}

func (p *onProgress) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.buf.String()
}

// checkModeLost asserts what every apply that lost configuration mode
// must do: stop promptly with ErrModeLost, report no success, roll nothing
// back, type nothing after the loss, save nothing, and say what to run next.
func checkModeLost(t *testing.T, r *ixsimtest.Router, res *ApplyResult, err error, stolenAt, inFlight int, took time.Duration, step, holds string) {
	t.Helper()
	var me *ModeLostError
	if !errors.As(err, &me) || !errors.Is(err, ixcli.ErrModeLost) || !errors.Is(err, ErrApplyFailed) {
		t.Fatalf("err = %v, want a ModeLostError", err)
	}
	if res.Outcome != OutcomeModeLost || res.Saved || len(res.Rollback) > 0 {
		t.Errorf("outcome %s, saved %v, rollback typed %q", res.Outcome, res.Saved, res.Rollback)
	}
	// The next command: undo ixpush's part once the other session is
	// done, or only look when none of its lines were taken.
	wantNext := journal.Next{Action: journal.ActionRollback, Backup: res.Backup}
	if strings.HasPrefix(holds, "none of ixpush's lines") || strings.HasPrefix(holds, "the VPN as it was") {
		wantNext = journal.Next{Action: journal.ActionVerify}
	}
	if res.Next == nil || res.Next.Action != wantNext.Action || res.Next.Backup != wantNext.Backup {
		t.Errorf("next = %+v, want %s %s", res.Next, wantNext.Action, wantNext.Backup)
	}
	msg := err.Error()
	for _, want := range []string{
		"another session took configuration mode (svintr-config) at step " + step,
		"; ixpush typed nothing after that;",
		"the router now holds " + holds,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("err = %q\nwant it to say %q", msg, want)
		}
	}
	// Once the loss showed, ixpush typed nothing but its logout: the
	// lines after the steal are those of the one write in flight.
	var after []string
	for _, l := range r.Sim.Commands()[stolenAt:] {
		if l != "svintr-config" && !strings.HasPrefix(l, "terminal ") && l != "exit" {
			after = append(after, l)
		}
	}
	if len(after) > inFlight {
		t.Errorf("typed after the loss: %q, want at most the %d lines of one write", after, inFlight)
	}
	if took > 5*time.Second {
		t.Errorf("apply took %v after losing configuration mode", took)
	}
	if sameConfig(t, r.Sim.StartupConfig(), r.Sim.RunningConfig()) {
		t.Error("startup-config was written")
	}
}

// Another session's svintr-config during the verify polls: apply stops at
// the next poll instead of polling for the rest of --wait, and removes
// nothing (the other session may be building on it).
func TestApplyStopsWhenModeTakenDuringVerify(t *testing.T) {
	r := ixsimtest.Start(t)
	r.Sim.SetAWSDown(0, true) // polls keep going until the steal
	r.Sim.SetAWSDown(1, true)
	var stolenAt int
	progress := &onProgress{s: "poll 1 ", f: func() { steal(t, r); stolenAt = len(r.Sim.Commands()) }}
	opts := append(fastPoll(t, &bytes.Buffer{}), WithProgress(progress), WithWait(30*time.Second))
	start := time.Now()
	res, err := Apply(context.Background(), connector(t, r, nil), seedInput(t), opts...)
	checkModeLost(t, r, res, err, stolenAt, len(shows(new(health.Observation))), time.Since(start), "verify", "the plan's")
	if !strings.Contains(r.Sim.RunningConfig(), "ipsec autokey-map") {
		t.Errorf("ixpush's lines were removed:\n%s", r.Sim.RunningConfig())
	}
}

// stealingDevice takes configuration mode from another session halfway
// through the push (at a block boundary, so each half is a valid plan).
type stealingDevice struct {
	Device
	steal func()
}

func (d *stealingDevice) Configure(ctx context.Context, lines []string) ([]ixcli.Response, error) {
	half := len(lines) / 2
	for half < len(lines) && strings.HasPrefix(lines[half], " ") {
		half++
	}
	rs, err := d.Device.Configure(ctx, lines[:half])
	if err != nil {
		return rs, err
	}
	d.steal()
	more, err := d.Device.Configure(ctx, lines[half:])
	var pe *ixcli.PushError
	if errors.As(err, &pe) {
		pe.Index += half
		for i := range pe.SentAfter {
			pe.SentAfter[i] += half
		}
	}
	return append(rs, more...), err
}

// svintr-config mid-push: apply stops at the line that came back in
// operation mode, does not roll back over the other session's work, and
// says which of its lines the router holds.
func TestApplyStopsWhenModeTakenMidPush(t *testing.T) {
	r := ixsimtest.Start(t)
	var stolenAt int
	inner := connector(t, r, nil)
	connect := func(ctx context.Context) (Device, error) {
		d, err := inner(ctx)
		if err != nil {
			return nil, err
		}
		return &stealingDevice{Device: d, steal: func() { steal(t, r); stolenAt = len(r.Sim.Commands()) }}, nil
	}
	start := time.Now()
	var progress bytes.Buffer
	res, err := Apply(context.Background(), connect, seedInput(t), fastPoll(t, &progress)...)
	var pe *ixcli.PushError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v, want the push error inside", err)
	}
	// The stanza of the line that showed the loss, and its closing
	// "configure", were one write.
	checkModeLost(t, r, res, err, stolenAt, 2+len(pe.SentAfter), time.Since(start), "push", "lines 1-"+strconv.Itoa(pe.Index)+" of the plan's")
	if pe.Index == 0 || pe.Index >= len(res.Plan.Commands) {
		t.Errorf("stopped at line %d of %d, want mid-push", pe.Index+1, len(res.Plan.Commands))
	}
}
