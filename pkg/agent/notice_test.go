package agent

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/journal"
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
			for _, want := range []string{tc.notice, "does not know", "--accept-notice", "run apply again"} {
				if !strings.Contains(msg, want) {
					t.Errorf("error lacks %q: %s", want, msg)
				}
			}
			if !strings.HasPrefix(ce.Input, cmd) {
				t.Errorf("stopped at %q, want the %s line", ce.Input, cmd)
			}
			// How to proceed: the next command accepts that exact line,
			// and running it (the user having judged the line harmless)
			// converges on the same router.
			want := []string{"--accept-notice", tc.notice}
			if res.Next == nil || res.Next.Action != journal.ActionApply || !slices.Equal(res.Next.Args, want) {
				t.Fatalf("next %+v, want apply %q", res.Next, want)
			}
			re, err := dialect.AcceptedNotice(tc.notice)
			if err != nil {
				t.Fatal(err)
			}
			res, err = Apply(context.Background(), connectorWith(t, r, nil, ixcli.WithNotices(re)), seedInput(t), fastPoll(t, &progress)...)
			if err != nil || res.Outcome != OutcomeApplied || !res.Saved {
				t.Fatalf("re-run accepting the notice: outcome %s saved %v: %v", res.Outcome, res.Saved, err)
			}
		})
	}
}

// TestRetryNextOffersNoSecret: an unknown line that echoes the command's
// pre-shared key is not offered for --accept-notice (the next command
// would print the key); the plain re-run is.
func TestRetryNextOffersNoSecret(t *testing.T) {
	ce := &ixcli.CommandError{Input: "ike key s3cr3t-psk 34.217.232.61", Kind: dialect.ErrUnrecognised, Line: "% Stored s3cr3t-psk for the peer."}
	next := retryNext(fmt.Errorf("push stopped at %w", ce))
	if len(next.Args) != 0 || next.Action != journal.ActionApply {
		t.Errorf("next %+v, want a plain apply", next)
	}
	ce.Line = "% Proposal cache flushed."
	if next := retryNext(ce); !slices.Equal(next.Args, []string{"--accept-notice", ce.Line}) {
		t.Errorf("next %+v, want the line accepted", next)
	}
}
