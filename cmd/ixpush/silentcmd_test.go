package main

import (
	"net"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/ixpush/ixpush/pkg/session/sessiontest"
)

// cmdSilentListen is the testscript command `silent-listen`: a TCP
// listener on a loopback port that accepts connections and never says a
// word (a wedged SSH daemon, a port that is not SSH), for the rest of the
// script. It sets SILENT_HOST and SILENT_PORT.
func cmdSilentListen(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) > 0 {
		ts.Fatalf("usage: silent-listen")
	}
	sl, err := sessiontest.StartSilent("")
	ts.Check(err)
	ts.Defer(sl.Close)
	host, port, err := net.SplitHostPort(sl.Addr())
	ts.Check(err)
	ts.Setenv("SILENT_HOST", host)
	ts.Setenv("SILENT_PORT", port)
}
