package peer

import (
	"fmt"
	"strconv"
)

// ipsecSA renders `show ipsec sa` (ix-cli.md §8.2, CONBU's indentation):
// configured = autokey-maps, created = every SA (one in, one out per tunnel).
func (v *view) ipsecSA() []string {
	created := 0
	for _, t := range v.tunnels {
		if t.ipsecUp {
			created += 2
		}
	}
	out := []string{fmt.Sprintf("IPsec SA - %d configured, %d created", len(v.m.cfg.ipsecMaps), created)}
	// Blocks in tunnel interface order, as the IX lists them by interface.
	for _, i := range v.m.cfg.sortedTunnels() {
		iv := v.ifaces[i.name]
		if iv.tunnel < 0 || !v.tunnels[iv.tunnel].ipsecUp {
			continue
		}
		tv, te := v.tunnels[iv.tunnel], v.w.tunnels[iv.tunnel]
		m := v.m.cfg.ipsecMaps[te.mapIdx]
		natT := v.w.policies[te.policy].natT
		local := v.w.policies[te.policy].local.String()
		mode, mtu, lport, rport := "Tunnel mode, 4-over-4, autokey-map", 1438, "", ""
		if natT {
			mode, mtu, lport, rport = "UDP encapsulation Tunnel mode, 4-over-4, autokey-map", 1430, ", port is 4500", ", port is 4500"
		}
		life := strconv.Itoa(tv.lifeLeft)
		out = append(out,
			"Interface is "+i.name,
			"  Key policy map name is "+m.name,
			"    "+mode,
			"    Local address is "+local+lport,
			"    Remote address is "+te.outside.String()+rport,
			"    Outgoing interface is "+v.w.wan.name,
			fmt.Sprintf("    Interface MTU is %d, path MTU is 1500", mtu),
			"    Inbound:",
			fmt.Sprintf("      ESP, SPI is 0x%08x(%d)", tv.spiIn, tv.spiIn),
			"        Transform is "+te.transform,
			"        Remaining lifetime is "+life+" seconds",
			"      Replay detection support is on",
			"    Outbound:",
			fmt.Sprintf("      ESP, SPI is 0x%08x(%d)", tv.spiOut, tv.spiOut),
			"        Transform is "+te.transform,
			"        Remaining lifetime is "+life+" seconds",
			"      Replay detection support is on",
		)
		// No PFS: no line at all (ix-cli.md §10.4).
		if te.pfs != "" {
			out = append(out, "    Perfect forward secrecy is "+te.pfs)
		}
	}
	return out
}
