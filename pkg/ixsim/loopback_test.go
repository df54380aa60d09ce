package ixsim

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

func seedScenario(t *testing.T) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Builtin("seed")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func startLoopback(t *testing.T, ctx context.Context, opts ...Option) *Loopback {
	t.Helper()
	l, err := StartLoopback(ctx, seedScenario(t), append([]Option{WithHostKey(cachedKey(t))}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// dialLoopback logs in with the router's own login, checking the host key
// against the known_hosts file at kh.
func dialLoopback(l *Loopback, kh string) error {
	check, err := knownhosts.New(kh)
	if err != nil {
		return err
	}
	c, err := ssh.Dial("tcp", l.Addr, &ssh.ClientConfig{
		User:            l.User,
		Auth:            []ssh.AuthMethod{ssh.Password(l.Password)},
		HostKeyCallback: check,
		Config:          ssh.Config{KeyExchanges: []string{ssh.KeyExchangeDHGEXSHA256}},
		Timeout:         10 * time.Second,
	})
	if err != nil {
		return err
	}
	return c.Close()
}

// Two routers share one known_hosts file; each line pins its own address,
// so a file holding only the first router's line does not admit the second.
func TestLoopbackKnownHosts(t *testing.T) {
	a, b := startLoopback(t, context.Background()), startLoopback(t, context.Background())
	if !strings.HasPrefix(a.Addr, "127.0.0.1:") || a.Addr == b.Addr {
		t.Fatalf("addresses %s and %s", a.Addr, b.Addr)
	}
	dir := t.TempDir()
	onlyA, both := filepath.Join(dir, "only-a"), filepath.Join(dir, "both")
	for _, step := range []struct {
		l    *Loopback
		path string
	}{{a, onlyA}, {a, both}, {b, both}} {
		if err := step.l.AppendKnownHosts(step.path); err != nil {
			t.Fatal(err)
		}
	}
	if err := dialLoopback(a, both); err != nil {
		t.Errorf("router a: %v", err)
	}
	if err := dialLoopback(b, both); err != nil {
		t.Errorf("router b: %v", err)
	}
	var keyErr *knownhosts.KeyError
	if err := dialLoopback(b, onlyA); !errors.As(err, &keyErr) {
		t.Errorf("router b with only a's line: %v, want a knownhosts.KeyError", err)
	}
}

func TestLoopbackStops(t *testing.T) {
	kh := filepath.Join(t.TempDir(), "known_hosts")
	cases := []struct {
		name string
		stop func(l *Loopback, cancel context.CancelFunc)
	}{
		{"close", func(l *Loopback, _ context.CancelFunc) { l.Close() }},
		{"context", func(_ *Loopback, cancel context.CancelFunc) { cancel() }},
		{"copy", func(l *Loopback, _ context.CancelFunc) { c := *l; c.Addr = "elsewhere"; c.Close() }},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			l := startLoopback(t, ctx)
			if err := l.AppendKnownHosts(kh); err != nil {
				t.Fatal(err)
			}
			if err := dialLoopback(l, kh); err != nil {
				t.Fatalf("before stopping: %v", err)
			}
			tt.stop(l, cancel)
			done := make(chan error, 1)
			go func() { done <- l.Close() }()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Close: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Close did not return")
			}
			if err := l.Close(); err != nil {
				t.Errorf("second Close: %v", err)
			}
			if err := dialLoopback(l, kh); err == nil {
				t.Error("still serving after stopping")
			}
		})
	}
}

func TestStartLoopbackRefusesBadOptions(t *testing.T) {
	_, err := StartLoopback(context.Background(), seedScenario(t), WithHostKey(cachedKey(t)), WithDropAt("lunch"))
	if err == nil || !strings.Contains(err.Error(), `unknown drop point "lunch"`) {
		t.Errorf("err = %v", err)
	}
}

func TestAdminLogin(t *testing.T) {
	keyOnly := func(sc *scenario.Scenario) {
		sc.Router.Users = []scenario.User{{Name: "ops", Admin: true, AuthorizedKeys: []string{"ssh-ed25519 AAAA"}}, {Name: "viewer", Password: "v"}}
	}
	cases := []struct {
		name     string
		edit     func(*scenario.Scenario)
		opts     []Option
		wantUser string
		wantPass string
	}{
		{"seed", nil, nil, "admin", "ixpush-admin"},
		{"scenario's admin before added ones", nil, []Option{WithUser("root", "r", true)}, "admin", "ixpush-admin"},
		{"admin without password skipped", keyOnly, []Option{WithUser("root", "r", true)}, "root", "r"},
		{"no admin with a password", keyOnly, nil, "", ""},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			sc := seedScenario(t)
			if tt.edit != nil {
				tt.edit(sc)
			}
			s, err := New(sc, append([]Option{WithHostKey(cachedKey(t))}, tt.opts...)...)
			if err != nil {
				t.Fatal(err)
			}
			user, pass := s.AdminLogin()
			if d := cmp.Diff([2]string{tt.wantUser, tt.wantPass}, [2]string{user, pass}); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}
