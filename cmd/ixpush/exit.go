package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/site"
)

// Exit codes shared by every subcommand. verify uses its own 0–3 scale
// (monitoring-plugin convention) through exitError.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
	// exitReverted: ixpush guard reverted a change (beyond verify's 0–3).
	exitReverted = 4
)

// usageError marks bad input or bad usage: exit 2, one line on stderr.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usagef builds a usageError; the message must name the offending input.
func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// asUsage wraps err as a usage error unless it is nil.
func asUsage(err error) error {
	if err == nil {
		return nil
	}
	return usageError{err}
}

// exitError carries an explicit exit code for commands whose code is part of
// their contract (verify). Its message may be empty when the command already
// reported on stdout.
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}
func (e exitError) Unwrap() error { return e.err }

// badInput are the errors of the packages cmd drives that mean the input
// (site file, flags, AWS configuration) is wrong: exit 2.
var badInput = []error{site.ErrInvalid, plan.ErrInvalid, awsvpn.ErrInvalid}

// exitCode maps an error returned by a command to the process exit code.
func exitCode(err error) int {
	var ee exitError
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ee):
		return ee.code
	case errors.As(err, &ue):
		return exitUsage
	}
	for _, bad := range badInput {
		if errors.Is(err, bad) {
			return exitUsage
		}
	}
	return exitFailure
}

// oneLine keeps error output to a single line so scripts can rely on it.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}
