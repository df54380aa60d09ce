package plan

import (
	"regexp"
	"strings"
	"testing"

	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// unmanagedLine matches the lines of the real dump's shape that ixpush must
// never type, remove or claim (ix-cli.md §11).
var unmanagedLine = regexp.MustCompile(`^\s*(device |vlan-group |username |timezone |ssh-server |interface (Loopback|Null)|ip route default|interface GigaEthernet|description )`)

// TestRealShapeDiffShowsOnlyManagedLines: planned against the seed router
// in the real dump's shape, the commands, the rollback, the managed
// sections and every +/- line of the diff are ixpush's own; the unmanaged
// sections appear only as context.
func TestRealShapeDiffShowsOnlyManagedLines(t *testing.T) {
	for name, opts := range map[string][]ixsim.Option{"real": nil, "minimal": {ixsim.WithMinimalConfig()}} {
		t.Run(name, func(t *testing.T) {
			r := ixsimtest.Start(t, opts...)
			prior := simConfig(t, r)
			p, err := New(loadConn(t, "seed.yaml"), prior, WithLAN(lan), WithWANIP(wanIP), WithNamePrefix(""))
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Commands) == 0 {
				t.Fatal("nothing to type: the case tests nothing")
			}
			for what, lines := range map[string][]string{"commands": p.Commands, "rollback": p.Rollback, "managed": p.Managed()} {
				for _, l := range lines {
					if unmanagedLine.MatchString(l) {
						t.Errorf("%s hold the unmanaged line %q", what, l)
					}
				}
			}
			diff, err := p.RunningDiff()
			if err != nil {
				t.Fatal(err)
			}
			changed := 0
			for _, l := range diff[2:] { // after the ---/+++ lines
				if l == "" || l[0] == ' ' || l[0] == '@' {
					continue
				}
				changed++
				if l[0] == '-' || unmanagedLine.MatchString(l[1:]) {
					t.Errorf("the diff changes %q", l)
				}
			}
			if changed == 0 {
				t.Errorf("the diff adds nothing:\n%s", strings.Join(diff, "\n"))
			}
			typeInto(t, r, p.Commands)
			applied := simConfig(t, r)
			if again, err := New(loadConn(t, "seed.yaml"), applied, WithLAN(lan), WithWANIP(wanIP), WithNamePrefix("")); err != nil || len(again.Commands) != 0 {
				t.Errorf("re-plan after apply: %v, types %q", err, again.Commands)
			}
			typeInto(t, r, p.Rollback)
			back := simConfig(t, r)
			if !SameConfig(prior, back) {
				t.Errorf("rollback does not restore the router:\n%s", back.String())
			}
			// Only the managed sections differ between the applied and
			// the original router, so an unsaved-edit check after a save
			// reports nothing.
			if got := UnsavedOutside(applied, prior, p.Managed()); len(got) != 0 {
				t.Errorf("UnsavedOutside sees unmanaged changes: %q", got)
			}
			if got := DifferingSections(applied, prior, []string{"device GigaEthernet0", "interface Loopback0.0", "interface Null0.0", "username admin", "timezone", "ssh-server"}); len(got) != 0 {
				t.Errorf("unmanaged sections differ after apply: %q", got)
			}
		})
	}
}

// TestRealShapeRoundTrip: the parser keeps every line of the real shape,
// runs of `!` included, so a backup written from it is the router's text.
func TestRealShapeRoundTrip(t *testing.T) {
	r := ixsimtest.Start(t)
	typeInto(t, r, []string{"device GigaEthernet2", "  vlan-group 1 port 1 2 3 4", "interface GigaEthernet1.0", "  description lan"})
	text := r.Sim.RunningConfig()
	c, err := showparse.ParseRunningConfig(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.String(); got != text {
		t.Errorf("round trip differs:\n%s", got)
	}
	var dev *showparse.ConfigLine
	for _, l := range c.Lines {
		if l.Text == "device GigaEthernet2" {
			dev = l
		}
	}
	if dev == nil || len(dev.Children) != 1 || dev.Children[0].Text != "vlan-group 1 port 1 2 3 4" {
		t.Errorf("device GigaEthernet2 section read as %+v", dev)
	}
}
