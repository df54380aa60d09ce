package agent

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/ixpush/ixpush/pkg/backup"
	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
	"github.com/ixpush/ixpush/pkg/journal"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/session"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// The fault matrix harness: a point is a fault, a run of one point is one
// fresh simulated router driven through Apply (and Restore), and a result is
// everything read back afterwards. Runs happen on worker goroutines, so
// nothing here may call t.Fatal: errors are returned and judged later on the
// test's goroutine.

// faultPoint is one row of the matrix.
type faultPoint struct {
	name string
	// opts are simulator faults present from the start.
	opts []ixsim.Option
	// at acts between two commands the router executes (nil: no action).
	at *trigger
	// restore: first a clean apply, then the trigger is armed for a
	// Restore to the apply's backup.
	restore bool
	// wait overrides apply's health wait (AWS-down points need no 5 s).
	wait time.Duration
	// then makes it a killed-process row: the trigger kills the process
	// (killProcess) and then is the user's next run on the same state
	// directory, which is judged.
	then nextRun
	// awsDownFirst takes AWS down for the run under test only (apply
	// fails verify and rolls back); the next run finds it back.
	awsDownFirst bool
	// onArm acts when the trigger is armed, before the workflow under
	// test types its first line (a stall on a command no earlier line of
	// its session precedes).
	onArm action
	// cliOpts are the ixcli options of the run under test (a short
	// command timeout for the stall rows).
	cliOpts []ixcli.Option
	// bound, when set, is how long the run under test may take.
	bound time.Duration
}

// trigger fires act right after the router executed line for the occ-th
// time since it was armed. Matching on the text and its occurrence, not
// on a global count, keeps a point the same step when the number of
// verify polls varies with the machine's load.
type trigger struct {
	line string
	occ  int
	act  action
}

// action runs on the simulator's session goroutine, between two commands.
// It returns true to cut that session's connection there.
type action func(p *pointRun) (drop bool)

func dropConnection(*pointRun) bool { return true }

// stealConfig is another admin taking config mode with svintr-config from a
// second SSH client, which then holds it until the point is judged.
func stealConfig(p *pointRun) bool {
	connect := p.env.connector(p.router, p.dir, ixcli.WithForceConfig(true))
	dev, err := connect(p.ctx)
	if err == nil {
		err = dev.Prepare(p.ctx)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil {
		p.harnessErrs = append(p.harnessErrs, fmt.Errorf("second session taking config mode: %w", err))
	}
	if dev != nil {
		p.stealers = append(p.stealers, dev)
	}
	return false
}

// awsDown takes the AWS side of the tunnels down from then on.
func awsDown(tunnels ...int) action {
	return func(p *pointRun) bool {
		for _, tu := range tunnels {
			p.router.Sim.SetAWSDown(tu, true)
		}
		return false
	}
}

// matrixEnv is shared, read-only, by every run.
type matrixEnv struct {
	root string // a directory per run is made below it
	// full is running-config after a clean apply, exp what verify
	// expects of it (set by calibration).
	full    string
	exp     *health.Expectation
	hostKey ssh.Signer
	in      ApplyInput
	wait    time.Duration
	poll    time.Duration
}

func (e *matrixEnv) connector(r *ixsim.Loopback, dir string, cliOpts ...ixcli.Option) Connector {
	kh := filepath.Join(dir, "known_hosts")
	opts := []session.DialOption{session.WithPassword(r.Password), session.WithKnownHosts(kh), session.WithSSHConfig("")}
	return SSHConnector(r.User+"@"+r.Addr, opts, cliOpts)
}

// pointRun is one point's run in progress.
type pointRun struct {
	env    *matrixEnv
	point  faultPoint
	ctx    context.Context
	dir    string
	router *ixsim.Loopback

	mu          sync.Mutex
	armed       bool
	armedAt     int // len(executed) when armed
	doneAt      int // len(executed) when disarmed
	seen        map[string]int
	executed    []string // every line the router executed, keys in clear
	fired       bool
	stealers    []Device
	harnessErrs []error

	// A killed-process row: cancel ends the run under test; dead is set
	// when it died; journalAtDeath is its journal file then (nil: none).
	cancel         context.CancelFunc
	dead           atomic.Bool
	snapped        bool
	journalAtDeath []byte
	opened         []Device
}

func (p *pointRun) stateDir() string { return filepath.Join(p.dir, "backups") }

// hook is the simulator's CommandHook for this run.
func (p *pointRun) hook(_ int, line string) bool {
	p.mu.Lock()
	p.executed = append(p.executed, line)
	tr := p.point.at
	fire := false
	if p.armed && tr != nil {
		p.seen[line]++
		fire = !p.fired && line == tr.line && p.seen[line] == tr.occ
		p.fired = p.fired || fire
	}
	p.mu.Unlock()
	if !fire {
		return false
	}
	return tr.act(p)
}

func (p *pointRun) arm() {
	p.mu.Lock()
	p.armed, p.armedAt = true, len(p.executed)
	p.mu.Unlock()
	if p.point.onArm != nil {
		p.point.onArm(p)
	}
}

// disarm stops the trigger once the workflow under test has returned: the
// checks that follow must not be the ones that meet the fault.
func (p *pointRun) disarm() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.armed, p.doneAt = false, len(p.executed)
}

