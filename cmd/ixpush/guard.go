package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/spf13/cobra"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/metrics"
	"github.com/ixpush/ixpush/pkg/report"
	"github.com/ixpush/ixpush/pkg/termsafe"
)

type guardFlags struct {
	site       siteFlags
	window     time.Duration
	failures   int
	require    string
	fleet      fleetFlags
	prometheus bool
}

func newGuardCmd(a *app) *cobra.Command {
	var f guardFlags
	cmd := &cobra.Command{
		Use:   "guard [SITE...] | --inventory FILE",
		Short: "The scheduled job: revert unconfirmed changes past their deadline, and changes that fail inside the guard window",
		Long: `guard is what cron, a systemd timer or a Kubernetes CronJob runs every few
minutes. For every router whose change journal (in --state-dir) holds a change:

  - a change applied with --confirm-within and not confirmed by its deadline
    (UTC wall-clock) is reverted with the journal's backup and plan, and the
    sections are proven equal to the backup, as rollback does; nothing is
    saved, since startup-config never held it;
  - within --guard-window after a change was confirmed or saved, guard runs
    verify; after --failures consecutive checks below --require (one flap does
    not revert) it rolls back to the pre-change backup AND saves, the
    pre-change configuration being the known-good one. A check that cannot
    judge (unreachable, configuration mode held) is not counted.

It never reverts a change older than the window, nor one whose sections
someone else edited since, and says so; it does nothing to routers without a
journal and never takes configuration mode from another session. A revert
that cannot complete stays due in the journal and the next run retries it
(ixpush status shows it). Of two overlapping runs one acts; the other sees
the journal lock. Every action is journaled.

One line per router (--json: one JSON object per line, the last a summary;
--prometheus: ` + metrics.GuardRevertsName + ` and ` + metrics.PendingDeadlineName + `).
Exit as verify: 0 ok or nothing to check, 1 degraded, 2 down, 3 unknown (a
check or a revert that could not run, a site that could not be read); ` + strconv.Itoa(exitReverted) + ` when
it reverted something.`,
		Example: `  */5 * * * * ixpush guard /etc/ixpush/sites/*.yaml --state-dir /var/lib/ixpush --json
  ixpush guard branch-tokyo.yaml --guard-window 2h --failures 5`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runGuard(cmd.Context(), a, args, &f)
		},
	}
	fl := cmd.Flags()
	f.site.register(fl, connGroup|awsGroup|tunnelGroup|stateGroup|jsonGroup)
	fl.DurationVar(&f.window, "guard-window", agent.DefaultGuardWindow, "how long after a change was confirmed or saved guard checks it")
	fl.IntVar(&f.failures, "failures", agent.DefaultGuardFailures, "consecutive checks below --require that revert a change")
	fl.StringVar(&f.require, "require", "ok", "health a guarded change must keep: ok, or degraded")
	f.fleet.register(fl)
	fl.BoolVar(&f.prometheus, "prometheus", false, "print the guard metrics (for a textfile collector) instead of the lines")
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return exitError{code: int(health.Unknown), err: err}
	})
	return cmd
}

func runGuard(ctx context.Context, a *app, args []string, f *guardFlags) error {
	unknown := func(err error) error { return exitError{code: int(health.Unknown), err: err} }
	req, err := parseRequire(f.require)
	switch {
	case err != nil:
		return unknown(err)
	case f.window <= 0 || f.failures < 1:
		return unknown(fmt.Errorf("--guard-window must be positive and --failures at least 1"))
	case f.site.json && f.prometheus:
		return unknown(fmt.Errorf("--json and --prometheus: choose one"))
	}
	log, err := f.site.logger(a.stderr)
	if err != nil {
		return unknown(err)
	}
	store, err := openStore(f.site.stateDir)
	if err != nil {
		return unknown(err)
	}
	sites, names, closers, err := guardSites(ctx, a, f, args, log)
	defer func() {
		for _, c := range closers {
			c()
		}
	}()
	if err != nil {
		return unknown(err)
	}
	started := time.Now()
	results := agent.GuardFleet(ctx, sites, f.fleet.parallel,
		agent.WithBackupStore(store), agent.WithRequire(req), agent.WithGuardWindow(f.window), agent.WithGuardFailures(f.failures),
		agent.WithLogger(log), agent.WithProgress(termsafe.NewWriter(a.stderr)))
	if err := printGuard(a, f, results, names, started); err != nil {
		return unknown(err)
	}
	return guardExit(results)
}

