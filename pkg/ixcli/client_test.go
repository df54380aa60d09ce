package ixcli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	logtest "github.com/sirupsen/logrus/hooks/test"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
	"github.com/ixpush/ixpush/pkg/session"
	"github.com/ixpush/ixpush/pkg/session/sessiontest"
)

type fakeEnv struct {
	r   *fakeRouter
	srv *sessiontest.Server
}

func startFake(t testing.TB, mod func(*fakeRouter)) *fakeEnv {
	t.Helper()
	r := newFakeRouter()
	if mod != nil {
		mod(r)
	}
	srv := sessiontest.Start(t, sessiontest.Config{Password: "pw", IXLike: true, Handler: r.handler})
	return &fakeEnv{r: r, srv: srv}
}

func (f *fakeEnv) open(t testing.TB, opts ...Option) *Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := session.Dial(ctx, "admin@"+f.srv.Addr, session.WithPassword("pw"), session.WithKnownHosts(f.srv.KnownHosts),
		session.WithSSHConfig(""), session.WithAgent(false))
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	c, err := Open(ctx, conn, opts...)
	if err != nil {
		conn.Close()
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { c.sh.Close(); conn.Close() })
	return c
}

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestModesFollowPrompts(t *testing.T) {
	c := startFake(t, nil).open(t)
	ctx := ctxT(t)
	if c.Mode() != dialect.ModeExec || !c.Admin() || c.Prompt().String() != "R10#" {
		t.Fatalf("after login: mode %q prompt %q", c.Mode(), c.Prompt())
	}
	if !strings.Contains(c.Banner(), "NEC Portable Internetwork Core") {
		t.Errorf("banner %q", c.Banner())
	}
	if err := c.Prepare(ctx); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		cmd  string
		mode dialect.ModeName
		tag  string
	}{
		{"interface Tunnel0.0", dialect.ModeInterface, "config-Tunnel0.0"},
		{"router bgp 65000", dialect.ModeBGP, "config-bgp"},
		{"address-family ipv4 unicast", dialect.ModeBGPAF, "config-bgp-af"},
		{"exit", dialect.ModeBGP, "config-bgp"},
		{"configure", dialect.ModeConfig, "config"},
	}
	for _, s := range steps {
		r, err := c.Run(ctx, s.cmd)
		if err != nil || r.Err != nil {
			t.Fatalf("%s: %v %v", s.cmd, err, r.Err)
		}
		if c.Mode() != s.mode || c.Prompt().Tag != s.tag {
			t.Errorf("after %q: mode %q tag %q, want %q %q", s.cmd, c.Mode(), c.Prompt().Tag, s.mode, s.tag)
		}
	}
}

func TestConfigureSeed(t *testing.T) {
	for _, pipelined := range []bool{true, false} {
		t.Run(fmt.Sprintf("pipelined=%v", pipelined), func(t *testing.T) {
			env := startFake(t, nil)
			c := env.open(t, WithPipelining(pipelined))
			ctx := ctxT(t)
			if err := c.Prepare(ctx); err != nil {
				t.Fatal(err)
			}
			rs, err := c.Configure(ctx, seedLines)
			if err != nil {
				t.Fatal(err)
			}
			var inputs []string
			for _, r := range rs {
				inputs = append(inputs, r.Input)
				if r.Err != nil {
					t.Errorf("%q: %v", r.Input, r.Err)
				}
			}
			var want []string
			for _, l := range seedLines {
				want = append(want, strings.TrimSpace(l))
			}
			if diff := cmp.Diff(want, inputs); diff != "" {
				t.Errorf("responses (-want +got):\n%s", diff)
			}
			if c.Prompt().Tag != "config" {
				t.Errorf("ends at %q, want global config", c.Prompt())
			}
			env.r.mu.Lock()
			got := append([]string(nil), env.r.config...)
			env.r.mu.Unlock()
			if diff := cmp.Diff(append(want[:7:7], "interface Tunnel0.0"), got[:8]); diff != "" {
				t.Errorf("router config (-want +got):\n%s", diff)
			}
		})
	}
}

