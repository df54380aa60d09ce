package session

import (
	"context"
	"errors"
	"time"
)

// stream is what a Shell needs of its expect engine: the bytes the device
// sends, a way to send it bytes, and the end of the session. goexpect.go
// implements it; no other file knows the engine.
type stream interface {
	// next returns the next bytes the device sent, waiting until some come.
	// It fails with errStall when stall > 0 passes without a byte, with
	// ctx's error (context.DeadlineExceeded as its deadline passes), and
	// with io.EOF once the session has ended and every byte was returned.
	// After the end it never waits.
	next(ctx context.Context, stall time.Duration) ([]byte, error)
	// send writes s to the device; errEnded once the session is over or
	// close was called.
	send(s string) error
	// close ends the session without waiting for the server.
	close() error
	// ended is closed when the session has ended (the server closed it, or
	// it was closed here); exitErr then says how.
	ended() <-chan struct{}
	exitErr() error
}

var (
	errStall = errors.New("stalled")
	errEnded = errors.New("session over")
)
