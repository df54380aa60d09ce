package metrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ixpush/ixpush/pkg/health"
)

// collector renders a Fleet's states as constant metrics on each gather.
type collector struct {
	f    *Fleet
	only string
	one  bool
}

func (c collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descStatus, descDuration, descLastRun, descLastSuccess, descPrefix, descIKEFailures} {
		ch <- d
	}
	for _, tf := range tunnelFamilies {
		ch <- tf.desc
	}
	for _, d := range awsDescs {
		ch <- d
	}
}

func (c collector) Collect(ch chan<- prometheus.Metric) {
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	for _, s := range c.f.snapshot(c.only, c.one) {
		r := s.report
		gauge(descStatus, float64(r.Status), s.name, string(health.EvidenceOf(r)))
		gauge(descDuration, s.took.Seconds(), s.name)
		gauge(descLastRun, unix(s.lastRun), s.name)
		if !s.lastSuccess.IsZero() {
			gauge(descLastSuccess, unix(s.lastSuccess), s.name)
		}
		for _, t := range r.Tunnels {
			for _, tf := range tunnelFamilies {
				if v, peer, known := tf.value(t); known {
					gauge(tf.desc, v, s.name, t.Interface, peer)
				}
			}
			if t.IKECounters.Known {
				for _, k := range ikeFailures(t.IKECounters) {
					ch <- prometheus.MustNewConstMetric(descIKEFailures, prometheus.CounterValue, float64(k.v),
						s.name, t.Interface, t.AWSOutsideIP.String(), k.phase, k.kind)
				}
			}
		}
		for _, p := range r.Prefixes {
			if p.Learned != nil {
				gauge(descPrefix, b2f(*p.Learned), s.name, p.Prefix.String())
			}
		}
		collectAWS(ch, s.name, r.AWS)
	}
}
