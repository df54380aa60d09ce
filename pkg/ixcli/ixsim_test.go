package ixcli

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/session"
)

// simKnownHosts writes a known_hosts file vouching for r.
func simKnownHosts(t testing.TB, r *ixsimtest.Router) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "known_hosts")
	line := knownhosts.Line([]string{knownhosts.Normalize(r.Addr)}, r.HostKey) + "\n"
	if err := os.WriteFile(p, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func dialSim(t testing.TB, r *ixsimtest.Router, opts ...session.DialOption) (*session.Conn, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	base := []session.DialOption{session.WithUser(r.User), session.WithPassword(r.Password), session.WithKnownHosts(simKnownHosts(t, r)),
		session.WithSSHConfig(""), session.WithAgent(false)}
	c, err := session.Dial(ctx, r.Addr, append(base, opts...)...)
	if err == nil {
		t.Cleanup(func() { c.Close() })
	}
	return c, err
}

func openSim(t testing.TB, r *ixsimtest.Router, opts ...Option) *Client {
	t.Helper()
	conn, err := dialSim(t, r)
	if err != nil {
		t.Fatalf("Dial sim: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := Open(ctx, conn, opts...)
	if err != nil {
		t.Fatalf("Open sim: %v", err)
	}
	t.Cleanup(func() { c.sh.Close() })
	return c
}

func TestSimPromptsOfEveryMode(t *testing.T) {
	for _, style := range []struct{ bgp, af string }{{"", ""}, {"config-router", "config-router-af"}} {
		t.Run(fmt.Sprintf("bgp prompt %q", style.bgp), func(t *testing.T) {
			var opts []ixsim.Option
			if style.bgp != "" {
				opts = append(opts, ixsim.WithPromptStyle(style.bgp, style.af))
			}
			r := ixsimtest.Start(t, opts...)
			c := openSim(t, r)
			ctx := ctxT(t)
			if c.Prompt().String() != "R10#" || c.Mode() != dialect.ModeExec {
				t.Fatalf("login prompt %q", c.Prompt())
			}
			if err := c.Prepare(ctx); err != nil {
				t.Fatal(err)
			}
			if c.Mode() != dialect.ModeConfig {
				t.Fatalf("after Prepare: %q", c.Prompt())
			}
			// Configure verifies every prompt, including the guessed BGP
			// ones in either style.
			if _, err := c.Configure(ctx, seedLines); err != nil {
				t.Fatalf("Configure: %v", err)
			}
			if got := r.Sim.RunningConfig(); !strings.Contains(got, "network 192.168.2.0/24") || !strings.Contains(got, "interface Tunnel1.0") {
				t.Errorf("running-config lacks the push:\n%s", got)
			}
			for _, step := range []struct {
				cmd  string
				mode dialect.ModeName
			}{
				{"interface Tunnel0.0", dialect.ModeInterface},
				{"configure", dialect.ModeConfig},
				{"router bgp 65000", dialect.ModeBGP},
				{"address-family ipv4 unicast", dialect.ModeBGPAF},
			} {
				resp, err := c.Run(ctx, step.cmd)
				if err != nil || resp.Err != nil {
					t.Fatalf("%s: %v %v", step.cmd, err, resp.Err)
				}
				if style.bgp == "" && c.Mode() != step.mode {
					t.Errorf("after %q: prompt %q is mode %q, want %q", step.cmd, c.Prompt(), c.Mode(), step.mode)
				}
			}
			if err := c.Close(ctx); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
	}
}

func TestSimSeedShows(t *testing.T) {
	r := ixsimtest.Start(t)
	c := openSim(t, r)
	ctx := ctxT(t)
	if err := c.Prepare(ctx); err != nil {
		t.Fatal(err)
	}
	before, err := c.RunningConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(before, "hostname R10") {
		t.Errorf("running-config:\n%s", before)
	}
	if _, err := c.Configure(ctx, seedLines); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"show ike sa", "show ipsec sa", "show ip bgp"} {
		out, err := c.Show(ctx, cmd)
		if err != nil {
			t.Fatalf("%s: %v", cmd, err)
		}
		if strings.Contains(out, "--More--") || strings.Contains(out, cmd) {
			t.Errorf("%s output carries the pager or the echo:\n%s", cmd, out)
		}
	}
	_, err = c.Show(ctx, "sow ip route")
	var ce *CommandError
	if !errors.As(err, &ce) || ce.Line != "% sow -- Invalid command." {
		t.Errorf("sow: err = %v", err)
	}
	if err := c.Save(ctx); err != nil {
		t.Errorf("Save: %v", err)
	}
	if !strings.Contains(r.Sim.StartupConfig(), "router bgp 65000") {
		t.Error("write memory did not reach startup-config")
	}
}

func TestSimNonAdmin(t *testing.T) {
	r := ixsimtest.Start(t)
	r.User, r.Password = "operator", "ixpush-operator"
	c := openSim(t, r)
	ctx := ctxT(t)
	if c.Admin() || c.Prompt().String() != "R10%" {
		t.Fatalf("operator prompt %q", c.Prompt())
	}
	if err := c.Prepare(ctx); !errors.Is(err, ErrNotAdmin) {
		t.Fatalf("Prepare as operator: %v", err)
	}
}

func TestSimConfigOccupied(t *testing.T) {
	r := ixsimtest.Start(t)
	release := r.Sim.HoldConfig(context.Background())
	defer release()
	c := openSim(t, r)
	ctx := ctxT(t)
	err := c.Prepare(ctx)
	if !errors.Is(err, ErrConfigLocked) {
		t.Fatalf("Prepare while held: %v", err)
	}
	if c.Mode() != dialect.ModeExec {
		t.Errorf("mode %q", c.Mode())
	}
	forced := openSim(t, r, WithForceConfig(true))
	if err := forced.Prepare(ctx); err != nil {
		t.Fatalf("forced: %v", err)
	}
	// The holder being pre-empted mid-push: our own session loses it.
	r.Sim.HoldConfig(ctx)
	_, err = forced.Configure(ctx, seedLines)
	var pe *PushError
	if !errors.Is(err, ErrModeLost) || !errors.As(err, &pe) || pe.Index != 0 {
		t.Fatalf("after losing the lock: %v", err)
	}
}

func TestSimForcedPagerAndWrap(t *testing.T) {
	r := ixsimtest.Start(t, ixsim.WithForcedPager())
	c := openSim(t, r)
	ctx := ctxT(t)
	if err := c.Prepare(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Configure(ctx, seedLines); err != nil {
		t.Fatal(err)
	}
	cfg, err := c.RunningConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := r.Sim.RunningConfig()
	if strings.TrimSpace(cfg) != strings.TrimSpace(strings.ReplaceAll(want, "\r", "")) {
		t.Errorf("running-config through the pager differs:\n--- got\n%s\n--- sim\n%s", cfg, want)
	}
}

func TestSimEchoWrapBeforeWidth(t *testing.T) {
	r := ixsimtest.Start(t)
	c := openSim(t, r)
	ctx := ctxT(t)
	// Config mode without Prepare: width still 80, echo wraps.
	if resp, err := c.Run(ctx, "configure"); err != nil || resp.Err != nil {
		t.Fatal(err, resp.Err)
	}
	long := "ike proposal ike-proposal encryption aes-256 hash sha2-512 group 2048-bit lifetime 28800"
	resp, err := c.Run(ctx, long)
	if err != nil || resp.Err != nil || resp.Prompt != "R10(config)#" {
		t.Fatalf("wrapped echo: %v %v %+v", err, resp.Err, resp)
	}
	line300 := "ip access-list " + strings.Repeat("a", 250) + " permit ip src any dest any"
	for len(line300) < 300 {
		line300 += " "
	}
	resp, err = c.Run(ctx, strings.TrimSpace(line300))
	if err != nil {
		t.Fatalf("300-char line: %v", err)
	}
	if resp.Prompt != "R10(config)#" {
		t.Errorf("300-char line prompt %q output %q", resp.Prompt, resp.Output)
	}
}

func TestSimSlowOutputAndGarbageBanner(t *testing.T) {
	r := ixsimtest.Start(t, ixsim.WithSlowOutput(4000), ixsim.WithGarbageBanner("\x1b[2J\x07noise R10# not a prompt\r\n"))
	c := openSim(t, r)
	ctx := ctxT(t)
	if err := c.Prepare(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Configure(ctx, seedLines); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Show(ctx, "show ike sa"); err != nil {
		t.Fatal(err)
	}
}

func TestSimDropMidConfig(t *testing.T) {
	// configure + 2 terminal lines, then the 10th seed line.
	r := ixsimtest.Start(t, ixsim.WithDropAfter(3+10))
	c := openSim(t, r)
	ctx := ctxT(t)
	if err := c.Prepare(ctx); err != nil {
		t.Fatal(err)
	}
	_, err := c.Configure(ctx, seedLines)
	var pe *PushError
	if !errors.Is(err, session.ErrClosed) || !errors.As(err, &pe) {
		t.Fatalf("err = %v, want a PushError wrapping session.ErrClosed", err)
	}
	if pe.Index != 9 {
		t.Errorf("stopped at index %d, want 9: %v", pe.Index, err)
	}
	t.Logf("reported: %v", err)
}

func TestSimHostKeys(t *testing.T) {
	r := ixsimtest.Start(t)
	ctx := ctxT(t)
	kh := filepath.Join(t.TempDir(), "known_hosts")
	_, err := session.Dial(ctx, r.Addr, session.WithUser(r.User), session.WithPassword(r.Password), session.WithKnownHosts(kh),
		session.WithSSHConfig(""), session.WithAgent(false))
	if !errors.Is(err, session.ErrHostKeyUnknown) || !strings.Contains(err.Error(), r.Sim.HostKeyFingerprint()) {
		t.Fatalf("unknown: %v", err)
	}
	other, _ := ssh.NewSignerFromKey(ed25519.NewKeyFromSeed(make([]byte, 32)))
	os.WriteFile(kh, []byte(knownhosts.Line([]string{knownhosts.Normalize(r.Addr)}, other.PublicKey())+"\n"), 0o600)
	_, err = session.Dial(ctx, r.Addr, session.WithUser(r.User), session.WithPassword(r.Password), session.WithKnownHosts(kh),
		session.WithSSHConfig(""), session.WithAgent(false), session.WithAcceptNewHostKey(true))
	if !errors.Is(err, session.ErrHostKeyChanged) {
		t.Fatalf("changed: %v", err)
	}
}

func TestSimAuthMethods(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	sshPub, _ := ssh.NewPublicKey(pub)
	authLine := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(sshPub)))
	r := ixsimtest.Start(t, ixsim.WithUser("keyuser", "", true, authLine))
	r.User = "keyuser"
	blk, _ := ssh.MarshalPrivateKey(priv, "")
	keyFile := filepath.Join(t.TempDir(), "id")
	os.WriteFile(keyFile, pem.EncodeToMemory(blk), 0o600)

	keyring := agent.NewKeyring()
	keyring.Add(agent.AddedKey{PrivateKey: priv})
	sock := filepath.Join(t.TempDir(), "agent.sock")
	ln, err := net.Listen("unix", sock)
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
			go agent.ServeAgent(keyring, c)
		}
	}()
	tests := []struct {
		name string
		user string
		opts []session.DialOption
	}{
		{"password", "admin", []session.DialOption{session.WithPassword("ixpush-admin")}},
		{"key file", "keyuser", []session.DialOption{session.WithKeyFiles(keyFile)}},
		{"agent", "keyuser", []session.DialOption{session.WithAgentSocket(sock)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := ctxT(t)
			opts := append([]session.DialOption{session.WithUser(tt.user), session.WithKnownHosts(simKnownHosts(t, r)), session.WithSSHConfig(""), session.WithAgent(false)}, tt.opts...)
			conn, err := session.Dial(ctx, r.Addr, opts...)
			if err != nil {
				t.Fatalf("Dial: %v", err)
			}
			defer conn.Close()
			c, err := Open(ctx, conn)
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Close(ctx); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
	}
}

func TestSimOccupiedAlternateText(t *testing.T) {
	r := ixsimtest.Start(t, ixsim.WithConfigHeld(), ixsim.WithOccupiedText("CONFIG process is occupied by another session."))
	c := openSim(t, r)
	err := c.Prepare(ctxT(t))
	if !errors.Is(err, ErrConfigLocked) || !strings.Contains(err.Error(), "by another session") {
		t.Fatalf("err = %v, want ErrConfigLocked quoting the router", err)
	}
}

func TestSimDropPoints(t *testing.T) {
	tests := []struct {
		point ixsim.DropPoint
		op    func(ctx context.Context, c *Client) error
	}{
		{ixsim.DropOnConfigure, func(ctx context.Context, c *Client) error { return c.Prepare(ctx) }},
		{ixsim.DropMidShow, func(ctx context.Context, c *Client) error {
			if err := c.Prepare(ctx); err != nil {
				return fmt.Errorf("prepare: %w", err)
			}
			_, err := c.RunningConfig(ctx)
			return err
		}},
		{ixsim.DropOnWrite, func(ctx context.Context, c *Client) error {
			if err := c.Prepare(ctx); err != nil {
				return fmt.Errorf("prepare: %w", err)
			}
			return c.Save(ctx)
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.point), func(t *testing.T) {
			r := ixsimtest.Start(t, ixsim.WithDropAt(tt.point))
			c := openSim(t, r)
			err := tt.op(ctxT(t), c)
			if !errors.Is(err, session.ErrClosed) {
				t.Fatalf("err = %v, want session.ErrClosed", err)
			}
		})
	}
}

// TestSimShowAllWithAPager: a router that pages despite terminal length 0
// would eat typed-ahead shows; ShowAll must notice on its first long reply,
// read the rest one at a time, and stop typing ahead. Without a pager, a
// long reply allows typing ahead.
func TestSimShowAllWithAPager(t *testing.T) {
	shows := []string{"show running-config", "show ike sa", "show ipsec sa", "show ip bgp"}
	for _, forced := range []bool{false, true} {
		var opts []ixsim.Option
		if forced {
			opts = append(opts, ixsim.WithForcedPager())
		}
		r := ixsimtest.Start(t, opts...)
		c := openSim(t, r)
		ctx := ctxT(t)
		if err := c.Prepare(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Configure(ctx, seedLines); err != nil {
			t.Fatal(err)
		}
		outs, err := c.ShowAll(ctx, shows...)
		if err != nil {
			t.Fatalf("forced pager %v: %v", forced, err)
		}
		if len(outs) != len(shows) || !strings.Contains(outs[0], "router bgp 65000") || !strings.Contains(outs[1], "ISAKMP SA - 2 configured") ||
			!strings.Contains(outs[2], "IPsec SA - 2 configured") || !strings.Contains(outs[3], "Local AS number 65000") {
			t.Errorf("forced pager %v: outputs %q", forced, outs)
		}
		if c.Pipelining() == forced {
			t.Errorf("forced pager %v: pipelining is %v afterwards", forced, c.Pipelining())
		}
		if got := c.sh.PagerAnswers(); (got > 0) != forced {
			t.Errorf("forced pager %v: %d pager answers", forced, got)
		}
	}
}

// TestSimShowAllPagerEatsTypeahead: should a router page although a long
// reply came back unpaged once (ShowAll then types shows ahead), its pager
// takes the first byte of the next show as its key. ShowAll must still
// return each show's own output, not one show's output with the next
// one's prompt and damaged echo in it.
func TestSimShowAllPagerEatsTypeahead(t *testing.T) {
	shows := []string{"show running-config", "show ike sa", "show ipsec sa", "show ip bgp"}
	r := ixsimtest.Start(t, ixsim.WithForcedPager())
	c := openSim(t, r, WithShellOptions(session.WithTypeaheadStall(500*time.Millisecond)))
	ctx := ctxT(t)
	if err := c.Prepare(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Configure(ctx, seedLines); err != nil {
		t.Fatal(err)
	}
	// The timeline runs on (scaled): compare once it has converged, so
	// both reads see the same SAs and sessions, and with every number
	// (lifetimes, ages, counters) masked.
	for deadline := time.Now().Add(20 * time.Second); ; {
		out, err := c.Show(ctx, "show ip bgp")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out, "172.31.0.0/16") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the VPC prefix was not learned within 20s:\n%s", out)
		}
		time.Sleep(20 * time.Millisecond)
	}
	var want []string
	for _, s := range shows {
		out, err := c.Show(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, out)
	}
	c.pagerOff = true // as if a long reply had come back unpaged
	got, err := c.ShowAll(ctx, shows...)
	if err != nil {
		t.Fatalf("ShowAll: %v", err)
	}
	// The running-config header holds the time to the second; the
	// SA and BGP shows hold lifetimes, ages and counters.
	clock, number := regexp.MustCompile(`(?m)^! Current time .*$`), regexp.MustCompile(`\d+`)
	for _, outs := range [][]string{want, got} {
		for i := range outs {
			outs[i] = number.ReplaceAllString(clock.ReplaceAllString(outs[i], "! Current time"), "N")
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("outputs (-one at a time +typed ahead):\n%s", diff)
	}
	if c.Pipelining() {
		t.Error("still typing ahead to a router that pages")
	}
}

// TestSimTranscriptMasksWrappedPSK: before Prepare widens the terminal the
// router wraps echoes at 80 columns, wherever the line falls; whichever
// part of a pre-shared key lands on which physical line, no part of it may
// reach the transcript (nor does running-config, which shows keys in clear).
func TestSimTranscriptMasksWrappedPSK(t *testing.T) {
	const psk = "pq5RW0mMbSxz8k8AbCdEfGhIjKlMnOp"
	for _, edge := range []bool{false, true} {
		t.Run(fmt.Sprintf("edge wrap %v", edge), func(t *testing.T) {
			opts := []ixsim.Option{ixsim.WithSlowOutput(50000)}
			if edge {
				opts = append(opts, ixsim.WithEdgeWrap())
			}
			r := ixsimtest.Start(t, opts...)
			var tr lockedBuf
			c := openSim(t, r, WithShellOptions(session.WithTranscript(&tr)))
			ctx := ctxT(t)
			if r, err := c.Run(ctx, "configure"); err != nil || r.Err != nil {
				t.Fatal(err, r.Err)
			}
			// Shift the key across the wrap column a few characters at a time.
			for pad := 1; pad <= 31; pad += 6 {
				prop := "ike proposal " + strings.Repeat("p", pad) + " encryption aes hash sha group 1024-bit"
				pol := "ike policy " + strings.Repeat("q", pad) + " peer 34.217.232.61 key " + psk + " " + strings.Repeat("p", pad)
				for _, l := range []string{prop, pol} {
					if r, err := c.Run(ctx, l); err != nil || r.Err != nil {
						t.Fatal(err, r.Err)
					}
				}
			}
			if _, err := c.Show(ctx, "show running-config"); err != nil {
				t.Fatal(err)
			}
			got := tr.String()
			for i := 0; i+6 <= len(psk); i += 6 {
				if part := psk[i : i+6]; strings.Contains(got, part) {
					t.Errorf("transcript leaks %q of the key", part)
				}
			}
		})
	}
}

type lockedBuf struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
