package agent

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
)

// The seed router renders the real dump's shape by default (device blocks,
// runs of `!`, timezone, a hashed administrator, ssh-server, Loopback0.0,
// Null0.0, `ip route default`): these tests hold apply, rollback and
// restore to it.

// seedUserHash is the seed administrator's password hash, a credential.
const seedUserHash = "6400f64ae564a396"

// configBody is a running- or startup-config without what a reread always
// changes: the storage line and the `!` comment header (clock, last save).
func configBody(t *testing.T, text string) string {
	t.Helper()
	lines := strings.SplitAfter(text, "\n")
	i := 0
	for i < len(lines) && (strings.HasPrefix(lines[i], "Using ") || strings.TrimSpace(lines[i]) == "" || strings.HasPrefix(lines[i], "! ")) {
		i++
	}
	body := strings.Join(lines[i:], "")
	if !strings.Contains(body, "device GigaEthernet0\n") || !strings.Contains(body, "interface Null0.0\n") {
		t.Fatalf("not the real shape:\n%s", text)
	}
	return body
}

// TestRealShapeRollbackIsByteExact: a failed apply's rollback, and a restore
// after a saved apply, give back the running-config byte for byte, every
// section ixpush does not manage included, and leave startup-config as the
// save left it.
func TestRealShapeRollbackIsByteExact(t *testing.T) {
	t.Run("apply rolled back", func(t *testing.T) {
		r := ixsimtest.Start(t, ixsim.WithAWSDown(0, 1))
		before, startup := configBody(t, r.Sim.RunningConfig()), configBody(t, r.Sim.StartupConfig())
		var progress, transcript bytes.Buffer
		opts := append(fastPoll(t, &progress), WithWait(500*time.Millisecond))
		res, err := Apply(context.Background(), connector(t, r, &transcript), seedInput(t), opts...)
		if !errors.Is(err, ErrApplyFailed) || errors.Is(err, ErrRollbackFailed) || res.Outcome != OutcomeRolledBack {
			t.Fatalf("outcome %s: %v\n%s", res.Outcome, err, progress.String())
		}
		if d := cmp.Diff(before, configBody(t, r.Sim.RunningConfig())); d != "" {
			t.Errorf("running-config after rollback (-before +after):\n%s", d)
		}
		if d := cmp.Diff(startup, configBody(t, r.Sim.StartupConfig())); d != "" {
			t.Errorf("startup-config changed by a failed apply (-before +after):\n%s", d)
		}
		js, _ := json.Marshal(res)
		noHash(t, transcript.String(), progress.String(), string(js))
	})
	t.Run("restored after save", func(t *testing.T) {
		r := ixsimtest.Start(t)
		before := configBody(t, r.Sim.RunningConfig())
		var progress, transcript bytes.Buffer
		in := seedInput(t)
		res, err := Apply(context.Background(), connector(t, r, &transcript), in, fastPoll(t, &progress)...)
		if err != nil || res.Outcome != OutcomeApplied {
			t.Fatalf("apply: %s %v\n%s", res.Outcome, err, progress.String())
		}
		saved := configBody(t, r.Sim.StartupConfig())
		if d := cmp.Diff(configBody(t, r.Sim.RunningConfig()), saved); d != "" {
			t.Errorf("startup-config is not what apply saved (-running +startup):\n%s", d)
		}
		rr, err := Restore(context.Background(), connector(t, r, &transcript), RestoreInput{Router: in.Router, BackupPath: res.Backup,
			Backup: readFile(t, res.Backup), Connection: in.Connection, PlanOptions: in.PlanOptions}, WithProgress(&progress))
		if err != nil || rr.Already {
			t.Fatalf("restore: %+v %v\n%s", rr, err, progress.String())
		}
		if d := cmp.Diff(before, configBody(t, r.Sim.RunningConfig())); d != "" {
			t.Errorf("running-config after restore (-before +after):\n%s", d)
		}
		// rollback does not save: startup-config still holds the change.
		if d := cmp.Diff(saved, configBody(t, r.Sim.StartupConfig())); d != "" {
			t.Errorf("startup-config changed by the restore:\n%s", d)
		}
		if rr.Unmanaged != nil || strings.Contains(progress.String(), "outside the sections") {
			t.Errorf("restore reports unmanaged drift where there is none: %q", rr.Unmanaged)
		}
		js, _ := json.Marshal(res)
		rjs, _ := json.Marshal(rr)
		noHash(t, transcript.String(), progress.String(), string(js), string(rjs))
	})
}

