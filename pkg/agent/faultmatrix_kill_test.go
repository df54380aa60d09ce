package agent

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
	"github.com/ixpush/ixpush/pkg/journal"
)

// Killed-process rows: the tool dies between two commands of the router
// (kill -9, a laptop lid, a CI timeout) and a new run on the same state
// directory — the next cron run's apply, or rollback --backup latest — is
// what the row judges.

// nextRun is what a user runs after the process died.
type nextRun string

const (
	thenApply nextRun = "apply"
	// thenRollbackLatest is rollback --backup latest: the journal's
	// backup (cmd/ixpush latestBackup), restored with Restore.
	thenRollbackLatest nextRun = "rollback latest"
)

// errDead is what a dead process's calls return: it types nothing more,
// opens nothing more.
var errDead = errors.New("matrix: the process was killed")

// killProcess is the process dying right after the router executed the
// trigger's line: what is on disk is what it had written by then (the
// journal snapshot), its ctx is done, no later call of it reaches the
// router, and the OS closes its connection (the returned drop).
func killProcess(p *pointRun) bool {
	p.snapshotJournal()
	p.dead.Store(true)
	p.cancel()
	return true
}

// journalPath is where the runs of p keep the router's journal.
func (p *pointRun) journalPath() (string, error) {
	js, err := journal.Open(p.stateDir())
	if err != nil {
		return "", err
	}
	return js.Path(p.env.in.Router), nil
}

// snapshotJournal records the journal file as the process leaves it. The
// store writes it atomically, so a read racing a write sees the old or the
// new entry, each a state the process may have died in.
func (p *pointRun) snapshotJournal() {
	path, err := p.journalPath()
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil {
		p.harnessErrs = append(p.harnessErrs, err)
		return
	}
	data, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		p.harnessErrs = append(p.harnessErrs, err)
	}
	p.journalAtDeath, p.snapped = data, true
}

// restoreJournal undoes whatever the dead run wrote after it died (its
// zombie returns through paths a dead process never reaches).
func (p *pointRun) restoreJournal() error {
	path, err := p.journalPath()
	if err != nil {
		return err
	}
	p.mu.Lock()
	data := p.journalAtDeath
	p.mu.Unlock()
	if data == nil {
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		return nil
	}
	return os.WriteFile(path, data, 0o600)
}

// killable wraps the connector of the run under test: once the process is
// dead, it connects nowhere and its devices do nothing.
func (p *pointRun) killable(c Connector) Connector {
	return func(ctx context.Context) (Device, error) {
		if p.dead.Load() {
			return nil, errDead
		}
		d, err := c(ctx)
		if err != nil {
			return nil, err
		}
		p.mu.Lock()
		p.opened = append(p.opened, d)
		p.mu.Unlock()
		return &mortal{Device: d, dead: p.dead.Load}, nil
	}
}

// closeOpened releases the client side of the dead run's sessions (the
// router side was cut when it died).
func (p *pointRun) closeOpened() {
	p.mu.Lock()
	opened := p.opened
	p.opened = nil
	p.mu.Unlock()
	for _, d := range opened {
		if c, ok := d.(*ixcli.Client); ok {
			c.Shell().Close()
		}
	}
}

// mortal is a Device of a process that may die: after death every call
// fails at once, without a byte on the wire.
type mortal struct {
	Device
	dead func() bool
}

func (m *mortal) Prepare(ctx context.Context) error {
	if m.dead() {
		return errDead
	}
	return m.Device.Prepare(ctx)
}

func (m *mortal) Show(ctx context.Context, cmd string) (string, error) {
	if m.dead() {
		return "", errDead
	}
	return m.Device.Show(ctx, cmd)
}

func (m *mortal) ShowAll(ctx context.Context, cmds ...string) ([]string, error) {
	if m.dead() {
		return nil, errDead
	}
	return m.Device.ShowAll(ctx, cmds...)
}

func (m *mortal) RunningConfig(ctx context.Context) (string, error) {
	if m.dead() {
		return "", errDead
	}
	return m.Device.RunningConfig(ctx)
}

func (m *mortal) Configure(ctx context.Context, lines []string) ([]ixcli.Response, error) {
	if m.dead() {
		return nil, errDead
	}
	return m.Device.Configure(ctx, lines)
}

func (m *mortal) Save(ctx context.Context) error {
	if m.dead() {
		return errDead
	}
	return m.Device.Save(ctx)
}

func (m *mortal) Close(ctx context.Context) error {
	if m.dead() {
		return nil
	}
	return m.Device.Close(ctx)
}

// deathResult is what the killed run left behind.
type deathResult struct {
	then nextRun
	// err is what the dying workflow returned; nobody sees it.
	err              error
	running, startup string
	// journal is the entry on disk when it died (nil: none).
	journal *journal.Entry
	// saved: the router executed write memory before the process died.
	saved bool
}

