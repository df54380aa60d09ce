package agent

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

// unmanagedRouter is the seed with sections ixpush does not manage, as
// real running-configs carry them (ix-cli.md §11).
func unmanagedRouter(t *testing.T, opts ...ixsim.Option) *ixsimtest.Router {
	t.Helper()
	sc, err := scenario.Builtin("seed")
	if err != nil {
		t.Fatal(err)
	}
	sc.Router.StartupConfig = strings.Replace(sc.Router.StartupConfig, "hostname R10\n",
		"hostname R10\ntimezone +09 00\nusername user01 password hash 0123abcd administrator\n", 1)
	sc.Router.StartupConfig = strings.Replace(sc.Router.StartupConfig, "interface GigaEthernet1.0\n",
		"interface GigaEthernet1.0\n  description lan\n  ip mtu 1454\n", 1)
	return ixsimtest.Start(t, append([]ixsim.Option{ixsim.WithScenario(sc)}, opts...)...)
}

// TestUnmanagedSectionsSurvive: apply, and its rollback, leave the lines
// ixpush does not manage as they were.
func TestUnmanagedSectionsSurvive(t *testing.T) {
	unmanaged := []string{"timezone +09 00", "username user01 password hash 0123abcd administrator", "  description lan", "  ip mtu 1454"}
	t.Run("applied", func(t *testing.T) {
		r := unmanagedRouter(t)
		var progress bytes.Buffer
		res, err := Apply(context.Background(), connector(t, r, nil), seedInput(t), fastPoll(t, &progress)...)
		if err != nil || res.Outcome != OutcomeApplied {
			t.Fatalf("outcome %s: %v", res.Outcome, err)
		}
		for _, l := range unmanaged {
			if !strings.Contains(r.Sim.StartupConfig(), "\n"+l+"\n") {
				t.Errorf("saved config lost %q", l)
			}
		}
	})
	t.Run("rolled back", func(t *testing.T) {
		r := unmanagedRouter(t, ixsim.WithAWSDown(0, 1))
		before := r.Sim.RunningConfig()
		var progress bytes.Buffer
		opts := append(fastPoll(t, &progress), WithWait(500*time.Millisecond))
		res, err := Apply(context.Background(), connector(t, r, nil), seedInput(t), opts...)
		if !errors.Is(err, ErrApplyFailed) || errors.Is(err, ErrRollbackFailed) || res.Outcome != OutcomeRolledBack {
			t.Fatalf("outcome %s: %v", res.Outcome, err)
		}
		if !sameConfig(t, r.Sim.RunningConfig(), before) {
			t.Errorf("running-config not restored:\n%s", r.Sim.RunningConfig())
		}
		for _, l := range unmanaged {
			if !strings.Contains(r.Sim.RunningConfig(), "\n"+l+"\n") {
				t.Errorf("rollback lost %q", l)
			}
		}
	})
}
