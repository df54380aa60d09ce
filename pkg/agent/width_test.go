package agent

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
)

// TestApplyWhenTerminalWidthRefused: the router refuses `terminal width
// 512`, so every long line of the push echoes wrapped at 80 columns (the
// edge rule, prompt included); apply still matches each echo and succeeds.
func TestApplyWhenTerminalWidthRefused(t *testing.T) {
	for _, wrap := range []struct {
		name string
		opt  ixsim.Option
	}{{"edge rule", ixsim.WithEdgeWrap()}, {"old width-10 rule", ixsim.WithInputWidthWrap()}} {
		t.Run(wrap.name, func(t *testing.T) {
			r := ixsimtest.Start(t, ixsim.WithWidthRefused(), wrap.opt)
			var progress, transcript bytes.Buffer
			res, err := Apply(context.Background(), connector(t, r, &transcript), seedInput(t), fastPoll(t, &progress)...)
			if err != nil || res.Outcome != OutcomeApplied {
				t.Fatalf("outcome %s: %v\n%s", res.Outcome, err, progress.String())
			}
			tr := transcript.String()
			if !strings.Contains(tr, "-- Invalid command.") {
				t.Errorf("the width refusal is not in the transcript")
			}
			// Long lines echoed in two rows, the second under the column
			// after the 14-column `R10(config)# ` prompt.
			if rows := strings.Count(tr, "<              "); rows < 4 {
				t.Errorf("%d wrapped echo rows in the transcript, want the long lines' (at least 4)", rows)
			}
		})
	}
}
