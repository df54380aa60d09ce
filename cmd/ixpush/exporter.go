package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/metrics"
)

type exporterFlags struct {
	site        siteFlags
	fleet       fleetFlags
	listen      string
	minInterval time.Duration
}

func newExporterCmd(a *app) *cobra.Command {
	var f exporterFlags
	cmd := &cobra.Command{
		Use:   "exporter --inventory FILE",
		Short: "Serve Prometheus metrics of an inventory's sites, verified as scrapes ask (multi-target /probe)",
		Long: `exporter serves HTTP for Prometheus:

  /probe?site=NAME  the site's metrics (as verify --prometheus prints them),
                    from a verify the scrape starts, or the last result when
                    the site was verified less than --min-interval ago
  /metrics          the exporter's own metrics (probes, process, Go runtime)
  /healthz          200 while it serves

Prometheus picks the sites and shards them (relabel __param_site, as for the
blackbox exporter). verify enters the IX's exclusive configuration mode, so
one site is never verified more often than --min-interval, nor twice at
once; at most --parallel verifies run at a time.

SIGINT or SIGTERM stops accepting scrapes and waits for the verifies under
way (each within its --timeout), so no router is left with its
configuration mode taken; then it exits 0.`,
		Example: `  ixpush exporter --inventory fleet.yaml --listen :9808
  curl 'http://localhost:9808/probe?site=tokyo'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runExporter(cmd.Context(), a, &f) },
	}
	fl := cmd.Flags()
	f.site.register(fl, connGroup|awsGroup|tunnelGroup)
	f.fleet.register(fl)
	fl.StringVar(&f.listen, "listen", ":9808", "HTTP listen address")
	fl.DurationVar(&f.minInterval, "min-interval", time.Minute, "shortest time between two verifies of one site; scrapes in between get the last result")
	return cmd
}

func runExporter(ctx context.Context, a *app, f *exporterFlags) error {
	if f.fleet.inventory == "" {
		return usagef("--inventory: missing (the YAML file of the sites to serve)")
	}
	if f.minInterval < 0 {
		return usagef("--min-interval %s: want 0 or more", f.minInterval)
	}
	log, err := f.site.logger(a.stderr)
	if err != nil {
		return err
	}
	fleet, err := f.fleet.jobs(ctx, a, &f.site, nil, log, false)
	if err != nil {
		return err
	}
	defer fleet.close()
	for _, it := range fleet.items {
		if it.site.Err != nil {
			warn(a, it.site.Err.Error()+"; its probes report unknown")
		}
	}
	m := metrics.New(metrics.WithBuildInfo(buildInfo()))
	exp := metrics.NewExporter(m, metrics.WithBuildInfo(buildInfo()))
	jobs := map[string]*siteJob{} // by site: a probe's result has no index
	for _, it := range fleet.items {
		jobs[it.site.Name] = it.job
	}
	prober := agent.NewProber(fleet.sites(), f.minInterval, f.fleet.parallel,
		func(r agent.FleetResult) {
			if job := jobs[r.Site]; job != nil {
				r.Report.AWS = awsView(ctx, job, r.Report)
			}
			m.Observe(r.Site, r.Report, r.Started, r.Took)
		}, agent.WithLogger(log))

	ln, err := net.Listen("tcp", f.listen)
	if err != nil {
		return usagef("--listen %q: %v", f.listen, err)
	}
	srv := &http.Server{Handler: exporterMux(exp, prober), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(a.stderr, "ixpush exporter: serving %d sites on http://%s (/probe?site=NAME, /metrics)\n", len(fleet.items), ln.Addr())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		prober.Close()
		return err
	case <-ctx.Done():
	}
	// Scrapes still open wait for their verify; none starts after this.
	// Their verifies are bounded by the verify timeout, so this is too.
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), agent.DefaultVerifyTimeout+10*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdown)
	prober.Close()
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("stopping the exporter: %w", err)
	}
	fmt.Fprintln(a.stderr, "ixpush exporter: stopped; no verify under way")
	return nil
}

func exporterMux(exp *metrics.Exporter, prober *agent.Prober) *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", exp.MetricsHandler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("GET /probe", func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Query().Get("site")
		if name == "" {
			exp.Probed(metrics.ProbeFailed)
			http.Error(w, "missing ?site=NAME (a site of the inventory)", http.StatusBadRequest)
			return
		}
		_, fresh, err := prober.Probe(r.Context(), name)
		switch {
		case errors.Is(err, agent.ErrNoSuchSite):
			exp.Probed(metrics.ProbeFailed)
			http.Error(w, fmt.Sprintf("no site %q in the inventory", name), http.StatusNotFound)
			return
		case err != nil:
			exp.Probed(metrics.ProbeFailed)
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		case fresh:
			exp.Probed(metrics.ProbeVerified)
		default:
			exp.Probed(metrics.ProbeCached)
		}
		exp.SiteHandler(name).ServeHTTP(w, r)
	})
	return mux
}
