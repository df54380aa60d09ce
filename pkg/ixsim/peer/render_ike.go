package peer

import "fmt"

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
