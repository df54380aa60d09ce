package session

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ixpush/ixpush/pkg/session/sessiontest"
)

// echoCLI is a small generic CLI: "show N" prints N numbered lines, "bad"
// prints an error line, anything else prints nothing.
func echoCLI(mod func(*sessiontest.CLI)) func(io.ReadWriter) {
	return func(rw io.ReadWriter) {
		c := &sessiontest.CLI{
			Banner: "Welcome\nto the test\n",
			Prompt: func() string { return "R1# " },
			Handle: func(line string) (string, bool) {
				var n int
				switch {
				case line == "exit":
					return "", true
				case line == "bad":
					return "% bad -- Invalid command.\n", false
				case scanShow(line, &n):
					var b strings.Builder
					for i := 1; i <= n; i++ {
						fmt.Fprintf(&b, "line %d\n", i)
					}
					return b.String(), false
				}
				return "", false
			},
		}
		if mod != nil {
			mod(c)
		}
		c.Serve(rw)
	}
}

func startShell(t *testing.T, cfg sessiontest.Config, opts ...ShellOption) (*sessiontest.Server, *Shell) {
	t.Helper()
	if cfg.Password == "" {
		cfg.Password = "pw"
	}
	srv := sessiontest.Start(t, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := Dial(ctx, srv.Addr, WithUser("admin"), WithPassword(cfg.Password), WithKnownHosts(srv.KnownHosts), WithSSHConfig(""), WithAgent(false))
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	base := []ShellOption{WithPrompt(testPrompt), WithPager(testPager, " "), WithRedactor(testMask, testRedact)}
	sh, err := conn.Shell(ctx, append(base, opts...)...)
	if err != nil {
		t.Fatalf("Shell: %v", err)
	}
	t.Cleanup(func() { sh.Close() })
	return srv, sh
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestShellExchange(t *testing.T) {
	long := "set description " + strings.Repeat("x", 300)
	tests := []struct {
		name string
		mod  func(*sessiontest.CLI)
		line string
		want Reply
	}{
		{"no output", nil, "configure", Reply{Input: "configure", Prompt: "R1#"}},
		{"output", nil, "show 3", Reply{Input: "show 3", Output: "line 1\nline 2\nline 3", Prompt: "R1#"}},
		{"error line", nil, "bad", Reply{Input: "bad", Output: "% bad -- Invalid command.", Prompt: "R1#"}},
		{"echo wrapped at 80", func(c *sessiontest.CLI) { c.Width = 80 }, long, Reply{Input: long, Prompt: "R1#"}},
		{"pager", func(c *sessiontest.CLI) { c.PageLines = 4 }, "show 10", Reply{Input: "show 10", Prompt: "R1#",
			Output: "line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\nline 9\nline 10"}},
		{"slow echo", func(c *sessiontest.CLI) { c.EchoDelay = 50 * time.Millisecond }, "show 1", Reply{Input: "show 1", Output: "line 1", Prompt: "R1#"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, sh := startShell(t, sessiontest.Config{Handler: echoCLI(tt.mod)})
			ctx := ctxT(t)
			banner, err := sh.WaitPrompt(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if banner.Output != "Welcome\nto the test" || banner.Prompt != "R1#" {
				t.Errorf("banner = %+v", banner)
			}
			got, err := sh.Exchange(ctx, tt.line)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(Reply{}, "Elapsed")); diff != "" {
				t.Errorf("reply (-want +got):\n%s", diff)
			}
			if err := sh.Logout(ctx, "exit"); err != nil {
				t.Errorf("Logout: %v", err)
			}
		})
	}
}

func TestShellPipeline(t *testing.T) {
	for _, bytewise := range []bool{false, true} {
		t.Run(fmt.Sprintf("byte-at-a-time=%v", bytewise), func(t *testing.T) {
			testShellPipeline(t, bytewise)
		})
	}
}

func testShellPipeline(t *testing.T, bytewise bool) {
	_, sh := startShell(t, sessiontest.Config{Handler: echoCLI(func(c *sessiontest.CLI) { c.Width = 80; c.PageLines = 3; c.ByteAtATime = bytewise })})
	ctx := ctxT(t)
	if _, err := sh.WaitPrompt(ctx); err != nil {
		t.Fatal(err)
	}
	long := "x " + strings.Repeat("y", 150)
	lines := []string{"show 2", "bad", long, "show 1", "show 7"}
	got, err := sh.Pipeline(ctx, lines)
	if err != nil {
		t.Fatal(err)
	}
	want := []Reply{
		{Input: "show 2", Output: "line 1\nline 2", Prompt: "R1#"},
		{Input: "bad", Output: "% bad -- Invalid command.", Prompt: "R1#"},
		{Input: long, Prompt: "R1#"},
		{Input: "show 1", Output: "line 1", Prompt: "R1#"},
		{Input: "show 7", Output: "line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7", Prompt: "R1#"},
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(Reply{}, "Elapsed")); diff != "" {
		t.Errorf("replies (-want +got):\n%s", diff)
	}
}

func TestShellTypeaheadLost(t *testing.T) {
	_, sh := startShell(t, sessiontest.Config{Handler: echoCLI(func(c *sessiontest.CLI) { c.DropTypeahead = true })},
		WithTypeaheadStall(500*time.Millisecond))
	ctx := ctxT(t)
	if _, err := sh.WaitPrompt(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := sh.Pipeline(ctx, []string{"show 1", "show 2", "show 3"})
	var ee *EchoError
	if !errors.Is(err, ErrTypeahead) || !errors.As(err, &ee) || ee.Index != 1 {
		t.Fatalf("err = %v, want ErrTypeahead at line 1", err)
	}
	if len(got) != 1 || got[0].Output != "line 1" {
		t.Errorf("replies = %+v", got)
	}
}

func TestShellDropMidSession(t *testing.T) {
	_, sh := startShell(t, sessiontest.Config{Handler: echoCLI(func(c *sessiontest.CLI) { c.CloseAfter = 2 })})
	ctx := ctxT(t)
	if _, err := sh.WaitPrompt(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := sh.Pipeline(ctx, []string{"show 1", "show 1", "show 1"})
	if !errors.Is(err, ErrClosed) {
		t.Fatalf("err = %v, want ErrClosed", err)
	}
	if len(got) != 1 {
		t.Errorf("got %d replies, want 1 (the second line was cut)", len(got))
	}
	if _, err := sh.Exchange(ctx, "show 1"); !errors.Is(err, ErrClosed) {
		t.Errorf("after drop: err = %v, want ErrClosed", err)
	}
}

func TestShellTimeout(t *testing.T) {
	_, sh := startShell(t, sessiontest.Config{Handler: echoCLI(func(c *sessiontest.CLI) {
		c.Handle = func(string) (string, bool) { time.Sleep(time.Second); return "", false }
	})})
	if _, err := sh.WaitPrompt(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := sh.Exchange(ctx, "slow")
	if !errors.Is(err, ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want ErrTimeout wrapping DeadlineExceeded", err)
	}
}

func TestShellRejectsControlCharacters(t *testing.T) {
	_, sh := startShell(t, sessiontest.Config{Handler: echoCLI(nil)})
	if _, err := sh.Exchange(ctxT(t), "a\nb"); !errors.Is(err, ErrConfig) {
		t.Fatalf("err = %v, want ErrConfig", err)
	}
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestTranscriptRedacts(t *testing.T) {
	var tr syncBuf
	clock := func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 6e6, time.UTC) }
	_, sh := startShell(t, sessiontest.Config{Password: "s3cret-pw", Handler: echoCLI(nil)}, WithTranscript(&tr), withClock(clock))
	ctx := ctxT(t)
	if _, err := sh.WaitPrompt(ctx); err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"ike policy p peer 1.2.3.4 key pq5RW0mMbSxz8k8 prop", "note s3cret-pw"} {
		if _, err := sh.Exchange(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	sh.Logout(ctx, "exit")
	got := tr.String()
	for _, secret := range []string{"pq5RW0mMbSxz8k8", "s3cret-pw"} {
		if strings.Contains(got, secret) {
			t.Errorf("transcript leaks %q:\n%s", secret, got)
		}
	}
	for _, want := range []string{
		"2026-01-02T03:04:05.006Z > ike policy p peer 1.2.3.4 key ******** prop\n",
		"2026-01-02T03:04:05.006Z < R1# ike policy p peer 1.2.3.4 key ******** prop\n",
		"2026-01-02T03:04:05.006Z < Welcome\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("transcript lacks %q:\n%s", want, got)
		}
	}
}

func scanShow(line string, n *int) bool {
	_, err := fmt.Sscanf(line, "show %d", n)
	return err == nil && *n > 0
}

func TestShellResyncAfterTimeout(t *testing.T) {
	_, sh := startShell(t, sessiontest.Config{Handler: echoCLI(func(c *sessiontest.CLI) {
		h := c.Handle
		c.Handle = func(line string) (string, bool) {
			if line == "slow" {
				time.Sleep(300 * time.Millisecond)
				return "late output\n", false
			}
			return h(line)
		}
	})})
	ctx := ctxT(t)
	if _, err := sh.WaitPrompt(ctx); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := sh.Exchange(short, "slow"); !errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
	got, err := sh.Exchange(ctx, "show 1")
	if err != nil {
		t.Fatalf("after the timeout: %v", err)
	}
	if diff := cmp.Diff(Reply{Input: "show 1", Output: "line 1", Prompt: "R1#"}, got, cmpopts.IgnoreFields(Reply{}, "Elapsed")); diff != "" {
		t.Errorf("reply after resync (-want +got):\n%s", diff)
	}
}

// A router wraps its echo at 80 columns wherever the line falls, so a
// pre-shared key can be cut in two, or pushed whole onto the continuation
// line after a "key" that ends the first: neither half may reach the
// transcript or an error message.
func TestTranscriptRedactsWrappedSecret(t *testing.T) {
	const psk = "pq5RW0mMbSxz8k8AbCdEfGhIjKlMnOp" // 31 characters, as AWS issues
	prompt := "R1# "
	tests := []struct {
		name string
		line string
	}{
		// room after the prompt is 76: pad so the cut falls inside the key,
		// right after "key", and inside "key char".
		{"cut inside the key", "ike policy p peer 1.2.3.4 " + strings.Repeat("d", 30) + " key " + psk + " prop"},
		{"cut after key", "ike policy p peer 1.2.3.4 " + strings.Repeat("d", 41) + " key " + psk + " prop"},
		{"cut between key and char", "ikev2 authentication psk id ipv4 1.2.3.4 " + strings.Repeat("d", 30) + " key char " + psk},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tr syncBuf
			_, sh := startShell(t, sessiontest.Config{Handler: echoCLI(func(c *sessiontest.CLI) {
				c.Width = 80
				c.Prompt = func() string { return prompt }
			})}, WithTranscript(&tr))
			ctx := ctxT(t)
			if _, err := sh.WaitPrompt(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := sh.Exchange(ctx, tt.line); err != nil {
				t.Fatal(err)
			}
			sh.Logout(ctx, "exit")
			got := tr.String()
			if !strings.Contains(got, "\n") || strings.Count(got, "< R1# ") < 1 {
				t.Fatalf("no echo in transcript:\n%s", got)
			}
			for _, part := range []string{psk[:8], psk[8:16], psk[16:24], psk[24:]} {
				if strings.Contains(got, part) {
					t.Errorf("transcript leaks %q of the key:\n%s", part, got)
				}
			}
		})
	}
}

// A call cut short mid-pipeline leaves lines typed ahead that the device
// still runs: the next call must first read their echoes, outputs and
// prompts, not take the prompt after the first of them as the device
// waiting for it.
func TestShellResyncAfterPipelineTimeout(t *testing.T) {
	for _, bytewise := range []bool{false, true} {
		t.Run(fmt.Sprintf("byte-at-a-time=%v", bytewise), func(t *testing.T) {
			_, sh := startShell(t, sessiontest.Config{Handler: echoCLI(func(c *sessiontest.CLI) {
				c.ByteAtATime = bytewise
				h := c.Handle
				c.Handle = func(line string) (string, bool) {
					if line == "slow" {
						time.Sleep(300 * time.Millisecond)
						return "late output\n", false
					}
					if line == "slower" {
						time.Sleep(100 * time.Millisecond)
					}
					return h(line)
				}
			})})
			ctx := ctxT(t)
			if _, err := sh.WaitPrompt(ctx); err != nil {
				t.Fatal(err)
			}
			short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
			defer cancel()
			if _, err := sh.Pipeline(short, []string{"slow", "show 2", "slower", "show 3"}); !errors.Is(err, ErrTimeout) {
				t.Fatalf("err = %v, want ErrTimeout", err)
			}
			got, err := sh.Exchange(ctx, "show 1")
			if err != nil {
				t.Fatalf("after the timeout: %v", err)
			}
			if diff := cmp.Diff(Reply{Input: "show 1", Output: "line 1", Prompt: "R1#"}, got, cmpopts.IgnoreFields(Reply{}, "Elapsed")); diff != "" {
				t.Errorf("reply after resync (-want +got):\n%s", diff)
			}
		})
	}
}

// A pager reads one key, and with lines typed ahead that key is the first
// byte of the next line: the device then runs a damaged line ("how 1").
// Its prompt and echo must end the paged reply, not be taken into its
// output, and the damage must be reported, not mistaken for a dropped
// line (which a caller would resend, running it twice).
func TestShellPagerEatsTypeahead(t *testing.T) {
	for _, bytewise := range []bool{false, true} {
		t.Run(fmt.Sprintf("byte-at-a-time=%v", bytewise), func(t *testing.T) {
			_, sh := startShell(t, sessiontest.Config{Handler: echoCLI(func(c *sessiontest.CLI) { c.PageLines = 3; c.ByteAtATime = bytewise })},
				WithTypeaheadStall(300*time.Millisecond))
			ctx := ctxT(t)
			if _, err := sh.WaitPrompt(ctx); err != nil {
				t.Fatal(err)
			}
			got, err := sh.Pipeline(ctx, []string{"show 5", "show 1", "show 2"})
			var ee *EchoError
			if !errors.Is(err, ErrTypeahead) || !errors.As(err, &ee) || ee.Index != 1 || ee.Lost {
				t.Fatalf("err = %v, want ErrTypeahead for line 1, not lost", err)
			}
			want := []Reply{{Input: "show 5", Output: "line 1\nline 2\nline 3\nline 4\nline 5", Prompt: "R1#"}}
			if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(Reply{}, "Elapsed")); diff != "" {
				t.Errorf("replies (-want +got):\n%s", diff)
			}
			r, err := sh.Exchange(ctx, "show 1")
			if err != nil {
				t.Fatalf("after the damaged line: %v", err)
			}
			if diff := cmp.Diff(Reply{Input: "show 1", Output: "line 1", Prompt: "R1#"}, r, cmpopts.IgnoreFields(Reply{}, "Elapsed")); diff != "" {
				t.Errorf("reply after resync (-want +got):\n%s", diff)
			}
		})
	}
}

// Resync after a cut-short pipeline must not answer a pager while lines of
// that pipeline are still queued at the device: one of their bytes is the
// key, and a key sent too would land in the next line typed.
func TestShellResyncLeavesPagerToTypeahead(t *testing.T) {
	_, sh := startShell(t, sessiontest.Config{Handler: echoCLI(func(c *sessiontest.CLI) {
		c.PageLines = 3
		c.PagerDelay = 50 * time.Millisecond // the client sees the pager prompt before the device takes its key
		h := c.Handle
		c.Handle = func(line string) (string, bool) {
			if line == "slow" {
				time.Sleep(200 * time.Millisecond)
			}
			return h(line)
		}
	})}, WithTypeaheadStall(300*time.Millisecond))
	ctx := ctxT(t)
	if _, err := sh.WaitPrompt(ctx); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := sh.Pipeline(short, []string{"slow", "show 5", "show 2"}); !errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
	got, err := sh.Exchange(ctx, "show 1")
	if err != nil {
		t.Fatalf("after the timeout: %v", err)
	}
	if diff := cmp.Diff(Reply{Input: "show 1", Output: "line 1", Prompt: "R1#"}, got, cmpopts.IgnoreFields(Reply{}, "Elapsed")); diff != "" {
		t.Errorf("reply after resync (-want +got):\n%s", diff)
	}
}

// A cancelled ctx (Ctrl-C) must not send anything: the device would run
// the line although the caller has already given up on it.
func TestShellSendsNothingOnceCancelled(t *testing.T) {
	var mu sync.Mutex
	var ran []string
	_, sh := startShell(t, sessiontest.Config{Handler: echoCLI(func(c *sessiontest.CLI) {
		h := c.Handle
		c.Handle = func(line string) (string, bool) {
			mu.Lock()
			ran = append(ran, line)
			mu.Unlock()
			return h(line)
		}
	})})
	ctx := ctxT(t)
	if _, err := sh.WaitPrompt(ctx); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := sh.Pipeline(cancelled, []string{"no ike policy p1", "no ike proposal p"}); !errors.Is(err, ErrInterrupted) || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want ErrInterrupted wrapping context.Canceled", err)
	}
	if _, err := sh.Exchange(ctx, "show 1"); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if diff := cmp.Diff([]string{"show 1"}, ran); diff != "" {
		t.Errorf("lines the device ran (-want +got):\n%s", diff)
	}
}

// session has no prompt and no mask of its own: a Shell without them is a
// configuration error, not a shell that silently matches some router's
// prompt or writes secrets in clear.
func TestShellRequiresCallerFacts(t *testing.T) {
	tests := []struct {
		name string
		opts []ShellOption
		want string
	}{
		{"no prompt", []ShellOption{WithRedactor(testMask, testRedact)}, "WithPrompt"},
		{"no mask", []ShellOption{WithPrompt(testPrompt)}, "WithRedactor"},
		{"bad prompt", []ShellOption{WithPrompt("("), WithRedactor(testMask, nil)}, "prompt pattern"},
		{"bad pager", []ShellOption{WithPrompt(testPrompt), WithPager("(", " "), WithRedactor(testMask, nil)}, "pager pattern"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := (&Conn{}).Shell(ctxT(t), tt.opts...)
			if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want ErrConfig naming %s", err, tt.want)
			}
		})
	}
	// Revealing secrets needs no mask.
	_, sh := startShell(t, sessiontest.Config{Handler: echoCLI(nil)}, WithRedactor("", nil), WithRevealSecrets(true))
	if _, err := sh.WaitPrompt(ctxT(t)); err != nil {
		t.Fatal(err)
	}
}

