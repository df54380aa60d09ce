package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/report"
	"github.com/ixpush/ixpush/pkg/showparse"
	"github.com/ixpush/ixpush/pkg/site"
)

func newPlanCmd(a *app) *cobra.Command {
	var (
		f               siteFlags
		running, output string
	)
	cmd := &cobra.Command{
		Use:   "plan --aws FILE [--running FILE] [flags]",
		Short: "Turn an AWS VPN configuration into IX configuration, commands to type and their rollback",
		Long: `plan reads the configuration AWS gives for a Site-to-Site VPN connection — the
Cisco IOS 12.4+ sample text, the CustomerGatewayConfiguration XML, or a small
YAML file of values copied from the console (detected, or --aws-format) —
validates it, and prints the NEC IX configuration for it.

With --running (a saved "show running-config"), it also prints exactly the
lines to type (nothing the router already has) and the rollback that undoes
them. Without it, the router is taken to be empty.

Pre-shared keys print as ******** unless --reveal-secrets is given. Warnings
go to stderr. --json prints the plan in a JSON envelope, one line (-o json
is the same).

Exit codes: 0 planned; 1 the router's configuration conflicts with the plan
(another BGP AS, a tunnel interface in use, an object name taken); 2 bad
input or usage (one line naming the field and the tunnel by AWS outside IP).`,
		Example: `  ixpush plan --aws vpn.txt --lan 192.168.2.0/24 --vpc 172.31.0.0/16 --wan-ip 192.168.1.10
  ixpush plan --aws cgw.xml --running backup.txt --crypto strong --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runPlan(cmd.Context(), a, &f, running, output)
		},
	}
	fl := cmd.Flags()
	f.register(fl, awsGroup|tunnelGroup|planGroup|revealGroup|drawGroup|jsonGroup)
	fl.StringVar(&running, "running", "", "saved show running-config of the router (default: an empty router)")
	// -o json is what plan took before --json; it stays, undocumented.
	fl.StringVarP(&output, "output", "o", "text", "output: text or json (use --json)")
	_ = fl.MarkHidden("output")
	return cmd
}

func runPlan(ctx context.Context, a *app, f *siteFlags, running, output string) error {
	started := time.Now()
	switch {
	case output == "json":
		f.json = true
	case output != "text":
		return usagef("-o %q: want text or json", output)
	}
	p, err := makePlan(ctx, a, f, running)
	if f.json {
		var result any
		outcome := ""
		if err == nil {
			if result, err = planJSON(p, f.reveal); err != nil {
				return err
			}
			outcome = "planned"
		}
		if perr := printEnvelope(a, "plan", jsonSite{}, started, outcome, result, err); perr != nil {
			return perr
		}
		return err
	}
	if err != nil {
		return err
	}
	return writeText(a, func(w io.Writer) error {
		if f.draw {
			if err := report.WriteTopology(w, p, nil); err != nil {
				return err
			}
		}
		return p.WriteText(w, f.reveal)
	})
}

// planJSON is the plan as JSON, keys masked unless reveal.
func planJSON(p *plan.Plan, reveal bool) (any, error) {
	if !reveal {
		return p, nil
	}
	b, err := p.MarshalJSONRevealed()
	return json.RawMessage(b), err
}

// makePlan reads the flags' AWS configuration and running-config and
// plans; warnings go to stderr.
func makePlan(ctx context.Context, a *app, f *siteFlags, running string) (*plan.Plan, error) {
	s, err := f.merge(&site.Site{})
	if err != nil {
		return nil, err
	}
	if s.AWS.File == "" && s.AWS.VPNConnectionID == "" {
		return nil, usagef("--aws FILE or --vpn-connection-id is required")
	}
	if err := s.CheckAWS(); err != nil {
		return nil, f.named(err)
	}
	format, err := s.AWSFormat()
	if err != nil {
		return nil, f.named(err)
	}
	opts, err := s.PlanOptions()
	if err != nil {
		return nil, f.named(err)
	}
	conn, _, opts, err := f.readConnection(ctx, a, s, format, opts)
	if err != nil {
		return nil, err
	}
	var prior showparse.RunningConfig
	if running != "" {
		if prior, err = readRunning(running); err != nil {
			return nil, err
		}
	}
	p, err := plan.New(conn, prior, opts...)
	if err != nil {
		return nil, err
	}
	for _, w := range p.Warnings {
		warn(a, w)
	}
	return p, nil
}

func readAWS(a *app, path string, format awsvpn.Format) (awsvpn.Connection, error) {
	name := filepath.Base(path)
	in := a.stdin
	if path == "-" {
		name = "stdin"
	} else {
		file, err := os.Open(path)
		if err != nil {
			return awsvpn.Connection{}, usagef("--aws: %w", err)
		}
		defer file.Close()
		in = file
	}
	conn, err := awsvpn.Parse(in, format)
	if err != nil {
		return conn, usagef("%s: %w", name, formatSettingError(err))
	}
	return conn, nil
}

func readRunning(path string) (showparse.RunningConfig, error) {
	file, err := os.Open(path)
	if err != nil {
		return showparse.RunningConfig{}, usagef("--running: %w", err)
	}
	defer file.Close()
	c, err := showparse.ParseRunningConfig(file)
	if err != nil {
		return c, usagef("--running %s: %w", filepath.Base(path), err)
	}
	return c, nil
}
