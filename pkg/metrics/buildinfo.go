package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// buildInfo is the constant ixpush_build_info 1, labelled with the build.
func buildInfo(b BuildInfo) prometheus.Collector {
	return prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name:        "ixpush_build_info",
		Help:        "Always 1; labelled with the ixpush version, VCS revision and Go version.",
		ConstLabels: prometheus.Labels{"version": b.Version, "revision": b.Revision, "goversion": b.GoVersion},
	}, func() float64 { return 1 })
}

// unix is t in fractional Unix seconds, the unit of Prometheus timestamps.
func unix(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }
