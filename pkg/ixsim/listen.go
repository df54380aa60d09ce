package ixsim

import (
	"context"
	"fmt"
	"io"
	"net"
	"strconv"

	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

// Fleet is a fleet of routers serving SSH, one per port (see ListenFleet).
type Fleet struct {
	Routers []Endpoint // in fleet order
	Sims    []*Sim     // Sims[i] serves Routers[i]

	stop context.CancelFunc
	done chan struct{} // closed when every router has stopped serving
	err  error         // the first error a router's Serve returned; read after done
}

// Endpoint is how to reach one router of a fleet, in the shape
// the result of each line `ixpush sim --json` prints. The login is the simulator's own test account
// (AdminLogin), so printing its password is fine.
type Endpoint struct {
	Router   int    `json:"router"` // 1-based position in the fleet
	Addr     string `json:"addr"`   // host:port
	User     string `json:"user"`
	Password string `json:"password"`
	HostKey  string `json:"host_key_sha256"` // ssh.FingerprintSHA256
}

// ListenFleet boots n routers from sc (as NewFleet: one host key unless
// WithHostKey gives one) and serves them on consecutive ports from listen's,
// or on n ports the kernel picks when listen's port is 0, until ctx ends or
// Close is called. A listen address it cannot use is an *AddrError; like the
// other errors of what was asked for, it wraps ErrInvalid. A port already in
// use is not: it names the router.
func ListenFleet(ctx context.Context, sc *scenario.Scenario, n int, listen string, opts ...Option) (*Fleet, error) {
	host, portText, err := net.SplitHostPort(listen)
	if err != nil {
		return nil, &AddrError{Addr: listen, Err: err}
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port < 0 || port > 65535 || (port > 0 && port+n-1 > 65535) {
		return nil, &AddrError{Addr: listen, Err: fmt.Errorf("port must be 0 or leave room for %d routers below 65536", n)}
	}
	sims, err := NewFleet(sc, n, opts...)
	if err != nil {
		return nil, err
	}
	lns := make([]net.Listener, 0, n)
	var lc net.ListenConfig
	for i := range sims {
		p := 0
		if port > 0 {
			p = port + i
		}
		ln, err := lc.Listen(ctx, "tcp", net.JoinHostPort(host, strconv.Itoa(p)))
		if err != nil {
			for _, ln := range lns {
				ln.Close()
			}
			return nil, fmt.Errorf("router %d: %w", i+1, err)
		}
		lns = append(lns, ln)
	}
	ctx, stop := context.WithCancel(ctx)
	f := &Fleet{Sims: sims, stop: stop, done: make(chan struct{})}
	errs := make(chan error, n)
	for i, s := range sims {
		user, password := s.AdminLogin()
		f.Routers = append(f.Routers, Endpoint{Router: i + 1, Addr: lns[i].Addr().String(),
			User: user, Password: password, HostKey: s.HostKeyFingerprint()})
		go func() {
			err := s.Serve(ctx, lns[i])
			lns[i].Close() // Serve leaves it open when it fails before accepting
			errs <- err
		}()
	}
	go func() {
		defer close(f.done)
		for range sims {
			if err := <-errs; err != nil && f.err == nil {
				f.err = err
			}
		}
	}()
	return f, nil
}

// Wait blocks until every router has stopped serving (ctx ended or Close was
// called) and returns the first error a router had. A router whose listener
// fails stops alone: the others keep their sessions.
func (f *Fleet) Wait() error {
	<-f.done
	return f.err
}

// Close stops every router, drops their sessions and returns what Wait
// returns.
func (f *Fleet) Close() error {
	f.stop()
	return f.Wait()
}

// WriteText writes one line telling a person how to log in.
func (e Endpoint) WriteText(w io.Writer) error {
	host, port, _ := net.SplitHostPort(e.Addr)
	_, err := fmt.Fprintf(w, "router %d: ssh %s@%s (port %s) password %s host key %s\n", e.Router, e.User, host, port, e.Password, e.HostKey)
	return err
}
