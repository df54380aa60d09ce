package main

import (
	"context"
	"encoding/json"
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
	newConfirmCmd,
	newGuardCmd,
	newDemoCmd,
	newSimCmd,
	newSchemaCmd,
	newExporterCmd,
}

func newRootCmd(a *app) *cobra.Command {
	var showVersion bool
	root := &cobra.Command{
		Use:   "ixpush",
		Short: "Provision and verify AWS Site-to-Site VPN on NEC UNIVERGE IX routers over SSH",
		Long: `ixpush turns the configuration AWS gives you for a Site-to-Site VPN into NEC IX
configuration, pushes it over SSH, verifies both tunnels and BGP, and rolls back
what it added when the health check fails.

Exit codes: 0 success; 2 bad input or usage, refused before anything
changed (one line on stderr naming the field or flag); 1 any other failure,
its stderr line ending with the command to run next. verify alone follows
the monitoring-plugin scale (0 ok, 1 degraded, 2 down, 3 unknown, usage
included), since its code is a verdict. Each command's --help states its
own; with several SITE files, apply and rollback exit with the highest code
of any site, verify with the worst verdict.

--json (every command that reports) prints JSON Lines: one envelope per
line (per site), described by ixpush schema.`,
		SilenceErrors: true,
		SilenceUsage:  true,
		// An argument to the root is an unknown subcommand.
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if showVersion {
				_, err := fmt.Fprintln(a.stdout, "ixpush", readVersion())
				return err
			}
			return cmd.Help()
		},
	}
	// --version is ixpush's own flag, not cobra's: cobra prints its version
	// through text/template, and a binary that links text/template keeps
	// every exported method of every type it converts to an interface —
	// with the AWS SDK's EC2 client, some 30 MB of code it never calls.
	root.Flags().BoolVarP(&showVersion, "version", "v", false, "print the version (as ixpush version does)")
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return asUsage(err) })
	for _, mk := range subcommands {
		root.AddCommand(mk(a))
	}
	root.InitDefaultCompletionCmd() // now, so that typeArgs reaches it
	typeArgs(root)
	stateExitCodes(root)
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
	cmd, err := root.ExecuteContextC(ctx)
	if err != nil {
		offer := cmd != nil && cmd.Flags().Lookup("force-config") != nil
		if msg := oneLine(errorLine(err, offer)); msg != "" {
			if again := againLater(err, args); again != "" {
				msg += "; next: " + again
			}
			fmt.Fprintf(stderr, "ixpush: %s\n", termsafe.String(msg))
		}
	}
	return exitCode(err)
}
