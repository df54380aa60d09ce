package main

import (
	"context"
	"strconv"
	"sync"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/ixpush/ixpush/pkg/ixsim"
)

// runningSims is the router each script's last sim-start booted, by the
// script's $WORK.
var runningSims sync.Map

func rememberSim(ts *testscript.TestScript, r *ixsim.Loopback) {
	work := ts.Getenv("WORK")
	runningSims.Store(work, r)
	ts.Defer(func() { runningSims.Delete(work) })
}

func lastSim(ts *testscript.TestScript, cmd string) *ixsim.Loopback {
	r, ok := runningSims.Load(ts.Getenv("WORK"))
	if !ok {
		ts.Fatalf("%s: no sim-start before it", cmd)
	}
	return r.(*ixsim.Loopback)
}

// cmdSimHold is the testscript command `sim-hold`: an invisible other
// session takes configuration mode on the running router (as an engineer
// in the middle of an edit) for the rest of the script.
func cmdSimHold(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: sim-hold")
	}
	release := lastSim(ts, "sim-hold").Sim.HoldConfig(context.Background())
	ts.Defer(release)
}

// cmdSimAWSDown is the testscript command `sim-aws-down TUNNEL...`: the AWS
// side of those tunnels (0, 1) goes down on the running router.
func cmdSimAWSDown(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: sim-aws-down TUNNEL...")
	}
	r := lastSim(ts, "sim-aws-down")
	for _, a := range args {
		n, err := strconv.Atoi(a)
		if err != nil || n < 0 || n > 1 {
			ts.Fatalf("sim-aws-down: tunnel %q: want 0 or 1", a)
		}
		r.Sim.SetAWSDown(n, true)
	}
}
