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
	if bad := p.differing(p.Touched(), current); len(bad) > 0 {
		return fmt.Errorf("%w: %s differs from the backup after rollback (%d section(s) differ)", ErrNotRestored, bad[0], len(bad))
	}
	return nil
}

// Managed returns the keys of every top-level section of the plan's
// configuration (Desired), whether or not Commands change it.
func (p *Plan) Managed() []string {
	var out []string
	for _, d := range p.Desired {
		if strings.HasPrefix(d, " ") {
			continue
		}
		if s := sectionOf(d); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// CheckManaged is CheckRestored over every managed section. When Prior
// already held part of the configuration, the commands do not touch it and
// the rollback cannot restore it; this says whether it still matches.
func (p *Plan) CheckManaged(current showparse.RunningConfig) error {
	if bad := p.differing(p.Managed(), current); len(bad) > 0 {
		return fmt.Errorf("%w: %s differs from the backup (%d section(s) differ)", ErrNotRestored, bad[0], len(bad))
	}
	return nil
}

// differing lists the sections whose lines differ between Prior and current.
func (p *Plan) differing(sections []string, current showparse.RunningConfig) []string {
	before, after := Normalize(p.Prior), Normalize(current)
	var bad []string
	for _, s := range sections {
		if !slices.Equal(sectionLines(before, s), sectionLines(after, s)) {
			bad = append(bad, s)
		}
	}
	return bad
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

// DriftOutside returns how current differs from Prior (the backup a
// restore returns to) outside the sections the plan manages or touches,
// in UnsavedOutside's form. A restore types only managed sections, so
// these lines are what it leaves as they are: most likely someone's edit
// since the backup.
func (p *Plan) DriftOutside(current showparse.RunningConfig) []string {
	managed := p.Managed()
	for _, s := range p.Touched() {
		if !slices.Contains(managed, s) {
			managed = append(managed, s)
		}
	}
	return UnsavedOutside(current, p.Prior, managed)
}
