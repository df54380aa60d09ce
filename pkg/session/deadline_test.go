package session

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/session/sessiontest"
)

// silentListener accepts TCP connections and then says nothing, or only
// greeting, keeping each open until the test ends: a router whose SSH
// daemon is wedged, or a port that is not SSH at all.
func silentListener(t *testing.T, greeting string) string {
	t.Helper()
	s, err := sessiontest.StartSilent(greeting)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s.Addr()
}

// A server that never finishes the SSH handshake fails Dial within the
// connect bound, saying which stage never answered, even when the caller's
// ctx has no deadline at all.
func TestDialConnectTimeout(t *testing.T) {
	const bound = 300 * time.Millisecond
	for _, tt := range []struct {
		name, greeting, want string
	}{
		{"no banner", "", "no SSH banner from 127.0.0.1 (127.0.0.1:"},
		{"banner then silence", "SSH-2.0-wedged\r\n", "no end of the SSH handshake and login from 127.0.0.1 (127.0.0.1:"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			addr := silentListener(t, tt.greeting)
			start := time.Now()
			_, err := Dial(context.Background(), addr, WithConnectTimeout(bound), WithSSHConfig(""), WithAgent(false), WithPassword("pw"))
			took := time.Since(start)
			var te *TimeoutError
			if !errors.As(err, &te) || !errors.Is(err, ErrTimeout) {
				t.Fatalf("err = %v, want a *TimeoutError", err)
			}
			if msg := err.Error(); !strings.Contains(msg, tt.want) || !strings.HasSuffix(msg, "within 300ms (connect timeout)") {
				t.Errorf("err = %q, want it to contain %q and end with the bound", msg, tt.want)
			}
			if HintOf(err) != HintConnectTimeout {
				t.Errorf("HintOf = %v, want HintConnectTimeout", HintOf(err))
			}
			if took < bound || took > bound+time.Second {
				t.Errorf("Dial took %v, want about %v", took, bound)
			}
		})
	}
}

// The caller giving up is not the connect bound running out.
func TestDialCallerCancelIsNotConnectTimeout(t *testing.T) {
	addr := silentListener(t, "")
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := Dial(ctx, addr, WithConnectTimeout(time.Minute), WithSSHConfig(""), WithAgent(false))
	var te *TimeoutError
	if err == nil || errors.As(err, &te) {
		t.Fatalf("err = %v, want an error that is not the connect timeout", err)
	}
}

func TestDialConnectTimeoutMustBePositive(t *testing.T) {
	_, err := Dial(context.Background(), "127.0.0.1:1", WithConnectTimeout(0), WithSSHConfig(""))
	if !errors.Is(err, ErrConfig) {
		t.Fatalf("err = %v, want ErrConfig", err)
	}
}

// The connect bound covers the first prompt: a device that logs in and
// then prints nothing fails WaitPrompt within what is left of it.
func TestFirstPromptWithinConnectTimeout(t *testing.T) {
	const bound = 500 * time.Millisecond
	srv := sessiontest.Start(t, sessiontest.Config{Password: "pw", Handler: func(rw io.ReadWriter) {
		io.WriteString(rw, "Welcome\r\n")
		io.Copy(io.Discard, rw)
	}})
	start := time.Now()
	ctx := ctxT(t)
	conn, err := Dial(ctx, srv.Addr, WithUser("admin"), WithPassword("pw"), WithKnownHosts(srv.KnownHosts), WithSSHConfig(""), WithAgent(false), WithConnectTimeout(bound))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	sh, err := conn.Shell(ctx, WithPrompt(testPrompt), WithRedactor(testMask, testRedact))
	if err != nil {
		t.Fatal(err)
	}
	defer sh.Close()
	_, err = sh.WaitPrompt(ctx)
	took := time.Since(start)
	var te *TimeoutError
	if !errors.As(err, &te) || te.What != "no first prompt" || te.Limit != bound {
		t.Fatalf("err = %v, want the connect timeout on the first prompt", err)
	}
	if took > bound+time.Second {
		t.Errorf("took %v, want about %v from Dial's start", took, bound)
	}
}

// A device that stops answering mid-session, keeping the connection open,
// fails the line within its command timeout, and the next call's resync is
// bounded too.
func TestCommandTimeout(t *testing.T) {
	hang := make(chan struct{})
	t.Cleanup(func() { close(hang) })
	_, sh := startShell(t, sessiontest.Config{Handler: echoCLI(func(c *sessiontest.CLI) {
		h := c.Handle
		c.Handle = func(line string) (string, bool) {
			if line == "hang" {
				<-hang
			}
			return h(line)
		}
	})}, WithCommandTimeout(func(line string) time.Duration {
		if line == "show 3" {
			return time.Minute
		}
		return 300 * time.Millisecond
	}))
	ctx := ctxT(t)
	if _, err := sh.WaitPrompt(ctx); err != nil {
		t.Fatal(err)
	}
	if r, err := sh.Exchange(ctx, "show 3"); err != nil || r.Output != "line 1\nline 2\nline 3" {
		t.Fatalf("show 3: %q, %v", r.Output, err)
	}
	start := time.Now()
	_, err := sh.Exchange(ctx, "hang")
	var te *TimeoutError
	if !errors.As(err, &te) || te.Bound != "command timeout" || HintOf(err) != HintCommandTimeout {
		t.Fatalf("err = %v, want the command timeout", err)
	}
	if want := `no prompt after "hang" from 127.0.0.1 within 300ms (command timeout)`; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("took %v", took)
	}
	start = time.Now()
	_, err = sh.Exchange(ctx, "show 1")
	if !errors.As(err, &te) || !strings.Contains(err.Error(), "earlier failed call") {
		t.Fatalf("err = %v, want the resync bounded", err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("resync took %v", took)
	}
}