func TestConfigureStopsAtDeviceError(t *testing.T) {
	lines := []string{
		"ip access-list sec-list permit ip src any dest any",
		"ike policy p peer 1.2.3.4 key SECRETPSK1234 prop",
		"bogus command here",
		"ipsec autokey-proposal ipsec-prop esp-aes esp-sha",
		"interface Tunnel0.0",
		"  tunnel mode ipsec",
	}
	tests := []struct {
		pipelined bool
		want      PushError
		responses int
	}{
		{true, PushError{Index: 2, Line: "bogus command here", Output: "% bogus -- Invalid command.", Prompt: "R10(config)#", SentAfter: []int{3}}, 3},
		{false, PushError{Index: 2, Line: "bogus command here", Output: "% bogus -- Invalid command.", Prompt: "R10(config)#"}, 3},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("pipelined=%v", tt.pipelined), func(t *testing.T) {
			c := startFake(t, nil).open(t, WithPipelining(tt.pipelined))
			ctx := ctxT(t)
			if err := c.Prepare(ctx); err != nil {
				t.Fatal(err)
			}
			rs, err := c.Configure(ctx, lines)
			var pe *PushError
			if !errors.As(err, &pe) || !errors.Is(err, ErrDevice) {
				t.Fatalf("err = %v, want *PushError wrapping ErrDevice", err)
			}
			got := *pe
			got.Err = nil
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("PushError (-want +got):\n%s", diff)
			}
			var ce *CommandError
			if !errors.As(err, &ce) || ce.Kind != dialect.ErrInvalid {
				t.Errorf("CommandError = %+v", ce)
			}
			if len(rs) != tt.responses {
				t.Errorf("%d responses, want %d", len(rs), tt.responses)
			}
			if strings.Contains(err.Error(), "SECRETPSK1234") {
				t.Errorf("error leaks the PSK: %v", err)
			}
		})
	}
}

func TestConfigureSecretNotLeakedWhenRejected(t *testing.T) {
	c := startFake(t, nil).open(t)
	ctx := ctxT(t)
	if err := c.Prepare(ctx); err != nil {
		t.Fatal(err)
	}
	// The router quotes the first word; make that the secret-bearing line.
	_, err := c.Configure(ctx, []string{"ike"})
	if !errors.Is(err, ErrDevice) || !strings.Contains(err.Error(), "Expects a subcommand") {
		t.Fatalf("err = %v", err)
	}
	ce := &CommandError{Input: "badkw peer 1.2.3.4 key S3CR3T", Line: "% S3CR3T -- Invalid command."}
	if strings.Contains(ce.Error(), "S3CR3T") {
		t.Errorf("CommandError leaks the key: %v", ce)
	}
}

func TestPrepareConfigLocked(t *testing.T) {
	env := startFake(t, nil)
	holder := env.open(t)
	ctx := ctxT(t)
	if err := holder.Prepare(ctx); err != nil {
		t.Fatal(err)
	}
	c := env.open(t)
	err := c.Prepare(ctx)
	// The message names no flag: only cmd knows which commands have
	// --force-config, and a read-only one must never suggest it.
	if !errors.Is(err, ErrConfigLocked) || !strings.Contains(err.Error(), "CONFIG process is occupied") || !strings.Contains(err.Error(), "retry") ||
		strings.Contains(err.Error(), "force-config") || strings.Contains(err.Error(), "svintr-config") {
		t.Fatalf("err = %v, want ErrConfigLocked quoting the router, saying to retry, offering no takeover", err)
	}
	if c.Mode() != dialect.ModeExec {
		t.Errorf("mode %q after refusal", c.Mode())
	}

	// With force, svintr-config takes it and the holder loses it mid-push.
	forced := env.open(t, WithForceConfig(true))
	if err := forced.Prepare(ctx); err != nil {
		t.Fatalf("forced Prepare: %v", err)
	}
	_, err = holder.Configure(ctx, []string{"ip access-list a permit ip src any dest any", "ip access-list b permit ip src any dest any"})
	var pe *PushError
	if !errors.Is(err, ErrModeLost) || !errors.As(err, &pe) || pe.Index != 0 {
		t.Fatalf("holder after svintr-config: err = %v, want ErrModeLost at line 0", err)
	}
}

