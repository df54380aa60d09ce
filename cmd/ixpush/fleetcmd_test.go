package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

// cmdSimFleet is the testscript command `sim-fleet N`: it serves N seed
// routers in-process on loopback ports for the rest of the script, records
// their host key in $WORK/known_hosts, sets IXPUSH_PASSWORD and writes
// $WORK/inventory.yaml naming them r01..rNN, each in group odd or even.
func cmdSimFleet(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: sim-fleet N")
	}
	n, err := strconv.Atoi(args[0])
	if err != nil || n < 1 {
		ts.Fatalf("sim-fleet: %q is not a router count", args[0])
	}
	fleet, err := listenFleet(n, ts.Getenv("WORK"), ts.Getenv("FIXTURES"))
	ts.Check(err)
	ts.Defer(func() { fleet.Close() })
	ts.Setenv("IXPUSH_PASSWORD", fleet.Routers[0].Password)
}

// listenFleet starts n seed routers with the tests' host key and writes
// dir/inventory.yaml and dir/known_hosts for them (writeFleetInventory).
func listenFleet(n int, dir, fixtures string, opts ...ixsim.Option) (*ixsim.Fleet, error) {
	sc, err := scenario.Builtin("seed")
	if err != nil {
		return nil, err
	}
	simKeyOnce.Do(func() { simKey, simKeyErr = ixsim.GenerateHostKey() })
	if simKeyErr != nil {
		return nil, simKeyErr
	}
	fleet, err := ixsim.ListenFleet(context.Background(), sc, n, "127.0.0.1:0", append([]ixsim.Option{ixsim.WithHostKey(simKey)}, opts...)...)
	if err != nil {
		return nil, err
	}
	if err := writeFleetInventory(dir, fixtures, fleet); err != nil {
		fleet.Close()
		return nil, err
	}
	return fleet, nil
}

// writeFleetInventory writes dir/inventory.yaml naming the fleet's routers
// r01..rNN (groups odd and even), its password in $IXPUSH_PASSWORD, and
// dir/known_hosts with their host key.
func writeFleetInventory(dir, fixtures string, fleet *ixsim.Fleet) error {
	var hosts, inv strings.Builder
	fmt.Fprintf(&inv, "defaults:\n  router: {user: %s, password_env: IXPUSH_PASSWORD, known_hosts: known_hosts}\n"+
		"  aws: {file: %s}\n  lan: [192.168.2.0/24]\n  vpc: [172.31.0.0/16]\n  plan: {wan_ip: 192.168.1.10}\n"+
		"groups:\n  odd: {}\n  even: {}\nsites:\n",
		fleet.Routers[0].User, filepath.Join(fixtures, "aws", "seed-cisco.txt"))
	for i, r := range fleet.Routers {
		host, port, err := net.SplitHostPort(r.Addr)
		if err != nil {
			return err
		}
		group := "odd"
		if (i+1)%2 == 0 {
			group = "even"
		}
		fmt.Fprintf(&inv, "  r%02d: {groups: [%s], router: {host: %s, port: %s}}\n", i+1, group, host, port)
		hosts.WriteString(knownhosts.Line([]string{knownhosts.Normalize(r.Addr)}, simKey.PublicKey()) + "\n")
	}
	if err := os.WriteFile(filepath.Join(dir, "known_hosts"), []byte(hosts.String()), 0o600); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "inventory.yaml"), []byte(inv.String()), 0o600)
}
