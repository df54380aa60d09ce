package plan

import (
	"strings"
	"testing"

	"github.com/ixpush/ixpush/pkg/showparse"
)

// TestEquivalentRouter: a router that already has the plan in another but
// equivalent form gets no commands and no conflict: an `ike proposal` that
// states the IX default lifetime 28800 (the plan leaves it out), and lines
// with other spacing in a running-config not read by showparse (which
// would have normalised it).
func TestEquivalentRouter(t *testing.T) {
	conn := loadConn(t, "example-cgw.xml")
	first, err := New(conn, showparse.RunningConfig{}, WithLAN(lan))
	if err != nil {
		t.Fatal(err)
	}
	have, err := ApplyLines(showparse.RunningConfig{}, first.Commands)
	if err != nil {
		t.Fatal(err)
	}
	var edited []string
	var walk func(ls []*showparse.ConfigLine)
	walk = func(ls []*showparse.ConfigLine) {
		for _, l := range ls {
			switch {
			case strings.HasPrefix(l.Text, "ike proposal "):
				l.Text += " lifetime 28800"
			case strings.HasPrefix(l.Text, "ike policy "), strings.HasPrefix(l.Text, "ip address "),
				strings.HasPrefix(l.Text, "neighbor "), strings.HasPrefix(l.Text, "ip access-list "):
				l.Text = strings.ReplaceAll(l.Text, " ", "  ")
			default:
				walk(l.Children)
				continue
			}
			edited = append(edited, l.Text)
			walk(l.Children)
		}
	}
	walk(have.Lines)
	if len(edited) < 8 {
		t.Fatalf("only %d lines edited: the case tests little", len(edited))
	}
	p, err := New(conn, have, WithLAN(lan))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Commands) != 0 {
		t.Errorf("commands for a router that has the plan:\n%s", strings.Join(p.Commands, "\n"))
	}

	// Another lifetime is another proposal.
	other, _ := ApplyLines(showparse.RunningConfig{}, first.Commands)
	other.Lines[0].Text += " lifetime 3600"
	if _, err := New(conn, other, WithLAN(lan)); err == nil || !strings.Contains(err.Error(), "ike proposal aws-ike-prop: exists with different content") {
		t.Errorf("ike proposal with lifetime 3600: err = %v, want a conflict", err)
	}
}
