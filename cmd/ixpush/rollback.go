package main

import (
	"context"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/backup"
	"github.com/ixpush/ixpush/pkg/journal"
	"github.com/ixpush/ixpush/pkg/report"
	"github.com/ixpush/ixpush/pkg/termsafe"
)

type rollbackFlags struct {
	site      siteFlags
	backup    string
	keepGoing bool
}

func newRollbackCmd(a *app) *cobra.Command {
	var f rollbackFlags
	cmd := &cobra.Command{
		Use:   "rollback [SITE...] --backup FILE|latest",
		Short: "Put the sections ixpush manages back to a backup, and prove it",
		Long: `rollback returns the router's AWS VPN sections (IKE, IPsec, ACL, tunnel
interfaces, BGP neighbours) to what a backup taken by apply holds. It plans the
connection against the backup, types only the inverse lines that change the
current running-config, re-reads it and checks every managed section against
the backup. Sections ixpush does not manage are left alone: where they differ from
the backup (someone's edit since), rollback keeps them, lists each line on
stderr and prints "kept: N line(s)" (JSON: unmanaged_differs). It does not save:
run write memory yourself once you are satisfied, or reload to return to
startup-config.

--backup latest is the backup taken before the last change that typed
something, from the change journal in --state-dir (never a dry run's or a
no-op run's snapshot, never a half-configured router's). When that is the
backup, the journaled change is undone with its own journaled lines, so a
rollback or apply that died half-way is resumed, and neither --aws nor
today's planner flags are needed (they would only matter for a backup the
journal does not name). A session lost while typing is re-opened once and
the sequence starts again from a fresh read.

With several SITE files (--backup latest: each router's own), every one is
read first, then they are rolled back one after another; the first failure
stops the rest unless --keep-going. --json prints one envelope per site, a
JSON line each.

Exit codes: 0 restored (or already as the backup); 1 failed (not proven:
read the message and run its next command); 2 bad input or usage (no
--backup, no journaled change for latest, an unreadable backup), nothing
typed. Several sites: the highest code of any site.`,
		Example: `  ixpush rollback branch-tokyo.yaml --backup latest
  ixpush rollback branch-tokyo.yaml --backup ~/.config/ixpush/backups/R10-20261127T130000.000Z.cfg
  ixpush rollback sites/*.yaml --backup latest --keep-going --json`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRollback(cmd.Context(), a, args, &f)
		},
	}
	f.site.awsOptional = true // the journaled change carries its own lines
	fl := cmd.Flags()
	f.site.register(fl, connGroup|forceGroup|awsGroup|tunnelGroup|planGroup|revealGroup|stateGroup|jsonGroup)
	fl.StringVar(&f.backup, "backup", "", "backup file, or latest for the backup of the last change the journal holds")
	fl.BoolVar(&f.keepGoing, "keep-going", false, "with several SITE files, go on after a site fails")
	return cmd
}

func runRollback(ctx context.Context, a *app, args []string, f *rollbackFlags) error {
	if f.backup == "" {
		return usagef("--backup FILE|latest is required")
	}
	if len(args) > 1 && f.backup != "latest" {
		return usagef("--backup %s with %d sites: one backup file is one router's; use --backup latest", f.backup, len(args))
	}
	log, err := f.site.logger(a.stderr)
	if err != nil {
		return err
	}
	store, err := openStore(f.site.stateDir)
	if err != nil {
		return err
	}
	r := siteRun{command: "rollback", json: f.site.json, keepGoing: f.keepGoing, again: []string{"--backup", f.backup}}
	return r.run(ctx, a, args, func(sitePath string) siteTask {
		retry := &journal.Next{Action: journal.ActionRollback, Backup: f.backup}
		t := siteTask{who: jsonSite{arg: sitePath, retry: retry}}
		job, err := f.site.prepare(ctx, a, sitePath, log)
		if err != nil {
			t.err = err
			return t
		}
		t.close = job.close
		t.who.name, t.who.host = job.site.Label(), job.site.Router.Host
		path, data, err := readBackup(store, job.site.Label(), f.backup)
		if err != nil {
			t.err = err
			return t
		}
		t.run = func(ctx context.Context) siteDone {
			res, err := agent.Restore(ctx, job.connect, agent.RestoreInput{
				Router: job.site.Label(), BackupPath: path, Backup: string(data),
				Connection: job.conn, PlanOptions: job.planOpts,
			}, append([]agent.Option{agent.WithBackupStore(store), agent.WithLogger(log), agent.WithProgress(termsafe.NewWriter(a.stderr))}, job.agentOpts...)...)
			d := siteDone{result: res, err: withNext(a, err, res.Next, sitePath)}
			switch {
			case err != nil:
			case res.Already:
				d.outcome = "already-restored"
			default:
				d.outcome = string(agent.OutcomeRestored)
			}
			if err == nil {
				d.text = func(w io.Writer) error { return report.WriteRestore(w, res) }
			}
			return d
		}
		return t
	})
}

// readBackup resolves --backup (latest: the router's journaled change's)
// and reads it.
func readBackup(store *backup.Store, router, flag string) (string, []byte, error) {
	path := flag
	if path == "latest" {
		js, err := journal.Open(store.Dir())
		if err != nil {
			return "", nil, err
		}
		if path, err = js.LatestBackup(router); err != nil {
			return "", nil, usagef("--backup latest: %w", err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", nil, usagef("--backup: %w", err)
	}
	return path, data, nil
}
