package peer

import "fmt"

// iface renders `show interfaces NAME`. No capture exists: the layout is a
// guess in the style of the other IX outputs (label "is" value, indented
// two under the header line).
func (v *view) iface(iv ifaceView) []string {
	c := iv.cfg
	state := "up"
	switch {
	case c.shutdown:
		state = "administratively down"
	case !iv.up:
		state = "down"
	}
	typ, mtu := "Ethernet", 1500
	if isTunnel(c.name) {
		typ, mtu = "IPsec tunnel", 1438
		if iv.tunnel >= 0 && v.w.tunnels[iv.tunnel].policy >= 0 && v.w.policies[v.w.tunnels[iv.tunnel].policy].natT {
			mtu = 1430
		}
	}
	out := []string{
		fmt.Sprintf("Interface %s is %s", c.name, state),
		"  Interface type is " + typ,
		fmt.Sprintf("  Interface MTU is %d", mtu),
	}
	if c.addr.IsValid() {
		out = append(out, "  Internet address is "+c.addr.String())
	} else {
		out = append(out, "  No internet address")
	}
	if isTunnel(c.name) {
		mode := "none"
		if c.tunnelIPsec {
			mode = "ipsec"
		}
		out = append(out, "  Tunnel mode is "+mode)
		if c.policyMap != "" {
			out = append(out, "  IPsec policy is "+c.policyMap)
		}
		if iv.tunnel >= 0 && v.tunnels[iv.tunnel].ipsecUp {
			te := v.w.tunnels[iv.tunnel]
			out = append(out, fmt.Sprintf("  Tunnel source %s, destination %s", v.w.policies[te.policy].local, te.outside))
		}
	}
	return append(out, "  Last change of status "+age(v.now.Sub(iv.since))+" ago")
}
