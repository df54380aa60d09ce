package main

import (
	"context"
	"os"

	"github.com/sirupsen/logrus"
	"github.com/spf13/pflag"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/inventory"
	"github.com/ixpush/ixpush/pkg/plan"
)

// fleetFlags choose the sites of a fleet command (verify, exporter) and how
// many routers it talks to at once.
type fleetFlags struct {
	inventory string
	limits    []string
	shard     string
	parallel  int
	// keepUnread keeps a single SITE that cannot be read as an unknown
	// site, as a fleet's are, instead of making it the error: metrics
	// (--prometheus, --textfile) then say unknown rather than go stale.
	keepUnread bool
}

func (f *fleetFlags) register(fl *pflag.FlagSet) {
	fl.StringVar(&f.inventory, "inventory", "", "YAML file of many sites (defaults:, groups:, sites:) instead of SITE files")
	fl.StringArrayVar(&f.limits, "limit", nil, "only this site or group of --inventory (repeatable)")
	fl.StringVar(&f.shard, "shard", "", "only the I-th of N stable slices of --inventory, as I/N (default: from JOB_COMPLETION_INDEX and JOB_COMPLETIONS when set)")
	fl.IntVar(&f.parallel, "parallel", agent.DefaultFleetParallel, "routers verified at once")
}

// fleetJobs are the prepared sites of one fleet command.
type fleetJobs struct {
	items []fleetItem
	// single is one SITE file (or the flags alone): its problems are the
	// command's error and its output is that of one site.
	single  bool
	closers []func() error
}

type fleetItem struct {
	site    agent.FleetSite
	host    string
	path    string     // the site file, for the next command a note names
	drawing *plan.Plan // with --draw
	job     *siteJob   // nil when the site could not be read
}

func (j *fleetJobs) sites() []agent.FleetSite {
	out := make([]agent.FleetSite, len(j.items))
	for i, it := range j.items {
		out[i] = it.site
	}
	return out
}

func (j *fleetJobs) close() {
	for _, c := range j.closers {
		c()
	}
}

// jobs reads the fleet: the SITE files given, or the sites --inventory,
// --limit and --shard select. A site that cannot be read is kept, with its
// error, to be reported Unknown beside the others; only a single SITE's
// problem, or one with the inventory or the selection, is an error.
func (f *fleetFlags) jobs(ctx context.Context, a *app, sf *siteFlags, args []string, log logrus.FieldLogger, draw bool) (*fleetJobs, error) {
	if f.parallel < 1 {
		return nil, usagef("--parallel %d: want at least 1", f.parallel)
	}
	if f.inventory == "" {
		if len(f.limits) > 0 || f.shard != "" {
			return nil, usagef("--limit and --shard select sites of --inventory; name one")
		}
		return siteFileJobs(ctx, a, sf, args, log, draw, f.keepUnread)
	}
	if len(args) > 0 {
		return nil, usagef("give SITE files or --inventory, not both")
	}
	inv, err := inventory.Load(f.inventory)
	if err != nil {
		return nil, err
	}
	shard, err := f.selectedShard()
	if err != nil {
		return nil, err
	}
	entries, err := inv.Select(f.limits, shard)
	if err != nil {
		return nil, usagef("--%s", trimSelect(err))
	}
	jobs := &fleetJobs{}
	for _, e := range entries {
		it := fleetItem{site: agent.FleetSite{Name: e.Name, Err: e.Err}}
		if e.Err == nil {
			it.host = e.Site.Router.Host
			job, err := prepareEntry(ctx, a, sf, f.inventory, e, log)
			if job != nil {
				jobs.closers = append(jobs.closers, job.close)
			}
			if err == nil {
				it.job = job
				it.site.Connect, it.site.Options = job.connect, job.agentOpts
				it.site.Expect, err = verifyJob(job)
			}
			it.site.Err = err
		}
		jobs.items = append(jobs.items, it)
	}
	return jobs, nil
}

// selectedShard is --shard, else the Indexed Job's, else the whole.
func (f *fleetFlags) selectedShard() (inventory.Shard, error) {
	if f.shard != "" {
		sh, err := inventory.ParseShard(f.shard)
		if err != nil {
			return sh, usagef("--shard %q: want I/N with 1 <= I <= N, like 2/4", f.shard)
		}
		return sh, nil
	}
	sh, _, err := inventory.ShardFromEnv(os.Getenv)
	if err != nil {
		return sh, usagef("%s", trimSelect(err))
	}
	return sh, nil
}

// trimSelect drops the sentinel's words from a selection error, which the
// caller words as the flag's.
func trimSelect(err error) string {
	msg := err.Error()
	if p := inventory.ErrSelect.Error() + ": "; len(msg) > len(p) && msg[:len(p)] == p {
		return msg[len(p):]
	}
	return msg
}

// prepareEntry lays the flags over an inventory site and prepares it; its
// problems name the file and the site, as the inventory's own do.
func prepareEntry(ctx context.Context, a *app, sf *siteFlags, path string, e inventory.Entry, log logrus.FieldLogger) (*siteJob, error) {
	named := func(err error) error { return &inventory.SiteError{File: path, Site: e.Name, Err: err} }
	s, err := sf.overlay(e.Site)
	if err != nil {
		return nil, named(err)
	}
	job, err := sf.prepareSite(ctx, a, s, log)
	if err != nil {
		return job, named(err)
	}
	return job, nil
}

func siteFileJobs(ctx context.Context, a *app, sf *siteFlags, args []string, log logrus.FieldLogger, draw, keepUnread bool) (*fleetJobs, error) {
	paths := args
	if len(paths) == 0 {
		paths = []string{""} // the site is in the flags alone
	}
	jobs := &fleetJobs{single: len(paths) == 1}
	for _, path := range paths {
		it := fleetItem{path: path, site: agent.FleetSite{Name: path}}
		var job *siteJob
		st, err := sf.loadSite(path)
		if err == nil {
			// A site that loads keeps its label whatever fails next (an
			// AWS read): its metrics series stay one series.
			it.site.Name, it.host = st.Label(), st.Router.Host
			job, err = sf.prepareSite(ctx, a, st, log)
		}
		if job != nil {
			jobs.closers = append(jobs.closers, job.close)
		}
		if err == nil {
			it.site.Expect, err = verifyJob(job)
		}
		if err == nil && draw {
			it.drawing, err = drawing(job)
		}
		if err != nil && jobs.single && !keepUnread {
			jobs.close()
			return nil, err
		}
		if err == nil {
			it.job = job
			it.host = job.site.Router.Host
			it.site = agent.FleetSite{Name: job.site.Label(), Connect: job.connect, Expect: it.site.Expect, Options: job.agentOpts}
		} else {
			it.site.Err = err
		}
		jobs.items = append(jobs.items, it)
	}
	return jobs, nil
}