// runNext is the user's next run after the process died: the state
// directory as the dead process left it, AWS back if it was down. Its
// results replace the dead run's in res (the dead run reports nothing).
func (e *matrixEnv) runNext(ctx context.Context, p *pointRun, res *pointResult, connect Connector, progress *bytes.Buffer) {
	p.closeOpened()
	d := &deathResult{then: res.point.then, err: firstErr(res.applyErr, res.restoreErr)}
	if res.point.restore {
		d.err = res.restoreErr
	}
	res.died = d
	if !p.dead.Load() {
		return // judged as a trigger that did not fire
	}
	if err := p.restoreJournal(); err != nil {
		res.harness = err
		return
	}
	d.running, d.startup = p.router.Sim.RunningConfig(), p.router.Sim.StartupConfig()
	p.mu.Lock()
	d.saved = slices.Contains(p.executed[p.armedAt:p.doneAt], dialect.CmdSave)
	p.mu.Unlock()
	if js, err := journal.Open(p.stateDir()); err == nil {
		if entry, err := js.Load(e.in.Router); err == nil {
			d.journal = entry
		} else if !errors.Is(err, journal.ErrNoJournal) {
			res.harness = err
			return
		}
	}
	p.router.Sim.SetAWSDown(0, false)
	p.router.Sim.SetAWSDown(1, false)
	fmt.Fprintf(progress, "--- the process died (it returned: %v); the next run: %s ---\n", d.err, d.then)
	opts, err := e.options(p.dir, progress, 0)
	if err != nil {
		res.harness = err
		return
	}
	switch d.then {
	case thenApply:
		res.restore, res.restoreErr = nil, nil
		res.apply, res.applyErr = Apply(ctx, connect, e.in, opts...)
	case thenRollbackLatest:
		if d.journal == nil {
			res.harness = fmt.Errorf("rollback --backup latest with no journal: the point is not one for it")
			return
		}
		text, err := os.ReadFile(d.journal.Backup)
		if err != nil {
			res.harness = err
			return
		}
		res.restore, res.restoreErr = Restore(ctx, connect, RestoreInput{Router: e.in.Router, BackupPath: d.journal.Backup, Backup: string(text),
			Connection: e.in.Connection, PlanOptions: e.in.PlanOptions}, opts...)
	}
}

// judgeKilled judges the run after a death: it reports the unfinished
// change the journal holds (and only then), the router ends at the
// pre-change config or fully configured and saved, startup-config was
// only written by a write memory the dead run typed after its verify or by
// the next run's save, and a failure names a command that converges.
func judgeKilled(t *testing.T, res pointResult, full string) verdict {
	d := res.died
	var v verdict
	problem := func(kind, format string, args ...any) {
		v.problems = append(v.problems, kind+": "+fmt.Sprintf(format, args...))
	}
	startupBase := res.startupBefore
	if res.point.restore {
		startupBase = res.startupMid // the clean apply saved
	}
	if !sameConfig(t, d.startup, startupBase) && (!d.saved || !sameConfig(t, d.startup, full)) {
		problem("early save", "the dead run left startup-config changed without a write memory of the whole change")
	}
	pending := d.journal != nil && d.journal.Pending()
	var in *Interrupted
	var err error
	if d.then == thenApply {
		in, err = res.apply.Interrupted, res.applyErr
	} else {
		in, err = res.restore.Interrupted, res.restoreErr
	}
	if pending != (in != nil) {
		step := "none"
		if d.journal != nil {
			step = string(d.journal.Step)
		}
		problem("interrupted", "the journal the dead run left is pending=%v (step %s); the next run reported an interrupted change: %v", pending, step, in != nil)
	}
	if in != nil && err == nil && !in.Restored && d.then == thenApply {
		problem("false report", "success after an interrupted change it did not undo")
	}
	found := "none"
	if in != nil {
		found = string(in.Step)
	}

	v.startup = !sameConfig(t, res.startup, startupBase)
	if d.then == thenApply {
		a := res.apply
		v.end = endState(t, res.running, res.before, full)
		v.outcome = fmt.Sprintf("%s (found %s)", a.Outcome, found)
		verified := a.Health != nil && a.Health.Status == health.OK
		switch {
		case v.end == "partial":
			problem("partial", "running-config is neither the pre-change config nor the intended one")
		case v.end == "full" && res.health.Status != health.OK:
			problem("partial", "the intended config is live but health is %s: %s", res.health.Status, res.health.Summary)
		}
		claims := map[Outcome]string{OutcomeApplied: "full", OutcomeAlreadyApplied: "full", OutcomeRolledBack: "before", OutcomeNotChanged: "before"}
		if want, ok := claims[a.Outcome]; ok && v.end != want && (a.Outcome != OutcomeNotChanged || in == nil) {
			problem("false report", "reports %s, router holds %s", a.Outcome, v.end)
		}
		savedNow := !sameConfig(t, res.startup, d.startup)
		if savedNow && (!a.Saved || !verified || v.end != "full") {
			problem("early save", "the next run wrote startup-config: outcome %s, saved %v, verified %v, router %s", a.Outcome, a.Saved, verified, v.end)
		}
		if a.Saved && !sameConfig(t, res.startup, full) {
			problem("false report", "reports saved, startup-config does not hold the change")
		}
		if err == nil && (v.end != "full" || !sameConfig(t, res.startup, full) || (a.Outcome != OutcomeApplied && a.Outcome != OutcomeAlreadyApplied)) {
			problem("false report", "no error, outcome %s, router %s, startup-config holds the change: %v", a.Outcome, v.end, sameConfig(t, res.startup, full))
		}
	} else {
		r := res.restore
		switch {
		case sameConfig(t, res.running, res.before):
			v.end = "backup"
		case sameConfig(t, res.running, full):
			v.end = "full"
		default:
			v.end = "partial"
			problem("partial", "running-config is neither the backup nor the intended config")
		}
		switch {
		case err == nil && r.Already:
			v.outcome = "already restored"
		case err == nil:
			v.outcome = "restored"
		default:
			v.outcome = "error"
		}
		v.outcome += fmt.Sprintf(" (found %s)", found)
		if !sameConfig(t, res.startup, d.startup) {
			problem("early save", "rollback wrote startup-config")
		}
		if err == nil && v.end != "backup" {
			problem("false report", "reports %s, router holds %s", v.outcome, v.end)
		}
		if r.Already && !sameConfig(t, d.running, res.before) {
			problem("false report", "reports already restored, but the dead run had left the router changed")
		}
		if len(d.journal.Rollback) > 0 && !r.FromJournal {
			problem("false report", "--backup latest is the journal's backup, but the restore did not undo the journaled change")
		}
	}
	v.next = nextCommandColumn(t, &v, res, full, err)
	noSecretsIn(&v, res.progress, fmt.Sprint(err))
	return v
}

