package main

import (
	"fmt"
	"io"
	"time"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/report"
)

// verifyOutput prints one round of verify as it goes: each site as it
// finishes, then the fleet's summary.
type verifyOutput struct {
	a     *app
	f     *verifyFlags
	fleet *fleetJobs
	notes []report.UnfinishedNote
	shown int
}

func newVerifyOutput(a *app, f *verifyFlags, fleet *fleetJobs, notes []report.UnfinishedNote) *verifyOutput {
	return &verifyOutput{a: a, f: f, fleet: fleet, notes: notes}
}

// verifyJSON is one site's JSON result: the health report's fields, and
// the journal's unfinished change beside them when there is one.
type verifyJSON struct {
	health.Report
	*agent.Unfinished
}

// summaryJSON is the result of the summary envelope that closes a fleet's
// JSON Lines.
type summaryJSON struct {
	Sites    int    `json:"sites"`
	OK       int    `json:"ok"`
	Degraded int    `json:"degraded"`
	Down     int    `json:"down"`
	Unknown  int    `json:"unknown"`
	Worst    string `json:"worst"`
}

func (o *verifyOutput) site(r agent.FleetResult) error {
	it, note := o.fleet.items[r.Index], o.notes[r.Index]
	switch {
	case o.f.site.json:
		// One line per site, one site or many: every command's JSON is
		// JSON Lines.
		return report.WriteJSONLine(o.a.stdout, o.envelope(r, it, note))
	case o.f.prometheus:
		// The metrics stay the router's; why a site is unknown and the
		// journal go to stderr, where the textfile job's log keeps them
		// (one site's reason is the command's error).
		if r.Report.Status == health.Unknown && !o.fleet.single {
			warn(o.a, r.Site+": "+r.Report.Error)
		}
		if note.Change != nil {
			warn(o.a, r.Site+": "+report.UnfinishedLine(note)+"; next: "+report.NextCommand(note.Change.Next, note.Site))
		}
		return nil
	}
	return writeText(o.a, func(w io.Writer) error {
		if !o.fleet.single {
			if o.shown > 0 {
				fmt.Fprintln(w)
			}
			fmt.Fprintf(w, "== %s\n", r.Site)
		}
		o.shown++
		return report.WriteVerify(w, []health.SiteReport{r.SiteReport}, []*plan.Plan{it.drawing}, []report.UnfinishedNote{note})
	})
}

// envelope is one site's JSON object: outcome is the verdict, and an
// unknown verdict's reason is the error, with the journal's next command
// when a change is unfinished.
func (o *verifyOutput) envelope(r agent.FleetResult, it fleetItem, note report.UnfinishedNote) report.Envelope {
	env := report.NewEnvelope("verify", r.Site, it.host, r.Started)
	var fail *report.Failure
	if r.Report.Status == health.Unknown {
		fail = &report.Failure{Message: r.Report.Error}
	}
	// An interrupted change or a due revert makes the run's report a
	// failure with the journal's next command; a change awaiting
	// confirmation is a normal state, carried in the result only.
	if note.Change != nil && note.Change.Confirm == nil {
		if fail == nil {
			fail = &report.Failure{Message: report.UnfinishedLine(note)}
		}
		fail.Next = report.NextCommand(note.Change.Next, note.Site)
	}
	return env.Finish(r.Started.Add(r.Took), r.Report.Status.String(), verifyJSON{Report: r.Report, Unfinished: note.Change}, fail)
}

func (o *verifyOutput) summary(reports []health.SiteReport, start time.Time) error {
	if o.fleet.single || o.f.prometheus {
		return nil
	}
	s := summaryJSON{Sites: len(reports)}
	counts := map[health.Status]*int{health.OK: &s.OK, health.Degraded: &s.Degraded, health.Down: &s.Down, health.Unknown: &s.Unknown}
	for _, r := range reports {
		if c := counts[r.Report.Status]; c != nil {
			(*c)++
		}
	}
	worst, unknowns := health.Worst(reports)
	s.Worst = worst.String()
	if o.f.site.json {
		env := report.NewEnvelope("verify", "", "", start)
		env.Kind = report.KindSummary
		var fail *report.Failure
		if unknowns > 0 {
			fail = &report.Failure{Message: fmt.Sprintf("%d of %d sites could not be verified", unknowns, len(reports))}
		}
		return report.WriteJSONLine(o.a.stdout, env.Finish(time.Now(), s.Worst, s, fail))
	}
	return writeText(o.a, func(w io.Writer) error {
		if o.shown > 0 {
			fmt.Fprintln(w)
		}
		_, err := fmt.Fprintf(w, "fleet: %d sites in %.1fs: %d ok, %d degraded, %d down, %d unknown\n",
			s.Sites, time.Since(start).Seconds(), s.OK, s.Degraded, s.Down, s.Unknown)
		return err
	})
}
