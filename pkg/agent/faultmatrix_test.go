package agent

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/journal"
)

// requireNextCommand makes a failure whose result names no next command
// (rollback to a backup, apply again, verify) a failing row; the column is
// collected either way.
const requireNextCommand = true

// knownFailures are rows that fail today, by point name, with what goes
// wrong. They are logged as KNOWN instead of failing; a known row that
// passes fails the test, so the entry is removed when the bug is fixed.
var knownFailures = map[string]string{}

// stolenPartialOK is the one case a partial end state passes: another
// session took configuration mode while ixpush was typing. ixpush must not
// take it back (that would evict an operator mid-edit), so it cannot finish
// or undo there; the row passes only if the result says so (mode lost, or
// rollback not proven: no false claim), names the rollback to the backup,
// and that command, run once the other session has let go, brings the
// router back to the backup with startup-config untouched.
func stolenPartialOK(res pointResult, v verdict) bool {
	if !strings.HasPrefix(res.point.name, "svintr-config") || v.end != "partial" || !strings.HasSuffix(v.next, "(converged)") {
		return false
	}
	if res.point.restore {
		return v.outcome == "not proven"
	}
	return res.apply != nil && res.apply.Outcome == OutcomeModeLost
}

// dropStolenPartial removes the partial-state problem from a row that
// stolenPartialOK accepts.
func dropStolenPartial(res pointResult, v *verdict) {
	if !stolenPartialOK(res, *v) {
		return
	}
	keep := v.problems[:0]
	for _, p := range v.problems {
		if !strings.HasPrefix(p, "partial: ") {
			keep = append(keep, p)
		}
	}
	v.problems = keep
	v.end = "partial (held by the other session; undo converged)"
}

const (
	matrixWorkers = 16 // points at once: they mostly wait on the tunnels
	pointTimeout  = 60 * time.Second
	awsDownWait   = 1500 * time.Millisecond
)

// TestFaultMatrix drives the seed apply, and Restore back to its backup,
// through a fault at every step: a connection drop at each named point and
// right after each command the router executes (every shown line, pushed
// line, verify poll, write memory and the inverse lines of the rollback),
// config mode taken by another session with svintr-config, AWS down during
// verify, the process killed after each step (then the next run on the
// same state directory is judged: faultmatrix_kill_test.go), and the
// router stalling one session for longer than the command timeout
// (faultmatrix_stall_test.go). Each row is judged on what the simulator
// holds afterwards:
// running-config is the pre-change config or the whole intended one (and
// then healthy), startup-config is only written after a verified success,
// and what ixpush reported matches.
//
// Adding a row is one line in staticPoints, or a step in a calibrated run
// gets a row of its own.
func TestFaultMatrix(t *testing.T) {
	t.Parallel()
	start := time.Now()
	env := &matrixEnv{root: t.TempDir(), hostKey: ixsimtest.HostKey(t), in: seedInput(t), wait: 5 * time.Second, poll: 50 * time.Millisecond}

	// A clean apply and restore name the steps.
	cal := env.run(faultPoint{name: "calibration", restore: true}, "calibration", pointTimeout)
	if cal.harness != nil || cal.restoreErr != nil {
		t.Fatalf("clean apply and restore: %v / %v\n%s", cal.harness, cal.restoreErr, cal.progress)
	}
	full := cal.mid
	env.full = full
	exp := Expectation(cal.apply.Plan)
	env.exp = &exp
	applySteps := labelApply(cal.executed[:cal.armedAt], cal.apply.Plan.Commands)
	restoreSteps := labelRestore(cal.executed[cal.armedAt:cal.doneAt])

	points, missing := staticPoints(applySteps, restoreSteps)
	killed, killMissing := killPoints(applySteps, restoreSteps)
	stalled, stallMissing := stallPoints(applySteps, restoreSteps)
	points = append(append(points, killed...), stalled...)
	missing = append(append(missing, killMissing...), stallMissing...)
	for _, label := range missing {
		t.Errorf("a static point names step %q, which the clean run does not have", label)
	}
	for _, s := range applySteps {
		points = append(points, faultPoint{name: "drop after " + s.label, at: &trigger{s.line, s.occ, dropConnection}})
	}
	for _, s := range restoreSteps {
		points = append(points, faultPoint{name: "drop after " + s.label, restore: true, at: &trigger{s.line, s.occ, dropConnection}})
	}
	names := pointNames(points)
	if len(names) != len(points) {
		t.Fatalf("point names are not unique")
	}
	for name := range knownFailures {
		if !names[name] {
			t.Errorf("knownFailures names %q, which is no point", name)
		}
	}

	results := env.runAll(points, matrixWorkers, pointTimeout)
	verdicts := make([]verdict, len(results))
	for i, res := range results {
		t.Run(res.point.name, func(t *testing.T) {
			v := judgePoint(t, res, full)
			verdicts[i] = v
			reason, known := knownFailures[res.point.name]
			switch {
			case res.harness != nil:
				t.Errorf("harness: %v\n%s", res.harness, res.progress)
			case len(v.problems) > 0 && known:
				t.Logf("KNOWN: %s: %s (%s)", res.point.name, strings.Join(v.problems, "; "), reason)
			case len(v.problems) > 0:
				t.Errorf("%s\nerror: %v%v\nprogress:\n%s", strings.Join(v.problems, "\n"), res.applyErr, restoreErrText(res), res.progress)
			case known:
				t.Errorf("known failure %q no longer fails: remove it from knownFailures", reason)
			}
		})
	}
	t.Log("\n" + matrixTable(results, verdicts))
	t.Log(matrixSummary(results, verdicts, time.Since(start)))
}

