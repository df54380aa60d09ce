package main

import (
	"context"
	"flag"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/peer"
	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

var (
	simKeyOnce sync.Once
	simKey     ssh.Signer
	simKeyErr  error
)

// cmdSimStart is the testscript command `sim-start [-break psk|aws-down]
// [-hold]`: it boots the seed scenario in-process on a loopback port for the
// rest of the script and sets SIM_HOST, SIM_PORT, SIM_USER, IXPUSH_PASSWORD
// and a known_hosts file at $WORK/known_hosts. -hold keeps configuration mode
// taken by an invisible other session.
func cmdSimStart(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("sim-start does not fail")
	}
	fs := flag.NewFlagSet("sim-start", flag.ContinueOnError)
	brk := fs.String("break", "", "psk or aws-down")
	hold := fs.Bool("hold", false, "hold configuration mode")
	if err := fs.Parse(args); err != nil {
		ts.Fatalf("sim-start: %v", err)
	}
	sc, err := scenario.Builtin("seed")
	ts.Check(err)
	opts := []ixsim.Option{}
	switch *brk {
	case "":
	case "psk":
		sc.AWS.Tunnels[1].PSK = "Another.Key_0123456789"
		opts = append(opts, ixsim.WithPeerOptions(peer.WithNegotiatingSAs(true)))
	case "aws-down":
		opts = append(opts, ixsim.WithAWSDown(0, 1))
	default:
		ts.Fatalf("sim-start: unknown -break %q", *brk)
	}
	if *hold {
		opts = append(opts, ixsim.WithConfigHeld())
	}
	simKeyOnce.Do(func() { simKey, simKeyErr = ixsim.GenerateHostKey() })
	ts.Check(simKeyErr)
	opts = append(opts, ixsim.WithScenario(sc), ixsim.WithHostKey(simKey))
	sim, err := ixsim.New(sc, opts...)
	ts.Check(err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sim.Serve(ctx, ln) }()
	ts.Defer(func() { cancel(); <-done })
	addr := ln.Addr().(*net.TCPAddr)
	kh := knownhosts.Line([]string{knownhosts.Normalize(addr.String())}, sim.HostKey())
	ts.Check(os.WriteFile(filepath.Join(ts.Getenv("WORK"), "known_hosts"), []byte(kh+"\n"), 0o600))
	for _, u := range sim.Users() {
		if u.Admin {
			ts.Setenv("SIM_USER", u.Name)
			ts.Setenv("IXPUSH_PASSWORD", u.Password)
			break
		}
	}
	ts.Setenv("SIM_HOST", addr.IP.String())
	ts.Setenv("SIM_PORT", strconv.Itoa(addr.Port))
}