// pointResult is what a run read back, judged by judgePoint.
type pointResult struct {
	point   faultPoint
	elapsed time.Duration
	fired   bool
	// harness is a failure of the test machinery, not of ixpush.
	harness error

	apply      *ApplyResult
	applyErr   error
	restore    *RestoreResult
	restoreErr error
	progress   string
	// executed is every line the router executed, keys in clear;
	// armedAt splits the clean apply of a restore point from the
	// restore.
	executed        []string
	armedAt, doneAt int

	// before is running-config when the router booted; mid is
	// running-config when Restore started (restore points only).
	before, mid               string
	startupBefore, startupMid string
	running, startup          string
	// health is a fresh Verify after the point, with config mode free.
	health health.Report
	// workElapsed is how long the workflow under test took.
	workElapsed time.Duration
	// died is what a killed run left (killed-process rows); apply and
	// restore are then the next run's.
	died *deathResult

	// next is the command the failed run named; followed says whether the
	// harness ran it, and afterNext is running-config (and startup) after
	// it ran, once the other session has let go.
	next                        *journal.Next
	followed                    bool
	afterNext, afterNextStartup string
	followErr                   error
}

func (e *matrixEnv) options(dir string, progress *bytes.Buffer, wait time.Duration) ([]Option, error) {
	st, err := backup.Open((&pointRun{dir: dir}).stateDir())
	if err != nil {
		return nil, err
	}
	if wait == 0 {
		wait = e.wait
	}
	return []Option{WithBackupStore(st), WithPollInterval(e.poll), WithWait(wait), WithProgress(progress)}, nil
}

// run runs one point on a fresh router. The point's deadline also stops the
// simulator, so a run that would hang ends instead, and says so.
func (e *matrixEnv) run(pt faultPoint, dir string, timeout time.Duration) (res pointResult) {
	start := time.Now()
	res.point = pt
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	p := &pointRun{env: e, point: pt, ctx: ctx, dir: filepath.Join(e.root, dir), seen: map[string]int{}}
	defer func() {
		res.elapsed = time.Since(start)
		if ctx.Err() != nil && res.harness == nil {
			res.harness = fmt.Errorf("the point did not finish within %s", timeout)
		}
	}()
	if err := os.MkdirAll(p.dir, 0o700); err != nil {
		res.harness = err
		return res
	}
	sc, err := scenario.Builtin("seed")
	if err != nil {
		res.harness = err
		return res
	}
	opts := append([]ixsim.Option{ixsim.WithHostKey(e.hostKey), ixsim.WithCommandHook(p.hook), ixsim.WithTimeScale(ixsimtest.DefaultTimeScale)}, pt.opts...)
	r, err := ixsim.StartLoopback(ctx, sc, opts...)
	if err != nil {
		res.harness = err
		return res
	}
	defer r.Close()
	p.router = r
	if err := r.AppendKnownHosts(filepath.Join(p.dir, "known_hosts")); err != nil {
		res.harness = err
		return res
	}
	connect := e.connector(r, p.dir)
	var progress bytes.Buffer
	aopts, err := e.options(p.dir, &progress, pt.wait)
	if err != nil {
		res.harness = err
		return res
	}
	res.before, res.startupBefore = r.Sim.RunningConfig(), r.Sim.StartupConfig()

	// The run under test: its own ctx (a kill cancels it), its ixcli
	// options, and for a killed-process row a process that can die.
	wctx, wcancel := context.WithCancel(ctx)
	defer wcancel()
	p.cancel = wcancel
	work := e.connector(r, p.dir, pt.cliOpts...)
	workOpts := aopts
	if pt.then != "" {
		work = p.killable(work)
		workOpts = append(slices.Clip(aopts), withoutCleanup())
	}
	if pt.awsDownFirst {
		r.Sim.SetAWSDown(0, true)
		r.Sim.SetAWSDown(1, true)
	}
	if !pt.restore {
		p.arm()
		t0 := time.Now()
		res.apply, res.applyErr = Apply(wctx, work, e.in, workOpts...)
		res.workElapsed = time.Since(t0)
	} else {
		res.apply, res.applyErr = Apply(ctx, connect, e.in, aopts...)
		if res.applyErr != nil || res.apply.Outcome != OutcomeApplied {
			res.harness = fmt.Errorf("the clean apply before the restore: %s: %v", res.apply.Outcome, res.applyErr)
			return res
		}
		res.mid, res.startupMid = r.Sim.RunningConfig(), r.Sim.StartupConfig()
		text, err := os.ReadFile(res.apply.Backup)
		if err != nil {
			res.harness = err
			return res
		}
		// A killed restore journals itself, as the rollback command does
		// with its state directory.
		ropts := []Option{WithProgress(&progress)}
		if pt.then != "" {
			ropts = aopts
		}
		p.arm()
		t0 := time.Now()
		res.restore, res.restoreErr = Restore(wctx, work, RestoreInput{Router: e.in.Router, BackupPath: res.apply.Backup, Backup: string(text),
			Connection: e.in.Connection, PlanOptions: e.in.PlanOptions}, ropts...)
		res.workElapsed = time.Since(t0)
	}

	p.disarm()
	if pt.then != "" {
		e.runNext(ctx, p, &res, connect, &progress)
		if res.harness != nil {
			return res
		}
	}

	// Judge what the router holds once the other session has let go.
	p.mu.Lock()
	stealers, fired := p.stealers, p.fired
	res.fired = fired
	res.harness = errors.Join(p.harnessErrs...)
	p.mu.Unlock()
	for _, d := range stealers {
		closeDevice(d, defaults())
	}
	res.running, res.startup = r.Sim.RunningConfig(), r.Sim.StartupConfig()
	switch {
	case res.apply != nil && res.apply.Plan != nil:
		res.health = e.settledHealth(ctx, connect, Expectation(res.apply.Plan), res.running)
	case e.exp != nil:
		res.health = e.settledHealth(ctx, connect, *e.exp, res.running)
	}
	res.progress = progress.String()
	e.followNext(ctx, &res, connect, p.dir, r)
	p.mu.Lock()
	res.executed, res.armedAt, res.doneAt = append([]string(nil), p.executed...), p.armedAt, p.doneAt
	p.mu.Unlock()
	return res
}

