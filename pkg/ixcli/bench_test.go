package ixcli

import (
	"context"
	"io"
	"net"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/session"
)

// The speed targets (issue 5): through 20 ms of round-trip latency,
// synchronous pushing within 1.1 x (lines x RTT), stanza pipelining within
// 0.3 x that floor, a 3-show verify within 4 RTT + 5 ms. Benchmarks, not
// timed tests: the machine is shared.

const benchRTT = 20 * time.Millisecond

type latencyPath struct {
	name string
	// start returns the address to dial and the router behind it.
	start func(b *testing.B) (string, *ixsimtest.Router)
}

var latencyPaths = []latencyPath{
	{"ixsim-latency", func(b *testing.B) (string, *ixsimtest.Router) {
		r := ixsimtest.Start(b, ixsim.WithLatency(benchRTT/2, 0))
		return r.Addr, r
	}},
	{"tcp-proxy", func(b *testing.B) (string, *ixsimtest.Router) {
		r := ixsimtest.Start(b)
		return startDelayProxy(b, r.Addr, benchRTT/2).Addr, r
	}},
}

// measuredRTT times bare TCP round trips through a delay proxy like the
// one the benchmarks use: on a loaded machine it exceeds the nominal RTT,
// and "x-measured" divides by it to separate ixpush from the scheduler.
func measuredRTT(b *testing.B) time.Duration {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		io.Copy(c, c)
	}()
	p := startDelayProxy(b, ln.Addr().String(), benchRTT/2)
	c, err := net.Dial("tcp", p.Addr)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	buf := make([]byte, 1)
	const n = 20
	start := time.Now()
	for i := 0; i < n; i++ {
		c.Write([]byte{'x'})
		if _, err := io.ReadFull(c, buf); err != nil {
			b.Fatal(err)
		}
	}
	return time.Since(start) / n
}

func benchClient(b *testing.B, addr string, r *ixsimtest.Router, opts ...Option) *Client {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rr := *r
	rr.Addr = addr
	conn, err := session.Dial(ctx, addr, session.WithUser(r.User), session.WithPassword(r.Password),
		session.WithKnownHosts(simKnownHosts(b, &rr)), session.WithSSHConfig(""), session.WithAgent(false))
	if err != nil {
		b.Fatal(err)
	}
	c, err := Open(ctx, conn, opts...)
	if err != nil {
		b.Fatal(err)
	}
	if err := c.Prepare(ctx); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close(context.Background()) })
	return c
}

func BenchmarkConfigureSeed(b *testing.B) {
	n := 0
	for _, l := range seedLines {
		if l != "" {
			n++
		}
	}
	floor := time.Duration(n) * benchRTT
	for _, path := range latencyPaths {
		for _, mode := range []struct {
			name      string
			pipelined bool
		}{{"sync", false}, {"stanza-pipelined", true}} {
			b.Run(path.name+"/"+mode.name, func(b *testing.B) {
				addr, r := path.start(b)
				c := benchClient(b, addr, r, WithPipelining(mode.pipelined))
				ctx := context.Background()
				rtt := measuredRTT(b)
				b.ResetTimer()
				start := time.Now()
				for i := 0; i < b.N; i++ {
					// Re-entering the same lines overwrites them: every
					// iteration pushes and checks all of them.
					if _, err := c.Configure(ctx, seedLines); err != nil {
						b.Fatal(err)
					}
				}
				per := time.Since(start) / time.Duration(b.N)
				b.ReportMetric(float64(n), "lines")
				b.ReportMetric(float64(per)/float64(benchRTT)/float64(n), "rtt/line")
				b.ReportMetric(float64(per)/float64(floor), "x-floor")
				b.ReportMetric(float64(per)/float64(time.Duration(n)*rtt), "x-measured")
				if !c.Pipelining() && mode.pipelined {
					b.Fatal("fell back to synchronous mode")
				}
			})
		}
	}
}

func BenchmarkVerify3Shows(b *testing.B) {
	cmds := []string{"show ike sa", "show ipsec sa", "show ip bgp"}
	for _, path := range latencyPaths {
		for _, mode := range []string{"ShowAll", "Show-each"} {
			b.Run(path.name+"/"+mode, func(b *testing.B) {
				addr, r := path.start(b)
				c := benchClient(b, addr, r)
				ctx := context.Background()
				if _, err := c.Configure(ctx, seedLines); err != nil {
					b.Fatal(err)
				}
				b.ResetTimer()
				start := time.Now()
				for i := 0; i < b.N; i++ {
					if mode == "ShowAll" {
						if _, err := c.ShowAll(ctx, cmds...); err != nil {
							b.Fatal(err)
						}
						continue
					}
					for _, cmd := range cmds {
						if _, err := c.Show(ctx, cmd); err != nil {
							b.Fatal(err)
						}
					}
				}
				per := time.Since(start) / time.Duration(b.N)
				b.ReportMetric(float64(per)/float64(benchRTT), "rtts")
				b.ReportMetric(float64(per-4*benchRTT)/float64(time.Millisecond), "ms-over-4rtt")
			})
		}
	}
}

func BenchmarkConnectPrepare(b *testing.B) {
	for _, path := range latencyPaths {
		b.Run(path.name, func(b *testing.B) {
			addr, r := path.start(b)
			rr := *r
			rr.Addr = addr
			kh := simKnownHosts(b, &rr)
			ctx := context.Background()
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				conn, err := session.Dial(ctx, addr, session.WithUser(r.User), session.WithPassword(r.Password),
					session.WithKnownHosts(kh), session.WithSSHConfig(""), session.WithAgent(false))
				if err != nil {
					b.Fatal(err)
				}
				c, err := Open(ctx, conn)
				if err != nil {
					b.Fatal(err)
				}
				if err := c.Prepare(ctx); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				c.Close(ctx)
				b.StartTimer()
			}
			per := time.Since(start) / time.Duration(b.N)
			b.ReportMetric(float64(per)/float64(benchRTT), "rtts")
		})
	}
}
