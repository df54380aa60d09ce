package metrics

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Exporter is what `ixpush exporter` serves: its own metrics on /metrics
// (process, Go runtime, build info, probes answered) and one site's on
// each /probe, as the blackbox and snmp exporters split them, so
// Prometheus's targets and sharding decide which routers are scraped.
type Exporter struct {
	fleet  *Fleet
	own    *prometheus.Registry
	probes *prometheus.CounterVec
}

// Probe results counted by ixpush_exporter_probes_total.
const (
	ProbeVerified = "verified" // a verify ran for the probe
	ProbeCached   = "cached"   // within the minimum interval: the last result
	ProbeFailed   = "failed"   // no such site, shutting down, or the scrape gave up
)

// NewExporter serves f's sites.
func NewExporter(f *Fleet, opts ...Option) *Exporter {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	e := &Exporter{fleet: f, own: prometheus.NewRegistry(),
		probes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ixpush_exporter_probes_total",
			Help: "Probes answered, by result: verified (a verify ran), cached (within --min-interval) or failed.",
		}, []string{"result"})}
	e.own.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		buildInfo(o.build), e.probes)
	for _, r := range []string{ProbeVerified, ProbeCached, ProbeFailed} {
		e.probes.WithLabelValues(r) // every result from the start, so rate() sees the first
	}
	return e
}

// Probed counts one probe by its result.
func (e *Exporter) Probed(result string) { e.probes.WithLabelValues(result).Inc() }

// MetricsHandler serves the exporter's own metrics.
func (e *Exporter) MetricsHandler() http.Handler {
	return promhttp.HandlerFor(e.own, promhttp.HandlerOpts{Registry: e.own})
}

// SiteHandler serves one site's metrics, in whichever exposition format
// the scrape asks for.
func (e *Exporter) SiteHandler(site string) http.Handler {
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(e.fleet.Site(site))
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
}
