package agent

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
)

// lostOnceDevice loses the session on its first running-config read, as a
// dropped SSH connection does.
type lostOnceDevice struct {
	Device
	lost *bool
}

var errSessionLost = errors.New("session lost")

func (d *lostOnceDevice) RunningConfig(ctx context.Context) (string, error) {
	if !*d.lost {
		*d.lost = true
		return "", errSessionLost
	}
	return d.Device.RunningConfig(ctx)
}

// TestRestoreReconnectsOnce: the rollback command runs the same undo
// sequence as apply's failure path, so a session lost on the way is
// re-opened once and the restore still proven.
func TestRestoreReconnectsOnce(t *testing.T) {
	r := ixsimtest.Start(t)
	ctx := context.Background()
	before := r.Sim.RunningConfig()
	var progress bytes.Buffer
	in := seedInput(t)
	res, err := Apply(ctx, connector(t, r, nil), in, fastPoll(t, &progress)...)
	if err != nil {
		t.Fatal(err)
	}
	base, lost, dials := connector(t, r, nil), false, 0
	connect := func(ctx context.Context) (Device, error) {
		dials++
		d, err := base(ctx)
		if err != nil {
			return nil, err
		}
		return &lostOnceDevice{Device: d, lost: &lost}, nil
	}
	progress.Reset()
	rr, err := Restore(ctx, connect, RestoreInput{Router: in.Router, BackupPath: res.Backup, Backup: readFile(t, res.Backup), Connection: in.Connection, PlanOptions: in.PlanOptions}, WithProgress(&progress))
	if err != nil {
		t.Fatalf("restore: %v\n%s", err, progress.String())
	}
	if dials != 2 || !strings.Contains(progress.String(), "reconnecting") {
		t.Errorf("%d dials; progress:\n%s", dials, progress.String())
	}
	if rr.Already || len(rr.Rollback) == 0 {
		t.Errorf("restore typed nothing: %+v", rr)
	}
	if !sameConfig(t, r.Sim.RunningConfig(), before) {
		t.Errorf("not restored:\n%s", r.Sim.RunningConfig())
	}
	var steps []string
	for _, s := range rr.Steps {
		steps = append(steps, s.Name)
	}
	if got := strings.Join(steps, " "); got != "connect prepare rollback close" {
		t.Errorf("steps %q", got)
	}
}

// TestRestoreLostForGoodChangesNothing: when the session is lost before
// anything is typed and cannot be re-opened, Restore says nothing changed.
func TestRestoreLostForGoodChangesNothing(t *testing.T) {
	r := ixsimtest.Start(t)
	in := seedInput(t)
	base, dials := connector(t, r, nil), 0
	connect := func(ctx context.Context) (Device, error) {
		if dials++; dials > 1 {
			return nil, errors.New("host unreachable")
		}
		d, err := base(ctx)
		if err != nil {
			return nil, err
		}
		lost := false
		return &lostOnceDevice{Device: d, lost: &lost}, nil
	}
	rr, err := Restore(context.Background(), connect, RestoreInput{Router: in.Router, BackupPath: "backup.cfg", Backup: r.Sim.RunningConfig(), Connection: in.Connection, PlanOptions: in.PlanOptions})
	if err == nil || !strings.HasPrefix(err.Error(), "nothing changed: ") || !errors.Is(err, errSessionLost) || errors.Is(err, ErrRollbackFailed) {
		t.Fatalf("Restore = %+v, %v; want nothing changed, the lost session named", rr, err)
	}
	if !strings.Contains(err.Error(), "host unreachable") {
		t.Errorf("error %q does not name the failed reconnect", err)
	}
}
