package main

import (
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/ixpush/ixpush/pkg/demo"
)

func newDemoCmd(a *app) *cobra.Command {
	var brk, transcript string
	var latency, wait time.Duration
	var confirm bool
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Provision the seed's AWS VPN on a built-in simulated IX2015, then verify it",
		Long: `demo starts the built-in simulator in-process with the seed scenario (an
IX2015 "R10" behind NAT 203.165.211.85, two AWS tunnels, VPC 172.31.0.0/16),
reads the seed's AWS Cisco sample, and runs apply then verify against it over
real SSH on a loopback port: the steps, the site drawing and the health table.
Nothing to install, no network; it takes a few seconds.

` + demo.BreakStories(78),
		Example: `  ixpush demo
  ixpush demo --break psk
  ixpush demo --break kill     # watch the next run recover from a dead one
  ixpush demo --latency 10ms   # 10 ms each way: a 20 ms round trip`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			b, err := demo.ParseBreak(brk)
			if err != nil {
				return usagef("--break %w", err)
			}
			opts := []demo.Option{demo.WithBreak(b), demo.WithLatency(latency), demo.WithWait(wait)}
			if confirm && b != demo.BreakNone {
				return usagef("--confirm and --break: choose one")
			}
			if transcript != "" {
				tf, err := os.OpenFile(transcript, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
				if err != nil {
					return usagef("--transcript: %w", err)
				}
				defer tf.Close()
				opts = append(opts, demo.WithTranscript(tf))
			}
			if confirm {
				return demo.RunConfirm(cmd.Context(), a.stdout, opts...)
			}
			return demo.Run(cmd.Context(), a.stdout, opts...)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&brk, "break", string(demo.BreakNone), "what to break: "+demo.BreakHelp())
	fl.DurationVar(&latency, "latency", 0, "simulated network delay each way")
	fl.StringVar(&transcript, "transcript", "", "write the CLI session (secrets masked) to this file")
	fl.DurationVar(&wait, "wait", demo.DefaultWait, "how long apply waits for the tunnels")
	fl.BoolVar(&confirm, "confirm", false, "the confirm-or-revert story: an unconfirmed change reverted by guard, a confirmed one reverted after failed checks")
	return cmd
}