// guardSites is the one place guard's site list comes from: the SITE
// files given (or the flags alone), or the sites --inventory, --limit and
// --shard select, each read as verify reads it. A site that cannot be read
// is reported for itself; the others still run.
func guardSites(ctx context.Context, a *app, f *guardFlags, args []string, log logrus.FieldLogger) (sites []agent.GuardSite, names []string, closers []func() error, err error) {
	jobs, err := f.fleet.jobs(ctx, a, &f.site, args, log, false)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, it := range jobs.items {
		s := it.site
		sites = append(sites, agent.GuardSite(s))
		name := it.path // the SITE file, which the next command names
		if name == "" {
			name = s.Name
		}
		names = append(names, name)
	}
	return sites, names, jobs.closers, nil
}

func printGuard(a *app, f *guardFlags, results []agent.GuardResult, names []string, started time.Time) error {
	switch {
	case f.prometheus:
		samples := make([]metrics.GuardSample, len(results))
		for i, r := range results {
			samples[i] = metrics.GuardSample{Site: r.Router, Reverted: r.Reverted(), Deadline: r.Deadline}
		}
		return metrics.WriteGuard(a.stdout, samples)
	case f.site.json:
		now := time.Now()
		reverted := 0
		for i, r := range results {
			env := report.NewEnvelope("guard", names[i], "", started)
			var fail *report.Failure
			if r.Action == agent.GuardRetry || r.Action == agent.GuardError {
				fail = &report.Failure{Message: r.Detail}
				if r.Next != nil {
					fail.Next = report.NextCommand(*r.Next, names[i])
				}
			}
			if r.Reverted() {
				reverted++
			}
			if err := report.WriteJSONLine(a.stdout, env.Finish(now, string(r.Action), r, fail)); err != nil {
				return err
			}
		}
		sum := report.NewEnvelope("guard", "", "", started)
		sum.Kind = report.KindSummary
		return report.WriteJSONLine(a.stdout, sum.Finish(now, guardOutcome(results), guardSummary{Sites: len(results), Reverted: reverted}, nil))
	}
	return writeText(a, func(w io.Writer) error {
		for i, r := range results {
			line := fmt.Sprintf("%s: %s: %s", r.Router, r.Action, r.Detail)
			if r.Next != nil {
				line += "; next: " + report.NextCommand(*r.Next, names[i])
			}
			if _, err := fmt.Fprintln(w, line); err != nil {
				return err
			}
		}
		return nil
	})
}

// guardCode is one router's exit code, on verify's scale.
func guardCode(r agent.GuardResult) int {
	switch r.Action {
	case agent.GuardReverted:
		return exitReverted
	case agent.GuardRetry, agent.GuardError, agent.GuardUnknown:
		return int(health.Unknown)
	case agent.GuardChecked, agent.GuardFailed:
		if r.Health != nil {
			return r.Health.Status.ExitCode()
		}
	}
	return exitOK
}

// guardExit is the run's code: reverted anything beats every other; then
// the worst of verify's scale.
func guardExit(results []agent.GuardResult) error {
	worst := exitOK
	for _, r := range results {
		c := guardCode(r)
		if c == exitReverted {
			return exitError{code: exitReverted}
		}
		worst = max(worst, c)
	}
	if worst == exitOK {
		return nil
	}
	return exitError{code: worst}
}

// guardOutcome is the summary's outcome: "reverted" when the run reverted
// something, else the worst exit's word.
func guardOutcome(results []agent.GuardResult) string {
	worst := exitOK
	for _, r := range results {
		worst = max(worst, guardCode(r))
	}
	if worst == exitReverted {
		return string(agent.GuardReverted)
	}
	return health.Status(worst).String()
}

// guardSummary is the result of the summary line that closes guard's JSON
// Lines.
type guardSummary struct {
	Reverted int `json:"reverted"`
	Sites    int `json:"sites"`
}
