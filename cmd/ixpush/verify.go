package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/spf13/cobra"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/metrics"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/report"
	"github.com/ixpush/ixpush/pkg/showparse"
)

type verifyFlags struct {
	site       siteFlags
	fleet      fleetFlags
	prometheus bool
	textfile   string
	watch      bool
	interval   time.Duration
}

func newVerifyCmd(a *app) *cobra.Command {
	var f verifyFlags
	cmd := &cobra.Command{
		Use:   "verify [SITE...]",
		Short: "Check both tunnels, both BGP neighbours and the VPC prefixes (monitoring exit codes)",
		Long: `verify enters configuration mode only for the shows the IX serves there alone
(show ike sa, show ipsec sa, show ip bgp, show ip bgp summary), and judges:

  ok        both IKE SAs, both IPsec SA pairs and both BGP neighbours up,
            every VPC prefix learned from an AWS neighbour        exit 0
  degraded  every VPC prefix learned, but a tunnel or neighbour down  exit 1
  down      a VPC prefix not learned (with no --vpc: nothing learned
            from AWS)                                             exit 2
  unknown   could not tell: unreachable, authentication, host key,
            bad site file, unreadable output                      exit 3

It never takes configuration mode from another session. When someone holds
it (or with --read-only, or read_only in the site file) it answers at once
from what operation mode shows: each tunnel interface and whether each VPC
prefix is routed via BGP over a tunnel (show interfaces, show ip route). That
verdict says "evidence: operation-mode", is marked partial, and says to retry
later for the full check; facts it could not read are "?" (null in --json,
no sample with --prometheus), never "no".

Each failing check carries a diagnosis from the router's state and counters.
It changes nothing and leaves configuration mode so the lock is free.

It reads the change journal in --state-dir first: an unfinished change (a
run that died mid-change, or a rollback not proven) is reported above the
table with what it had done and the command that undoes it ("interrupted"
and "next" in --json; a warning on stderr with --prometheus). The verdict
and the exit code stay the router's health as it is now.

A fleet is several SITE files or one --inventory file (defaults, groups and
sites; --limit picks sites or groups, --shard I/N a stable slice, taken from
JOB_COMPLETION_INDEX and JOB_COMPLETIONS in a Kubernetes Indexed Job). It
checks --parallel routers at a time (default ` + strconv.Itoa(agent.DefaultFleetParallel) + `), each within --timeout, prints
each site as it finishes and then a summary, and exits with the worst
verdict. --json prints JSON Lines: one envelope per site (kind "site"),
then one of kind "summary"; one site prints one envelope.

--textfile writes the metrics for node_exporter's textfile collector
atomically, keeping each site's last success time from the previous file.
--watch repeats every --interval until SIGINT or SIGTERM, which let the
verifies under way finish (exit 0).`,
		Example: `  ixpush verify branch-tokyo.yaml
  ixpush verify branch-tokyo.yaml --json   # for cron and Kubernetes jobs
  ixpush verify --inventory fleet.yaml --limit kanto --json
  ixpush verify --inventory fleet.yaml --shard 2/4 --textfile /var/lib/node_exporter/textfile/ixpush.prom
  ixpush verify --inventory fleet.yaml --watch --interval 60s`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runVerify(cmd.Context(), a, args, &f)
		},
	}
	fl := cmd.Flags()
	f.site.register(fl, connGroup|awsGroup|tunnelGroup|revealGroup|jsonGroup|drawGroup|stateGroup|readOnlyGroup)
	f.fleet.register(fl)
	fl.BoolVar(&f.prometheus, "prometheus", false, "print the report as Prometheus metrics on stdout")
	fl.StringVar(&f.textfile, "textfile", "", "also write the metrics to this file, atomically (node_exporter textfile collector)")
	fl.BoolVar(&f.watch, "watch", false, "verify again every --interval until interrupted")
	fl.DurationVar(&f.interval, "interval", time.Minute, "time between the starts of two --watch rounds")
	// Monitoring convention: a verify that cannot run is "unknown" (3),
	// even for bad flags.
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return exitError{code: int(health.Unknown), err: err}
	})
	return cmd
}

