package journal

import (
	"fmt"
	"slices"
	"time"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
)

// Version is the format of the file this ixpush writes and reads.
const Version = 1

// Op is what wrote the entry.
type Op string

const (
	OpApply    Op = "apply"
	OpRollback Op = "rollback" // the rollback command restoring a backup
)

// Step is how far a change got. A change is finished only at StepDone.
type Step string

const (
	StepPushing     Step = "pushing"
	StepVerifying   Step = "verifying"
	StepSaving      Step = "saving"
	StepRollingBack Step = "rolling-back"
	StepDone        Step = "done"
)

var steps = []Step{StepPushing, StepVerifying, StepSaving, StepRollingBack, StepDone}

// OutcomeRollbackFailed is the outcome (agent.OutcomeRollbackFailed) after
// which the router may still hold part of a change although the run ended.
const OutcomeRollbackFailed = "rollback-failed"

// Entry is the journal of one router: its last change that typed
// something. Outcome uses the agent's words (applied, rolled-back,
// rollback-failed, restored); it is empty until the change is done.
type Entry struct {
	Version int    `json:"version"`
	Router  string `json:"router"`
	Op      Op     `json:"op"`
	// Backup is the running-config from before the change (for OpRollback,
	// the backup being restored): where an undo returns to.
	Backup     string     `json:"backup"`
	Connection Connection `json:"connection"`
	// Commands and Rollback are the plan's lines, in the plan-line
	// format, keys masked.
	Commands []string `json:"commands"`
	Rollback []string `json:"rollback"`
	Step     Step     `json:"step"`
	Steps    []Mark   `json:"steps"`
	Outcome  string   `json:"outcome,omitempty"`
	Saved    bool     `json:"saved"`
	Error    string   `json:"error,omitempty"` // redacted
	Next     *Next    `json:"next,omitempty"`
	// Confirm and Guard are the confirm-or-revert state (confirm.go);
	// absent in entries of changes applied without a deadline.
	Confirm *Confirmation `json:"confirm,omitempty"`
	Guard   *Guard        `json:"guard,omitempty"`
	// PID and Host name the process that wrote it, for the report.
	PID  int    `json:"pid"`
	Host string `json:"host,omitempty"`
}

// Mark is when a step began.
type Mark struct {
	Step Step      `json:"step"`
	At   time.Time `json:"at"`
}

// Connection is what the journal keeps of the VPN, enough to say what the
// change was and which sections an undo must bring back.
type Connection struct {
	VPNConnectionID   string   `json:"vpn_connection_id,omitempty"`
	CustomerGatewayIP string   `json:"customer_gateway_ip,omitempty"`
	Tunnels           []Tunnel `json:"tunnels,omitempty"`
	// Sections are the top-level sections the commands change
	// (plan.Touched): what an undo is proven against.
	Sections []string `json:"sections,omitempty"`
}

// Tunnel is one tunnel of the change.
type Tunnel struct {
	Interface    string `json:"interface"`
	AWSOutsideIP string `json:"aws_outside_ip"`
}

// New starts the entry of a change at step StepPushing (or
// StepRollingBack for OpRollback), redacting every line.
func New(router string, op Op, backupPath string, conn Connection, commands, rollback []string, at time.Time) *Entry {
	first := StepPushing
	if op == OpRollback {
		first = StepRollingBack
	}
	e := &Entry{
		Version: Version, Router: router, Op: op, Backup: backupPath, Connection: conn,
		Commands: redactAll(commands), Rollback: redactAll(rollback),
	}
	e.Mark(first, at)
	return e
}

func redactAll(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = dialect.Redact(l)
	}
	return out
}

// Mark records that the change entered step at t.
func (e *Entry) Mark(step Step, at time.Time) {
	e.Step = step
	e.Steps = append(e.Steps, Mark{Step: step, At: at.UTC()})
}

// Finish records the end of the change: its outcome, whether it was saved,
// the error (redacted) and the next command, if any.
func (e *Entry) Finish(outcome string, saved bool, err error, next *Next, at time.Time) {
	e.Outcome, e.Saved, e.Next = outcome, saved, next
	e.Error = ""
	if err != nil {
		e.Error = dialect.Redact(err.Error())
	}
	e.Mark(StepDone, at)
}

// Pending reports whether the router may hold part of this change: the run
// died before it was done, or its rollback could not be proven.
func (e *Entry) Pending() bool {
	return e.Step != StepDone || e.Outcome == OutcomeRollbackFailed
}

// NextStep is what to run about this change: the next command its run
// recorded (a rollback not proven, a save that failed), or, for a run that
// died before it could say, the rollback to its backup. Nil when the
// change finished and left nothing to do.
func (e *Entry) NextStep() *Next {
	switch {
	case e.Next != nil:
		return e.Next
	case e.Pending():
		return &Next{Action: ActionRollback, Backup: e.Backup, Why: "undo it to its backup (apply undoes it first too)"}
	}
	return nil
}

// Started is when the change began.
func (e *Entry) Started() time.Time {
	if len(e.Steps) == 0 {
		return time.Time{}
	}
	return e.Steps[0].At
}

// Updated is when the change last moved.
func (e *Entry) Updated() time.Time {
	if len(e.Steps) == 0 {
		return time.Time{}
	}
	return e.Steps[len(e.Steps)-1].At
}

// check is what Decode demands of an entry.
func (e *Entry) check() error {
	switch {
	case e.Version != Version:
		return fmt.Errorf("version %d, this ixpush reads version %d", e.Version, Version)
	case e.Router == "":
		return fmt.Errorf("no router")
	case e.Op != OpApply && e.Op != OpRollback:
		return fmt.Errorf("unknown op %q", e.Op)
	case e.Backup == "":
		return fmt.Errorf("no backup")
	case !slices.Contains(steps, e.Step):
		return fmt.Errorf("unknown step %q", e.Step)
	case len(e.Steps) == 0 || e.Steps[len(e.Steps)-1].Step != e.Step:
		return fmt.Errorf("step %q is not the last of its marks", e.Step)
	}
	for i, m := range e.Steps {
		if !slices.Contains(steps, m.Step) {
			return fmt.Errorf("mark %d: unknown step %q", i, m.Step)
		}
	}
	for i, l := range append(slices.Clip(e.Commands), e.Rollback...) {
		if dialect.Redact(l) != l {
			return fmt.Errorf("line %d holds a key in clear", i+1)
		}
	}
	if err := e.checkConfirm(); err != nil {
		return err
	}
	if e.Next != nil {
		if err := e.Next.check(); err != nil {
			return fmt.Errorf("next: %w", err)
		}
	}
	return nil
}