// staticPoints are the rows that are not one per calibrated step; missing
// are the step labels they name that the calibrated run lacks.
func staticPoints(apply, restore []step) (points []faultPoint, missing []string) {
	at := func(steps []step, label string, act action) *trigger {
		for _, s := range steps {
			if s.label == label {
				return &trigger{s.line, s.occ, act}
			}
		}
		missing = append(missing, label)
		return nil
	}
	drop := func(p ixsim.DropPoint) []ixsim.Option { return []ixsim.Option{ixsim.WithDropAt(p)} }
	down := func(tunnels ...int) []ixsim.Option { return []ixsim.Option{ixsim.WithAWSDown(tunnels...)} }
	points = []faultPoint{
		{name: "no fault"},
		{name: "drop at login", opts: drop(ixsim.DropOnLogin)},
		{name: "drop after the banner", opts: drop(ixsim.DropAfterBanner)},
		{name: "drop entering config mode", opts: drop(ixsim.DropOnConfigure)},
		{name: "drop in the middle of a show", opts: drop(ixsim.DropMidShow)},
		{name: "drop during write memory", opts: drop(ixsim.DropOnWrite)},
		{name: "AWS tunnel 1 down", opts: down(0), wait: awsDownWait},
		{name: "AWS tunnel 2 down", opts: down(1), wait: awsDownWait},
		{name: "AWS both tunnels down", opts: down(0, 1), wait: awsDownWait},
		{name: "AWS both go down after poll 3", at: at(apply, "poll 3: show ip bgp summary", awsDown(0, 1)), wait: awsDownWait},
		{name: "svintr-config after pre: configure", at: at(apply, "pre: configure", stealConfig)},
		{name: "svintr-config after pre: show startup-config", at: at(apply, "pre: show startup-config", stealConfig)},
		{name: "svintr-config after push 1/29", at: at(apply, "push 1/29", stealConfig)},
		{name: "svintr-config after push 15/29", at: at(apply, "push 15/29", stealConfig)},
		{name: "svintr-config after push 29/29", at: at(apply, "push 29/29", stealConfig)},
		{name: "svintr-config after poll 1", at: at(apply, "poll 1: show ip bgp summary", stealConfig)},
		{name: "svintr-config after poll 5", at: at(apply, "poll 5: show ip bgp summary", stealConfig)},
		{name: "svintr-config after restore 5/20", restore: true, at: at(restore, "restore 5/20: no interface Tunnel1.0", stealConfig)},
		{name: "svintr-config after restore 10/20", restore: true, at: at(restore, "restore 10/20: no ipsec autokey-proposal aws-ipsec-prop", stealConfig)},
	}
	return points, missing
}

// step is one command of a calibrated run: a stable label, and the line
// and occurrence a trigger matches.
type step struct {
	label string
	line  string
	occ   int
}

