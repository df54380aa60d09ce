package session

import (
	"context"
	"errors"
	"io"
	"regexp"
	"sync/atomic"
	"time"

	expect "github.com/google/goexpect"
	"golang.org/x/crypto/ssh"
)

// This file is the only one that knows goexpect: it adapts
// github.com/google/goexpect's GExpect to the stream a Shell reads and
// writes, and holds every workaround goexpect needs.

const (
	// defaultCheckDuration is goexpect's fallback poll. Its reader wakes a
	// waiting ExpectSwitchCase with a send that is dropped when nobody is
	// listening at that instant, and the waiter then finds the bytes only
	// at its next tick: goexpect's own default (2s) would add that much to
	// a reply now and then, while a 2ms tick costs nothing measurable.
	defaultCheckDuration = 2 * time.Millisecond
	// ctxSlice bounds one goexpect wait: ExpectSwitchCase takes a duration,
	// not a ctx, so a ctx cancelled without a deadline (Ctrl-C) is noticed
	// within one slice. 50ms is below what a person notices, and long enough
	// that slicing an idle wait costs nothing.
	ctxSlice = 50 * time.Millisecond
	// sendTimeout bounds one goexpect Send, which hands the bytes to a
	// writer goroutine over an unbuffered channel that nobody reads once
	// the session has ended. A write to a live session takes milliseconds,
	// so only a wedged one ever reaches a minute.
	sendTimeout = time.Minute
	// fallbackWait is goexpect's wait for a call that gives none (a negative
	// timeout). next always gives one, so it never applies; SpawnGeneric
	// only needs it positive.
	fallbackWait = time.Minute
)

// anyByte makes ExpectSwitchCase return as soon as anything arrived: the
// shell does its own matching on a screen, not on goexpect's buffer.
var anyByte = regexp.MustCompile(`(?s).`)

// goexpectStream drives the stdin and stdout of an ssh.Session with a shell
// on it through goexpect.
type goexpectStream struct {
	e       *expect.GExpect
	any     []expect.Caser
	closing atomic.Bool
	done    chan struct{}
	err     error // the session's Wait result; set before done is closed
}

func startGoexpect(sess *ssh.Session, in io.WriteCloser, out io.Reader, check time.Duration) (*goexpectStream, error) {
	g := &goexpectStream{done: make(chan struct{}), any: []expect.Caser{&expect.Case{R: anyByte}}}
	// SpawnGeneric rather than SpawnSSHPTY: the latter's liveness check
	// sends an SSH request on every poll tick.
	e, errCh, err := expect.SpawnGeneric(&expect.GenOptions{
		In:    in,
		Out:   out,
		Wait:  sess.Wait,
		Close: sess.Close,
		// goexpect checks liveness after every read and write and, told the
		// session is dead, drops the bytes just read, stops its writer and
		// logs to the standard logger. The end is learnt from Wait instead
		// (errCh), so the check never reports one.
		Check: func() bool { return true },
	}, fallbackWait, expect.CheckDuration(check), expect.SendTimeout(sendTimeout))
	if err != nil {
		return nil, err
	}
	g.e = e
	go func() {
		// errCh fires after goexpect's reader has stored the last bytes.
		g.err = <-errCh
		close(g.done)
	}()
	return g, nil
}

func (g *goexpectStream) over() bool {
	if g.closing.Load() {
		return true
	}
	select {
	case <-g.done:
		return true
	default:
		return false
	}
}

func (g *goexpectStream) next(ctx context.Context, stall time.Duration) ([]byte, error) {
	var stallAt time.Time
	if stall > 0 {
		stallAt = time.Now().Add(stall)
	}
	for {
		if g.over() {
			if buf, _ := io.ReadAll(g.e); len(buf) > 0 {
				return buf, nil
			}
			return nil, io.EOF
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		wait := ctxSlice
		if dl, ok := ctx.Deadline(); ok {
			wait = min(wait, time.Until(dl))
		}
		if !stallAt.IsZero() {
			wait = min(wait, time.Until(stallAt))
		}
		if wait <= 0 {
			if !stallAt.IsZero() && !time.Now().Before(stallAt) {
				return nil, errStall
			}
			return nil, context.DeadlineExceeded
		}
		out, _, _, err := g.e.ExpectSwitchCase(g.any, wait)
		if out != "" {
			return []byte(out), nil
		}
		var te expect.TimeoutError
		if err != nil && !errors.As(err, &te) {
			return nil, io.EOF // goexpect: process not running
		}
	}
}

func (g *goexpectStream) send(s string) error {
	if g.over() {
		return errEnded
	}
	return g.e.Send(s)
}

func (g *goexpectStream) close() error {
	g.closing.Store(true)
	return g.e.Close()
}

func (g *goexpectStream) ended() <-chan struct{} { return g.done }

func (g *goexpectStream) exitErr() error {
	<-g.done
	return g.err
}
