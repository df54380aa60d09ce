package agent

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/ixsim/peer"
)

// TestVerifyNamesUnansweredIKE: AWS's tunnel 2 never answers. While the
// router resends main mode its SA shows msg1-sent with the counters, so
// verify says why (no answer: timeouts and resends, check UDP 500/4500)
// instead of "no IKE SA and no counters shown", all a simulator that hides
// retransmitting SAs (peer.WithQuietRetransmits, the old default) lets it
// say.
func TestVerifyNamesUnansweredIKE(t *testing.T) {
	const peerIP = "54.69.109.228"
	for _, tc := range []struct {
		name string
		opts []ixsim.Option
		want string
	}{
		{"retransmits shown", nil, "no answer from AWS peer " + peerIP + " ("},
		{"quiet retransmits", []ixsim.Option{ixsim.WithPeerOptions(peer.WithQuietRetransmits(true))}, "no IKE SA with AWS peer " + peerIP + " and no counters shown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := ixsimtest.Start(t, append([]ixsim.Option{ixsim.WithAWSDown(1)}, tc.opts...)...)
			var progress bytes.Buffer
			opts := append(fastPoll(t, &progress), WithRequire(health.Degraded), WithWait(3*time.Second), WithSoak(scaledHold))
			res, err := Apply(context.Background(), connector(t, r, nil), seedInput(t), opts...)
			if res.Outcome != OutcomeApplied {
				t.Fatalf("outcome %s (err %v)\n%s", res.Outcome, err, progress.String())
			}
			// The scaled cycle is 0.5 s, 0.4 s of it resending: a few
			// looks find the SA shown if the simulator shows it at all.
			var seen []string
			for i := 0; i < 8; i++ {
				rep := Verify(context.Background(), connector(t, r, nil), Expectation(res.Plan))
				d := rep.Tunnels[1].Diagnosis
				if strings.Contains(d, tc.want) {
					return
				}
				seen = append(seen, d)
				time.Sleep(70 * time.Millisecond)
			}
			t.Errorf("tunnel 2's diagnosis never says %q:\n%s", tc.want, strings.Join(seen, "\n"))
		})
	}
}