// labelApply names each command of a clean apply by its part: pre (login,
// config mode, backup), push i/n, poll j, save, close.
func labelApply(lines, pushed []string) []step {
	pushAt := -1
	if len(pushed) > 0 {
		pushAt = slices.IndexFunc(lines, func(l string) bool { return strings.TrimSpace(l) == strings.TrimSpace(pushed[0]) })
	}
	pollFirst := shows(&health.Observation{})[0].cmd
	occ := map[string]int{}
	saved := false
	var steps []step
	for i, l := range lines {
		occ[l]++
		var label string
		switch {
		case pushAt >= 0 && i >= pushAt && i < pushAt+len(pushed):
			label = fmt.Sprintf("push %d/%d", i-pushAt+1, len(pushed))
		case pushAt < 0 || i < pushAt:
			label = "pre: " + dialect.Redact(l)
		case l == dialect.CmdSave:
			label, saved = "save: "+l, true
		case saved:
			label = "close: " + dialect.Redact(l)
		case isObserveCommand(l):
			label = fmt.Sprintf("poll %d: %s", occ[pollFirst], l)
		default:
			label = "push end: " + dialect.Redact(l)
		}
		steps = append(steps, step{label, l, occ[l]})
	}
	return uniqueLabels(steps)
}

func labelRestore(lines []string) []step {
	occ := map[string]int{}
	var steps []step
	for i, l := range lines {
		occ[l]++
		steps = append(steps, step{fmt.Sprintf("restore %d/%d: %s", i+1, len(lines), dialect.Redact(l)), l, occ[l]})
	}
	return steps
}

func isObserveCommand(l string) bool {
	for _, s := range shows(&health.Observation{}) {
		if s.cmd == l {
			return true
		}
	}
	return false
}

// uniqueLabels numbers repeated labels ("close: exit", "close: exit (2)").
func uniqueLabels(steps []step) []step {
	n := map[string]int{}
	for i := range steps {
		n[steps[i].label]++
		if c := n[steps[i].label]; c > 1 {
			steps[i].label += fmt.Sprintf(" (%d)", c)
		}
	}
	return steps
}

func pointNames(points []faultPoint) map[string]bool {
	names := map[string]bool{}
	for _, p := range points {
		names[p.name] = true
	}
	return names
}

// verdict is one judged row.
type verdict struct {
	outcome string
	end     string // before, full, partial (restore: backup, full, partial)
	startup bool   // startup-config written
	next    string // failure: whether the message names a next command
	// problems, each prefixed with its kind: partial, false report,
	// early save, next command, secret.
	problems []string
}

// endState says which known configuration running-config is.
func endState(t *testing.T, running, before, full string) string {
	switch {
	case sameConfig(t, running, before):
		return "before"
	case sameConfig(t, running, full):
		return "full"
	}
	return "partial"
}

func judgePoint(t *testing.T, res pointResult, full string) verdict {
	var v verdict
	switch {
	case res.harness != nil:
		return verdict{outcome: "harness", end: "?", next: "-"}
	case res.died != nil && !res.fired && !strings.Contains(res.point.name, "poll"):
		// Every step but a late poll is in every run: a kill there that
		// never fired means the row tests nothing.
		v = verdict{outcome: "not reached", end: "?", next: "-", problems: []string{"not fired: the step the process should die at is not in this run"}}
	case res.died != nil && !res.fired:
		// How many polls a run takes depends on the machine's load
		// (fewer under -race): the run that never reached this poll is
		// a clean apply, judged as one.
		v = judgeApply(t, res, full)
	case res.died != nil:
		v = judgeKilled(t, res, full)
	case res.point.restore:
		v = judgeRestore(t, res)
	default:
		v = judgeApply(t, res, full)
	}
	if b := res.point.bound * boundScale; b > 0 && res.workElapsed > b {
		v.problems = append(v.problems, fmt.Sprintf("overtime: the run took %s, more than its bound of %s", res.workElapsed.Round(10*time.Millisecond), b))
	}
	return v
}

