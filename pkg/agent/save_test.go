package agent

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/journal"
)

// typeUnsaved types lines in a session of its own and leaves them unsaved;
// with hold it keeps configuration mode, as an operator mid-edit does.
func typeUnsaved(t *testing.T, r *ixsimtest.Router, hold bool, lines ...string) {
	t.Helper()
	ctx := context.Background()
	dev, err := connector(t, r, nil)(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := dev.Prepare(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := dev.Configure(ctx, lines); err != nil {
		t.Fatal(err)
	}
	if hold {
		t.Cleanup(func() { dev.Close(ctx) })
		return
	}
	if err := dev.Close(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestApplyStopsOnUnsavedChangesByOthers(t *testing.T) {
	const route = "ip route 10.9.9.0/24 192.168.1.1"
	tests := []struct {
		name    string
		force   bool // the operator still holds config mode; apply takes it
		saveToo bool
	}{
		{"unsaved route", false, false},
		{"operator mid-edit, --force-config", true, false},
		{"--save-unsaved-changes", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ixsimtest.Start(t)
			typeUnsaved(t, r, tt.force, route, "ike proposal other-prop encryption aes hash sha group 1024-bit", "ike policy half-typed peer 198.51.100.9 key Half.Typed_Key0 other-prop")
			before := r.Sim.RunningConfig()
			startupBefore := r.Sim.StartupConfig()
			var progress bytes.Buffer
			connect := connector(t, r, nil)
			if tt.force {
				connect = connectorWith(t, r, nil, ixcli.WithForceConfig(true))
			}
			dir := t.TempDir()
			res, err := Apply(context.Background(), connect, seedInput(t), append(stateOpts(t, dir, &progress), WithSaveUnsavedChanges(tt.saveToo))...)
			if tt.saveToo {
				if err != nil || res.Outcome != OutcomeApplied || !res.Saved || !strings.Contains(r.Sim.StartupConfig(), route) {
					t.Fatalf("with --save-unsaved-changes: %s saved %v, %v", res.Outcome, res.Saved, err)
				}
				return
			}
			if !errors.Is(err, ErrUnsavedChanges) || res.Outcome != OutcomeNotChanged || !strings.HasPrefix(err.Error(), "nothing changed: ") {
				t.Fatalf("apply = %s, %v; want nothing changed, ErrUnsavedChanges\n%s", res.Outcome, err, progress.String())
			}
			for _, want := range []string{"+ " + route, "+ ike policy half-typed peer 198.51.100.9 key ******** other-prop"} {
				if !slices.Contains(res.Unsaved, want) || !strings.Contains(err.Error(), want) {
					t.Errorf("differing line %q not shown: %q / %v", want, res.Unsaved, err)
				}
			}
			noSecrets(t, "error", err.Error())
			if strings.Contains(err.Error(), "Half.Typed_Key0") || strings.Contains(strings.Join(res.Unsaved, "\n"), "Half.Typed_Key0") {
				t.Error("the operator's key is shown")
			}
			if res.Next == nil || res.Next.Action != journal.ActionApply || !slices.Equal(res.Next.Args, []string{"--save-unsaved-changes"}) {
				t.Errorf("next %+v", res.Next)
			}
			if !sameConfig(t, r.Sim.RunningConfig(), before) || !sameConfig(t, r.Sim.StartupConfig(), startupBefore) {
				t.Error("the router changed")
			}
			if _, err := mustJournal(t, dir).Load("R10"); !errors.Is(err, journal.ErrNoJournal) {
				t.Errorf("a change that typed nothing was journaled: %v", err)
			}
		})
	}
}

// TestApplySavesWhatStartupLacks: a change applied with --no-save (or
// whose save failed) is "already applied" on the next run; that run saves
// it, unless told not to, and says so either way.
func TestApplySavesWhatStartupLacks(t *testing.T) {
	r := ixsimtest.Start(t)
	dir := t.TempDir()
	var progress bytes.Buffer
	ctx := context.Background()
	if res, err := Apply(ctx, connector(t, r, nil), seedInput(t), append(stateOpts(t, dir, &progress), WithSave(false))...); err != nil || res.Saved {
		t.Fatalf("first apply: %v saved %v", err, res.Saved)
	}
	startup := r.Sim.StartupConfig()

	res, err := Apply(ctx, connector(t, r, nil), seedInput(t), append(stateOpts(t, dir, &progress), WithSave(false))...)
	if err != nil || res.Outcome != OutcomeAlreadyApplied || res.Saved || !res.StartupLacked || res.Next == nil || res.Next.Action != journal.ActionApply {
		t.Fatalf("--no-save re-run: %s saved %v lacked %v next %+v, %v", res.Outcome, res.Saved, res.StartupLacked, res.Next, err)
	}
	if !sameConfig(t, r.Sim.StartupConfig(), startup) {
		t.Fatal("--no-save re-run saved")
	}
	if !strings.Contains(strings.Join(res.Warnings, "\n"), "NOT saved (--no-save)") {
		t.Errorf("warnings %q", res.Warnings)
	}

	res, err = Apply(ctx, connector(t, r, nil), seedInput(t), stateOpts(t, dir, &progress)...)
	if err != nil || res.Outcome != OutcomeAlreadyApplied || !res.Saved || !res.StartupLacked {
		t.Fatalf("re-run: %s saved %v lacked %v, %v\n%s", res.Outcome, res.Saved, res.StartupLacked, err, progress.String())
	}
	if !sameConfig(t, r.Sim.StartupConfig(), r.Sim.RunningConfig()) {
		t.Error("startup-config does not hold the change")
	}
	if e := loadJournal(t, dir, "R10"); !e.Saved || e.Next != nil {
		t.Errorf("journal not marked saved: %+v", e)
	}
	// Saved now: a third run has nothing to do.
	if res, err := Apply(ctx, connector(t, r, nil), seedInput(t), stateOpts(t, dir, &progress)...); err != nil || res.Saved || res.StartupLacked {
		t.Errorf("third run: saved %v lacked %v, %v", res.Saved, res.StartupLacked, err)
	}
}

// TestApplyDropAroundWriteMemory: the session is lost at write memory.
// When the save happened, apply reconnects, finds startup-config holding
// the change and reports it saved; when it did not, not saved, with the
// next command.
func TestApplyDropAroundWriteMemory(t *testing.T) {
	tests := []struct {
		name      string
		opts      []ixsim.Option
		after     bool // the connection dies right after write memory ran
		wantSaved bool
	}{
		{"dropped right after the save", nil, true, true},
		{"dropped before the save", []ixsim.Option{ixsim.WithDropAt(ixsim.DropOnWrite)}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ixsimtest.Start(t, tt.opts...)
			dir := t.TempDir()
			var progress bytes.Buffer
			connect := connector(t, r, nil)
			if tt.after {
				base := connect
				connect = func(ctx context.Context) (Device, error) {
					d, err := base(ctx)
					return &dropAfterSave{Device: d}, err
				}
			}
			res, err := Apply(context.Background(), connect, seedInput(t), stateOpts(t, dir, &progress)...)
			if res.Saved != tt.wantSaved || res.Outcome != OutcomeApplied {
				t.Fatalf("saved %v outcome %s, %v\n%s", res.Saved, res.Outcome, err, progress.String())
			}
			if !strings.Contains(progress.String(), "reconnecting to read startup-config back") {
				t.Errorf("no reconnect:\n%s", progress.String())
			}
			e := loadJournal(t, dir, "R10")
			if tt.wantSaved {
				if err != nil || !sameConfig(t, r.Sim.StartupConfig(), r.Sim.RunningConfig()) || !e.Saved {
					t.Errorf("err %v; journal saved %v", err, e.Saved)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), "does not hold the change") || res.Next == nil || res.Next.Action != journal.ActionApply {
				t.Errorf("err %v next %+v", err, res.Next)
			}
			if e.Saved || e.Next == nil || e.Pending() {
				t.Errorf("journal %+v", e)
			}
		})
	}
}

// dropAfterSave loses the connection once write memory has run, before
// its reply is read.
type dropAfterSave struct{ Device }

func (d *dropAfterSave) Save(ctx context.Context) error {
	if err := d.Device.Save(ctx); err != nil {
		return err
	}
	d.Device.(*ixcli.Client).Shell().Close()
	return errSessionLost
}

// TestApplyFailuresCarryTheNextCommand: every failing apply says what to
// run next, as data.
func TestApplyFailuresCarryTheNextCommand(t *testing.T) {
	held := ixsimtest.Start(t, ixsim.WithConfigHeld())
	down := ixsimtest.Start(t, ixsim.WithAWSDown(0, 1))
	tests := []struct {
		name   string
		r      *ixsimtest.Router
		want   journal.Action
		backup bool
	}{
		{"config mode held", held, journal.ActionApply, false},
		{"tunnels down, rolled back", down, journal.ActionApply, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var progress bytes.Buffer
			res, err := Apply(context.Background(), connector(t, tt.r, nil), seedInput(t), append(stateOpts(t, t.TempDir(), &progress), WithWait(300*time.Millisecond))...)
			if err == nil || res.Next == nil || res.Next.Action != tt.want || res.Next.Why == "" {
				t.Fatalf("err %v next %+v", err, res.Next)
			}
		})
	}
}