// killPoints are the killed-process rows: the process dies after each
// command of the seed apply (login and the backup, every pushed line, the
// first and a later verify poll, write memory, the logout), during apply's
// own rollback after a failed verify (AWS down), and after each command of
// a Restore; the next run is apply, and for some rollback --backup latest.
func killPoints(apply, restore []step) (points []faultPoint, missing []string) {
	find := func(steps []step, label string) (step, bool) {
		i := slices.IndexFunc(steps, func(s step) bool { return s.label == label })
		if i < 0 {
			missing = append(missing, label)
			return step{}, false
		}
		return steps[i], true
	}
	add := func(name string, s step, then nextRun, mod func(*faultPoint)) {
		pt := faultPoint{name: name, then: then, at: &trigger{s.line, s.occ, killProcess}}
		if mod != nil {
			mod(&pt)
		}
		points = append(points, pt)
	}
	polls := []string{"poll 1: show ike sa", "poll 1: show ipsec sa", "poll 1: show ip bgp", "poll 1: show ip bgp summary", "poll 6: show ipsec sa", "poll 10: show ip bgp summary"}
	for _, s := range apply {
		if strings.HasPrefix(s.label, "poll ") && !slices.Contains(polls, s.label) {
			continue
		}
		add("kill after "+s.label, s, thenApply, nil)
	}
	for _, label := range []string{"push 1/29", "push 15/29", "push 29/29", "poll 1: show ike sa", "save: write memory", "close: exit (2)"} {
		if s, ok := find(apply, label); ok {
			add("kill after "+label+", then rollback latest", s, thenRollbackLatest, nil)
		}
	}
	// Apply's own rollback types the same inverse lines as a Restore of
	// the clean apply, between two reads of running-config (the second
	// and third of the run: the backup read is the first).
	failing := func(pt *faultPoint) { pt.awsDownFirst, pt.wait = true, awsDownWait }
	var undo []step
	for _, s := range restore {
		if strings.HasPrefix(s.line, "no ") {
			undo = append(undo, s)
		}
	}
	show := dialect.ShowRunningConfig.Command
	add("kill in apply's rollback after its read", step{line: show, occ: 2}, thenApply, failing)
	for i, s := range undo {
		add(fmt.Sprintf("kill in apply's rollback after %d/%d: %s", i+1, len(undo), s.line), s, thenApply, failing)
	}
	add("kill in apply's rollback after its proof", step{line: show, occ: 3}, thenApply, failing)
	if len(undo) > 0 {
		add(fmt.Sprintf("kill in apply's rollback after %d/%d, then rollback latest", len(undo)/2, len(undo)), undo[len(undo)/2-1], thenRollbackLatest, failing)
	}
	for _, s := range restore {
		add("kill after "+s.label+", then rollback latest", s, thenRollbackLatest, func(pt *faultPoint) { pt.restore = true })
	}
	for _, label := range []string{"restore 5/20: no interface Tunnel1.0", "restore 12/20: no ike keepalive aws-ike-policy2", "restore 18/20: show running-config"} {
		if s, ok := find(restore, label); ok {
			add("kill after "+label+", then apply", s, thenApply, func(pt *faultPoint) { pt.restore = true })
		}
	}
	return points, missing
}
