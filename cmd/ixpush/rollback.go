package main

import (
	"context"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/journal"
	"github.com/ixpush/ixpush/pkg/report"
	"github.com/ixpush/ixpush/pkg/termsafe"
)

type rollbackFlags struct {
	site   siteFlags
	backup string
}

func newRollbackCmd(a *app) *cobra.Command {
	var f rollbackFlags
	cmd := &cobra.Command{
		Use:   "rollback [SITE] --backup FILE|latest",
		Short: "Put the sections ixpush manages back to a backup, and prove it",
		Long: `rollback returns the router's AWS VPN sections (IKE, IPsec, ACL, tunnel
interfaces, BGP neighbours) to what a backup taken by apply holds. It plans the
connection against the backup, types only the inverse lines that change the
current running-config, re-reads it and checks every managed section against
the backup. Sections ixpush does not manage are left alone. It does not save:
run write memory yourself once you are satisfied, or reload to return to
startup-config.

--backup latest is the backup taken before the last change that typed
something, from the change journal in --state-dir (never a dry run's or a
no-op run's snapshot, never a half-configured router's). When that is the
backup, the journaled change is undone with its own journaled lines, so a
rollback or apply that died half-way is resumed. A session lost while
typing is re-opened once and the sequence starts again from a fresh read.`,
		Example: `  ixpush rollback branch-tokyo.yaml --backup latest
  ixpush rollback branch-tokyo.yaml --backup ~/.config/ixpush/backups/R10-20261127T130000.000Z.cfg`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRollback(cmd.Context(), a, firstArg(args), &f)
		},
	}
	fl := cmd.Flags()
	f.site.register(fl, connGroup|forceGroup|awsGroup|tunnelGroup|planGroup|revealGroup|stateGroup|jsonGroup)
	fl.StringVar(&f.backup, "backup", "", "backup file, or latest for the backup of the last change the journal holds")
	return cmd
}

func runRollback(ctx context.Context, a *app, sitePath string, f *rollbackFlags) error {
	if f.backup == "" {
		return usagef("--backup FILE|latest is required")
	}
	log, err := f.site.logger(a.stderr)
	if err != nil {
		return err
	}
	job, err := f.site.prepare(ctx, a, sitePath, log)
	if err != nil {
		return err
	}
	defer job.close()
	store, err := openStore(f.site.stateDir)
	if err != nil {
		return err
	}
	path := f.backup
	if path == "latest" {
		js, err := journal.Open(store.Dir())
		if err != nil {
			return err
		}
		if path, err = js.LatestBackup(job.site.Label()); err != nil {
			return usagef("--backup latest: %w", err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return usagef("--backup: %w", err)
	}
	res, err := agent.Restore(ctx, job.connect, agent.RestoreInput{
		Router: job.site.Label(), BackupPath: path, Backup: string(data),
		Connection: job.conn, PlanOptions: job.planOpts,
	}, append([]agent.Option{agent.WithBackupStore(store), agent.WithLogger(log), agent.WithProgress(termsafe.NewWriter(a.stderr))}, job.agentOpts...)...)
	if f.site.json {
		if perr := printJSON(a, res); perr != nil {
			return perr
		}
	} else if err == nil {
		if perr := writeText(a, func(w io.Writer) error { return report.WriteRestore(w, res) }); perr != nil {
			return perr
		}
	}
	return withNext(a, err, res.Next, sitePath)
}
