package agent

import (
	"context"

	"github.com/ixpush/ixpush/pkg/ixcli"
)

// Device is the router as the workflows use it; *ixcli.Client implements it.
// Tests use fakes to reach failure paths a simulator cannot.
type Device interface {
	// Prepare enters configuration mode (never taking it from another
	// session unless the connection was opened to force it).
	Prepare(ctx context.Context) error
	Show(ctx context.Context, cmd string) (string, error)
	// ShowAll runs several shows in one round trip where the router keeps
	// typed-ahead input.
	ShowAll(ctx context.Context, cmds ...string) ([]string, error)
	RunningConfig(ctx context.Context) (string, error)
	Configure(ctx context.Context, lines []string) ([]ixcli.Response, error)
	Save(ctx context.Context) error
	// Close leaves configuration mode and logs out.
	Close(ctx context.Context) error
}

// Connector opens a logged-in Device (SSH dial, host-key check, first
// prompt). The workflows call it once.
type Connector func(ctx context.Context) (Device, error)

var _ Device = (*ixcli.Client)(nil)
