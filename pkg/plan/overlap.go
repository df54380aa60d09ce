package plan

import "net/netip"

// lanVPCOverlap refuses a LAN prefix equal to, inside or around a VPC
// prefix: the router would route the LAN's own addresses into the tunnels,
// or AWS would send the VPC's replies back to it. It is almost always a
// mistyped --lan or --vpc; WithAllowOverlap is the deliberate exception.
func lanVPCOverlap(lan, vpc []netip.Prefix) error {
	for i, l := range lan {
		for _, v := range vpc {
			if !l.Overlaps(v) {
				continue
			}
			how := "overlaps"
			if l == v {
				how = "is"
			}
			return optErr(OptLAN, i, "LAN prefix %s %s VPC prefix %s: traffic between them cannot be routed through the VPN; correct the LAN or VPC prefix, or allow it with --allow-overlap (plan.allow_overlap in a site file)", l, how, v)
		}
	}
	return nil
}
