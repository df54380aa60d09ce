// Package ixsimtest starts simulated IX routers for tests: on 127.0.0.1:0,
// with the seed scenario unless told otherwise, stopped when the test ends.
package ixsimtest

import (
	"context"
	"sync"
	"testing"

	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
	"golang.org/x/crypto/ssh"
)

// Router is one running simulated router: its address, the scenario's
// first admin login with a password, its host key and the Sim itself.
type Router = ixsim.Loopback

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
	sc, err := scenario.Open(nameOrPath)
	if err != nil {
		t.Fatalf("ixsimtest: scenario %q: %v", nameOrPath, err)
	}
	return ixsim.WithScenario(sc)
}

// DefaultTimeScale is how much faster than a real IX the routers started
// here run the scenario's timeline unless a test passes its own
// ixsim.WithTimeScale: the seed's realistic ~93 s bring-up takes under a
// second, DPD and hold-time teardown (30 s) 0.3 s. It replaces the
// scenario's timing.time_scale.
const DefaultTimeScale = 100

// Start boots a router (seed scenario by default, its timeline run
// DefaultTimeScale times faster) and serves SSH on a loopback port until the
// test ends.
func Start(t testing.TB, opts ...ixsim.Option) *Router {
	t.Helper()
	sc, err := scenario.Builtin("seed")
	if err != nil {
		t.Fatalf("ixsimtest: %v", err)
	}
	r, err := ixsim.StartLoopback(context.Background(), sc, append([]ixsim.Option{ixsim.WithHostKey(HostKey(t)), ixsim.WithTimeScale(DefaultTimeScale)}, opts...)...)
	if err != nil {
		t.Fatalf("ixsimtest: %v", err)
	}
	t.Cleanup(func() {
		if err := r.Close(); err != nil {
			t.Errorf("ixsimtest: serve: %v", err)
		}
	})
	return r
}
