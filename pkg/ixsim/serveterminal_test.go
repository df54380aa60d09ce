package ixsim_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
)

// readCounter records whether anything was read.
type readCounter struct {
	r     *strings.Reader
	reads int
}

func (c *readCounter) Read(p []byte) (int, error) { c.reads++; return c.r.Read(p) }

func TestServeTerminal(t *testing.T) {
	key := ixsimtest.HostKey(t)
	for _, tc := range []struct {
		name    string
		ctx     context.Context
		user    string
		opts    []ixsim.Option
		wantOut string // a line the session printed; "" for none
		wantErr string // "" for nil
		invalid bool
	}{
		{name: "admin session", ctx: context.Background(), user: "admin", wantOut: "R10# show ip route\r\n"},
		{name: "non-admin prompt", ctx: context.Background(), user: "operator", wantOut: "R10% show ip route\r\n"},
		{name: "user not in the scenario", ctx: context.Background(), user: "mallory",
			wantErr: `user "mallory" is not in scenario "seed"`, invalid: true},
		{name: "bad option", ctx: context.Background(), user: "admin", opts: []ixsim.Option{ixsim.WithDropAt("lunch")},
			wantErr: `ixsim: unknown drop point "lunch" (want one of [login banner configure write show])`, invalid: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := &readCounter{r: strings.NewReader("show ip route\rexit\r")}
			var out bytes.Buffer
			err := ixsim.ServeTerminal(tc.ctx, seed(t), tc.user, in, &out, append([]ixsim.Option{ixsim.WithHostKey(key)}, tc.opts...)...)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				if !strings.Contains(out.String(), tc.wantOut) {
					t.Errorf("output %q lacks %q", out.String(), tc.wantOut)
				}
				return
			}
			if err == nil || err.Error() != tc.wantErr || errors.Is(err, ixsim.ErrInvalid) != tc.invalid {
				t.Errorf("err = %v (invalid input: %v), want %s", err, errors.Is(err, ixsim.ErrInvalid), tc.wantErr)
			}
			if in.reads != 0 || out.Len() != 0 {
				t.Errorf("refused session read %d times and wrote %q", in.reads, out.String())
			}
		})
	}
	var ue *ixsim.UserError
	err := ixsim.ServeTerminal(context.Background(), seed(t), "mallory", strings.NewReader(""), &bytes.Buffer{}, ixsim.WithHostKey(key))
	if !errors.As(err, &ue) || *ue != (ixsim.UserError{User: "mallory", Scenario: "seed"}) {
		t.Errorf("err = %#v, want a *UserError", err)
	}
}

// The end of ctx ends a session waiting for input, cleanly.
func TestServeTerminalCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	in, w := io.Pipe()
	defer w.Close()
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- ixsim.ServeTerminal(ctx, seed(t), "admin", in, &out, ixsim.WithHostKey(ixsimtest.HostKey(t)))
	}()
	deadline := time.After(10 * time.Second)
	for !strings.Contains(out.String(), "R10# ") {
		select {
		case err := <-done:
			t.Fatalf("ended before its prompt: %v", err)
		case <-deadline:
			t.Fatalf("no prompt within 10s: %q", out.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("err = %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("session did not end with its context")
	}
}

// The options' own checks are bad input too, with their messages unchanged.
func TestOptionErrorsAreInvalidInput(t *testing.T) {
	for name, tc := range map[string]struct {
		opt  ixsim.Option
		want string
	}{
		"negative latency": {ixsim.WithLatency(-1, 0), "ixsim: latency -1ns and jitter 0s must not be negative"},
		"tunnel 2":         {ixsim.WithAWSDown(2), "ixsim: AWS tunnel 2 does not exist (want 0 or 1)"},
		"no occupied text": {ixsim.WithOccupiedText(), "ixsim: occupied text must have a line"},
	} {
		_, err := ixsim.New(seed(t), ixsim.WithHostKey(ixsimtest.HostKey(t)), tc.opt)
		if err == nil || err.Error() != tc.want || !errors.Is(err, ixsim.ErrInvalid) {
			t.Errorf("%s: err = %v, want invalid input %q", name, err, tc.want)
		}
	}
	sc := seed(t)
	sc.Router.StartupConfig = "hostname R1\nbogus command\n"
	if _, err := ixsim.New(sc, ixsim.WithHostKey(ixsimtest.HostKey(t))); !errors.Is(err, ixsim.ErrInvalid) ||
		!strings.HasPrefix(err.Error(), `ixsim: startup-config line 2 "bogus command": `) {
		t.Errorf("bad startup-config: err = %v, want invalid input naming line 2", err)
	}
}
