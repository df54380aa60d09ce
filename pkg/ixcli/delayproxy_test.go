package ixcli

import (
	"io"
	"net"
	"sync"
	"testing"
	"time"
)

// delayProxy forwards TCP to target, holding every chunk for delay in each
// direction (so a round trip costs 2*delay), in order, without throttling.
type delayProxy struct {
	Addr  string
	ln    net.Listener
	delay time.Duration
	wg    sync.WaitGroup
}

func startDelayProxy(tb testing.TB, target string, delay time.Duration) *delayProxy {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	p := &delayProxy{Addr: ln.Addr().String(), ln: ln, delay: delay}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			d, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.wg.Add(2)
			go func() { defer p.wg.Done(); p.pump(d, c) }()
			go func() { defer p.wg.Done(); p.pump(c, d) }()
		}
	}()
	tb.Cleanup(func() { ln.Close(); p.wg.Wait() })
	return p
}

type chunk struct {
	due  time.Time
	data []byte
}

// pump copies src to dst, each chunk delivered p.delay after it was read.
func (p *delayProxy) pump(dst, src net.Conn) {
	q := make(chan chunk, 1024)
	go func() {
		defer close(q)
		for {
			buf := make([]byte, 32*1024)
			n, err := src.Read(buf)
			if n > 0 {
				q <- chunk{time.Now().Add(p.delay), buf[:n]}
			}
			if err != nil {
				return
			}
		}
	}()
	for c := range q {
		time.Sleep(time.Until(c.due))
		if _, err := dst.Write(c.data); err != nil {
			break
		}
	}
	for range q { // drain so the reader can finish
	}
	if tc, ok := dst.(*net.TCPConn); ok {
		tc.CloseWrite()
	}
	src.Close()
	io.Copy(io.Discard, src)
}
