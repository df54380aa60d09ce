package metrics

import (
	"fmt"
	"io"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"
)

// GuardSample is what one guard run found for one router, as the guard
// metrics need it.
type GuardSample struct {
	Site string
	// Reverted: this run reverted the router's change.
	Reverted bool
	// Deadline is the pending confirmation's; zero when none is pending.
	Deadline time.Time
}

// Names of the guard metrics.
const (
	GuardRevertsName    = "ixpush_guard_reverts_total"
	PendingDeadlineName = "ixpush_pending_confirm_deadline_seconds"
	guardRevertsHelp    = "Changes ixpush guard reverted (past a confirmation deadline, or after consecutive failed checks inside the guard window)."
	pendingDeadlineHelp = "Unix time of the deadline of a change awaiting ixpush confirm; absent when none is pending."
)

// RegisterGuard registers the two guard metrics on reg, holding samples:
// ixpush_guard_reverts_total counts the reverts of the run per site (every
// site appears, at 0 when nothing was reverted, so an alert can tell a
// silent guard from a missing one); ixpush_pending_confirm_deadline_seconds
// is the deadline of each pending confirmation, for an alert before guard
// reverts it.
func RegisterGuard(reg prometheus.Registerer, samples []GuardSample) error {
	reverts := prometheus.NewCounterVec(prometheus.CounterOpts{Name: GuardRevertsName, Help: guardRevertsHelp}, []string{"site"})
	deadline := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: PendingDeadlineName, Help: pendingDeadlineHelp}, []string{"site"})
	for _, s := range samples {
		c := reverts.WithLabelValues(s.Site)
		if s.Reverted {
			c.Inc()
		}
		if !s.Deadline.IsZero() {
			deadline.WithLabelValues(s.Site).Set(float64(s.Deadline.Unix()))
		}
	}
	for _, c := range []prometheus.Collector{reverts, deadline} {
		if err := reg.Register(c); err != nil {
			return fmt.Errorf("registering the guard metrics: %w", err)
		}
	}
	return nil
}

// WriteGuard writes the guard metrics of samples in the text exposition
// format, for a node_exporter textfile collector.
func WriteGuard(w io.Writer, samples []GuardSample) error {
	reg := prometheus.NewRegistry()
	if err := RegisterGuard(reg, samples); err != nil {
		return err
	}
	families, err := reg.Gather()
	if err != nil {
		return fmt.Errorf("gathering the guard metrics: %w", err)
	}
	enc := expfmt.NewEncoder(w, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, mf := range families {
		if err := enc.Encode(mf); err != nil {
			return fmt.Errorf("writing the guard metrics: %w", err)
		}
	}
	return nil
}
