package main

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/spf13/cobra"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/report"
	"github.com/ixpush/ixpush/pkg/showparse"
)

type verifyFlags struct {
	conn       planAndConn
	json       bool
	prometheus bool
	draw       bool
}

// planAndConn groups the flags verify and rollback take from apply.
type planAndConn struct {
	conn connFlags
	plan planFlags
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

With several SITE files it checks them concurrently (8 at a time), prints one
report per site (a JSON array with --json, one metric set with --prometheus)
and exits with the worst verdict.`,
		Example: `  ixpush verify branch-tokyo.yaml
  ixpush verify branch-tokyo.yaml --json   # for cron and Kubernetes jobs
  ixpush verify branch-tokyo.yaml --prometheus > /var/lib/node_exporter/textfile/ixpush-tokyo.prom
  ixpush verify sites/*.yaml --json        # a fleet: exit code of the worst site`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runVerify(cmd.Context(), a, cmd, args, &f)
		},
	}
	fl := cmd.Flags()
	addConnFlags(fl, &f.conn.conn, false)
	addPlanFlags(fl, &f.conn.plan)
	fl.BoolVar(&f.json, "json", false, "print the report as JSON")
	fl.BoolVar(&f.prometheus, "prometheus", false, "print the report as Prometheus metrics (for a textfile collector)")
	fl.BoolVar(&f.draw, "draw", false, "draw the site with each tunnel's state above the table")
	// Monitoring convention: a verify that cannot run is "unknown" (3),
	// even for bad flags.
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return exitError{code: int(health.Unknown), err: err}
	})
	return cmd
}

// siteVerdict is one site's verify, with the plan that named its tunnels
// (for the drawing).
type siteVerdict struct {
	health.SiteReport
	plan *plan.Plan
}

func runVerify(ctx context.Context, a *app, cmd *cobra.Command, args []string, f *verifyFlags) error {
	unknown := func(err error) error { return exitError{code: int(health.Unknown), err: err} }
	if f.json && f.prometheus {
		return unknown(errors.New("--json and --prometheus: choose one"))
	}
	if len(args) <= 1 {
		v, err := verifySite(ctx, a, cmd, args, f)
		if err != nil {
			return unknown(err)
		}
		if err := printVerdicts(a, f, []siteVerdict{v}); err != nil {
			return unknown(err)
		}
		if v.Report.Status == health.Unknown {
			return unknown(errors.New(v.Report.Error))
		}
		return exitError{code: v.Report.Status.ExitCode()}
	}
	// A fleet: every site at once (a few at a time), worst verdict wins.
	verdicts := make([]siteVerdict, len(args))
	sem := make(chan struct{}, fleetParallel)
	var wg sync.WaitGroup
	for i, path := range args {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			v, err := verifySite(ctx, a, cmd, []string{path}, f)
			if err != nil {
				v = siteVerdict{SiteReport: health.SiteReport{Site: path, Report: health.UnknownReport(health.Expectation{}, err)}}
			}
			verdicts[i] = v
		}()
	}
	wg.Wait()
	if err := printVerdicts(a, f, verdicts); err != nil {
		return unknown(err)
	}
	worst, unknowns := health.OK, 0
	for _, v := range verdicts {
		worst = max(worst, v.Report.Status)
		if v.Report.Status == health.Unknown {
			unknowns++
		}
	}
	if unknowns > 0 {
		return exitError{code: int(worst), err: fmt.Errorf("%d of %d sites could not be verified (see the report)", unknowns, len(verdicts))}
	}
	return exitError{code: worst.ExitCode()}
}

// fleetParallel bounds how many routers a fleet verify talks to at once.
const fleetParallel = 8

// verifySite verifies one site; an error means the site itself could not be
// read (file, flags, AWS configuration), a router problem is in the report.
func verifySite(ctx context.Context, a *app, cmd *cobra.Command, args []string, f *verifyFlags) (siteVerdict, error) {
	pf := f.conn.plan // each site fills its own copy from its file
	job, err := prepareJob(a, cmd, args, &f.conn.conn, &pf)
	if err != nil {
		return siteVerdict{}, err
	}
	defer job.close()
	// The expectation comes from the AWS configuration and site alone: the
	// plan against an empty router names the tunnels and neighbours.
	p, err := plan.New(job.conn, showparse.RunningConfig{}, job.planOpts...)
	if err != nil {
		return siteVerdict{}, err
	}
	rep := agent.Verify(ctx, job.connect, agent.Expectation(p), agent.WithLogger(job.log))
	return siteVerdict{SiteReport: health.SiteReport{Site: job.site.Label(), Report: rep}, plan: p}, nil
}

func printVerdicts(a *app, f *verifyFlags, vs []siteVerdict) error {
	reports := make([]health.SiteReport, len(vs))
	for i, v := range vs {
		reports[i] = v.SiteReport
	}
	switch {
	case f.json && len(vs) == 1:
		return printJSON(a, vs[0].Report)
	case f.json:
		return printJSON(a, reports)
	case f.prometheus:
		return health.WritePrometheus(a.stdout, reports...)
	}
	for i, v := range vs {
		if len(vs) > 1 {
			if i > 0 {
				fmt.Fprintln(a.stdout)
			}
			fmt.Fprintf(a.stdout, "== %s\n", v.Site)
		}
		if f.draw && v.plan != nil {
			if err := report.WriteTopology(a.stdout, v.plan, &v.Report); err != nil {
				return err
			}
		}
		if err := health.WriteTable(a.stdout, v.Report); err != nil {
			return err
		}
	}
	return nil
}
