package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/ixpush/ixpush/pkg/journal"
	"github.com/ixpush/ixpush/pkg/report"
	"github.com/ixpush/ixpush/pkg/session"
	"github.com/ixpush/ixpush/pkg/site"
)

type statusFlags struct {
	site siteFlags
}

func newStatusCmd(a *app) *cobra.Command {
	var f statusFlags
	cmd := &cobra.Command{
		Use:   "status [SITE]",
		Short: "Show the change journal of a router: the last change, how it ended, and the command to finish or undo it",
		Long: `status reads the change journal that apply and rollback keep in --state-dir
(it does not connect to the router): the last change that typed something,
the steps it went through and those it did not reach, whether it was saved,
its pre-change backup, and the exact command to finish or undo it.

--json prints the journal entry in a JSON envelope, one line (outcome
finished, unfinished or no-journal).

Exit codes: 0 the last change is finished; 1 it is not (a run died, or a
rollback was not proven: run the command it names); 2 bad input or usage,
or no change is journaled.`,
		Example: `  ixpush status branch-tokyo.yaml
  ixpush status --host 192.0.2.1 --state-dir /var/lib/ixpush --json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runStatus(a, firstArg(args), &f)
		},
	}
	f.site.register(cmd.Flags(), connGroup|stateGroup|jsonGroup)
	return cmd
}

func runStatus(a *app, path string, f *statusFlags) error {
	started := time.Now()
	who := jsonSite{arg: path}
	e, err := readStatus(path, f, &who)
	outcome := ""
	switch {
	case errors.Is(err, journal.ErrNoJournal):
		outcome = "no-journal"
	case err != nil:
	case e.Pending():
		outcome = "unfinished"
		err = exitError{code: exitFailure, err: nextError{err: fmt.Errorf("the last change to %s is not finished (step %s)", who.name, e.Step), next: report.NextCommand(*e.NextStep(), path)}}
	default:
		outcome = "finished"
	}
	if f.site.json {
		if perr := printEnvelope(a, "status", who, started, outcome, e, err); perr != nil {
			return perr
		}
	} else if e != nil {
		if perr := report.WriteStatus(a.stdout, e, path); perr != nil {
			return perr
		}
	}
	return err
}

// readStatus loads the router's journal entry, naming the router in who.
func readStatus(path string, f *statusFlags, who *jsonSite) (*journal.Entry, error) {
	// Only the label matters here: no AWS file, no password.
	s := &site.Site{}
	if path != "" {
		var err error
		if s, err = site.Load(path); err != nil {
			return nil, err
		}
	}
	if _, err := f.site.merge(s); err != nil {
		return nil, err
	}
	who.name, who.host = s.Label(), s.Router.Host
	if s.Label() == "" {
		return nil, usagef("status needs a site file or --host to name the router")
	}
	store, err := openStore(f.site.stateDir)
	if err != nil {
		return nil, err
	}
	js, err := journal.Open(store.Dir())
	if err != nil {
		return nil, err
	}
	e, err := js.Load(s.Label())
	if errors.Is(err, journal.ErrNoJournal) {
		return nil, usageError{err}
	}
	return e, err
}

// nextError ends a failure's message with the command to run next.
type nextError struct {
	err  error
	next string
}

// Error puts the session's hint (raise a timeout, ...) before the next
// command, so that the line ends with what to run.
func (e nextError) Error() string { return e.message("") }

// message is Error with a further hint before the next command.
func (e nextError) message(hint string) string {
	return e.err.Error() + hintText(e.err) + hint + "; next: " + e.next
}
func (e nextError) Unwrap() error { return e.err }

// withNext renders next with the site argument the user gave and appends
// it to err (nil stays nil; a next command after a success is printed as a
// note, since what is left to do is the user's choice).
func withNext(a *app, err error, next *journal.Next, sitePath string) error {
	if next == nil {
		return err
	}
	if h := session.HintOf(err); h == session.HintAcceptNewHostKey || h == session.HintLegacyAlgorithms {
		return err // the hint is the next command: re-run with its flag
	}
	cmd := report.NextCommand(*next, sitePath)
	if err == nil {
		fmt.Fprintf(a.stderr, "ixpush: next: %s (%s)\n", cmd, next.Why)
		return nil
	}
	return nextError{err: err, next: cmd}
}
