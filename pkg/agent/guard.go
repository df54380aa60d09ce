package agent

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/journal"
)

// GuardSite is one router a guard run looks after.
type GuardSite struct {
	Name    string // the router's label: its journal's name
	Connect Connector
	Expect  health.Expectation
	// Err is why the site could not be read (site or AWS file): reported,
	// nothing done.
	Err error
	// Options are this site's own, after the run's (its timeout).
	Options []Option
}

// GuardAction is what a guard run did about one router.
type GuardAction string

const (
	GuardNothing  GuardAction = "nothing"        // no journal, or nothing to guard
	GuardWaiting  GuardAction = "waiting"        // awaiting confirmation; the deadline is ahead
	GuardChecked  GuardAction = "checked"        // inside the window: health as required
	GuardFailed   GuardAction = "check-failed"   // inside the window: below it, fewer than --failures times running
	GuardUnknown  GuardAction = "check-unknown"  // could not judge (unreachable, config mode held): not counted
	GuardReverted GuardAction = "reverted"       // put back to the pre-change backup, proven
	GuardRetry    GuardAction = "revert-pending" // a revert is due but could not complete: the next run retries
	GuardLeft     GuardAction = "left"           // not guard's to revert: too old, someone else's, unfinished
	GuardLocked   GuardAction = "locked"         // another run holds the journal lock and acts
	GuardError    GuardAction = "error"          // the site or its journal could not be read
)

// GuardResult is one router's line of a guard run.
type GuardResult struct {
	Router string      `json:"router"`
	Action GuardAction `json:"action"`
	// Detail is the line's text: what was found and done, and why.
	Detail string         `json:"detail"`
	Health *health.Report `json:"health,omitempty"`
	// Failures is the count of consecutive failed checks after this run.
	Failures int `json:"consecutive_failures,omitempty"`
	// Deadline is the pending confirmation's, when there is one.
	Deadline time.Time `json:"deadline,omitzero"`
	// Saved: the revert ended with write memory.
	Saved bool          `json:"saved,omitempty"`
	Typed []string      `json:"rollback_typed,omitempty"` // redacted
	Next  *journal.Next `json:"next,omitempty"`
}

// Reverted reports whether this run reverted the router.
func (r GuardResult) Reverted() bool { return r.Action == GuardReverted }

// Guard is one scheduled pass over one router's change journal:
//   - no journal, or a last change that leaves nothing to watch: nothing,
//     and no connection;
//   - a change awaiting confirmation whose deadline (UTC) has passed:
//     revert it to the journal's backup with its own journaled lines and
//     prove the sections equal the backup, as rollback does; no save, as
//     startup-config never held it;
//   - a change saved or confirmed less than the guard window ago: verify;
//     after WithGuardFailures consecutive checks below WithRequire,
//     revert it and save, the pre-change configuration being the
//     known-good one. An Unknown verdict is not counted either way;
//   - a revert decided and not completed (unreachable, configuration mode
//     held by someone — never taken — or a lost session) stays decided in
//     the journal and the next run retries it.
//
// It never reverts a change older than the window, nor one whose sections
// someone else edited since (against the applied snapshot), and says so.
// It holds the journal lock while it acts: of two overlapping runs one
// acts, the other reports GuardLocked. Every action is journaled.
func Guard(ctx context.Context, s GuardSite, opts ...Option) GuardResult {
	o := build(append(append([]Option{}, opts...), s.Options...))
	res := GuardResult{Router: s.Name, Action: GuardNothing}
	if s.Err != nil {
		res.Action, res.Detail = GuardError, s.Err.Error()
		return res
	}
	if o.store == nil {
		res.Action, res.Detail = GuardError, ErrNoBackupStore.Error()+": guard reads the change journal beside the backups"
		return res
	}
	js, err := journal.Open(o.store.Dir())
	if err != nil {
		res.Action, res.Detail = GuardError, err.Error()
		return res
	}
	// A first look without the lock: a router with no journal gets
	// nothing at all, not even a lock file.
	if _, err := js.Load(s.Name); errors.Is(err, journal.ErrNoJournal) {
		res.Detail = "no change journaled: nothing to do"
		return res
	}
	release, err := js.Lock(s.Name)
	if errors.Is(err, journal.ErrLocked) {
		res.Action, res.Detail = GuardLocked, "another ixpush run holds the journal lock and acts on this router; this run did nothing"
		return res
	} else if err != nil {
		res.Action, res.Detail = GuardError, err.Error()
		return res
	}
	defer release()
	e, err := js.Load(s.Name)
	if err != nil {
		res.Action, res.Detail = GuardError, err.Error()
		return res
	}
	g := &guardRun{site: s, js: js, e: e, o: o, res: &res}
	g.run(ctx)
	return res
}

// guardRun is one router's pass, under the journal lock.
type guardRun struct {
	site GuardSite
	js   *journal.Store
	e    *journal.Entry
	o    options
	res  *GuardResult
}

