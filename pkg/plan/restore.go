package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ixpush/ixpush/pkg/showparse"
)

// Touched returns the keys of the top-level sections Commands change
// (`interface Tunnel0.0`, `router bgp 65000`, `ike policy NAME`,
// `ip access-list NAME`, ...), in command order.
func (p *Plan) Touched() []string {
	var out []string
	for _, c := range p.Commands {
		if strings.HasPrefix(c, " ") {
			continue
		}
		if s := sectionOf(c); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// CheckRestored compares every section the plan touched in current with the
// same section in Prior (after Normalize) and names the first that differs.
// The agent calls it on the running-config it reads back after a rollback.
func (p *Plan) CheckRestored(current showparse.RunningConfig) error {
	before, after := Normalize(p.Prior), Normalize(current)
	var bad []string
	for _, s := range p.Touched() {
		if !slices.Equal(sectionLines(before, s), sectionLines(after, s)) {
			bad = append(bad, s)
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("%w: %s differs from the backup after rollback (%d section(s) differ)", ErrNotRestored, bad[0], len(bad))
	}
	return nil
}

func sectionLines(c showparse.RunningConfig, section string) []string {
	var sel []*showparse.ConfigLine
	for _, l := range c.Lines {
		if sectionOf(l.Text) == section {
			sel = append(sel, l)
		}
	}
	return render(sel, 0, nil)
}
