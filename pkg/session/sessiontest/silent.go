package sessiontest

import (
	"fmt"
	"io"
	"net"
)

// Silent is a TCP listener on a loopback port that accepts connections and
// then says nothing but its greeting (none by default): an SSH daemon that
// is wedged, or a port that is not SSH at all. Every connection stays open
// until Close.
type Silent struct {
	ln   net.Listener
	done chan struct{}
}

// StartSilent listens on 127.0.0.1:0 and writes greeting to each
// connection it accepts.
func StartSilent(greeting string) (*Silent, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("sessiontest: silent listener: %w", err)
	}
	s := &Silent{ln: ln, done: make(chan struct{})}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				io.WriteString(c, greeting)
				go io.Copy(io.Discard, c)
				<-s.done
			}()
		}
	}()
	return s, nil
}

// Addr is host:port.
func (s *Silent) Addr() string { return s.ln.Addr().String() }

// Close stops listening and drops every connection.
func (s *Silent) Close() {
	close(s.done)
	s.ln.Close()
}
