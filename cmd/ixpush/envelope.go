package main

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/ixpush/ixpush/pkg/awsapi"
	"github.com/ixpush/ixpush/pkg/journal"
	"github.com/ixpush/ixpush/pkg/report"
	"github.com/ixpush/ixpush/pkg/session"
)

// Outcomes of the envelope when the command has no word of its own for how
// it ended: bad input (exit 2), any other failure, a site not run because
// an earlier one failed.
const (
	outcomeBadInput = "bad-input"
	outcomeFailed   = "failed"
	outcomeSkipped  = "skipped"
)

// jsonSite is who an envelope is about: the site's name (its label) and
// host, and the SITE argument the user typed, for the next command.
type jsonSite struct {
	name, host, arg string
	// retry is the command that runs it again, when it is not the command
	// with the site alone (rollback: its --backup).
	retry *journal.Next
}

// printEnvelope writes one command's envelope as one JSON line. outcome ""
// takes the failure's; err non-nil fills error with its message and the
// command to run next.
func printEnvelope(a *app, command string, who jsonSite, started time.Time, outcome string, result any, err error) error {
	env := report.NewEnvelope(command, who.name, who.host, started)
	var fail *report.Failure
	if err != nil {
		fail = failureOf(err, command, who)
		if outcome == "" {
			outcome = failureOutcome(err)
		}
	}
	return report.WriteJSONLine(a.stdout, env.Finish(time.Now(), outcome, noNil(result), fail))
}

// noNil turns a nil pointer into no result at all: in an any it would
// print "result": null.
func noNil(v any) any {
	if rv := reflect.ValueOf(v); v == nil || rv.Kind() == reflect.Pointer && rv.IsNil() {
		return nil
	}
	return v
}

func failureOutcome(err error) string {
	if exitCode(err) == exitUsage {
		return outcomeBadInput
	}
	return outcomeFailed
}

// failureOf is err as the envelope's error: the message stderr shows, and
// the next command on its own — the journal's when the run has one, the
// command's help for bad input, else (an AWS error a later run may not
// meet included) the same command again, with the flag a host-key hint
// names.
func failureOf(err error, command string, who jsonSite) *report.Failure {
	var ne nextError
	if errors.As(err, &ne) {
		return &report.Failure{Message: oneLine(ne.err.Error() + hintText(ne.err)), Next: ne.next}
	}
	f := &report.Failure{Message: oneLine(err.Error() + hintText(err))}
	if exitCode(err) == exitUsage && !errors.Is(err, awsapi.ErrTemporary) {
		f.Next = "ixpush " + command + " --help"
		return f
	}
	retry := retryOf(command, who)
	if session.HintOf(err) == session.HintAcceptNewHostKey {
		retry.Args = append(slices.Clip(retry.Args), "--accept-new-host-key")
	}
	f.Next = report.NextCommand(retry, who.arg)
	return f
}

// retryOf is the command that runs who's site again.
func retryOf(command string, who jsonSite) journal.Next {
	if who.retry != nil {
		return *who.retry
	}
	return journal.Next{Action: journal.Action(command)}
}

// errorLine is err as the final stderr line words it: the session's hint
// (and, where the command has the flag — offer —, the --force-config one)
// appended, or placed before the next command of an error that has one.
func errorLine(err error, offer bool) string {
	if ne := (nextError{}); errors.As(err, &ne) {
		return strings.Replace(err.Error(), ne.Error(), ne.message(forceHint(offer, err)), 1)
	}
	return err.Error() + hintText(err) + forceHint(offer, err)
}
