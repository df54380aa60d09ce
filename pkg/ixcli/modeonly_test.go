package ixcli

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/session"
)

// TestShowInOperationMode: outside configuration mode the client types
// what the command-mode table lets operation mode try (routes, interfaces,
// and the BGP shows, config-only by a guess the router decides), and
// refuses without typing what the table calls config-only for sure.
func TestShowInOperationMode(t *testing.T) {
	r := ixsimtest.Start(t)
	var transcript bytes.Buffer
	c := openSim(t, r, WithShellOptions(session.WithTranscript(&transcript)))
	ctx := ctxT(t)
	for _, cmd := range []string{dialect.ShowIKESA.Command, dialect.ShowIPsecSA.Command, dialect.ShowRunningConfig.Command} {
		if _, err := c.Show(ctx, cmd); !errors.Is(err, ErrNotPrepared) {
			t.Errorf("%s at #: %v, want ErrNotPrepared", cmd, err)
		}
		if _, err := c.ShowAll(ctx, dialect.ShowRoute.Command, cmd); !errors.Is(err, ErrNotPrepared) {
			t.Errorf("ShowAll with %s at #: %v, want ErrNotPrepared", cmd, err)
		}
		if strings.Contains(transcript.String(), "> "+cmd) {
			t.Errorf("%s was typed at #", cmd)
		}
	}
	if out, err := c.Show(ctx, dialect.ShowRoute.Command); err != nil || !strings.Contains(out, "IP Routing Table") {
		t.Errorf("show ip route at #: %v\n%s", err, out)
	}
	// The simulator refuses the BGP shows at #, as the guess says; the
	// refusal is the router's.
	_, err := c.Show(ctx, dialect.ShowBGPSummary.Command)
	var ce *CommandError
	if !errors.As(err, &ce) || ce.Kind != dialect.ErrInvalid {
		t.Errorf("show ip bgp summary at #: %v, want the router's Invalid command", err)
	}
}