func (g *guardRun) run(ctx context.Context) {
	e, now := g.e, g.o.now()
	if e.ConfirmPending() {
		g.res.Deadline = e.Confirm.Deadline
	}
	if e.Guard != nil {
		g.res.Failures = e.Guard.Failures
	}
	switch {
	case e.Guard != nil && e.Guard.Left != "":
		g.say(GuardLeft, e.Guard.Left)
	case e.Guard != nil && e.Guard.Revert != "":
		g.revert(ctx) // decided by an earlier run: retry
	case e.Pending():
		g.res.Next = e.NextStep()
		g.say(GuardLeft, fmt.Sprintf("the last %s of %s is unfinished (step %s, %s): not guard's to undo", e.Op, stamp(e.Started()), e.Step, orDash(e.Outcome)))
	case e.ConfirmPending() && now.Before(e.Confirm.Deadline):
		g.say(GuardWaiting, fmt.Sprintf("awaiting confirmation until %s (in %s); ixpush confirm saves it", stamp(e.Confirm.Deadline), e.Confirm.Deadline.Sub(now).Round(time.Second)))
	case e.ConfirmPending():
		g.decide(fmt.Sprintf("not confirmed by its deadline %s", stamp(e.Confirm.Deadline)), false)
		g.revert(ctx)
	case e.Op == journal.OpApply && e.Outcome == string(OutcomeApplied) && e.Saved:
		g.check(ctx, now)
	default:
		g.say(GuardNothing, fmt.Sprintf("the last change (%s of %s) ended %s: nothing to guard", e.Op, stamp(e.Started()), orDash(e.Outcome)))
	}
}

// say sets the result's action and line.
func (g *guardRun) say(a GuardAction, detail string) {
	g.res.Action, g.res.Detail = a, detail
}

// log journals the action of this run (and says it).
func (g *guardRun) log(a GuardAction, detail string) {
	g.say(a, detail)
	g.e.LogGuard(string(a), detail, g.o.now())
	g.save()
}

func (g *guardRun) save() {
	if err := g.js.Save(g.e); err != nil {
		g.res.Detail += "; the change journal could not be updated: " + err.Error()
	}
}

// decide records that the change is to be reverted, before anything is
// typed, so a run that cannot finish leaves the decision for the next.
func (g *guardRun) decide(why string, saves bool) {
	gs := g.e.GuardState()
	gs.Revert, gs.RevertSaves = why, saves
	g.e.Next = guardNext
	g.save()
}

// guardNext is the journal's next command while a revert is due.
var guardNext = &journal.Next{Action: journal.ActionGuard, Why: "a revert is due; the next guard run retries it (or ixpush rollback --backup latest)"}

// savedAt is when the change was saved: its confirmation, or its end.
func savedAt(e *journal.Entry) time.Time {
	if e.Confirm != nil && e.Confirm.State == journal.ConfirmConfirmed && !e.Confirm.At.IsZero() {
		return e.Confirm.At
	}
	return e.Updated()
}

// check verifies a saved change inside the guard window.
func (g *guardRun) check(ctx context.Context, now time.Time) {
	window, limit := g.o.guard.windowOr(), g.o.guard.failuresOr()
	since := savedAt(g.e)
	if age := now.Sub(since); age > window {
		g.say(GuardLeft, fmt.Sprintf("the change saved at %s is older than the guard window (%s ago, window %s): guard leaves it; a failure now is ixpush verify's to report", stamp(since), age.Round(time.Second), window))
		return
	}
	rep := Verify(ctx, g.site.Connect, g.site.Expect, g.opts()...)
	g.res.Health = &rep
	gs := g.e.GuardState()
	switch {
	case rep.Status == health.Unknown:
		g.log(GuardUnknown, fmt.Sprintf("could not check (%s): not counted; %d of %d consecutive failed checks so far", rep.Summary, gs.Failures, limit))
	case rep.Status.AtLeast(g.o.require):
		gs.Failures = 0
		g.log(GuardChecked, fmt.Sprintf("health %s; guarding the change saved at %s until %s", rep.Status, stamp(since), stamp(since.Add(window))))
	default:
		gs.Failures++
		g.res.Failures = gs.Failures
		if gs.Failures < limit {
			g.log(GuardFailed, fmt.Sprintf("health %s, %s required: %s (%d of %d consecutive failed checks before a revert)", rep.Status, g.o.require, rep.Summary, gs.Failures, limit))
			return
		}
		g.e.LogGuard(string(GuardFailed), fmt.Sprintf("health %s, %s required (%d of %d)", rep.Status, g.o.require, gs.Failures, limit), now)
		g.decide(fmt.Sprintf("health below %s on %d consecutive checks inside the guard window (last: %s)", g.o.require, gs.Failures, rep.Summary), true)
		g.revert(ctx)
	}
}

// opts are the run's options for the workflows guard calls.
func (g *guardRun) opts() []Option {
	return []Option{func(o *options) { *o = g.o }}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// DefaultGuardParallel bounds how many routers GuardFleet acts on at once.
const DefaultGuardParallel = DefaultFleetParallel

// GuardFleet runs Guard on every site, at most parallel at a time
// (DefaultGuardParallel when parallel < 1), and returns the results in
// the order of sites.
func GuardFleet(ctx context.Context, sites []GuardSite, parallel int, opts ...Option) []GuardResult {
	if parallel < 1 {
		parallel = DefaultGuardParallel
	}
	out := make([]GuardResult, len(sites))
	slots := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for i, s := range sites {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			out[i] = Guard(ctx, s, opts...)
		})
	}
	wg.Wait()
	return out
}
