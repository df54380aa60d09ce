package demo

import (
	"io"
	"time"
)

// DefaultWait is how long apply waits for the tunnels unless WithWait says
// otherwise. The simulator brings the seed up in about a second; the margin
// is for WithLatency and a loaded machine, and a broken demo still ends soon.
const DefaultWait = 15 * time.Second

// TimeScale is how much faster than a real IX the demo's simulated router
// runs its realistic timeline: the seed's ~93 s bring-up takes about a
// second, and apply's soak is the BGP hold time (30 s) at the same scale.
const TimeScale = 100

const soak = 30 * time.Second / TimeScale

// pollInterval is apply's health poll: short, so the demo's steps show the
// tunnels coming up one by one within its few seconds.
const pollInterval = 200 * time.Millisecond

// Option configures Run.
type Option func(*options)

type options struct {
	brk        Break
	latency    time.Duration
	transcript io.Writer
	wait       time.Duration
}

func newOptions(opts []Option) options {
	o := options{brk: BreakNone, wait: DefaultWait}
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// WithBreak breaks the scenario on purpose (default BreakNone).
func WithBreak(b Break) Option { return func(o *options) { o.brk = b } }

// WithLatency delays the simulated network by d each way.
func WithLatency(d time.Duration) Option { return func(o *options) { o.latency = d } }

// WithTranscript writes the CLI session to w, secrets masked. Run does not
// close w.
func WithTranscript(w io.Writer) Option { return func(o *options) { o.transcript = w } }

// WithWait sets how long apply waits for the tunnels (default DefaultWait).
func WithWait(d time.Duration) Option { return func(o *options) { o.wait = d } }
