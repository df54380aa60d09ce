package agent

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
)

// TestPushNotices: the router prints a '%' line after a valid command.
// A known harmless notice lets the push go on; an unknown one stops it,
// rolls back, and the error names the line and says how to proceed.
func TestPushNotices(t *testing.T) {
	const cmd = "ipsec autokey-proposal"
	for _, tc := range []struct {
		name    string
		notice  string
		applied bool
	}{
		{"known restart notice", "% You must restart the router for this configuration to take effect.", true},
		{"known user notice", "% User 'user01' has been added.", true},
		{"unknown notice", "% Proposal cache flushed.", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := ixsimtest.Start(t, ixsim.WithNotice(cmd, tc.notice))
			before := r.Sim.RunningConfig()
			var progress bytes.Buffer
			res, err := Apply(context.Background(), connector(t, r, nil), seedInput(t), fastPoll(t, &progress)...)
			if tc.applied {
				if err != nil || res.Outcome != OutcomeApplied {
					t.Fatalf("outcome %s: %v", res.Outcome, err)
				}
				return
			}
			var ce *ixcli.CommandError
			if !errors.Is(err, ErrApplyFailed) || !errors.As(err, &ce) || ce.Kind != dialect.ErrUnrecognised {
				t.Fatalf("outcome %s: %v", res.Outcome, err)
			}
			if res.Outcome != OutcomeRolledBack || res.Saved || !sameConfig(t, r.Sim.RunningConfig(), before) {
				t.Errorf("outcome %s saved %v; running-config:\n%s", res.Outcome, res.Saved, r.Sim.RunningConfig())
			}
			msg := err.Error()
			for _, want := range []string{tc.notice, "does not know", "run apply again"} {
				if !strings.Contains(msg, want) {
					t.Errorf("error lacks %q: %s", want, msg)
				}
			}
			if !strings.HasPrefix(ce.Input, cmd) {
				t.Errorf("stopped at %q, want the %s line", ce.Input, cmd)
			}
		})
	}
}
