package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/sirupsen/logrus"
	"github.com/spf13/cobra"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/report"
	"github.com/ixpush/ixpush/pkg/showparse"
)

type verifyFlags struct {
	site       siteFlags
	prometheus bool
}

func newVerifyCmd(a *app) *cobra.Command {
	var f verifyFlags
	cmd := &cobra.Command{
		Use:   "verify [SITE...]",
		Short: "Check both tunnels, both BGP neighbours and the VPC prefixes (monitoring exit codes)",
		Long: `verify enters configuration mode (the IX shows IKE and IPsec state only there;
it never takes the mode from another session), reads show ike sa, show ipsec
sa, show ip bgp and show ip bgp summary, and judges:

  ok        both IKE SAs, both IPsec SA pairs and both BGP neighbours up,
            every VPC prefix learned from an AWS neighbour        exit 0
  degraded  every VPC prefix learned, but a tunnel or neighbour down  exit 1
  down      a VPC prefix not learned (with no --vpc: nothing learned
            from AWS)                                             exit 2
  unknown   could not tell: unreachable, authentication, host key,
            config mode occupied, bad site file, unreadable output exit 3

Each failing check carries a diagnosis from the router's state and counters.
It changes nothing and leaves configuration mode so the lock is free.

It reads the change journal in --state-dir first: an unfinished change (a
run that died mid-change, or a rollback not proven) is reported above the
table with what it had done and the command that undoes it ("interrupted"
and "next" in --json; a warning on stderr with --prometheus). The verdict
and the exit code stay the router's health as it is now.

With several SITE files it checks them concurrently (` + strconv.Itoa(agent.DefaultFleetParallel) + ` at a time), prints one
report per site (a JSON array with --json, one metric set with --prometheus)
and exits with the worst verdict.`,
		Example: `  ixpush verify branch-tokyo.yaml
  ixpush verify branch-tokyo.yaml --json   # for cron and Kubernetes jobs
  ixpush verify branch-tokyo.yaml --prometheus > /var/lib/node_exporter/textfile/ixpush-tokyo.prom
  ixpush verify sites/*.yaml --json        # a fleet: exit code of the worst site`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runVerify(cmd.Context(), a, args, &f)
		},
	}
	fl := cmd.Flags()
	f.site.register(fl, connGroup|awsGroup|tunnelGroup|revealGroup|jsonGroup|drawGroup|stateGroup)
	fl.BoolVar(&f.prometheus, "prometheus", false, "print the report as Prometheus metrics (for a textfile collector)")
	// Monitoring convention: a verify that cannot run is "unknown" (3),
	// even for bad flags.
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return exitError{code: int(health.Unknown), err: err}
	})
	return cmd
}

func runVerify(ctx context.Context, a *app, args []string, f *verifyFlags) error {
	unknown := func(err error) error { return exitError{code: int(health.Unknown), err: err} }
	if f.site.json && f.prometheus {
		return unknown(errors.New("--json and --prometheus: choose one"))
	}
	log, err := f.site.logger(a.stderr)
	if err != nil {
		return unknown(err)
	}
	paths := args
	if len(paths) == 0 {
		paths = []string{""} // the site is in the flags alone
	}
	// verify only reads the journal: a missing directory is no journal,
	// and no default at all leaves the verdict to the health alone.
	journalDir, err := stateDir(f.site.stateDir)
	if err != nil {
		warn(a, "the change journal is not read: "+err.Error()+"; name its directory with --state-dir")
	}
	sites := make([]agent.FleetSite, len(paths))
	drawings := make([]*plan.Plan, len(paths))
	notes := make([]report.UnfinishedNote, len(paths))
	jobs := make([]*siteJob, len(paths))
	for i, path := range paths {
		job, exp, err := verifyJob(ctx, a, f, path, log)
		jobs[i] = job
		if err == nil && f.site.draw {
			// The drawing shows the whole site, so it takes the plan.
			drawings[i], err = plan.New(job.conn, showparse.RunningConfig{}, job.planOpts...)
		}
		if job != nil {
			defer job.close()
		}
		if err != nil && len(paths) == 1 {
			return unknown(err)
		}
		sites[i] = agent.FleetSite{Name: path, Err: err}
		if err == nil {
			sites[i] = agent.FleetSite{Name: job.site.Label(), Connect: job.connect, Expect: exp, Options: job.agentOpts}
			notes[i] = unfinishedNote(a, journalDir, job.site.Label(), path)
		}
	}
	reports := agent.VerifyFleet(ctx, sites, agent.DefaultFleetParallel, agent.WithLogger(log))
	attachAWSViews(jobs, reports)
	if err := printReports(a, f, reports, drawings, notes); err != nil {
		return unknown(err)
	}
	worst, unknowns := health.Worst(reports)
	switch {
	case unknowns > 0 && len(reports) == 1:
		return unknown(errors.New(reports[0].Report.Error))
	case unknowns > 0:
		return exitError{code: int(worst), err: fmt.Errorf("%d of %d sites could not be verified (see the report)", unknowns, len(reports))}
	}
	return exitError{code: worst.ExitCode()}
}

// verifyJob reads one site and what it should look like: an error means the
// site itself could not be read (file, flags, AWS configuration); a router
// problem is in the report.
func verifyJob(ctx context.Context, a *app, f *verifyFlags, path string, log logrus.FieldLogger) (*siteJob, health.Expectation, error) {
	job, err := f.site.prepare(ctx, a, path, log)
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

// verifyJSON is one site's JSON report: the health report's fields, and
// the journal's unfinished change beside them when there is one.
type verifyJSON struct {
	health.Report
	*agent.Unfinished
}

// fleetJSON is one site of a fleet's JSON array.
type fleetJSON struct {
	health.SiteReport
	*agent.Unfinished
}

func printReports(a *app, f *verifyFlags, reports []health.SiteReport, drawings []*plan.Plan, notes []report.UnfinishedNote) error {
	switch {
	case f.site.json && len(reports) == 1:
		return printJSON(a, verifyJSON{Report: reports[0].Report, Unfinished: notes[0].Change})
	case f.site.json:
		out := make([]fleetJSON, len(reports))
		for i, r := range reports {
			out[i] = fleetJSON{SiteReport: r, Unfinished: notes[i].Change}
		}
		return printJSON(a, out)
	case f.prometheus:
		// The metrics stay the router's; the journal goes to stderr, where
		// the textfile job's log keeps it.
		for i, n := range notes {
			if n.Change != nil {
				warn(a, fmt.Sprintf("%s: the journal shows an %s; next: %s", reports[i].Site, n.Change.Interrupted, report.NextCommand(n.Change.Next, n.Site)))
			}
		}
		return health.WritePrometheus(a.stdout, reports...)
	}
	return writeText(a, func(w io.Writer) error { return report.WriteVerify(w, reports, drawings, notes) })
}
