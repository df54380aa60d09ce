package main

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/session"
)

func TestHintText(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"unknown host key", &session.HostKeyError{Hint: session.HintAcceptNewHostKey}, ", then rerun with --accept-new-host-key to trust it"},
		{"wrapped", fmt.Errorf("connecting: %w", &session.HostKeyError{Hint: session.HintAcceptNewHostKey}), ", then rerun with --accept-new-host-key to trust it"},
		{"negotiation", &session.NegotiationError{Hint: session.HintLegacyAlgorithms},
			"; if ixpush supports one the router offers, add it with --legacy-algorithm KIND:NAME (or router.legacy_algorithms in the site file)"},
		{"connect timeout", fmt.Errorf("nothing changed: %w", &session.TimeoutError{Hint: session.HintConnectTimeout}),
			"; if the router is only slow to answer, allow it longer with --connect-timeout (or router.connect_timeout in the site file)"},
		{"command timeout", &session.TimeoutError{Hint: session.HintCommandTimeout},
			"; if the router is only slow to answer, allow it longer with --command-timeout (or router.command_timeout in the site file)"},
		{"changed host key", &session.HostKeyError{}, ""},
		{"no hint", errors.New("boom"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hintText(tt.err); got != tt.want {
				t.Errorf("hintText = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestForceHint: only a command with --force-config offers it, and only
// for a held configuration mode.
func TestForceHint(t *testing.T) {
	locked := fmt.Errorf("nothing changed: %w", ixcli.ErrConfigLocked)
	a := &app{}
	apply, verify := newApplyCmd(a), newVerifyCmd(a)
	tests := []struct {
		name string
		cmd  *cobra.Command
		err  error
		want bool
	}{
		{"apply, locked", apply, locked, true},
		{"apply, other error", apply, errors.New("no route to host"), false},
		{"verify, locked", verify, locked, false},
		{"no command", nil, locked, false},
	}
	for _, tt := range tests {
		got := forceHint(tt.cmd != nil && tt.cmd.Flags().Lookup("force-config") != nil, tt.err)
		if (got != "") != tt.want || (tt.want && !strings.Contains(got, "--force-config (svintr-config)")) {
			t.Errorf("%s: forceHint = %q", tt.name, got)
		}
	}
}
