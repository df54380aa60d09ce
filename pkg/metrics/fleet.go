package metrics

import (
	"io"
	"sort"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"

	"github.com/ixpush/ixpush/pkg/health"
)

// Fleet is the metrics of the sites verified so far, in a registry of its
// own (never the global one, so tests and the exporter's probes stay
// isolated). It is safe for concurrent use.
type Fleet struct {
	mu    sync.Mutex
	sites map[string]*siteState
	// prior holds last-success times read back by RestoreLastSuccess,
	// taken by a site when it is first observed.
	prior map[string]time.Time
	reg   *prometheus.Registry
}

type siteState struct {
	report      health.Report
	lastRun     time.Time
	took        time.Duration
	lastSuccess time.Time // zero: never ok as far as this Fleet knows
}

// Option configures a Fleet.
type Option func(*options)

type options struct {
	build BuildInfo
}

// BuildInfo labels ixpush_build_info.
type BuildInfo struct {
	Version, Revision, GoVersion string
}

// WithBuildInfo sets the labels of ixpush_build_info (empty labels when not
// given: the metric is still there, so "is ixpush exporting" is one query).
func WithBuildInfo(b BuildInfo) Option { return func(o *options) { o.build = b } }

// New returns an empty Fleet.
func New(opts ...Option) *Fleet {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	f := &Fleet{sites: map[string]*siteState{}, prior: map[string]time.Time{}, reg: prometheus.NewPedanticRegistry()}
	f.reg.MustRegister(f.Collector(), buildInfo(o.build))
	return f
}

// Observe records one verify of site: its report, when it started and how
// long it took. An ok verdict is the site's last success.
func (f *Fleet) Observe(site string, r health.Report, started time.Time, took time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.sites[site]
	if s == nil {
		s = &siteState{lastSuccess: f.prior[site]}
		f.sites[site] = s
	}
	s.report, s.lastRun, s.took = r, started, took
	if r.Status == health.OK {
		s.lastSuccess = started
	}
}

// Registry is the Fleet's registry: its sites' metrics and
// ixpush_build_info. A caller may register more collectors in it (the
// exporter's own Go and process metrics).
func (f *Fleet) Registry() *prometheus.Registry { return f.reg }

// Collector gathers every site's metrics.
func (f *Fleet) Collector() prometheus.Collector { return collector{f: f} }

// Site gathers one site's metrics only (none when it was never observed):
// the answer to an exporter's /probe?site=NAME.
func (f *Fleet) Site(name string) prometheus.Collector { return collector{f: f, only: name, one: true} }

// Write writes the Fleet in the text exposition format.
func (f *Fleet) Write(w io.Writer) error {
	mfs, err := f.reg.Gather()
	if err != nil {
		return err
	}
	enc := expfmt.NewEncoder(w, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, mf := range mfs {
		if err := enc.Encode(mf); err != nil {
			return err
		}
	}
	return nil
}

// WriteTextfile writes the Fleet to path for node_exporter's textfile
// collector: to a temporary file renamed over path, so the collector never
// reads half a file.
func (f *Fleet) WriteTextfile(path string) error { return prometheus.WriteToTextfile(path, f.reg) }

// snapshot copies the states to render, sorted by site, under the lock.
func (f *Fleet) snapshot(only string, one bool) []namedState {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []namedState
	for name, s := range f.sites {
		if one && name != only {
			continue
		}
		out = append(out, namedState{name: name, siteState: *s})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

type namedState struct {
	name string
	siteState
}
