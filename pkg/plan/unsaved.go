package plan

import (
	"slices"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// DifferingSections returns those of sections whose lines differ between a
// and b (after Normalize), in the order given. apply asks it whether
// startup-config holds the managed sections that running-config holds.
func DifferingSections(a, b showparse.RunningConfig, sections []string) []string {
	a, b = Normalize(a), Normalize(b)
	var out []string
	for _, s := range sections {
		if !slices.Equal(sectionLines(a, s), sectionLines(b, s)) {
			out = append(out, s)
		}
	}
	return out
}

// UnsavedOutside returns how running differs from startup outside the
// managed sections: edits someone made without saving them, which a
// `write memory` after apply would save too. Each line is "+ LINE" (in
// running-config only) or "- LINE" (in startup-config only), a sub-mode
// line preceded by its section's entry line as "  LINE" for context, keys
// masked (dialect.Redact). Empty when the two agree there.
func UnsavedOutside(running, startup showparse.RunningConfig, managed []string) []string {
	running, startup = Normalize(running), Normalize(startup)
	var order []string
	for _, c := range []showparse.RunningConfig{running, startup} {
		for _, l := range c.Lines {
			if s := sectionOf(l.Text); !slices.Contains(managed, s) && !slices.Contains(order, s) {
				order = append(order, s)
			}
		}
	}
	var out []string
	for _, s := range order {
		run, start := sectionLines(running, s), sectionLines(startup, s)
		if slices.Equal(run, start) {
			continue
		}
		added, removed := without(run, start), without(start, run)
		if head := run; len(head) > 0 && len(start) > 0 && head[0] == start[0] {
			out = append(out, "  "+dialect.Redact(head[0]))
		}
		for _, l := range removed {
			out = append(out, "- "+dialect.Redact(l))
		}
		for _, l := range added {
			out = append(out, "+ "+dialect.Redact(l))
		}
	}
	return out
}

// without returns the lines of a that b does not hold (as a multiset), in
// a's order.
func without(a, b []string) []string {
	left := map[string]int{}
	for _, l := range b {
		left[l]++
	}
	var out []string
	for _, l := range a {
		if left[l] > 0 {
			left[l]--
			continue
		}
		out = append(out, l)
	}
	return out
}

// SavedIn reports whether a save of the plan's change happened, judged from
// the configs read back afterwards: running-config still runs the plan
// (the router was not reloaded meanwhile) and startup-config holds every
// managed section as running-config does.
func (p *Plan) SavedIn(running, startup showparse.RunningConfig) bool {
	if len(DifferingSections(running, startup, p.Managed())) > 0 {
		return false
	}
	want, err := ApplyLines(p.Prior, p.Commands)
	return err != nil || len(DifferingSections(running, want, p.Managed())) == 0
}
