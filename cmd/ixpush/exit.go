package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/report"
	"github.com/ixpush/ixpush/pkg/site"
)

// Exit codes shared by every subcommand: 0 success, 2 bad input or usage
// (refused before anything changed), 1 any other failure. verify uses its
// own 0–3 scale (monitoring-plugin convention) through exitError: its code
// is a verdict, so a verify that cannot judge — bad flags included — is 3.
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

// exitCodesHeading starts the paragraph of a command's --help that states
// its exit codes; a command whose text has none gets its rule below.
const exitCodesHeading = "Exit codes:"

// exitRules are the rules of the commands whose own text does not state
// them (cobra's completion, and those that print no report); the rest say
// theirs in their Long text.
var exitRules = map[string]string{
	"verify":     "0 ok, 1 degraded, 2 down, 3 unknown — also for usage errors and bad input, so a monitoring job never reads a bad invocation as a verdict.",
	"demo":       "0 the demo ran and the change held (--break kill: the next run recovered); 1 the apply failed, as a --break story shows; 2 usage.",
	"sim":        "0 stopped by an interrupt; 1 a router could not be served; 2 usage or bad input (--listen, --scenario, a fault flag).",
	"completion": "0 printed; 2 usage.",
}

// stateExitCodes ends the --help of every subcommand that does not state
// its exit codes with its rule.
func stateExitCodes(root *cobra.Command) {
	for _, c := range root.Commands() {
		if strings.Contains(c.Long, exitCodesHeading) {
			continue
		}
		rule, ok := exitRules[c.Name()]
		if !ok {
			rule = "0 success; 1 failure (the message ends with the command to run next); 2 bad input or usage."
		}
		long := c.Long
		if long == "" {
			long = c.Short + "."
		}
		c.Long = long + "\n\n" + report.Wrap(exitCodesHeading+" "+rule, 78)
	}
}