// judgeApply judges the apply of a point.
func judgeApply(t *testing.T, res pointResult, full string) verdict {
	var v verdict
	a, err := res.apply, res.applyErr
	v.end = endState(t, res.running, res.before, full)
	v.startup = !sameConfig(t, res.startup, res.startupBefore)
	v.outcome = string(a.Outcome)
	if a.Outcome == OutcomeApplied && !a.Saved {
		v.outcome += " (not saved)"
	}
	verified := a.Health != nil && a.Health.Status == health.OK
	problem := func(kind, format string, args ...any) {
		v.problems = append(v.problems, kind+": "+fmt.Sprintf(format, args...))
	}
	switch {
	case v.end == "partial":
		problem("partial", "running-config is neither the pre-change config nor the intended one")
	case v.end == "full" && res.health.Status != health.OK:
		problem("partial", "the intended config is live but health is %s: %s", res.health.Status, res.health.Summary)
	}
	if v.startup && (a.Outcome != OutcomeApplied || !verified || v.end != "full") {
		problem("early save", "startup-config written, outcome %s, verified %v, router %s", a.Outcome, verified, v.end)
	}
	claims := map[Outcome]string{OutcomeApplied: "full", OutcomeAlreadyApplied: "full", OutcomeRolledBack: "before", OutcomeNotChanged: "before"}
	if want, ok := claims[a.Outcome]; ok && v.end != want {
		problem("false report", "reports %s, router holds %s", a.Outcome, v.end)
	}
	if a.Saved != v.startup {
		problem("false report", "reports saved=%v, startup-config written=%v", a.Saved, v.startup)
	}
	if err == nil && (a.Outcome != OutcomeApplied || !a.Saved) {
		problem("false report", "no error, outcome %s, saved %v", a.Outcome, a.Saved)
	}
	if err != nil && a.Outcome == OutcomeRolledBack && !errors.Is(err, ErrApplyFailed) {
		problem("false report", "rolled back without ErrApplyFailed: %v", err)
	}
	v.next = nextCommandColumn(t, &v, res, full, err)
	dropStolenPartial(res, &v)
	noSecretsIn(&v, res.progress, fmt.Sprint(err))
	return v
}

func judgeRestore(t *testing.T, res pointResult) verdict {
	var v verdict
	r, err := res.restore, res.restoreErr
	problem := func(kind, format string, args ...any) {
		v.problems = append(v.problems, kind+": "+fmt.Sprintf(format, args...))
	}
	switch {
	case sameConfig(t, res.running, res.before):
		v.end = "backup"
	case sameConfig(t, res.running, res.mid):
		v.end = "full"
	default:
		v.end = "partial"
		problem("partial", "running-config is neither the backup nor the config before the restore")
	}
	v.startup = !sameConfig(t, res.startup, res.startupMid)
	if v.startup {
		problem("early save", "restore wrote startup-config")
	}
	switch {
	case err == nil && r.Already:
		v.outcome = "already restored"
	case err == nil:
		v.outcome = "restored"
	case errors.Is(err, ErrRollbackFailed):
		v.outcome = "not proven"
	case strings.HasPrefix(err.Error(), "nothing changed"):
		v.outcome = "nothing changed"
	default:
		v.outcome = "error"
	}
	if r.Already && len(r.Rollback) > 0 {
		problem("false report", "reports already restored, but typed %d lines", len(r.Rollback))
	}
	if err == nil && v.end != "backup" {
		problem("false report", "reports %s, router holds %s", v.outcome, v.end)
	}
	if v.outcome == "nothing changed" && v.end != "full" {
		problem("false report", "reports nothing changed, router holds %s", v.end)
	}
	v.next = nextCommandColumn(t, &v, res, res.mid, err)
	dropStolenPartial(res, &v)
	noSecretsIn(&v, res.progress, fmt.Sprint(err))
	return v
}