func TestCloseFreesLock(t *testing.T) {
	env := startFake(t, nil)
	ctx := ctxT(t)
	a := env.open(t)
	if err := a.Prepare(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Run(ctx, "interface Tunnel0.0"); err != nil {
		t.Fatal(err)
	}
	if err := a.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	b := env.open(t)
	if err := b.Prepare(ctx); err != nil {
		t.Fatalf("Prepare after Close: %v", err)
	}
}

func TestNonAdmin(t *testing.T) {
	c := startFake(t, func(r *fakeRouter) { r.admin = false }).open(t)
	ctx := ctxT(t)
	if c.Admin() || c.Prompt().String() != "R10%" {
		t.Fatalf("prompt %q admin %v", c.Prompt(), c.Admin())
	}
	err := c.Prepare(ctx)
	if !errors.Is(err, ErrNotAdmin) || !strings.Contains(err.Error(), `"R10%"`) {
		t.Fatalf("err = %v, want ErrNotAdmin naming the prompt", err)
	}
	if _, err := c.Show(ctx, "show version"); err != nil {
		t.Errorf("show as non-admin: %v", err)
	}
}

func TestPagerAndWrapBeforePrepare(t *testing.T) {
	env := startFake(t, func(r *fakeRouter) {
		for i := 0; i < 60; i++ {
			r.config = append(r.config, fmt.Sprintf("ip route 10.%d.0.0/16 Null0", i))
		}
	})
	c := env.open(t)
	ctx := ctxT(t)
	// Config mode without Prepare: pager at 24 lines and wrap at 80 on.
	if r, err := c.Run(ctx, "configure"); err != nil || r.Err != nil {
		t.Fatal(err, r.Err)
	}
	cfg, err := c.RunningConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(cfg, "\n")
	if len(lines) != 64 || lines[63] != "ip route 10.59.0.0/16 Null0" || strings.Contains(cfg, "More") {
		t.Errorf("running-config through the pager: %d lines, last %q", len(lines), lines[len(lines)-1])
	}
	long := "ip access-list " + strings.Repeat("x", 270) + " permit ip src any dest any"
	if len(long) < 300 {
		t.Fatalf("line is %d chars", len(long))
	}
	r, err := c.Run(ctx, long)
	if err != nil || r.Err != nil || r.Prompt != "R10(config)#" {
		t.Fatalf("300-char line: %v %v %q", err, r.Err, r.Prompt)
	}
}

func TestDropMidConfigure(t *testing.T) {
	for _, pipelined := range []bool{true, false} {
		t.Run(fmt.Sprintf("pipelined=%v", pipelined), func(t *testing.T) {
			// Login prompt + configure + 2 terminal lines + 9 config lines.
			c := startFake(t, func(r *fakeRouter) { r.mod = func(c *sessiontest.CLI) { c.CloseAfter = 12 } }).open(t, WithPipelining(pipelined))
			ctx := ctxT(t)
			if err := c.Prepare(ctx); err != nil {
				t.Fatal(err)
			}
			_, err := c.Configure(ctx, seedLines)
			var pe *PushError
			if !errors.Is(err, session.ErrClosed) || !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a PushError wrapping session.ErrClosed", err)
			}
			if pe.Index != 8 {
				t.Errorf("failed at line index %d, want 8 (the 12th line the router read)", pe.Index)
			}
			if pipelined && fmt.Sprint(pe.SentAfter) != "[9 10 11 12]" {
				t.Errorf("SentAfter = %v", pe.SentAfter)
			}
			if !pipelined && pe.SentAfter != nil {
				t.Errorf("SentAfter = %v, want none", pe.SentAfter)
			}
		})
	}
}

func TestTypeaheadLossFallsBack(t *testing.T) {
	env := startFake(t, func(r *fakeRouter) { r.mod = func(c *sessiontest.CLI) { c.DropTypeahead = true } })
	c := env.open(t, WithShellOptions(session.WithTypeaheadStall(500*time.Millisecond)))
	ctx := ctxT(t)
	if err := c.Prepare(ctx); err != nil {
		t.Fatal(err)
	}
	if c.Pipelining() {
		t.Fatal("still pipelining after the router dropped typed-ahead input")
	}
	if _, err := c.Configure(ctx, seedLines); err != nil {
		t.Fatalf("synchronous fallback: %v", err)
	}
}

func TestConfigureNeedsPrepare(t *testing.T) {
	c := startFake(t, nil).open(t)
	if _, err := c.Configure(ctxT(t), seedLines); !errors.Is(err, ErrNotPrepared) {
		t.Fatalf("err = %v", err)
	}
}

