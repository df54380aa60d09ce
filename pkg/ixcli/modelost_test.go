package ixcli

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/session"
)

// preempted opens a client in configuration mode on r, then takes the mode
// from it with a second client's svintr-config, as another operator would.
func preempted(t *testing.T, r *ixsimtest.Router) *Client {
	t.Helper()
	ctx := ctxT(t)
	a := openSim(t, r)
	if err := a.Prepare(ctx); err != nil {
		t.Fatal(err)
	}
	b := openSim(t, r, WithForceConfig(true))
	if err := b.Prepare(ctx); err != nil {
		t.Fatalf("svintr-config: %v", err)
	}
	return a
}

// After another session's svintr-config, every configuration-mode
// operation of the holder is ErrModeLost with the prompt that showed it,
// not the router's "Invalid command" for a show it runs in operation mode,
// and write memory saves nothing.
func TestModeLostEverywhere(t *testing.T) {
	ops := []struct {
		name  string
		input string // the line whose prompt shows the loss
		run   func(ctx context.Context, c *Client) error
	}{
		{"ShowAll", dialect.ShowIKESA.Command, func(ctx context.Context, c *Client) error {
			_, err := c.ShowAll(ctx, dialect.ShowIKESA.Command, dialect.ShowIPsecSA.Command, dialect.ShowBGP.Command, dialect.ShowBGPSummary.Command)
			return err
		}},
		{"Show", dialect.ShowBGP.Command, func(ctx context.Context, c *Client) error {
			_, err := c.Show(ctx, dialect.ShowBGP.Command) // served in operation mode too
			return err
		}},
		{"RunningConfig", dialect.ShowRunningConfig.Command, func(ctx context.Context, c *Client) error {
			_, err := c.RunningConfig(ctx)
			return err
		}},
		{"Save", dialect.CmdSave, func(ctx context.Context, c *Client) error { return c.Save(ctx) }},
		{"Configure", "hostname R11", func(ctx context.Context, c *Client) error {
			_, err := c.Configure(ctx, []string{"hostname R11", "ip route 10.9.0.0/16 Null0"})
			return err
		}},
	}
	for _, op := range ops {
		t.Run(op.name, func(t *testing.T) {
			r := ixsimtest.Start(t)
			startup := withoutClock(r.Sim.StartupConfig())
			a := preempted(t, r)
			ctx := ctxT(t)
			err := op.run(ctx, a)
			var ml *ModeLostError
			if !errors.Is(err, ErrModeLost) || !errors.As(err, &ml) {
				t.Fatalf("err = %v, want ErrModeLost", err)
			}
			if ml.Input != op.input || ml.Prompt != "R10#" {
				t.Errorf("ModeLostError = %+v, want input %q, prompt R10#", ml, op.input)
			}
			if errors.Is(err, ErrDevice) {
				t.Errorf("err = %v also reads as a router refusal", err)
			}
			// Later operations say the same, and type nothing.
			n := len(r.Sim.Commands())
			if _, err := a.RunningConfig(ctx); !errors.As(err, &ml) {
				t.Errorf("RunningConfig after the loss: %v", err)
			}
			if got := r.Sim.Commands()[n:]; len(got) != 0 {
				t.Errorf("typed %q after the loss", got)
			}
			if withoutClock(r.Sim.StartupConfig()) != startup {
				t.Error("startup-config changed")
			}
			if strings.Contains(r.Sim.RunningConfig(), "R11") {
				t.Error("a line typed after the loss was applied")
			}
		})
	}
}

// withoutClock drops the header line that shows the router's clock.
func withoutClock(cfg string) string {
	var keep []string
	for _, l := range strings.Split(cfg, "\n") {
		if !strings.HasPrefix(l, "! Current time") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// Before Prepare an operation-mode prompt is where the client is, not a
// loss.
func TestShowBeforePrepareIsNotModeLost(t *testing.T) {
	r := ixsimtest.Start(t)
	c := openSim(t, r)
	if _, err := c.Show(ctxT(t), dialect.ShowVersion.Command); err != nil {
		t.Fatalf("show version in operation mode: %v", err)
	}
}

// The slow commands get SlowCommandFactor times the command timeout plus a
// second per SlowCommandBytesPerSecond of the largest configuration read.
func TestCommandTimeoutSizing(t *testing.T) {
	c := &Client{o: options{command: 10 * time.Second}}
	for _, tt := range []struct {
		line  string
		bytes int
		want  time.Duration
	}{
		{dialect.ShowIKESA.Command, 0, 10 * time.Second},
		{"ike proposal p encryption aes hash sha group 1024-bit", 5 << 20, 10 * time.Second},
		{dialect.ShowRunningConfig.Command, 0, 40 * time.Second},
		{dialect.CmdSave, 0, 40 * time.Second},
		{dialect.ShowStartupConfig.Command, 64 << 10, 42 * time.Second},
		{dialect.CmdSave, 60 << 20, 40*time.Second + 1920*time.Second},
	} {
		c.configBytes = tt.bytes
		if got := c.commandTimeout(tt.line); got != tt.want {
			t.Errorf("commandTimeout(%q) with %d bytes read = %v, want %v", tt.line, tt.bytes, got, tt.want)
		}
	}
}

// A router that stops answering mid-push fails Configure within the
// command timeout, naming it, with the line it was waiting for.
func TestConfigureStalledRouter(t *testing.T) {
	r := ixsimtest.Start(t, ixsim.WithStallAfter(5))
	c := openSim(t, r, WithCommandTimeout(400*time.Millisecond))
	ctx := ctxT(t)
	if err := c.Prepare(ctx); err != nil { // configure, terminal length, terminal width
		t.Fatal(err)
	}
	start := time.Now()
	_, err := c.Configure(ctx, seedLines)
	var pe *PushError
	var te *session.TimeoutError
	if !errors.As(err, &pe) || !errors.As(err, &te) || te.Bound != "command timeout" {
		t.Fatalf("err = %v, want a PushError for the command timeout", err)
	}
	if !strings.Contains(err.Error(), "within 400ms (command timeout)") {
		t.Errorf("err = %q, want the bound named", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("Configure took %v against a stalled router", took)
	}
}
