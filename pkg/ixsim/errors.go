package ixsim

import (
	"errors"
	"fmt"
)

// ErrInvalid marks the errors caused by what the caller asked for (an
// option's value, the scenario's startup configuration, a listen address, a
// login) rather than by the machine, so a command can answer them with its
// usage exit code. Test with errors.Is; its own text is never shown.
var ErrInvalid = errors.New("ixsim: invalid input")

// invalidError keeps the message of the error it marks.
type invalidError struct{ error }

func (e invalidError) Unwrap() []error { return []error{e.error, ErrInvalid} }

func invalidf(format string, args ...any) error {
	return invalidError{fmt.Errorf(format, args...)}
}

// AddrError is a listen address ListenFleet cannot use. Err says why in words
// that read after the address, so a command can name its own flag instead.
type AddrError struct {
	Addr string
	Err  error
}

func (e *AddrError) Error() string   { return fmt.Sprintf("ixsim: listen %q: %v", e.Addr, e.Err) }
func (e *AddrError) Unwrap() []error { return []error{e.Err, ErrInvalid} }

// UserError is a login the scenario has no account for. It reads as one
// plain sentence, for the command line.
type UserError struct{ User, Scenario string }

func (e *UserError) Error() string {
	return fmt.Sprintf("user %q is not in scenario %q", e.User, e.Scenario)
}
func (e *UserError) Unwrap() error { return ErrInvalid }
