package peer

import (
	"fmt"
	"net/netip"
)

// routeTable renders `show ip route` (ix-cli.md §8.5): code field five wide,
// legend continuation lines indented seven, routes longer than their
// classful network grouped under an "is subnetted" line and indented two
// more. frees = 2048 - entries - hidden fits both captures (6+1 → 2041,
// 2+6 → 2040).
func (v *view) routeTable() []string { return v.routeLines(v.routes) }

// routeTableBGP renders `show ip route bgp`: the B routes only, and header
// counts of those alone, as the IX2105 capture (CT, ix-cli.md §8.5) has
// them: "2 entries, 6 hidden, 2040 frees" over "0 Connected, 0 Static, ...,
// 2 BGP". Whether the legend is printed is not captured [G: as the full
// table].
func (v *view) routeTableBGP() []string {
	var bgp []route
	for _, r := range v.routes {
		if r.code[:1] == "B" {
			bgp = append(bgp, r)
		}
	}
	return v.routeLines(bgp)
}

func (v *view) routeLines(routes []route) []string {
	counts := map[string]int{}
	for _, r := range routes {
		counts[r.code[:1]]++
	}
	out := []string{
		fmt.Sprintf("IP Routing Table - %d entries, %d hidden, %d frees", len(routes), v.hidden, 2048-len(routes)-v.hidden),
		fmt.Sprintf("Entries: %d Connected, %d Static, 0 RIP, 0 OSPF, %d BGP", counts["C"], counts["S"], counts["B"]),
		"Codes: C - Connected, S - Static, R - RIP, O - OSPF, IA - OSPF inter area",
		"       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2",
		"       E1 - OSPF external type 1, E2 - OSPF external type 2, B - BGP",
		"       * - Candidate default, s - Summary",
		"Timers: Age",
	}
	// Count subnets per classful network first: the group line precedes them.
	subnets := map[netip.Prefix]int{}
	for _, r := range routes {
		if c := classful(r.prefix); r.prefix.Bits() > c.Bits() {
			subnets[c]++
		}
	}
	var group netip.Prefix
	for _, r := range routes {
		code, indent := fmt.Sprintf("%-5s", r.code), ""
		if c := classful(r.prefix); r.prefix.Bits() > c.Bits() {
			if c != group {
				group = c
				// "1 subnets" too (CONBU).
				out = append(out, fmt.Sprintf("     %s is subnetted, %d subnets", c, subnets[c]))
			}
			indent = "  "
		}
		dest := "is directly connected"
		if r.via.IsValid() {
			dest = "via " + r.via.String()
		}
		out = append(out, fmt.Sprintf("%s%s%s [%d/%d] %s, %s, %s",
			code, indent, r.prefix, r.dist, r.metric, dest, r.ifName, age(v.now.Sub(r.since))))
	}
	return out
}

// classful returns the class A/B/C network holding p (class D/E: p itself).
func classful(p netip.Prefix) netip.Prefix {
	a := p.Addr().As4()
	bits := 32
	switch {
	case a[0] < 128:
		bits = 8
	case a[0] < 192:
		bits = 16
	case a[0] < 224:
		bits = 24
	}
	if p.Bits() < bits {
		return p
	}
	return netip.PrefixFrom(p.Addr(), bits).Masked()
}
