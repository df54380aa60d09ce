package peer

import (
	"fmt"
	"strconv"
)

// ikeSA renders `show ike sa` (ix-cli.md §8.1): address lines at column 0,
// the rest indented two (CONBU). configured = ike policies, created =
// established SAs.
func (v *view) ikeSA() []string {
	created := 0
	for _, s := range v.ike {
		if s.established {
			created++
		}
	}
	out := []string{fmt.Sprintf("ISAKMP SA - %d configured, %d created", len(v.ike), created)}
	for _, s := range v.ike {
		if !s.show {
			continue
		}
		// NAT-T moves to UDP 4500 once NAT is detected (main mode messages
		// 3 and 4); an initiator still at message 1 is on 500.
		port := 500
		if s.p.natT && s.state != "msg1-sent" {
			port = 4500
		}
		local := s.p.local.String()
		if !s.p.local.IsValid() {
			local = "0.0.0.0"
		}
		exchange := "main mode"
		if s.p.policy.aggressive {
			exchange = "aggressive mode"
		}
		out = append(out,
			fmt.Sprintf("Local address is %s, port is %d", local, port),
			fmt.Sprintf("Remote address is %s, port is %d", s.p.policy.peer, port),
			"  IKE policy name is "+s.p.policy.name,
			"  Direction is initiator",
			"  Initiator's cookie is "+cookie(s.icookie),
			"  Responder's cookie is "+cookie(s.rcookie),
			"  Exchange type is "+exchange,
		)
		if s.p.natT && s.established {
			out = append(out, "  NAT-Traversal RFC3947", "  NAT detected at local side")
		}
		enc, hash, group := ikeEncryption[s.p.prop.enc].show, ikeHash[s.p.prop.hash].show, dhGroups[s.p.prop.group].show
		out = append(out,
			"  State is "+s.state,
			"  Authentication method is pre-shared",
			"  Encryption algorithm is "+orUnknown(enc),
			"  Hash algorithm is "+orUnknown(hash),
			fmt.Sprintf("  DH group is %s, lifetime is %d seconds", orUnknown(group), s.lifeLeft),
			fmt.Sprintf("  #ph1 success: %d, #ph1 failure: %d", s.ph1.success, s.ph1.failure),
			fmt.Sprintf("  #ph1 hash err: %d, #ph1 timeout: %d, #ph1 resend: %d", s.ph1.hashErr, s.ph1.timeout, s.ph1.resend),
			fmt.Sprintf("  #ph2 success: %d, #ph2 failure: %d", s.ph2.success, s.ph2.failure),
			fmt.Sprintf("  #ph2 hash err: %d, #ph2 timeout: %d, #ph2 resend: %d", s.ph2.hashErr, s.ph2.timeout, s.ph2.resend),
		)
	}
	return out
}

func cookie(c uint64) string { return "0x" + fmt.Sprintf("%016x", c) }

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

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
