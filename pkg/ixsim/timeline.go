package ixsim

import (
	"time"

	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

// timelineOptions override the scenario's timing section.
type timelineOptions struct {
	scale     float64
	flaps     int
	flapAfter time.Duration
	teardown  scenario.Teardown
}

// WithTimeScale runs the scenario's timeline (IKE, IPsec and BGP bring-up,
// retries, DPD and hold-time teardown) factor times faster: 100 turns the
// seed's ~93 s bring-up into under a second. It replaces the scenario's
// timing.time_scale; factor must be positive. Clocks (show clock, uptimes)
// and SA lifetimes keep real time.
func WithTimeScale(factor float64) Option {
	return func(o *options) { o.timeline.scale = factor }
}

// WithBGPFlaps makes each tunnel's first BGP session drop n times, after
// (scaled) stay ESTABLISHED each, before it stays up; stay 0 keeps the
// scenario's timing.bgp_flap_after (default 5s).
func WithBGPFlaps(n int, stay time.Duration) Option {
	return func(o *options) { o.timeline.flaps, o.timeline.flapAfter = n, stay }
}

// WithInstantTeardown drops the SAs and BGP of a dead AWS side at once
// instead of when DPD and the hold time expire (the kind old default).
func WithInstantTeardown() Option {
	return func(o *options) { o.timeline.teardown = scenario.TeardownInstant }
}

func (t timelineOptions) validate() error {
	switch {
	case t.scale < 0 || t.scale > 100000 || t.scale != t.scale:
		return invalidf("ixsim: time scale %v: want a factor between 1 and 100000", t.scale)
	case t.flaps < 0 || t.flapAfter < 0:
		return invalidf("ixsim: BGP flaps %d after %v must not be negative", t.flaps, t.flapAfter)
	}
	return nil
}

// timeline returns sc with the timing options applied (a copy when any is
// set: the caller's scenario is never changed).
func (o *options) scenarioTimeline(sc *scenario.Scenario) *scenario.Scenario {
	t := o.timeline
	if t == (timelineOptions{}) {
		return sc
	}
	own := *sc
	if t.scale > 0 {
		own.Timing.TimeScale = t.scale
	}
	if t.flaps > 0 {
		own.Timing.BGPFlaps = t.flaps
	}
	if t.flapAfter > 0 {
		own.Timing.BGPFlapAfter = t.flapAfter
	}
	if t.teardown != "" {
		own.Timing.Teardown = t.teardown
	}
	return &own
}
