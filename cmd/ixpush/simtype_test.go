package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// cmdSimType is the testscript command `sim-type LINE...`: another engineer
// types LINEs in configuration mode on the running router, in a session of
// their own. A line the router refuses fails the script.
func cmdSimType(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: sim-type LINE...")
	}
	r := lastSim(ts, "sim-type")
	in := "configure\r" + strings.Join(args, "\r") + "\rconfigure\rexit\rexit\r"
	var out bytes.Buffer
	ts.Check(r.Sim.ServeStdio(context.Background(), r.User, strings.NewReader(in), &out))
	if m := regexp.MustCompile(`(?m)^% .*$`).FindString(out.String()); m != "" {
		ts.Fatalf("sim-type: the router refused: %s", m)
	}
}

// cmdSimRunning is the testscript command `sim-running FILE`: the running
// router's running-config, without the `! ...` header lines that change
// with the clock, written to FILE (for cmp).
func cmdSimRunning(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: sim-running FILE")
	}
	var body strings.Builder
	for _, l := range strings.SplitAfter(lastSim(ts, "sim-running").Sim.RunningConfig(), "\n") {
		if !strings.HasPrefix(l, "! ") {
			body.WriteString(l)
		}
	}
	ts.Check(os.WriteFile(filepath.Join(ts.Getenv("WORK"), args[0]), []byte(body.String()), 0o600))
}
