package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/plan"
)

// WriteTopology draws the site like the seed's diagram: both AWS endpoints,
// the tunnels with their inside addresses and state, the NAT when there is
// one, the IX WAN, the LAN. Engineers read topology faster than tables.
// rep may be nil (plan and dry run: no state yet).
func WriteTopology(w io.Writer, p *plan.Plan, rep *health.Report) error {
	c := p.Connection
	const col = 40
	var b strings.Builder
	row := func(cells ...string) {
		var line strings.Builder
		for i, s := range cells {
			if i < len(cells)-1 {
				s = fmt.Sprintf("%-*s", col, s)
			}
			line.WriteString(s)
		}
		b.WriteString(strings.TrimRight("  "+line.String(), " ") + "\n")
	}
	cells := func(f func(i int, t plan.TunnelPlan) string) []string {
		var out []string
		for i, t := range c.Tunnels {
			out = append(out, f(i, t))
		}
		return out
	}
	row(cells(func(_ int, t plan.TunnelPlan) string {
		return fmt.Sprintf("AWS %s  AS %d", t.AWSOutsideIP, t.AmazonASN)
	})...)
	row(cells(func(_ int, t plan.TunnelPlan) string { return fmt.Sprintf("  BGP %s", t.BGPNeighbor) })...)
	row(cells(func(int, plan.TunnelPlan) string { return "    |" })...)
	row(cells(func(i int, t plan.TunnelPlan) string {
		s := fmt.Sprintf("  %s %s", t.Interface, t.CustomerInside)
		if rep != nil && i < len(rep.Tunnels) {
			switch up := rep.Tunnels[i].Up; {
			case up == nil:
				s += " [?]"
			case *up:
				s += " [up]"
			default:
				s += " [DOWN]"
			}
		}
		return s
	})...)
	if len(c.Tunnels) == 2 {
		b.WriteString("      +" + strings.Repeat("-", col/2-1) + "+" + strings.Repeat("-", col/2) + "+\n")
	}
	mid := strings.Repeat(" ", col/2+6)
	b.WriteString(mid + "|  (internet)\n")
	if c.WANIP.IsValid() && c.WANIP != c.CustomerGatewayIP {
		fmt.Fprintf(&b, "%sNAT %s\n%s|\n", strings.Repeat(" ", col/2), c.CustomerGatewayIP, mid)
		fmt.Fprintf(&b, "%sIX %s %s  AS %d", strings.Repeat(" ", col/2), c.WANInterface, c.WANIP, c.CustomerASN)
	} else {
		fmt.Fprintf(&b, "%sIX %s %s  AS %d", strings.Repeat(" ", col/2), c.WANInterface, c.CustomerGatewayIP, c.CustomerASN)
	}
	if c.NATTraversal {
		b.WriteString("  NAT-T")
	}
	b.WriteString("\n" + mid + "|\n")
	var lans []string
	for _, l := range p.LAN {
		lans = append(lans, l.String())
	}
	if len(lans) == 0 {
		lans = []string{"(none advertised)"}
	}
	fmt.Fprintf(&b, "%sLAN %s\n\n", strings.Repeat(" ", col/2), strings.Join(lans, ", "))
	_, err := io.WriteString(w, b.String())
	return err
}
