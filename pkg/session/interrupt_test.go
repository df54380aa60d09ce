package session

import (
	"context"
	"errors"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/session/sessiontest"
)

// A cancelled ctx (Ctrl-C) is an interruption, a passed deadline a timeout:
// "timed out" for a user's Ctrl-C sends them looking at the network.
func TestCtxEndNamesCancelOrDeadline(t *testing.T) {
	// A router that accepts TCP and never sends an SSH banner. (Its
	// deadline case belongs to the connect timeout: the handshake's own i/o
	// deadline can fire before ctx reports DeadlineExceeded.)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	silentShell := func(t *testing.T) *Shell {
		_, sh := startShell(t, sessiontest.Config{Handler: echoCLI(func(c *sessiontest.CLI) {
			c.Handle = func(string) (string, bool) { time.Sleep(time.Second); return "", false }
		})})
		if _, err := sh.WaitPrompt(ctxT(t)); err != nil {
			t.Fatal(err)
		}
		return sh
	}
	dial := func(ctx context.Context) error {
		_, err := Dial(ctx, "admin@"+ln.Addr().String(), WithSSHConfig(""), WithAgent(false), WithPassword("pw"),
			WithKnownHosts(filepath.Join(t.TempDir(), "kh")))
		return err
	}
	exchange := func(sh *Shell) func(ctx context.Context) error {
		return func(ctx context.Context) error { _, err := sh.Exchange(ctx, "slow"); return err }
	}
	for _, tc := range []struct {
		name     string
		op       func(t *testing.T) func(context.Context) error
		cancel   bool // cancel after 100 ms; otherwise a 100 ms deadline
		want     error
		wantNot  error
		wantLast error
	}{
		{"dial cancelled", func(*testing.T) func(context.Context) error { return dial }, true, ErrInterrupted, ErrTimeout, context.Canceled},
		{"reply cancelled", func(t *testing.T) func(context.Context) error { return exchange(silentShell(t)) }, true, ErrInterrupted, ErrTimeout, context.Canceled},
		{"reply deadline", func(t *testing.T) func(context.Context) error { return exchange(silentShell(t)) }, false, ErrTimeout, ErrInterrupted, context.DeadlineExceeded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			op := tc.op(t)
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			if tc.cancel {
				ctx, cancel = context.WithCancel(context.Background())
				time.AfterFunc(100*time.Millisecond, cancel)
			}
			defer cancel()
			err := op(ctx)
			if !errors.Is(err, tc.want) || errors.Is(err, tc.wantNot) || !errors.Is(err, tc.wantLast) {
				t.Fatalf("err = %v, want %v (wrapping %v), not %v", err, tc.want, tc.wantLast, tc.wantNot)
			}
		})
	}
}
