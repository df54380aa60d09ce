package main

import (
	"errors"
	"fmt"
	"testing"

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