func TestSave(t *testing.T) {
	c := startFake(t, nil).open(t)
	ctx := ctxT(t)
	if err := c.Save(ctx); !errors.Is(err, ErrNotPrepared) {
		t.Fatalf("Save before Prepare: %v", err)
	}
	if err := c.Prepare(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.Save(ctx); err != nil {
		t.Fatalf("Save: %v", err)
	}
}

func TestTypeaheadLostMidPushFallsBack(t *testing.T) {
	for _, pipelined := range []bool{true, false} {
		t.Run(fmt.Sprintf("pipelined=%v", pipelined), func(t *testing.T) {
			// The router keeps typed-ahead input through Prepare, then starts
			// dropping it after the first stanza.
			env := startFake(t, func(r *fakeRouter) {
				r.mod = func(c *sessiontest.CLI) {
					h, n := c.Handle, 0
					c.Handle = func(line string) (string, bool) {
						if n++; n == 6 {
							c.DropTypeahead = true
						}
						return h(line)
					}
				}
			})
			c := env.open(t, WithPipelining(pipelined), WithShellOptions(session.WithTypeaheadStall(500*time.Millisecond)))
			ctx := ctxT(t)
			if err := c.Prepare(ctx); err != nil {
				t.Fatal(err)
			}
			rs, err := c.Configure(ctx, seedLines)
			if err != nil {
				t.Fatalf("Configure: %v", err)
			}
			if len(rs) != len(seedLines) {
				t.Errorf("%d responses, want %d", len(rs), len(seedLines))
			}
			if c.Pipelining() {
				t.Error("still pipelining after the router dropped input")
			}
			env.r.mu.Lock()
			defer env.r.mu.Unlock()
			if n := len(env.r.config); n != len(seedLines) {
				t.Errorf("router ran %d config lines, want %d (each once)", n, len(seedLines))
			}
		})
	}
}

func TestConfigureChecksPromptOfEveryLine(t *testing.T) {
	for _, pipelined := range []bool{true, false} {
		t.Run(fmt.Sprintf("pipelined=%v", pipelined), func(t *testing.T) {
			c := startFake(t, func(r *fakeRouter) { r.stayGlobal = true }).open(t, WithPipelining(pipelined))
			ctx := ctxT(t)
			if err := c.Prepare(ctx); err != nil {
				t.Fatal(err)
			}
			_, err := c.Configure(ctx, seedLines)
			var pe *PushError
			if !errors.Is(err, ErrUnexpectedPrompt) || !errors.As(err, &pe) || pe.Index != 7 || pe.Prompt != "R10(config)#" {
				t.Fatalf("err = %v, want ErrUnexpectedPrompt at line index 7 (interface Tunnel0.0)", err)
			}
		})
	}
}

func TestConfigureHostnameChange(t *testing.T) {
	env := startFake(t, nil)
	c := env.open(t)
	ctx := ctxT(t)
	if err := c.Prepare(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Configure(ctx, []string{"hostname R11", "ip access-list a permit ip src any dest any"}); err != nil {
		t.Fatal(err)
	}
	if c.Prompt().Host != "R11" {
		t.Errorf("prompt %q", c.Prompt())
	}
}

// `terminal length 0` and `terminal width` are only reported (ix-cli.md §2)
// and the session copes with a pager and wrapped echoes anyway: a router
// that refuses them is warned about, not given up on.
func TestPrepareToleratesRefusedTerminalCommands(t *testing.T) {
	for _, pipelined := range []bool{true, false} {
		t.Run(fmt.Sprintf("pipelined=%v", pipelined), func(t *testing.T) {
			env := startFake(t, func(r *fakeRouter) {
				r.noTerminal = true
				for i := 0; i < 60; i++ {
					r.config = append(r.config, fmt.Sprintf("ip route 10.%d.0.0/16 Null0", i))
				}
			})
			log, hook := logtest.NewNullLogger()
			c := env.open(t, WithPipelining(pipelined), WithLogger(log))
			ctx := ctxT(t)
			if err := c.Prepare(ctx); err != nil {
				t.Fatalf("Prepare: %v", err)
			}
			if c.Prompt().String() != "R10(config)#" {
				t.Fatalf("prompt %q", c.Prompt())
			}
			var warned []string
			for _, e := range hook.AllEntries() {
				warned = append(warned, e.Message)
			}
			if len(warned) != 2 || !strings.Contains(warned[0], "terminal length 0") || !strings.Contains(warned[1], "terminal width") {
				t.Errorf("warnings = %q, want one per refused terminal line", warned)
			}
			cfg, err := c.RunningConfig(ctx)
			if err != nil || !strings.HasSuffix(cfg, "ip route 10.59.0.0/16 Null0") {
				t.Fatalf("running-config through the pager: %v, %d bytes", err, len(cfg))
			}
			long := "ip access-list " + strings.Repeat("x", 120) + " permit ip src any dest any"
			if _, err := c.Configure(ctx, []string{long}); err != nil {
				t.Fatalf("wrapped line: %v", err)
			}
		})
	}
}

// After a refused line inside a pipelined block, the lines typed behind it
// (the closing "configure" among them) still ran: the client's idea of the
// router's mode must follow the last prompt read, not stop at the error.
func TestPromptFollowsLinesTypedAfterAnError(t *testing.T) {
	c := startFake(t, nil).open(t)
	ctx := ctxT(t)
	if err := c.Prepare(ctx); err != nil {
		t.Fatal(err)
	}
	_, err := c.Configure(ctx, []string{"interface Tunnel0.0", "  bogus line", "  no shutdown"})
	var pe *PushError
	if !errors.As(err, &pe) || pe.Index != 1 || fmt.Sprint(pe.SentAfter) != "[2]" {
		t.Fatalf("err = %v, want a PushError at line 1 with line 2 sent after it", err)
	}
	if got := c.Prompt().String(); got != "R10(config)#" {
		t.Errorf("Prompt() = %q, want R10(config)# (the router ran the closing configure)", got)
	}
}

// A session dropped to operation mode by another's svintr-config does not
// know it until it sends something: Close's "exit" then logs it out, and
// the router closing the session is the logout Close wanted, not a failure.
func TestCloseAfterPreemption(t *testing.T) {
	env := startFake(t, nil)
	ctx := ctxT(t)
	a := env.open(t)
	if err := a.Prepare(ctx); err != nil {
		t.Fatal(err)
	}
	b := env.open(t, WithForceConfig(true))
	if err := b.Prepare(ctx); err != nil {
		t.Fatalf("forced Prepare: %v", err)
	}
	if err := a.Close(ctx); err != nil {
		t.Errorf("Close of the pre-empted session: %v", err)
	}
	if err := b.Close(ctx); err != nil {
		t.Errorf("Close: %v", err)
	}
}

// WithPipelining(false) is for routers that lose typed-ahead input: not
// even the "configure" closing a block may ride behind another line.
func TestNoPipeliningTypesNothingAhead(t *testing.T) {
	env := startFake(t, func(r *fakeRouter) { r.mod = func(c *sessiontest.CLI) { c.DropTypeahead = true } })
	log, hook := logtest.NewNullLogger()
	c := env.open(t, WithPipelining(false), WithLogger(log), WithShellOptions(session.WithTypeaheadStall(300*time.Millisecond)))
	ctx := ctxT(t)
	if err := c.Prepare(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Configure(ctx, seedLines); err != nil {
		t.Fatal(err)
	}
	for _, e := range hook.AllEntries() {
		t.Errorf("logged %q: input was typed ahead", e.Message)
	}
}

// Interrupted between stanzas, Configure sends nothing more, and its error
// does not claim lines were typed.
func TestConfigureCancelledSendsNothing(t *testing.T) {
	env := startFake(t, nil)
	c := env.open(t)
	ctx := ctxT(t)
	if err := c.Prepare(ctx); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err := c.Configure(cancelled, []string{"interface Tunnel0.0", "  tunnel mode ipsec", "  no shutdown"})
	var pe *PushError
	if !errors.As(err, &pe) || !errors.Is(err, context.Canceled) || pe.Index != 0 || pe.SentAfter != nil {
		t.Fatalf("err = %v (%+v), want a PushError at line 0 wrapping context.Canceled, nothing sent after", err, pe)
	}
	env.r.mu.Lock()
	defer env.r.mu.Unlock()
	if len(env.r.config) != 0 {
		t.Errorf("router got %q", env.r.config)
	}
}
