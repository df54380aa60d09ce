package main

import (
	"context"
	"io"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/spf13/cobra"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/backup"
	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/report"
	"github.com/ixpush/ixpush/pkg/termsafe"
)

type applyFlags struct {
	site    siteFlags
	wait    time.Duration
	soak    soakFlag
	poll    time.Duration
	require string
	noSave  bool
	dryRun  bool
	// saveUnsaved: save even when others left edits unsaved.
	saveUnsaved bool
	keepGoing   bool
	// confirmWithin: leave the change unsaved awaiting ixpush confirm.
	confirmWithin time.Duration
}

func newApplyCmd(a *app) *cobra.Command {
	var f applyFlags
	cmd := &cobra.Command{
		Use:   "apply [SITE...]",
		Short: "Back up, push the AWS VPN configuration, verify, then save — or roll back",
		Long: `apply provisions the AWS VPN of a site on its IX router:

  1. connect over SSH and enter configuration mode (held by another session:
     stop, nothing changed; --force-config takes it with svintr-config);
  2. read the change journal in --state-dir: an unfinished change from a run
     that died (kill -9, lost network) is reported and rolled back to ITS
     backup first;
  3. save running-config as a backup (mode 0600) in --state-dir before any
     change;
  4. plan against the live running-config (--dry-run stops here and prints
     the exact commands); nothing to push means "already applied" — and
     when startup-config lacks the change, it is saved now;
  5. when running-config differs from startup-config outside the sections
     ixpush manages (someone's unsaved edit), stop: a save would persist it
     (--save-unsaved-changes saves it too; --no-save only warns);
  6. journal the plan, push the commands; the first router error stops the
     push;
  7. verify until healthy or --wait runs out, then keep polling until health
     has held for --soak without a break (a dying tunnel still looks up until
     DPD and the BGP hold time expire);
  8. healthy: write memory (unless --no-save; a session lost there is
     re-opened and startup-config read back). Otherwise roll back: type the
     inverse of what was added, re-read running-config and prove every
     touched section equals the backup. write memory never runs on a failure.

Every failure ends with the next command to run (also "next" in --json).

SITE is a YAML site file; every field also has a flag, and flags win. With
several SITE files every one is read first (one that cannot be read stops
the run before any router is touched), then they are applied one after
another; the first failure stops the rest unless --keep-going. --json
prints one envelope per site, a JSON line each (a site not run: outcome
"skipped").

Exit codes: 0 applied (or already applied, or a dry run); 1 failed (rolled
back, or rollback not proven: read the message); 2 bad input or usage,
nothing changed. Several sites: the highest code of any site.`,
		Example: `  IXPUSH_PASSWORD=... ixpush apply branch-tokyo.yaml
  ixpush apply --host 192.0.2.1 --user admin --password-env IXPUSH_PASSWORD \
      --aws vpn-0123.txt --lan 192.168.2.0/24 --vpc 172.31.0.0/16 --wan-ip 192.168.1.10 --dry-run
  ixpush apply sites/*.yaml --json   # one router after another, a JSON line each`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runApply(cmd.Context(), a, args, &f)
		},
	}
	fl := cmd.Flags()
	f.site.register(fl, connGroup|forceGroup|awsGroup|tunnelGroup|planGroup|revealGroup|stateGroup|jsonGroup)
	fl.DurationVar(&f.wait, "wait", agent.DefaultWait, waitUsage)
	fl.Var(&f.soak, "soak", soakUsage)
	fl.DurationVar(&f.poll, "poll", 3*time.Second, "pause between health checks while waiting")
	fl.StringVar(&f.require, "require", "ok", "health needed to keep the change: ok, or degraded to accept one tunnel")
	fl.BoolVar(&f.noSave, "no-save", false, "do not write memory after a healthy apply")
	fl.BoolVar(&f.dryRun, "dry-run", false, "plan against the live router and print the commands; change nothing")
	fl.BoolVar(&f.saveUnsaved, "save-unsaved-changes", false, "go on, and save, when running-config holds edits outside ixpush's sections that nobody saved")
	fl.BoolVar(&f.keepGoing, "keep-going", false, "with several SITE files, go on after a site fails")
	registerConfirmWithin(fl, &f.confirmWithin)
	return cmd
}

func runApply(ctx context.Context, a *app, args []string, f *applyFlags) error {
	req, err := health.ParseStatus(f.require)
	if err != nil || (req != health.OK && req != health.Degraded) {
		return usagef("--require %q: want ok or degraded", f.require)
	}
	if f.wait <= 0 || f.poll <= 0 {
		return usagef("--wait and --poll must be positive")
	}
	if err := checkConfirmWithin(f.confirmWithin, f.noSave); err != nil {
		return err
	}
	log, err := f.site.logger(a.stderr)
	if err != nil {
		return err
	}
	store, err := openStore(f.site.stateDir)
	if err != nil {
		return err
	}
	r := siteRun{command: "apply", json: f.site.json, keepGoing: f.keepGoing}
	return r.run(ctx, a, args, func(path string) siteTask {
		job, err := f.site.prepare(ctx, a, path, log)
		if err != nil {
			return siteTask{who: jsonSite{arg: path}, err: err}
		}
		return siteTask{
			who:   jsonSite{name: job.site.Label(), host: job.site.Router.Host, arg: path},
			run:   func(ctx context.Context) siteDone { return applySite(ctx, a, job, path, f, req, store, log) },
			close: job.close,
		}
	})
}

// applySite applies one site that prepare read.
func applySite(ctx context.Context, a *app, job *siteJob, path string, f *applyFlags, req health.Status, store *backup.Store, log logrus.FieldLogger) siteDone {
	res, err := agent.Apply(ctx, job.connect, agent.ApplyInput{Router: job.site.Label(), Connection: job.conn, PlanOptions: job.planOpts},
		append([]agent.Option{agent.WithBackupStore(store), agent.WithWait(f.wait), agent.WithPollInterval(f.poll), agent.WithRequire(req),
			agent.WithSave(!f.noSave), agent.WithDryRun(f.dryRun), agent.WithSaveUnsavedChanges(f.saveUnsaved), agent.WithConfirmWithin(f.confirmWithin), agent.WithLogger(log), agent.WithProgress(termsafe.NewWriter(a.stderr)), f.soak.option()}, append(liveProgress(a.stderr), job.agentOpts...)...)...)
	d := siteDone{result: res, err: withNext(a, err, res.Next, path)}
	// The agent printed the plan's warnings before typing (its progress).
	d.outcome = string(res.Outcome)
	d.text = func(w io.Writer) error { return report.WriteApply(w, res, f.site.reveal) }
	if err == nil && res.Confirm != nil {
		// The deadline and the two commands that follow go to stderr in
		// both modes, so a job's log keeps them beside the JSON.
		if perr := printConfirmNext(a, res.Confirm, path); perr != nil {
			d.err = perr
		}
	}
	return d
}

func openStore(flag string) (*backup.Store, error) {
	dir, err := stateDir(flag)
	if err != nil {
		return nil, err
	}
	return backup.Open(dir)
}

// stateDir is --state-dir, or the default backups directory when unset.
func stateDir(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	return backup.DefaultDir()
}
