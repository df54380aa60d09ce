package peer

import "fmt"

// ikeSABrief renders `show ike sa brief` as CONBU captured it (ix-cli.md
// §11, fixtures/ix/show-ike-sa-brief/conbu.txt): the full form's header
// line, then one row per SA the full form shows, columns 31, 19 and 19
// wide and the seconds left right-aligned in six.
func (v *view) ikeSABrief() []string {
	full := v.ikeSA()
	out := []string{full[0], "Policy                         Initiator          Responder          Life(secs)"}
	for _, s := range v.ike {
		if s.show {
			out = append(out, fmt.Sprintf("%-31s%-19s%-19s%6d", s.p.policy.name, cookie(s.icookie), cookie(s.rcookie), s.lifeLeft))
		}
	}
	return out
}

// ipsecSABrief renders `show ipsec sa brief` after CONBU's capture: the full
// form's header line, then each SA (inbound first, then outbound) in the
// full form's interface order; `-` is the byte lifetime nobody configures.
func (v *view) ipsecSABrief() []string {
	full := v.ipsecSA()
	out := []string{full[0], "Policy map                       Dir   Type   SPI          Life(secs/bytes)"}
	for _, i := range v.m.cfg.sortedTunnels() {
		iv := v.ifaces[i.name]
		if iv.tunnel < 0 || !v.tunnels[iv.tunnel].ipsecUp {
			continue
		}
		tv := v.tunnels[iv.tunnel]
		name := v.m.cfg.ipsecMaps[v.w.tunnels[iv.tunnel].mapIdx].name
		for _, sa := range []struct {
			dir string
			spi uint32
		}{{"IN", tv.spiIn}, {"OUT", tv.spiOut}} {
			out = append(out, fmt.Sprintf("%-33s%-6s%-7s%-13s%6d/-", name, sa.dir, "ESP", fmt.Sprintf("0x%08x", sa.spi), tv.lifeLeft))
		}
	}
	return out
}
