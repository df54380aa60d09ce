package demo

import (
	"context"
	"fmt"
	"io"
	"net/netip"
	"time"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
	"github.com/ixpush/ixpush/pkg/journal"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/report"
)

// The confirm story's timeline, in the demo clock's minutes: the real
// run takes seconds because apply, confirm and guard read that clock.
const (
	confirmWithin   = 15 * time.Minute
	guardEvery      = 5 * time.Minute
	confirmFailures = agent.DefaultGuardFailures
)

// RunConfirm tells the confirm-or-revert story on the simulated seed
// router: an apply with a 15-minute confirmation window that nobody
// confirms, reverted by the guard run after the deadline; then an apply
// that is confirmed (and saved), a later failure of both AWS tunnels inside
// the guard window, and the guard runs that revert it and save after
// agent.DefaultGuardFailures failed checks. The demo's clock jumps over the
// minutes between steps. It returns an error when the story does not go so.
func RunConfirm(ctx context.Context, w io.Writer, opts ...Option) error {
	o := newOptions(opts)
	sc, err := scenario.Builtin("seed")
	if err != nil {
		return err
	}
	st, err := setStage(ctx, o, sc)
	if err != nil {
		return err
	}
	defer st.close()
	router, connect, store, conn := st.router, st.connect, st.store, st.conn
	in := agent.ApplyInput{Router: sc.Router.Hostname, Connection: conn, PlanOptions: []plan.Option{
		plan.WithLAN(seedLAN), plan.WithVPC(seedVPC), plan.WithWANIP(seedWANIP),
	}}
	exp, err := agent.ExpectationFor(conn, nil, []netip.Prefix{seedVPC})
	if err != nil {
		return err
	}
	// The scaled timeline: the story moves this clock instead of waiting.
	clock := agent.NewManualClock(time.Now().UTC().Truncate(time.Second))
	// No progress lines: the plain demo shows apply's steps; this one
	// shows the story, one line per command.
	base := []agent.Option{agent.WithBackupStore(store), agent.WithWait(o.wait), agent.WithPollInterval(pollInterval), agent.WithClock(clock.Now), agent.WithSoak(soak)}
	site := agent.GuardSite{Name: in.Router, Connect: connect, Expect: exp}
	s := &story{w: w, clock: clock, start: clock.Now()}

	fmt.Fprintf(w, "Simulated %s %s (seed scenario) on %s; the clock of this story jumps over the minutes between steps\n", sc.Router.Model, sc.Router.Hostname, router.Addr)

	s.step("ixpush apply SITE --confirm-within %s", confirmWithin)
	if err := s.apply(ctx, connect, in, base); err != nil {
		return err
	}
	s.later(confirmWithin+time.Minute, "nobody confirmed it")
	s.step("ixpush guard SITE  (cron)")
	if r := agent.Guard(ctx, site, base...); !s.guardLine(r, agent.GuardReverted) {
		return fmt.Errorf("the guard past the deadline did not revert: %s: %s", r.Action, r.Detail)
	}
	fmt.Fprintf(w, "   running-config is back to the backup; startup-config never held the change\n")

	s.later(time.Minute, "")
	s.step("ixpush apply SITE --confirm-within %s", confirmWithin)
	if err := s.apply(ctx, connect, in, base); err != nil {
		return err
	}
	s.later(3*time.Minute, "")
	s.step("ixpush confirm SITE")
	cr, err := agent.Confirm(ctx, connect, agent.ConfirmInput{Router: in.Router, Expect: exp}, base...)
	if err != nil {
		return fmt.Errorf("confirm: %w", err)
	}
	fmt.Fprintf(w, "   %s: %s: health %s; saved (write memory)\n", cr.Router, cr.Outcome, cr.Health.Status)

	s.later(10*time.Minute, "AWS takes both tunnel endpoints down, inside the guard window")
	router.Sim.SetAWSDown(0, true)
	router.Sim.SetAWSDown(1, true)
	if err := waitDown(ctx, connect, exp); err != nil {
		return err
	}
	for i := 1; i <= confirmFailures; i++ {
		if i > 1 {
			s.later(guardEvery, "")
		}
		s.step("ixpush guard SITE  (cron)")
		r := agent.Guard(ctx, site, base...)
		want := agent.GuardFailed
		if i == confirmFailures {
			want = agent.GuardReverted
		}
		if !s.guardLine(r, want) {
			return fmt.Errorf("guard check %d: %s: %s", i, r.Action, r.Detail)
		}
	}
	s.step("ixpush status SITE")
	js, err := journal.Open(store.Dir())
	if err != nil {
		return err
	}
	e, err := js.Load(in.Router)
	if err != nil {
		return err
	}
	return report.WriteStatus(w, e, siteArg)
}

// story prints the steps of RunConfirm with the demo clock's time.
type story struct {
	w     io.Writer
	clock *agent.ManualClock
	start time.Time
}

func (s *story) step(format string, args ...any) {
	fmt.Fprintf(s.w, "\n[+%s] ==> %s\n", s.clock.Now().Sub(s.start).Round(time.Minute), fmt.Sprintf(format, args...))
}

func (s *story) later(d time.Duration, what string) {
	s.clock.Add(d)
	if what != "" {
		fmt.Fprintf(s.w, "\n... %s later: %s\n", d, what)
	}
}

func (s *story) apply(ctx context.Context, connect agent.Connector, in agent.ApplyInput, base []agent.Option) error {
	res, err := agent.Apply(ctx, connect, in, append(base, agent.WithConfirmWithin(confirmWithin))...)
	if err != nil {
		return fmt.Errorf("apply --confirm-within: %w", err)
	}
	if res.Confirm == nil {
		return fmt.Errorf("apply --confirm-within ended %s without a pending confirmation", res.Outcome)
	}
	fmt.Fprintf(s.w, "   applied: %d lines pushed, health %s, NOT saved: awaiting confirmation until %s\n", res.Pushed, res.Health.Status, res.Confirm.Deadline.Format(time.DateTime+" UTC"))
	fmt.Fprintf(s.w, "   next: %s, or past the deadline %s reverts it\n", report.NextCommand(journal.Next{Action: journal.ActionConfirm}, siteArg), report.NextCommand(journal.Next{Action: journal.ActionGuard}, siteArg))
	return nil
}

// guardLine prints a guard result as the command does, and says whether
// it is the action the story expects.
func (s *story) guardLine(r agent.GuardResult, want agent.GuardAction) bool {
	fmt.Fprintf(s.w, "   %s: %s: %s\n", r.Router, r.Action, r.Detail)
	return r.Action == want
}

// waitDown waits, bounded, until verify judges the router down: the
// simulated tunnels take a moment to fall.
func waitDown(ctx context.Context, connect agent.Connector, exp health.Expectation) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		rep := agent.Verify(ctx, connect, exp)
		if rep.Status == health.Down {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the AWS failure never showed: %s", rep.Summary)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pollInterval):
		}
	}
}
