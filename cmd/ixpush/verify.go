package main

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/plan"
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
		Use:   "verify [SITE]",
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
It changes nothing and leaves configuration mode so the lock is free.`,
		Example: `  ixpush verify branch-tokyo.yaml
  ixpush verify branch-tokyo.yaml --json   # for cron and Kubernetes jobs
  ixpush verify branch-tokyo.yaml --prometheus > /var/lib/node_exporter/textfile/ixpush-tokyo.prom`,
		Args: cobra.MaximumNArgs(1),
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

func runVerify(ctx context.Context, a *app, cmd *cobra.Command, args []string, f *verifyFlags) error {
	unknown := func(err error) error { return exitError{code: int(health.Unknown), err: err} }
	if f.json && f.prometheus {
		return unknown(errors.New("--json and --prometheus: choose one"))
	}
	job, err := prepareJob(a, cmd, args, &f.conn.conn, &f.conn.plan)
	if err != nil {
		return unknown(err)
	}
	defer job.close()
	// The expectation comes from the AWS configuration and site alone: the
	// plan against an empty router names the tunnels and neighbours.
	p, err := plan.New(job.conn, showparse.RunningConfig{}, job.planOpts...)
	if err != nil {
		return unknown(err)
	}
	rep := agent.Verify(ctx, job.connect, agent.Expectation(p), agent.WithLogger(job.log))
	switch {
	case f.json:
		if err := printJSON(a, rep); err != nil {
			return unknown(err)
		}
	case f.prometheus:
		if err := health.WritePrometheus(a.stdout, job.site.Label(), rep); err != nil {
			return unknown(err)
		}
	default:
		if f.draw {
			if err := writeTopology(a.stdout, p, &rep); err != nil {
				return unknown(err)
			}
		}
		if err := health.WriteTable(a.stdout, rep); err != nil {
			return unknown(err)
		}
	}
	if rep.Status == health.Unknown {
		return unknown(errors.New(rep.Error))
	}
	return exitError{code: rep.Status.ExitCode()}
}