func runVerify(ctx context.Context, a *app, args []string, f *verifyFlags) error {
	unknown := func(err error) error { return exitError{code: int(health.Unknown), err: err} }
	switch {
	case f.site.json && f.prometheus:
		return unknown(errors.New("--json and --prometheus: choose one"))
	case f.watch && f.interval <= 0:
		return unknown(fmt.Errorf("--interval %s: want a positive duration, like 60s", f.interval))
	}
	log, err := f.site.logger(a.stderr)
	if err != nil {
		return unknown(err)
	}
	// verify only reads the journal: a missing directory is no journal,
	// and no default at all leaves the verdict to the health alone.
	journalDir, err := stateDir(f.site.stateDir)
	if err != nil {
		warn(a, "the change journal is not read: "+err.Error()+"; name its directory with --state-dir")
	}
	started := time.Now()
	f.fleet.keepUnread = f.prometheus || f.textfile != ""
	fleet, err := f.fleet.jobs(ctx, a, &f.site, args, log, f.site.draw)
	if err != nil {
		if f.site.json {
			// A job reading the JSON gets its line for this too: the
			// verdict, and what to run next.
			who := jsonSite{}
			if len(args) == 1 {
				who = jsonSite{name: args[0], arg: args[0]}
			}
			if werr := printEnvelope(a, "verify", who, started, health.Unknown.String(), nil, err); werr != nil {
				return unknown(werr)
			}
		}
		return unknown(err)
	}
	defer fleet.close()
	m := metrics.New(metrics.WithBuildInfo(buildInfo()))
	if f.textfile != "" {
		restoreTextfile(a, m, f.textfile)
	}
	for {
		started := time.Now()
		code, err := verifyRound(ctx, a, f, fleet, m, journalDir, log)
		if !f.watch {
			return err
		}
		if err != nil && code < 0 {
			return err // the output itself failed
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Until(started.Add(f.interval))):
		}
	}
}

// verifyRound verifies the fleet once, streaming each site's result and
// then the summary, and returns the exit error of the round (code -1 when
// the output could not be written).
func verifyRound(ctx context.Context, a *app, f *verifyFlags, fleet *fleetJobs, m *metrics.Fleet, journalDir string, log logrus.FieldLogger) (int, error) {
	unknown := func(err error) error { return exitError{code: int(health.Unknown), err: err} }
	notes := make([]report.UnfinishedNote, len(fleet.items))
	for i, it := range fleet.items {
		if it.site.Err == nil {
			notes[i] = unfinishedNote(a, journalDir, it.site.Name, it.path)
		}
	}
	out := newVerifyOutput(a, f, fleet, notes)
	start := time.Now()
	var reports []health.SiteReport
	var writeErr error
	agent.StreamFleet(ctx, fleet.sites(), f.fleet.parallel, func(r agent.FleetResult) {
		if job := fleet.items[r.Index].job; job != nil {
			r.Report.AWS = awsView(ctx, job, r.Report)
		}
		reports = append(reports, r.SiteReport)
		m.Observe(r.Site, r.Report, r.Started, r.Took)
		if writeErr == nil {
			writeErr = out.site(r)
		}
	}, agent.WithLogger(log))
	if writeErr == nil {
		writeErr = out.summary(reports, start)
	}
	if writeErr == nil && f.prometheus {
		writeErr = m.Write(a.stdout)
	}
	if writeErr != nil {
		return -1, unknown(writeErr)
	}
	if f.textfile != "" {
		if err := m.WriteTextfile(f.textfile); err != nil {
			return -1, unknown(fmt.Errorf("--textfile: %w", err))
		}
	}
	worst, unknowns := health.Worst(reports)
	switch {
	case unknowns > 0 && len(reports) == 1:
		return int(worst), unknown(errors.New(reports[0].Report.Error))
	case unknowns > 0:
		return int(worst), exitError{code: int(worst), err: fmt.Errorf("%d of %d sites could not be verified (see the report)", unknowns, len(reports))}
	}
	return int(worst), exitError{code: worst.ExitCode()}
}

// restoreTextfile carries the previous run's last success times over; a
// missing file is a first run, an unreadable one a warning.
func restoreTextfile(a *app, m *metrics.Fleet, path string) {
	prev, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return
	}
	if err == nil {
		err = m.RestoreLastSuccess(prev)
		prev.Close()
	}
	if err != nil {
		warn(a, fmt.Sprintf("--textfile %s: %v; the last success times start afresh", path, err))
	}
}

// verifyJob reads one site and what it should look like: an error means the
// site itself could not be read (file, flags, AWS configuration); a router
// problem is in the report.
func verifyJob(job *siteJob) (health.Expectation, error) {
	vpc, err := job.site.VPCPrefixes()
	if err != nil {
		return health.Expectation{}, err
	}
	return agent.ExpectationFor(job.conn, job.site.Plan.Tunnels, vpc)
}

// unfinishedNote reads the router's journal. A journal that cannot be read
// is a warning: it must not keep a scheduled verify from its verdict.
func unfinishedNote(a *app, stateDir, router, sitePath string) report.UnfinishedNote {
	if stateDir == "" {
		return report.UnfinishedNote{}
	}
	u, err := agent.ReadUnfinished(stateDir, router)
	if err != nil {
		warn(a, fmt.Sprintf("%s: %v", router, err))
	}
	return report.UnfinishedNote{Change: u, Site: sitePath}
}

// drawing is the site drawing --draw asks for: it shows the whole site, so
// it takes the plan.
func drawing(job *siteJob) (*plan.Plan, error) {
	return plan.New(job.conn, showparse.RunningConfig{}, job.planOpts...)
}
