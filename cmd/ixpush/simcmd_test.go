package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/crypto/ssh"

	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/ixsim/peer"
	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

var (
	simKeyOnce sync.Once
	simKey     ssh.Signer
	simKeyErr  error
)

// cmdSimStart is the testscript command `sim-start [-break psk|aws-down]
// [-hold] [-stall N] [-site NAME]`: it boots the seed scenario in-process on
// a loopback port for the rest of the script, sets SIM_HOST, SIM_PORT,
// SIM_USER and IXPUSH_PASSWORD, and adds the host key to $WORK/known_hosts.
// -hold keeps configuration mode taken by an invisible other session.
// -stall N makes the router stop answering, connection open, after the
// N-th command line it executes (ixsim.WithStallAfter: counted across
// sessions, once). -site writes $WORK/NAME.yaml, a site file for this
// router (for fleets).
func cmdSimStart(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("sim-start does not fail")
	}
	fs := flag.NewFlagSet("sim-start", flag.ContinueOnError)
	brk := fs.String("break", "", "psk or aws-down")
	hold := fs.Bool("hold", false, "hold configuration mode")
	stall := fs.Int("stall", 0, "stop answering after the N-th command line (0: never)")
	siteName := fs.String("site", "", "write $WORK/NAME.yaml for this router")
	notice := fs.String("notice", "", "PREFIX=LINE: print LINE after each command line starting with PREFIX")
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
	if *notice != "" {
		prefix, line, ok := strings.Cut(*notice, "=")
		if !ok {
			ts.Fatalf("sim-start: -notice %q: want PREFIX=LINE", *notice)
		}
		opts = append(opts, ixsim.WithNotice(prefix, line))
	}
	if *stall < 0 {
		ts.Fatalf("sim-start: -stall %d: want a command count, 0 for none", *stall)
	}
	if *stall > 0 {
		opts = append(opts, ixsim.WithStallAfter(*stall))
	}
	simKeyOnce.Do(func() { simKey, simKeyErr = ixsim.GenerateHostKey() })
	ts.Check(simKeyErr)
	opts = append(opts, ixsim.WithScenario(sc), ixsim.WithHostKey(simKey), ixsim.WithTimeScale(ixsimtest.DefaultTimeScale))
	r, err := ixsim.StartLoopback(context.Background(), sc, opts...)
	ts.Check(err)
	ts.Defer(func() { r.Close() })
	rememberSim(ts, r) // for sim-hold and sim-aws-down
	ts.Check(r.AppendKnownHosts(filepath.Join(ts.Getenv("WORK"), "known_hosts")))
	ts.Setenv("SIM_USER", r.User)
	ts.Setenv("IXPUSH_PASSWORD", r.Password)
	host, port, err := net.SplitHostPort(r.Addr)
	ts.Check(err)
	ts.Setenv("SIM_HOST", host)
	ts.Setenv("SIM_PORT", port)
	if *siteName != "" {
		site := fmt.Sprintf("name: %s\nrouter:\n  host: %s\n  port: %s\n  user: %s\n  password_env: IXPUSH_PASSWORD\n  known_hosts: known_hosts\n"+
			"lan: [192.168.2.0/24]\nvpc: [172.31.0.0/16]\nplan:\n  wan_ip: 192.168.1.10\n", *siteName, host, port, r.User)
		ts.Check(os.WriteFile(filepath.Join(ts.Getenv("WORK"), *siteName+".yaml"), []byte(site), 0o600))
	}
}
