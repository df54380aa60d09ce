package ixsim

import (
	"context"
	"errors"
	"io"
	"sync"
)

// ServeStdio runs one CLI session for user over in/out, for a real sshd's
// ForceCommand. The router does its own echo and CRLF as over an SSH pty, so
// a terminal on in must be in raw mode (the caller's job). It returns nil at
// logout, end of input or a drop fault, and when ctx ends.
func (s *Sim) ServeStdio(ctx context.Context, user string, in io.Reader, out io.Writer) error {
	u, ok := s.user(user)
	if !ok {
		return &UserError{User: user, Scenario: s.sc.Name}
	}
	killed := make(chan struct{})
	var once sync.Once
	kill := func() {
		once.Do(func() {
			close(killed)
			if c, ok := in.(io.Closer); ok {
				c.Close()
			}
		})
	}
	done := make(chan error, 1)
	go func() { done <- s.runSession(ctx, u, in, out, kill, false) }()
	var err error
	select {
	case err = <-done:
	case <-killed:
		// A read blocked on a stdin that cannot be closed must not keep the
		// process alive after a drop or ctx end.
	}
	if err == nil || errors.Is(err, errDropped) || errors.Is(err, io.EOF) {
		return nil
	}
	return err
}
