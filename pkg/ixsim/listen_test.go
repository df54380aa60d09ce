package ixsim_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/crypto/ssh"

	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

func seed(t *testing.T) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Builtin("seed")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// dialEndpoint logs in with what the endpoint says, pinning its fingerprint.
func dialEndpoint(e ixsim.Endpoint) error {
	c, err := ssh.Dial("tcp", e.Addr, &ssh.ClientConfig{
		User: e.User,
		Auth: []ssh.AuthMethod{ssh.Password(e.Password)},
		HostKeyCallback: func(_ string, _ net.Addr, key ssh.PublicKey) error {
			if got := ssh.FingerprintSHA256(key); got != e.HostKey {
				return fmt.Errorf("host key %s, endpoint says %s", got, e.HostKey)
			}
			return nil
		},
		Config:  ssh.Config{KeyExchanges: []string{ssh.KeyExchangeDHGEXSHA256}},
		Timeout: 10 * time.Second,
	})
	if err != nil {
		return err
	}
	return c.Close()
}

func TestListenFleetServesEveryRouter(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f, err := ixsim.ListenFleet(ctx, seed(t), 3, "127.0.0.1:0", ixsim.WithHostKey(ixsimtest.HostKey(t)))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Routers) != 3 || len(f.Sims) != 3 {
		t.Fatalf("%d routers, %d sims; want 3 each", len(f.Routers), len(f.Sims))
	}
	fp := ssh.FingerprintSHA256(ixsimtest.HostKey(t).PublicKey())
	seen := map[string]bool{}
	for i, r := range f.Routers {
		want := ixsim.Endpoint{Router: i + 1, Addr: r.Addr, User: "admin", Password: "ixpush-admin", HostKey: fp}
		if diff := cmp.Diff(want, r); diff != "" || !strings.HasPrefix(r.Addr, "127.0.0.1:") || seen[r.Addr] {
			t.Errorf("router %d: %+v (-want +got):\n%s", i+1, r, diff)
		}
		seen[r.Addr] = true
		if err := dialEndpoint(r); err != nil {
			t.Errorf("router %d: %v", i+1, err)
		}
	}
	if f.Sims[0] == f.Sims[1] || f.Sims[1] == f.Sims[2] {
		t.Error("routers share a Sim")
	}

	cancel()
	done := make(chan error, 1)
	go func() { done <- f.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Wait after ctx end: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Wait did not return after ctx ended")
	}
	if err := dialEndpoint(f.Routers[0]); err == nil {
		t.Error("router 1 still serves after ctx ended")
	}
}

// A port given is the first of consecutive ones.
func TestListenFleetConsecutivePorts(t *testing.T) {
	var last error
	// Another process can take a port between probing and listening: retry
	// a few bases before calling it a failure.
	for range 5 {
		probe, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		base := probe.Addr().(*net.TCPAddr).Port
		probe.Close()
		if base > 65533 {
			continue
		}
		f, err := ixsim.ListenFleet(context.Background(), seed(t), 2, "127.0.0.1:"+strconv.Itoa(base), ixsim.WithHostKey(ixsimtest.HostKey(t)))
		if err != nil {
			last = err
			continue
		}
		defer f.Close()
		want := []string{fmt.Sprintf("127.0.0.1:%d", base), fmt.Sprintf("127.0.0.1:%d", base+1)}
		got := []string{f.Routers[0].Addr, f.Routers[1].Addr}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("addresses (-want +got):\n%s", diff)
		}
		return
	}
	t.Fatalf("no free pair of ports: %v", last)
}

func TestListenFleetClose(t *testing.T) {
	f, err := ixsim.ListenFleet(context.Background(), seed(t), 1, "127.0.0.1:0", ixsim.WithHostKey(ixsimtest.HostKey(t)))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := dialEndpoint(f.Routers[0]); err == nil {
		t.Error("router still serves after Close")
	}
}

func TestListenFleetBadInput(t *testing.T) {
	for _, tc := range []struct {
		name, listen string
		n            int
		want         string
	}{
		{"no port", "nope", 1, `ixsim: listen "nope": address nope: missing port in address`},
		{"port not a number", "127.0.0.1:ssh", 1, `ixsim: listen "127.0.0.1:ssh": port must be 0 or leave room for 1 routers below 65536`},
		{"negative port", "127.0.0.1:-1", 1, `ixsim: listen "127.0.0.1:-1": port must be 0 or leave room for 1 routers below 65536`},
		{"port too large", "127.0.0.1:65536", 1, `ixsim: listen "127.0.0.1:65536": port must be 0 or leave room for 1 routers below 65536`},
		{"no room for the fleet", "127.0.0.1:65535", 2, `ixsim: listen "127.0.0.1:65535": port must be 0 or leave room for 2 routers below 65536`},
		{"no routers", "127.0.0.1:0", 0, `ixsim: fleet of 0 routers: need at least one`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := ixsim.ListenFleet(context.Background(), seed(t), tc.n, tc.listen, ixsim.WithHostKey(ixsimtest.HostKey(t)))
			if err == nil {
				f.Close()
				t.Fatal("no error")
			}
			if err.Error() != tc.want || !errors.Is(err, ixsim.ErrInvalid) {
				t.Errorf("err = %v (invalid input: %v), want %s", err, errors.Is(err, ixsim.ErrInvalid), tc.want)
			}
		})
	}
	var addr *ixsim.AddrError
	_, err := ixsim.ListenFleet(context.Background(), seed(t), 1, "nope")
	if !errors.As(err, &addr) || addr.Addr != "nope" || addr.Err.Error() != "address nope: missing port in address" {
		t.Errorf("err = %#v, want an *AddrError for nope", err)
	}
}

// A port already taken is the machine's problem, not bad input, and names
// the router that could not listen.
func TestListenFleetPortInUse(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	_, err = ixsim.ListenFleet(context.Background(), seed(t), 1, taken.Addr().String(), ixsim.WithHostKey(ixsimtest.HostKey(t)))
	if err == nil || errors.Is(err, ixsim.ErrInvalid) || !strings.HasPrefix(err.Error(), "router 1: ") {
		t.Errorf("err = %v, want router 1's listen error, not invalid input", err)
	}
}

func TestEndpointWriteText(t *testing.T) {
	e := ixsim.Endpoint{Router: 2, Addr: "127.0.0.1:2223", User: "admin", Password: "ixpush-admin", HostKey: "SHA256:abc"}
	var b bytes.Buffer
	if err := e.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	want := "router 2: ssh admin@127.0.0.1 (port 2223) password ixpush-admin host key SHA256:abc\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