// The mask is the caller's: the learned secrets of the lines sent and the
// Dial password come out as the mask the caller gave, not one of session's.
func TestTranscriptUsesCallersMask(t *testing.T) {
	const mask = "[hidden]"
	var tr syncBuf
	redact := func(l string) string { return testSecret.ReplaceAllString(l, "${1}${2}${3}"+mask) }
	_, sh := startShell(t, sessiontest.Config{Password: "s3cret-pw", Handler: echoCLI(func(c *sessiontest.CLI) { c.Width = 40 })},
		WithRedactor(mask, redact), WithTranscript(&tr))
	ctx := ctxT(t)
	if _, err := sh.WaitPrompt(ctx); err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"set key pq5RW0mMbSxz8k8AbCdEfGhIjKlMnOp prop", "note s3cret-pw"} {
		if _, err := sh.Exchange(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	sh.Logout(ctx, "exit")
	got := tr.String()
	for _, leak := range []string{"pq5RW0mM", "AbCdEfGh", "IjKlMnOp", "s3cret-pw", testMask} {
		if strings.Contains(got, leak) {
			t.Errorf("transcript holds %q:\n%s", leak, got)
		}
	}
	for _, want := range []string{"> set key [hidden] prop\n", "> note [hidden]\n", "< R1# note [hidden]\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("transcript lacks %q:\n%s", want, got)
		}
	}
}
