package agent

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/termsafe"
)

// Timeline figures behind the defaults. A real IX takes up to about two
// minutes to bring BGP to AWS to ESTABLISHED (ix-cli.md §11), and a tunnel
// that is dying still looks up for the BGP hold time (30 s with `timers 10
// 30`).
const (
	// DefaultWait is apply's time to reach health: two worst-case BGP
	// bring-ups of two minutes, so that one failed attempt (a flap, or an
	// AWS endpoint restarting mid-way: the session starts over from
	// IDLE) still fits. The soak comes on top.
	DefaultWait = 4 * time.Minute
	// DefaultHeartbeat is how often a poll loop whose verdict does not
	// change says it is still waiting.
	DefaultHeartbeat = 15 * time.Second
	// maxPlanSoak caps the soak taken from a plan's hold time (and is the
	// budget the whole apply reserves for it when the soak is the plan's).
	maxPlanSoak = 3 * time.Minute
)

// WithSoak keeps a change only after its health held continuously for d
// (polled every poll interval) once it was first reached: a tunnel that is
// ESTABLISHED at one poll can be dying, and the router shows it up until
// DPD and the BGP hold time expire. 0 keeps the change at the first
// healthy poll (the default of the library; the CLI defaults to the plan's
// hold time, WithPlanSoak).
func WithSoak(d time.Duration) Option {
	return func(o *options) { o.soak, o.planSoak = max(d, 0), false }
}

// WithPlanSoak sets the soak to the plan's BGP hold time (30 s for AWS),
// at most three minutes.
func WithPlanSoak() Option { return func(o *options) { o.planSoak = true } }

// WithHeartbeat sets how often a poll loop whose verdict does not change
// prints a "still …" line (DefaultHeartbeat; 0 for never).
func WithHeartbeat(every time.Duration) Option {
	return func(o *options) { o.heartbeat = max(every, 0) }
}

// WithLiveProgress shows the heartbeat as one line rewritten in place on
// tty (a terminal: it receives CR and an erase-line sequence) instead of a
// new line on the progress writer each time.
func WithLiveProgress(tty io.Writer) Option { return func(o *options) { o.live = tty } }

// soakFor is the soak window for p.
func (o options) soakFor(p *plan.Plan) time.Duration {
	if !o.planSoak {
		return o.soak
	}
	hold := 30 * time.Second
	if p != nil && p.Connection.BGPHoldTime > 0 {
		hold = time.Duration(p.Connection.BGPHoldTime) * time.Second
	}
	return min(hold, maxPlanSoak)
}

// soakBudget is what the whole apply reserves for the soak before the plan
// is known.
func (o options) soakBudget() time.Duration {
	if o.planSoak {
		return maxPlanSoak
	}
	return o.soak
}

// Soak is the window of polls that kept (or failed to keep) a change.
type Soak struct {
	Window time.Duration `json:"window_ns"`
	// Held is how long health had held continuously at the last poll.
	Held time.Duration `json:"held_ns"`
	// Polls are the polls of the last window, from the first healthy one.
	Polls []SoakPoll `json:"polls"`
	// Restarts counts windows that a poll below the required health
	// broke before they were complete.
	Restarts int `json:"restarts"`
	// Broken is the summary of the poll that broke the last window, when
	// one did.
	Broken string `json:"broken,omitempty"`
}

// SoakPoll is one poll of a soak window.
type SoakPoll struct {
	N       int           `json:"n"`
	At      time.Duration `json:"at_ns"` // since the first poll
	Status  health.Status `json:"status"`
	Summary string        `json:"summary"`
}

// Complete reports whether health held for the whole window.
func (s *Soak) Complete() bool { return s != nil && s.Held >= s.Window && s.Broken == "" }

