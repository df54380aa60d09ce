package ixsim

import (
	"context"
	"fmt"
	"os"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

// Loopback is a simulated router serving SSH on a loopback port, with what a
// client needs to reach it: the address, a login and the host key to pin.
// The demo and ixsimtest start routers this way, and `ixpush sim` through
// the same ListenFleet, so they agree on which account is the login and how
// the key is pinned.
type Loopback struct {
	Addr     string // 127.0.0.1:port
	User     string // AdminLogin's account; empty when the scenario has none
	Password string
	HostKey  ssh.PublicKey
	Sim      *Sim

	// fleet is shared, so a copy of a Loopback (tests copy it to point a
	// client elsewhere) closes the same server.
	fleet *Fleet
}

// StartLoopback boots a router from sc (WithScenario replaces it, as for
// New) and serves SSH on 127.0.0.1 at a port the kernel picks, until ctx
// ends or Close is called.
func StartLoopback(ctx context.Context, sc *scenario.Scenario, opts ...Option) (*Loopback, error) {
	f, err := ListenFleet(ctx, sc, 1, "127.0.0.1:0", opts...)
	if err != nil {
		return nil, err
	}
	r, sim := f.Routers[0], f.Sims[0]
	return &Loopback{Addr: r.Addr, User: r.User, Password: r.Password, HostKey: sim.HostKey(), Sim: sim, fleet: f}, nil
}

// KnownHostsLine is the known_hosts entry that pins the router's host key
// at its address (a non-22 port is written [127.0.0.1]:port, as OpenSSH does).
func (l *Loopback) KnownHostsLine() string {
	return knownhosts.Line([]string{knownhosts.Normalize(l.Addr)}, l.HostKey)
}

// AppendKnownHosts adds KnownHostsLine to the file at path, creating it with
// mode 0600, so that several routers can share one file.
func (l *Loopback) AppendKnownHosts(path string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("ixsim: known_hosts: %w", err)
	}
	_, err = f.WriteString(l.KnownHostsLine() + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("ixsim: known_hosts: %w", err)
	}
	return nil
}

// Close stops serving, drops every session, waits for them to end and
// returns what Serve returned; later calls return the same.
func (l *Loopback) Close() error { return l.fleet.Close() }

// AdminLogin is the router's first admin account that has a password (the
// scenario's users, then those added with WithUser): the login the
// simulator's helpers hand out. It is the simulator's own test account, so
// printing it is fine; the tool's secrets are another matter.
func (s *Sim) AdminLogin() (user, password string) {
	for _, u := range s.users {
		if u.Admin && u.Password != "" {
			return u.Name, u.Password
		}
	}
	return "", ""
}
