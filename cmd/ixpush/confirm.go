package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/journal"
	"github.com/ixpush/ixpush/pkg/report"
	"github.com/ixpush/ixpush/pkg/termsafe"
)

// registerConfirmWithin is apply's --confirm-within.
func registerConfirmWithin(fl *pflag.FlagSet, d *time.Duration) {
	fl.DurationVar(d, "confirm-within", 0, "push and verify but do not write memory: the change awaits ixpush confirm for this long, then ixpush guard reverts it (e.g. 15m)")
}

func checkConfirmWithin(d time.Duration, noSave bool) error {
	switch {
	case d < 0:
		return usagef("--confirm-within %s: want a positive duration", d)
	case d > 0 && noSave:
		return usagef("--confirm-within and --no-save: choose one (a confirmed change is saved by ixpush confirm)")
	}
	return nil
}

// printConfirmNext ends an apply that awaits confirmation: the deadline
// and the two commands that follow, with the site argument given.
func printConfirmNext(a *app, c *journal.Confirmation, site string) error {
	fmt.Fprintf(a.stderr, "ixpush: awaiting confirmation until %s; startup-config still holds the old configuration\n", c.Deadline.UTC().Format(time.DateTime+" UTC"))
	fmt.Fprintf(a.stderr, "ixpush: next: %s (verify once more and save it)\n", report.NextCommand(journal.Next{Action: journal.ActionConfirm}, site))
	fmt.Fprintf(a.stderr, "ixpush: next: %s (scheduled: reverts it once the deadline has passed)\n", report.NextCommand(journal.Next{Action: journal.ActionGuard}, site))
	return nil
}

type confirmFlags struct {
	site    siteFlags
	require string
	force   bool
}

func newConfirmCmd(a *app) *cobra.Command {
	var f confirmFlags
	cmd := &cobra.Command{
		Use:   "confirm [SITE]",
		Short: "Verify a change applied with --confirm-within once more, then save it (write memory)",
		Long: `confirm closes a change that apply --confirm-within left live but unsaved: it
reads the change journal in --state-dir, connects (never taking configuration
mode from another session), verifies health once more and, at --require or
better, types write memory and records the confirmation. From then on ixpush
guard watches the change for its --guard-window.

It refuses, saving nothing and saying why, when health is below --require, or
when a save would persist someone else's edits (a section of the change edited
since the apply, or unsaved lines outside it); --force saves anyway. It holds
the journal lock, so a guard run cannot revert the change meanwhile.

Exit 0 confirmed, 1 refused or failed (read the message: it ends with the next
command), 2 bad input.`,
		Example: `  ixpush apply branch-tokyo.yaml --confirm-within 15m
  ixpush confirm branch-tokyo.yaml`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runConfirm(cmd.Context(), a, firstArg(args), &f)
		},
	}
	fl := cmd.Flags()
	f.site.register(fl, connGroup|awsGroup|tunnelGroup|stateGroup|jsonGroup)
	fl.StringVar(&f.require, "require", "ok", "health needed to save the change: ok, or degraded to accept one tunnel")
	fl.BoolVar(&f.force, "force", false, "save even below --require, or over others' edits")
	return cmd
}

// parseRequire reads --require: ok or degraded.
func parseRequire(s string) (health.Status, error) {
	req, err := health.ParseStatus(s)
	if err != nil || (req != health.OK && req != health.Degraded) {
		return 0, usagef("--require %q: want ok or degraded", s)
	}
	return req, nil
}

func runConfirm(ctx context.Context, a *app, path string, f *confirmFlags) error {
	started := time.Now()
	req, err := parseRequire(f.require)
	if err != nil {
		return err
	}
	log, err := f.site.logger(a.stderr)
	if err != nil {
		return err
	}
	job, exp, err := siteExpectation(ctx, a, &f.site, path, log)
	if job != nil {
		defer job.close()
	}
	if err != nil {
		return err
	}
	store, err := openStore(f.site.stateDir)
	if err != nil {
		return err
	}
	res, err := agent.Confirm(ctx, job.connect, agent.ConfirmInput{Router: job.site.Label(), Expect: exp},
		append([]agent.Option{agent.WithBackupStore(store), agent.WithRequire(req), agent.WithForce(f.force), agent.WithLogger(log), agent.WithProgress(termsafe.NewWriter(a.stderr))}, job.agentOpts...)...)
	if f.site.json {
		env := report.NewEnvelope("confirm", path, job.site.Router.Host, started)
		var fail *report.Failure
		if err != nil {
			fail = &report.Failure{Message: err.Error()}
			if res.Next != nil {
				fail.Next = report.NextCommand(*res.Next, path)
			}
		}
		if perr := report.WriteJSONLine(a.stdout, env.Finish(time.Now(), string(res.Outcome), res, fail)); perr != nil {
			return perr
		}
	} else if err == nil {
		if perr := writeText(a, func(w io.Writer) error {
			_, werr := fmt.Fprintf(w, "%s: confirmed: health %s; saved (write memory); ixpush guard watches it for its guard window\n", res.Router, res.Health.Status)
			return werr
		}); perr != nil {
			return perr
		}
	}
	if errors.Is(err, agent.ErrNothingToConfirm) {
		return exitError{code: exitFailure, err: err}
	}
	return withNext(a, err, res.Next, path)
}

// siteExpectation reads a site and what healthy looks like for it, as
// verify does. The job is returned (to close) whenever it was built.
func siteExpectation(ctx context.Context, a *app, f *siteFlags, path string, log logrus.FieldLogger) (*siteJob, health.Expectation, error) {
	job, err := f.prepare(ctx, a, path, log)
	if err != nil {
		return nil, health.Expectation{}, err
	}
	vpc, err := job.site.VPCPrefixes()
	if err != nil {
		return job, health.Expectation{}, err
	}
	exp, err := agent.ExpectationFor(job.conn, job.site.Plan.Tunnels, vpc)
	return job, exp, err
}