// poll observes until the report meets o.require and then keeps observing
// until it has held for soak (the window restarts when a poll falls
// below), or until o.wait runs out without health (a window that started
// in time may finish after it). It prints a progress line whenever the
// verdict changes, a heartbeat while it does not, and the last one. It
// stops at once, returning the error, when the session is lost or another
// session took configuration mode: every later poll would read the shows
// in operation mode, where the router refuses them.
func poll(ctx context.Context, dev Device, exp health.Expectation, soak time.Duration, o options) (health.Report, *Soak, error) {
	start := time.Now()
	deadline := start.Add(o.wait)
	pr := &pollPrinter{o: o, start: start}
	defer pr.endLive()
	var sk *Soak
	if soak > 0 {
		sk = &Soak{Window: soak}
	}
	var healthySince time.Time
	for n := 1; ; n++ {
		var rep health.Report
		obs, err := Observe(ctx, dev)
		if err != nil {
			rep = health.UnknownReport(exp, err)
		} else {
			rep = health.Judge(exp, obs)
		}
		now := time.Now()
		stop := isTransport(err) || modeLost(err)
		healthy := rep.Status.AtLeast(o.require) && !stop
		soaked := false
		if sk != nil {
			switch {
			case healthy && healthySince.IsZero():
				healthySince = now
				sk.Polls, sk.Broken = nil, ""
				fallthrough
			case healthy:
				sk.Held = now.Sub(healthySince)
				sk.Polls = append(sk.Polls, SoakPoll{N: n, At: now.Sub(start), Status: rep.Status, Summary: rep.Summary})
				soaked = sk.Held >= soak
			case !healthySince.IsZero():
				healthySince = time.Time{}
				sk.Restarts++
				sk.Broken = rep.Summary
				pr.line("    soak broken at poll %d after %s of %s: %s", n, round(sk.Held), soak, rep.Summary)
			}
		}
		waiting := sk != nil && !healthySince.IsZero()
		done := (healthy && (sk == nil || soaked)) || stop
		failed := !healthy && now.Add(o.poll).After(deadline)
		final := done || failed
		switch {
		case rep.Summary != pr.last || final:
			pr.line("    poll %d (%.1fs): %s", n, now.Sub(start).Seconds(), rep.Summary)
			pr.last, pr.beat = rep.Summary, now
		case o.heartbeat > 0 && now.Sub(pr.beat) >= o.heartbeat:
			pr.heartbeat(n, now, rep, waiting, sk)
		}
		if final {
			if sk != nil && soaked {
				pr.line("    soak: health held %s (window %s) over polls %d-%d", round(sk.Held), soak, sk.Polls[0].N, n)
			}
			if stop {
				return rep, sk, err
			}
			return rep, sk, nil
		}
		select {
		case <-ctx.Done():
			return health.UnknownReport(exp, context.Cause(ctx)), sk, context.Cause(ctx)
		case <-time.After(o.poll):
		}
	}
}

// pollPrinter writes the poll loop's lines: one per change of verdict, and
// heartbeats in between, on a live line when the caller has a terminal.
type pollPrinter struct {
	o     options
	start time.Time
	last  string    // the last verdict printed
	beat  time.Time // when the last line or heartbeat was written
	shown bool      // a live line is on the terminal
}

func (p *pollPrinter) line(format string, args ...any) {
	p.endLive()
	fmt.Fprintf(p.o.progress, format+"\n", args...)
}

// heartbeat says the loop is still at the same verdict, e.g.
// "still down after 30s of 4m0s, poll 10: IKE 0/2, IPsec 0/2, BGP 0/2".
func (p *pollPrinter) heartbeat(n int, now time.Time, rep health.Report, soaking bool, sk *Soak) {
	p.beat = now
	_, detail, ok := strings.Cut(rep.Summary, ": ")
	if !ok {
		detail = rep.Summary
	}
	of := "of " + p.o.wait.String()
	if soaking {
		of = fmt.Sprintf("soaking %s of %s", round(sk.Held), sk.Window)
	}
	msg := fmt.Sprintf("still %s after %s %s, poll %d: %s", rep.Status, round(now.Sub(p.start)), of, n, detail)
	if p.o.live == nil {
		fmt.Fprintf(p.o.progress, "    %s\n", msg)
		return
	}
	// The verdict names prefixes and addresses read from the router:
	// escaped, so only our CR and erase-line act on the terminal.
	fmt.Fprintf(p.o.live, "\r\x1b[K    %s", termsafe.String(msg))
	p.shown = true
}

// endLive erases the live line before a permanent one is written.
func (p *pollPrinter) endLive() {
	if p.shown {
		fmt.Fprint(p.o.live, "\r\x1b[K")
		p.shown = false
	}
}

func round(d time.Duration) time.Duration {
	if d >= 10*time.Second {
		return d.Round(time.Second)
	}
	return d.Round(100 * time.Millisecond)
}

func verifyAnnounce(wait, soak time.Duration) string {
	if soak <= 0 {
		return fmt.Sprintf("verifying (up to %s)", wait)
	}
	return fmt.Sprintf("verifying (up to %s, then health must hold for %s)", wait, soak)
}

// brokenNote tells, in a failure's cause, that health had been reached and
// was lost during the soak.
func (s *Soak) brokenNote() string {
	if s == nil || s.Restarts == 0 {
		return ""
	}
	return fmt.Sprintf(" (reached, then lost during the %s soak %d time(s))", s.Window, s.Restarts)
}
