package main

import (
	"io"
	"net"

	"github.com/rogpeppe/go-internal/testscript"
)

// cmdSilentListen is the testscript command `silent-listen`: a TCP
// listener on a loopback port that accepts connections and never says a
// word (a wedged SSH daemon, a port that is not SSH), for the rest of the
// script. It sets SILENT_HOST and SILENT_PORT.
func cmdSilentListen(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) > 0 {
		ts.Fatalf("usage: silent-listen")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	done := make(chan struct{})
	ts.Defer(func() { close(done); ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				go io.Copy(io.Discard, c)
				<-done
			}()
		}
	}()
	host, port, err := net.SplitHostPort(ln.Addr().String())
	ts.Check(err)
	ts.Setenv("SILENT_HOST", host)
	ts.Setenv("SILENT_PORT", port)
}
