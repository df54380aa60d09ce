package agent

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// unit is one line and the lines indented under it.
type unit struct {
	line     string
	children []unit
}

// units groups lines written in the plan's form (sub-mode lines indented two
// spaces per level under their entry line) into a forest.
func units(lines []string) []unit {
	var build func(i, depth int) ([]unit, int)
	build = func(i, depth int) ([]unit, int) {
		var out []unit
		for i < len(lines) {
			d := (len(lines[i]) - len(strings.TrimLeft(lines[i], " "))) / 2
			if d < depth {
				break
			}
			u := unit{line: lines[i]}
			u.children, i = build(i+1, d+1)
			out = append(out, u)
		}
		return out, i
	}
	out, _ := build(0, 0)
	return out
}

func (u unit) lines() []string {
	out := []string{u.line}
	for _, c := range u.children {
		out = append(out, c.lines()...)
	}
	return out
}

// effectiveRollback keeps the lines of rollback that change current, in the
// model of plan.ApplyLines. A push that failed part way left only some of
// the plan's objects behind: typing `no` for objects that were never made is
// at best noise and at worst an error that stops the rollback, and
// re-entering the prior form of a line that was never overwritten is a
// no-op. Each unit is tested with its entry lines (ancestors) so sub-mode
// lines are judged in their block.
func effectiveRollback(current showparse.RunningConfig, rollback []string) ([]string, error) {
	if _, err := plan.ApplyLines(current, rollback); err != nil {
		return nil, fmt.Errorf("rollback lines: %w", err)
	}
	var keep func(us []unit, ancestors []string) []string
	keep = func(us []unit, ancestors []string) []string {
		var out []string
		for _, u := range us {
			if len(u.children) > 0 && !strings.HasPrefix(strings.TrimSpace(u.line), "no ") {
				if sub := keep(u.children, append(ancestors, u.line)); len(sub) > 0 {
					out = append(out, u.line)
					out = append(out, sub...)
				}
				continue
			}
			if changes(current, append(append([]string{}, ancestors...), u.lines()...)) {
				out = append(out, u.lines()...)
			}
		}
		return out
	}
	return keep(units(rollback), nil), nil
}

// changes reports whether typing lines alters cfg in the model.
func changes(cfg showparse.RunningConfig, lines []string) bool {
	after, err := plan.ApplyLines(cfg, lines)
	if err != nil {
		return true // let the router decide
	}
	return plan.Normalize(after).String() != plan.Normalize(cfg).String()
}

// rollbackTimeout bounds a rollback that runs after the caller's ctx is done:
// an interrupted apply must still take its change back.
const rollbackTimeout = 2 * time.Minute

// rollbackAfterFailure undoes what apply typed and proves it by re-reading
// running-config. A lost session is re-opened once. It returns the error
// apply reports: always non-nil, never claiming more than was proven.
func rollbackAfterFailure(ctx context.Context, connect Connector, dev *Device, p *plan.Plan, res *ApplyResult, st *stepper, o options, cause error) error {
	st.begin("rollback", "rolling back: "+cause.Error())
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), rollbackTimeout)
	defer cancel()
	err := restore(ctx, *dev, p, res)
	if err != nil && isTransport(err) {
		fmt.Fprintf(o.progress, "    session lost (%v); reconnecting to roll back\n", err)
		closeDevice(*dev, o)
		if d, cerr := connect(ctx); cerr != nil {
			err = fmt.Errorf("%w (reconnecting: %w)", err, cerr)
		} else if perr := d.Prepare(ctx); perr != nil {
			*dev = d
			err = fmt.Errorf("%w (reconnecting: %w)", err, perr)
		} else {
			*dev = d
			err = restore(ctx, d, p, res)
		}
	}
	if err != nil {
		res.Outcome = OutcomeRollbackFailed
		fmt.Fprintf(o.progress, "!!! ROLLBACK NOT PROVEN: %v\n!!! the router may hold part of the change; the prior running-config is in %s\n", err, res.Backup)
		return fmt.Errorf("%w: %w; %w: %w; prior running-config saved in %s", ErrApplyFailed, cause, ErrRollbackFailed, err, res.Backup)
	}
	res.Outcome = OutcomeRolledBack
	fmt.Fprintf(o.progress, "    rolled back: running-config matches the backup in every section the plan touched\n")
	return fmt.Errorf("%w: %w; rolled back, the router is as before (backup %s)", ErrApplyFailed, cause, res.Backup)
}

// restore types the part of the plan's rollback that changes the current
// running-config, then checks every touched section against the backup.
func restore(ctx context.Context, dev Device, p *plan.Plan, res *ApplyResult) error {
	cur, err := readRunning(ctx, dev)
	if err != nil {
		return err
	}
	lines, err := effectiveRollback(cur, p.Rollback)
	if err != nil {
		return err
	}
	for _, l := range lines {
		res.Rollback = append(res.Rollback, dialect.Redact(l))
	}
	if len(lines) > 0 {
		if _, err := dev.Configure(ctx, lines); err != nil {
			return fmt.Errorf("typing the rollback: %w", err)
		}
	}
	after, err := readRunning(ctx, dev)
	if err != nil {
		return err
	}
	return p.CheckRestored(after)
}

func readRunning(ctx context.Context, dev Device) (showparse.RunningConfig, error) {
	text, err := dev.RunningConfig(ctx)
	if err != nil {
		return showparse.RunningConfig{}, fmt.Errorf("reading running-config: %w", err)
	}
	c, err := showparse.ParseRunningConfig(strings.NewReader(text))
	if err != nil {
		return showparse.RunningConfig{}, fmt.Errorf("running-config: %w", err)
	}
	return c, nil
}
