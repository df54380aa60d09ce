package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ixpush/ixpush/pkg/report"
	"github.com/ixpush/ixpush/pkg/termsafe"
)

// siteTask is one SITE of apply or rollback, read and ready to run.
type siteTask struct {
	who jsonSite
	// run changes the router; nil when the site could not be read (err).
	run   func(ctx context.Context) siteDone
	err   error
	close func() error
}

// siteDone is how one site ended: what its envelope and its text report
// say, and its error (nil on success).
type siteDone struct {
	outcome string
	result  any
	text    func(io.Writer) error // nil: no text report
	err     error
}

// siteRun runs a command that changes routers over its SITE arguments one
// after another — never two routers at once, so a mistake stops at the
// first. Every site is read before any router is touched.
type siteRun struct {
	command   string
	json      bool
	keepGoing bool
	// again are the flags a re-run of some of the sites needs besides
	// the user's others (rollback: --backup latest).
	again []string
}

// run prepares every site, then runs them in order. Without --keep-going
// a site that cannot be read runs none, and the first failure stops the
// rest (reported as skipped). One site: its error as it is. Several: each
// failure on its own stderr line, and the highest exit code of any site.
func (r siteRun) run(ctx context.Context, a *app, args []string, prepare func(arg string) siteTask) error {
	if len(args) == 0 {
		args = []string{""} // the site is in the flags alone
	}
	tasks := make([]siteTask, len(args))
	stop := false
	for i, arg := range args {
		tasks[i] = prepare(arg)
		if c := tasks[i].close; c != nil {
			defer c()
		}
		if tasks[i].err != nil && !r.keepGoing {
			stop = true
		}
	}
	multi := len(tasks) > 1
	var failed, rerun []string
	code, skipped := exitOK, 0
	for _, t := range tasks {
		started := time.Now()
		d := siteDone{err: t.err}
		switch {
		case t.err == nil && (stop || ctx.Err() != nil): // an interrupt stops the rest too
			skipped++
			rerun = append(rerun, t.who.arg)
			if err := r.skip(a, t, started); err != nil {
				return err
			}
			continue
		case t.err == nil:
			d = t.run(ctx)
		}
		if err := r.report(a, t, d, started, multi); err != nil {
			return err
		}
		if d.err == nil {
			continue
		}
		if !multi {
			return d.err
		}
		fmt.Fprintf(a.stderr, "ixpush: %s: %s\n", termsafe.String(t.who.label()), termsafe.String(oneLine(errorLine(d.err, true))))
		failed = append(failed, t.who.label())
		rerun = append(rerun, t.who.arg)
		code = max(code, exitCode(d.err))
		if !r.keepGoing {
			stop = true
		}
	}
	if len(failed) == 0 {
		return nil
	}
	msg := fmt.Sprintf("%d of %d sites failed (%s)", len(failed), len(tasks), strings.Join(failed, ", "))
	if skipped > 0 {
		again := append(append([]string{"ixpush", r.command}, rerun...), r.again...)
		msg += fmt.Sprintf(", %d not run; next: %s (with this run's other flags) once it is fixed, or add --keep-going", skipped, report.CommandLine(again...))
	}
	return exitError{code: code, err: errors.New(msg)}
}

// report prints one site's result: its envelope, or its text report (under
// a header naming the site when there are several).
func (r siteRun) report(a *app, t siteTask, d siteDone, started time.Time, multi bool) error {
	if r.json {
		return printEnvelope(a, r.command, t.who, started, d.outcome, d.result, d.err)
	}
	if d.text == nil {
		return nil
	}
	if multi {
		if _, err := fmt.Fprintf(a.stdout, "== %s\n", termsafe.String(t.who.label())); err != nil {
			return err
		}
	}
	return writeText(a, d.text)
}

// skip reports a site not run because an earlier one failed, with the
// command that runs it.
func (r siteRun) skip(a *app, t siteTask, started time.Time) error {
	const why = "not run: an earlier site failed or could not be read"
	next := report.NextCommand(retryOf(r.command, t.who), t.who.arg)
	if !r.json {
		_, err := fmt.Fprintf(a.stderr, "ixpush: %s: %s; next: %s\n", termsafe.String(t.who.label()), why, termsafe.String(next))
		return err
	}
	env := report.NewEnvelope(r.command, t.who.name, t.who.host, started)
	return report.WriteJSONLine(a.stdout, env.Finish(time.Now(), outcomeSkipped, nil, &report.Failure{Message: why, Next: next}))
}

// label names the site in messages: its name, else the SITE argument.
func (w jsonSite) label() string {
	switch {
	case w.name != "":
		return w.name
	case w.arg != "":
		return w.arg
	}
	return "(flags)"
}
