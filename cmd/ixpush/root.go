package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/ixpush/ixpush/pkg/termsafe"
)

// app is what every subcommand needs from the process: no globals.
type app struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// subcommands lists the constructors of every subcommand; each lives in its
// own file named after it.
var subcommands = []func(*app) *cobra.Command{
	newVersionCmd,
	newParseCmd,
	newPlanCmd,
	newApplyCmd,
	newVerifyCmd,
	newRollbackCmd,
	newStatusCmd,
	newDemoCmd,
	newSimCmd,
	newExporterCmd,
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "ixpush",
		Short: "Provision and verify AWS Site-to-Site VPN on NEC UNIVERGE IX routers over SSH",
		Long: `ixpush turns the configuration AWS gives you for a Site-to-Site VPN into NEC IX
configuration, pushes it over SSH, verifies both tunnels and BGP, and rolls back
what it added when the health check fails.`,
		SilenceErrors: true,
		SilenceUsage:  true,
		// An argument to the root is an unknown subcommand.
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cmd.Help()
		},
	}
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return asUsage(err) })
	for _, mk := range subcommands {
		root.AddCommand(mk(a))
	}
	root.InitDefaultCompletionCmd() // now, so that typeArgs reaches it
	typeArgs(root)
	return root
}

// typeArgs makes every argument-count error cobra reports (and the root's
// "unknown command") a usage error where it arises, as SetFlagErrorFunc does
// for flags.
func typeArgs(c *cobra.Command) {
	if check := c.Args; check != nil {
		c.Args = func(cmd *cobra.Command, args []string) error { return asUsage(check(cmd, args)) }
	}
	for _, sub := range c.Commands() {
		typeArgs(sub)
	}
}

// printJSON is the one JSON printer: indented, newline-terminated. An
// Encoder indents into one buffer and writes it; MarshalIndent and a
// Fprintf would hold the text three times (a parsed 8 MiB running-config is
// some 15 MB of JSON).
func printJSON(a *app, v any) error {
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// run executes one ixpush invocation and returns the process exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr}
	root := newRootCmd(a)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err != nil {
		text := err.Error()
		if !errors.As(err, new(nextError)) { // nextError places the hint itself
			text += hintText(err)
		}
		if msg := oneLine(text); msg != "" {
			fmt.Fprintf(stderr, "ixpush: %s\n", termsafe.String(msg))
		}
	}
	return exitCode(err)
}
