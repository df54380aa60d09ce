package plan

import (
	"fmt"
	"strings"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// RollbackFor returns the lines of p.Rollback that change current, in the
// plan-line format: what to type to take the plan back on a router that
// shows current. A push that failed part way left only some of the plan's
// objects behind: typing `no` for objects that were never made is at best
// noise and at worst an error that stops the rollback, and re-entering the
// prior form of a line that was never overwritten is a no-op. Each block is
// judged with its entry lines (ancestors), so sub-mode lines are tested in
// their block; an entry line is kept only when a line under it is.
func (p *Plan) RollbackFor(current showparse.RunningConfig) ([]string, error) {
	if _, err := ApplyLines(current, p.Rollback); err != nil {
		return nil, fmt.Errorf("rollback lines: %w", err)
	}
	blocks, err := dialect.Blocks(p.Rollback)
	if err != nil {
		return nil, fmt.Errorf("rollback lines: %w", err)
	}
	return keepChanging(current, blocks, nil, 0), nil
}

// keepChanging renders the blocks (at depth, under the entry lines
// ancestors) whose lines change cfg in the model.
func keepChanging(cfg showparse.RunningConfig, bs []dialect.Block, ancestors []string, depth int) []string {
	var out []string
	for _, b := range bs {
		// A `no` line takes its whole block with it; any other entry line
		// only opens the sub-mode its children need.
		if len(b.Children) > 0 && !strings.HasPrefix(b.Text, "no ") {
			entry := strings.Repeat(dialect.Indent, depth) + b.Text
			if sub := keepChanging(cfg, b.Children, append(ancestors, entry), depth+1); len(sub) > 0 {
				out = append(out, entry)
				out = append(out, sub...)
			}
			continue
		}
		lines := b.Lines(depth)
		if changes(cfg, append(append([]string{}, ancestors...), lines...)) {
			out = append(out, lines...)
		}
	}
	return out
}

// changes reports whether typing lines alters cfg in the model.
func changes(cfg showparse.RunningConfig, lines []string) bool {
	after, err := ApplyLines(cfg, lines)
	if err != nil {
		return true // let the router decide
	}
	return !SameConfig(after, cfg)
}
