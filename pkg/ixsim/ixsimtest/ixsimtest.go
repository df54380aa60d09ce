// Package ixsimtest starts simulated IX routers for tests: on 127.0.0.1:0,
// with the seed scenario unless told otherwise, stopped when the test ends.
package ixsimtest

import (
	"context"
	"net"
	"sync"
	"testing"

	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
	"golang.org/x/crypto/ssh"
)

// Router is one running simulated router.
type Router struct {
	Addr     string // host:port
	User     string // the scenario's first admin login
	Password string
	HostKey  ssh.PublicKey
	Sim      *ixsim.Sim
}

var (
	keyOnce sync.Once
	key     ssh.Signer
	keyErr  error
)

// HostKey is the RSA host key every router started here shares unless a
// test passes ixsim.WithHostKey (generating 2048-bit keys per test is slow).
func HostKey(t testing.TB) ssh.Signer {
	t.Helper()
	keyOnce.Do(func() { key, keyErr = ixsim.GenerateHostKey() })
	if keyErr != nil {
		t.Fatalf("ixsimtest: %v", keyErr)
	}
	return key
}

// WithScenario starts the named built-in scenario, or the scenario file at
// that path, instead of seed.
func WithScenario(t testing.TB, nameOrPath string) ixsim.Option {
	t.Helper()
	sc, err := scenario.Builtin(nameOrPath)
	if err != nil {
		sc, err = scenario.Load(nameOrPath)
	}
	if err != nil {
		t.Fatalf("ixsimtest: scenario %q: %v", nameOrPath, err)
	}
	return ixsim.WithScenario(sc)
}

// Start boots a router (seed scenario by default) and serves SSH on a
// loopback port until the test ends.
func Start(t testing.TB, opts ...ixsim.Option) *Router {
	t.Helper()
	sc, err := scenario.Builtin("seed")
	if err != nil {
		t.Fatalf("ixsimtest: %v", err)
	}
	all := append([]ixsim.Option{ixsim.WithHostKey(HostKey(t))}, opts...)
	sim, err := ixsim.New(sc, all...)
	if err != nil {
		t.Fatalf("ixsimtest: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("ixsimtest: listen: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sim.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("ixsimtest: serve: %v", err)
		}
	})
	r := &Router{Addr: ln.Addr().String(), HostKey: sim.HostKey(), Sim: sim}
	for _, u := range sim.Users() {
		if u.Admin && u.Password != "" {
			r.User, r.Password = u.Name, u.Password
			break
		}
	}
	return r
}