// nextCommandColumn is "-" for a success; for a failure, the structured
// next command the result carries (cmd renders it as the command line
// with the user's site), whether following it converged, and a problem
// when there is none (requireNextCommand) or it did not converge: a
// rollback must bring back the pre-change running-config without writing
// startup-config, an apply must end fully configured and saved.
func nextCommandColumn(t *testing.T, v *verdict, res pointResult, full string, err error) string {
	t.Helper()
	if err == nil {
		return "-"
	}
	if res.next == nil {
		if requireNextCommand {
			v.problems = append(v.problems, "next command: the result names none: "+err.Error())
		}
		return "no"
	}
	col := string(res.next.Action)
	if !res.followed {
		return col
	}
	startupBefore := res.startupBefore
	switch {
	case res.died != nil:
		startupBefore = res.died.startup // a rollback leaves startup-config as it found it
	case res.point.restore:
		startupBefore = res.startupMid
	}
	converged := res.followErr == nil
	switch res.next.Action {
	case journal.ActionRollback:
		converged = converged && sameConfig(t, res.afterNext, res.before) && sameConfig(t, res.afterNextStartup, startupBefore)
	case journal.ActionApply:
		converged = converged && sameConfig(t, res.afterNext, full) && sameConfig(t, res.afterNextStartup, res.afterNext)
	}
	if !converged {
		v.problems = append(v.problems, fmt.Sprintf("next command: %s did not converge (%v)", res.next.Action, res.followErr))
		return col + " (diverged)"
	}
	return col + " (converged)"
}

func noSecretsIn(v *verdict, texts ...string) {
	for _, s := range texts {
		for _, psk := range seedPSKs {
			if strings.Contains(s, psk) {
				v.problems = append(v.problems, "secret: a pre-shared key is printed")
			}
		}
	}
}

func restoreErrText(res pointResult) string {
	if res.restoreErr == nil {
		return ""
	}
	return "\nrestore error: " + res.restoreErr.Error()
}

func matrixTable(results []pointResult, verdicts []verdict) string {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "POINT\tFIRED\tTOOK\tOUTCOME\tEND STATE\tSTARTUP WRITTEN\tNEXT COMMAND\tVERDICT")
	for i, res := range results {
		v := verdicts[i]
		fired := "-"
		if res.point.at != nil {
			fired = fmt.Sprint(res.fired)
		}
		verdictText := "ok"
		if len(v.problems) > 0 {
			verdictText = strings.Join(problemKinds(v), ", ")
			if _, known := knownFailures[res.point.name]; known {
				verdictText = "KNOWN " + verdictText
			}
		}
		fmt.Fprintf(w, "%s\t%s\t%.1fs\t%s\t%s\t%v\t%s\t%s\n", res.point.name, fired, res.workElapsed.Seconds(), v.outcome, v.end, v.startup, v.next, verdictText)
	}
	w.Flush()
	return b.String()
}

func matrixSummary(results []pointResult, verdicts []verdict, elapsed time.Duration) string {
	outcomes, ends := map[string]int{}, map[string]int{}
	fired, notFired, failures, named, known, kills, stalls := 0, 0, 0, 0, 0, 0, 0
	kinds := map[string]int{}
	for i, res := range results {
		v := verdicts[i]
		switch {
		case res.point.then != "":
			kills++
		case res.point.bound > 0:
			stalls++
		}
		outcomes[v.outcome]++
		ends[v.end]++
		if res.point.at != nil {
			if res.fired {
				fired++
			} else {
				notFired++
			}
		}
		if v.next != "-" {
			failures++
			if v.next != "no" {
				named++
			}
		}
		for _, k := range problemKinds(v) {
			kinds[k]++
		}
		if _, ok := knownFailures[res.point.name]; ok && len(v.problems) > 0 {
			known++
		}
	}
	return fmt.Sprintf("fault matrix: %d points (%d triggers fired, %d not reached; %d killed-process rows, %d stall rows), in %s\noutcomes: %s\nend states: %s\nfailures naming a next command: %d of %d\nrows with partial end states %d, false reports %d, early saves %d, missed or false interrupts %d, overtime %d, kills not reached %d, secrets %d (%d of them KNOWN)",
		len(results), fired, notFired, kills, stalls, elapsed.Round(100*time.Millisecond), counts(outcomes), counts(ends), named, failures,
		kinds["partial"], kinds["false report"], kinds["early save"], kinds["interrupted"], kinds["overtime"], kinds["not fired"], kinds["secret"], known)
}

// problemKinds are the kinds of a row's problems, each once.
func problemKinds(v verdict) []string {
	var kinds []string
	for _, p := range v.problems {
		k, _, _ := strings.Cut(p, ":")
		if !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	return kinds
}

func counts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}
