package agent

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ixpush/ixpush/pkg/journal"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// recorder keeps the journal of one run: the entry is written before the
// first line is typed (start) and at every step after. A write that fails
// once typing has begun is a warning, not a reason to abandon the change
// half-way: the run is still there to finish or undo it.
type recorder struct {
	js    *journal.Store
	e     *journal.Entry
	o     options
	warns *[]string
}

// openJournal opens the journal beside the backups, takes the router's
// journal lock (unless the run is dry: it changes nothing) and reads the
// router's entry (nil when there is none yet). The lock keeps a guard or
// confirm from reverting or saving a change while this run types; the
// caller releases it when the run ends.
func openJournal(o options, router string) (*journal.Store, *journal.Entry, func(), error) {
	js, err := journal.Open(o.store.Dir())
	if err != nil {
		return nil, nil, nil, err
	}
	release := func() {}
	if !o.dryRun {
		if release, err = js.Lock(router); err != nil {
			return nil, nil, nil, err
		}
	}
	e, err := js.Load(router)
	if errors.Is(err, journal.ErrNoJournal) {
		return js, nil, release, nil
	}
	if err != nil {
		release()
		return nil, nil, nil, fmt.Errorf("%w; check the router, then move the file aside", err)
	}
	return js, e, release, nil
}

// lockedNext is the next step of a run that found the journal locked: the
// holder (a guard, a confirm, another apply or rollback) acts on the
// router; this run waits its turn.
func lockedNext(action journal.Action) *journal.Next {
	return &journal.Next{Action: action, Why: "another ixpush run holds the router's journal; see ixpush status, then re-run"}
}

// start writes e; nothing may be typed when it fails.
func (r *recorder) start(e *journal.Entry) error {
	host, _ := os.Hostname()
	e.PID, e.Host = os.Getpid(), host
	if err := r.js.Save(e); err != nil {
		return err
	}
	r.e = e
	return nil
}

func (r *recorder) mark(step journal.Step) {
	if r == nil || r.e == nil {
		return
	}
	r.e.Mark(step, r.o.now())
	r.save()
}

func (r *recorder) finish(outcome Outcome, saved bool, err error, next *journal.Next) {
	if r == nil || r.e == nil {
		return
	}
	r.e.Finish(string(outcome), saved, err, next, r.o.now())
	r.save()
}

func (r *recorder) save() {
	if err := r.js.Save(r.e); err != nil {
		w := "the change journal could not be updated: " + err.Error()
		*r.warns = append(*r.warns, w)
		fmt.Fprintf(r.o.progress, "    warning: %s\n", w)
	}
}

// journalConnection is what the journal keeps of a plan's connection.
func journalConnection(p *plan.Plan) journal.Connection {
	c := journal.Connection{VPNConnectionID: p.Connection.VPNConnectionID, Sections: p.Touched()}
	if p.Connection.CustomerGatewayIP.IsValid() {
		c.CustomerGatewayIP = p.Connection.CustomerGatewayIP.String()
	}
	for _, t := range p.Connection.Tunnels {
		c.Tunnels = append(c.Tunnels, journal.Tunnel{Interface: t.Interface, AWSOutsideIP: t.AWSOutsideIP.String()})
	}
	return c
}

// journaledPlan rebuilds the plan of a journaled change from the entry and
// its backup: Prior is the backup, Rollback the journaled lines with their
// keys taken back from the backup (journal.Entry.RollbackLines), Commands
// the journaled ones (redacted; they only name the touched sections). It
// undoes exactly what the journaled run planned, whatever the site file
// or the AWS configuration say today — re-planning with today's inputs
// could undo another change and leave that one behind.
func journaledPlan(e *journal.Entry, backupText string) (*plan.Plan, error) {
	prior, err := showparse.ParseRunningConfig(strings.NewReader(backupText))
	if err != nil {
		return nil, fmt.Errorf("backup %s: %w", e.Backup, err)
	}
	lines, err := e.RollbackLines(backupText)
	if err != nil {
		return nil, err
	}
	return &plan.Plan{Commands: e.Commands, Rollback: lines, Prior: prior}, nil
}

// samePath reports whether two names reach the same backup file.
func samePath(a, b string) bool {
	if a == b {
		return true
	}
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(fa, fb)
	}
	return filepath.Clean(a) == filepath.Clean(b)
}
