package ixcli

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
)

// Sentinel errors (errors.Is). Transport failures keep the session's
// sentinels (session.ErrClosed, session.ErrTimeout, session.ErrTypeahead).
var (
	// ErrDevice: the router printed an error for a command; errors.As
	// gives the *CommandError.
	ErrDevice = errors.New("the router refused a command")
	// ErrConfigLocked: another session holds configuration mode.
	ErrConfigLocked = errors.New("configuration mode is held by another session")
	// ErrNotAdmin: the login user is not an administrator ('%' prompt).
	ErrNotAdmin = errors.New("not an administrator")
	// ErrModeLost: the prompt left configuration mode mid-operation (e.g.
	// another session took the lock with svintr-config).
	ErrModeLost = errors.New("configuration mode lost")
	// ErrUnexpectedPrompt: the prompt is not the mode the line should
	// leave the router in.
	ErrUnexpectedPrompt = errors.New("unexpected prompt")
	// ErrNotPrepared: a config-mode operation before Prepare.
	ErrNotPrepared = errors.New("not in configuration mode (call Prepare first)")
	// ErrBadLine: a line Configure or Run cannot send as given.
	ErrBadLine = errors.New("invalid command line")
)

// CommandError is a command the router answered with an error message.
type CommandError struct {
	Input  string            // the line sent
	Output string            // everything the router printed for it
	Kind   dialect.ErrorKind // which dialect.ErrorPatterns entry matched, or dialect.ErrUnrecognised
	Line   string            // the output line that matched
}

func (e *CommandError) Error() string {
	return fmt.Sprintf("%q: router said %q", dialect.Redact(e.Input), dialect.RedactOutput(e.Input, e.Line))
}

// Unwrap makes errors.Is(err, ErrDevice) hold.
func (e *CommandError) Unwrap() error { return ErrDevice }

// classify returns the CommandError for output, or nil when it shows
// success. notices extends dialect.NoticePatterns.
func classify(input, output string, notices []*regexp.Regexp) *CommandError {
	kind, line, failed := dialect.Classify(output, notices...)
	if !failed {
		return nil
	}
	return &CommandError{Input: input, Output: output, Kind: kind, Line: line}
}

// PushError says where a Configure stopped: which line, what the router
// said, and which later lines were already typed (pipelined stanzas), so a
// rollback covers them. It wraps ErrDevice (with the *CommandError),
// ErrModeLost, ErrUnexpectedPrompt or a session error.
type PushError struct {
	Index  int    // index in Configure's lines of the failing line
	Line   string // that line as given (secrets masked in Error())
	Output string // what the router printed for it
	Prompt string // the prompt after it, if one came
	// SentAfter lists indices of lines typed after the failing one in the
	// same write; the router ran them too, or may have.
	SentAfter []int
	Err       error
}

func (e *PushError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "line %d (%q): ", e.Index+1, dialect.Redact(strings.TrimSpace(e.Line)))
	var ce *CommandError
	switch {
	case errors.As(e.Err, &ce):
		fmt.Fprintf(&b, "router said %q", dialect.RedactOutput(e.Line, ce.Line))
	default:
		b.WriteString(e.Err.Error())
	}
	if n := len(e.SentAfter); n > 0 {
		first, last := e.SentAfter[0]+1, e.SentAfter[n-1]+1
		if n == 1 {
			fmt.Fprintf(&b, "; line %d was sent after it", first)
		} else {
			fmt.Fprintf(&b, "; lines %d-%d were sent after it", first, last)
		}
	}
	return b.String()
}

func (e *PushError) Unwrap() error { return e.Err }