// followNext runs the command a failed run named, as the user would once
// the fault is gone (the other session has let go, the link is back):
// rollback to the named backup, or apply again. Verify changes nothing and
// is not run.
func (e *matrixEnv) followNext(ctx context.Context, res *pointResult, connect Connector, dir string, r *ixsim.Loopback) {
	switch {
	case res.restore != nil && res.restoreErr != nil:
		res.next = res.restore.Next
	case res.restore == nil && res.apply != nil && res.applyErr != nil:
		res.next = res.apply.Next
	}
	// A fault given as a simulator option lasts the router's life, so
	// following the command there only meets the fault again; those rows
	// show the command without running it. AWS taken down mid-run comes
	// back first, as it would.
	if res.next == nil || len(res.point.opts) > 0 {
		return
	}
	r.Sim.SetAWSDown(0, false)
	r.Sim.SetAWSDown(1, false)
	var progress bytes.Buffer
	aopts, err := e.options(dir, &progress, 0)
	if err != nil {
		res.followErr = err
		return
	}
	switch res.next.Action {
	case journal.ActionRollback:
		text, err := os.ReadFile(res.next.Backup)
		if err != nil {
			res.followErr = err
			return
		}
		_, res.followErr = Restore(ctx, connect, RestoreInput{Router: e.in.Router, BackupPath: res.next.Backup, Backup: string(text),
			Connection: e.in.Connection, PlanOptions: e.in.PlanOptions}, aopts...)
	case journal.ActionApply:
		_, res.followErr = Apply(ctx, connect, e.in, aopts...)
	default:
		return
	}
	res.followed = true
	res.afterNext = r.Sim.RunningConfig()
	res.afterNextStartup = r.Sim.StartupConfig()
}

// settledHealth verifies the router; when it holds the whole intended
// config it gives the tunnels the apply's wait to come up, since a run
// that failed fast may have ended before they could.
func (e *matrixEnv) settledHealth(ctx context.Context, connect Connector, exp health.Expectation, running string) health.Report {
	rep := Verify(ctx, connect, exp)
	full, err := configsEqual(running, e.full)
	if err != nil || !full {
		return rep
	}
	for deadline := time.Now().Add(e.wait); rep.Status != health.OK && time.Now().Before(deadline); {
		time.Sleep(e.poll)
		rep = Verify(ctx, connect, exp)
	}
	return rep
}

// configsEqual is sameConfig for goroutines that may not call t.Fatal.
func configsEqual(a, b string) (bool, error) {
	ca, err := showparse.ParseRunningConfig(strings.NewReader(a))
	if err != nil {
		return false, err
	}
	cb, err := showparse.ParseRunningConfig(strings.NewReader(b))
	if err != nil {
		return false, err
	}
	return plan.SameConfig(ca, cb), nil
}

// runAll runs the points on workers goroutines and returns the results in
// the points' order. The slow rows (stalls, AWS down) start first, so the
// matrix does not wait for one of them at its end.
func (e *matrixEnv) runAll(points []faultPoint, workers int, timeout time.Duration) []pointResult {
	results := make([]pointResult, len(points))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				results[i] = e.run(points[i], fmt.Sprint(i), timeout)
			}
		})
	}
	order := make([]int, len(points))
	for i := range order {
		order[i] = i
	}
	slow := func(p faultPoint) bool { return p.bound > 0 || p.wait > 0 || p.awsDownFirst }
	slices.SortStableFunc(order, func(a, b int) int {
		switch sa, sb := slow(points[a]), slow(points[b]); {
		case sa && !sb:
			return -1
		case sb && !sa:
			return 1
		}
		return 0
	})
	for _, i := range order {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}