// noHash fails when the administrator's password hash is in what ixpush
// logs, records or prints (dialect.Redact masks `password hash X`).
func noHash(t *testing.T, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if strings.Contains(s, seedUserHash) {
			t.Errorf("the password hash is shown:\n%s", s)
		}
	}
	if !strings.Contains(strings.Join(texts, ""), "password hash ********") {
		t.Error("no masked username line: the transcript did not show running-config")
	}
}

// type as another operator would, in a session of its own.
func typeOnRouter(t *testing.T, r *ixsimtest.Router, lines ...string) {
	t.Helper()
	user, _ := r.Sim.AdminLogin()
	in := strings.NewReader(strings.Join(append(append([]string{"configure"}, lines...), "exit", "exit"), "\r") + "\r")
	if err := r.Sim.ServeStdio(context.Background(), user, in, io.Discard); err != nil {
		t.Fatal(err)
	}
}

// TestRestoreKeepsUnmanagedEdit: someone changed sections ixpush does not
// manage after the backup. The restore puts the VPN back, keeps their edit
// (it is not the restore's to drop), and says so: every differing line,
// masked, and what to type either way.
func TestRestoreKeepsUnmanagedEdit(t *testing.T) {
	r := ixsimtest.Start(t)
	var progress, transcript bytes.Buffer
	in := seedInput(t)
	res, err := Apply(context.Background(), connector(t, r, nil), in, fastPoll(t, &progress)...)
	if err != nil {
		t.Fatalf("apply: %v\n%s", err, progress.String())
	}
	typeOnRouter(t, r,
		"interface GigaEthernet1.0", "description lan-floor2",
		"device GigaEthernet2", "vlan-group 1 port 1 2",
		"username ops password plain ops-secret-1",
		"no timezone")
	edited := r.Sim.RunningConfig()
	progress.Reset()
	rr, err := Restore(context.Background(), connector(t, r, &transcript), RestoreInput{Router: in.Router, BackupPath: res.Backup,
		Backup: readFile(t, res.Backup), Connection: in.Connection, PlanOptions: in.PlanOptions}, WithProgress(&progress))
	if err != nil {
		t.Fatalf("restore: %v\n%s", err, progress.String())
	}
	after := r.Sim.RunningConfig()
	for _, kept := range []string{"\n  description lan-floor2\n", "\n  vlan-group 1 port 1 2\n", "\nusername ops password hash "} {
		if !strings.Contains(after, kept) {
			t.Errorf("the restore dropped %q", kept)
		}
	}
	if strings.Contains(after, "\ntimezone ") || strings.Contains(after, "Tunnel0.0") {
		t.Errorf("restore went beyond the managed sections or left the VPN:\n%s", after)
	}
	// Sections on the router first, in its order, then those only the
	// backup has; a sub-mode line follows its section's line.
	want := []string{
		"+ username ops password hash ********",
		"  device GigaEthernet2",
		"+   vlan-group 1 port 1 2",
		"  interface GigaEthernet1.0",
		"+   description lan-floor2",
		"- timezone +09 00",
	}
	if d := cmp.Diff(want, rr.Unmanaged); d != "" {
		t.Errorf("Unmanaged (-want +got):\n%s", d)
	}
	p := progress.String()
	for _, l := range append(want, "warning: outside the sections ixpush manages", "write memory") {
		if !strings.Contains(p, l) {
			t.Errorf("progress lacks %q:\n%s", l, p)
		}
	}
	if edited == after {
		t.Error("the restore typed nothing")
	}
	rjs, _ := json.Marshal(rr)
	noHash(t, transcript.String(), p, string(rjs))
}
