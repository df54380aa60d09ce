package awsvpn

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
)

// Field names used in error messages, one spelling for all three formats.
const (
	fAWSOutside  = "AWS outside IP"
	fCGWOutside  = "customer gateway IP"
	fCGWInside   = "customer inside address"
	fAWSInside   = "AWS inside address (BGP neighbor)"
	fInsideCIDR  = "inside CIDR"
	fPSK         = "pre-shared key"
	fCustomerASN = "customer ASN"
	fAmazonASN   = "Amazon ASN"
	fHoldTime    = "BGP hold time"
	fDPDInterval = "DPD interval"
	fDPDRetries  = "DPD retries"
	fMSS         = "TCP MSS"
	fVPNID       = "VPN connection ID"
	fLocalCIDR   = "local network CIDR"
	fRemoteCIDR  = "remote network CIDR"
)

var (
	pskRE   = regexp.MustCompile(`^[0-9A-Za-z_.]{8,64}$`)
	vpnIDRE = regexp.MustCompile(`^[A-Za-z0-9-]{1,64}$`)

	linkLocal = netip.MustParsePrefix("169.254.0.0/16")
	// AWS refuses these /30s as tunnel inside CIDRs (aws-vpn.md §4).
	reservedInside = []netip.Prefix{
		netip.MustParsePrefix("169.254.0.0/30"),
		netip.MustParsePrefix("169.254.1.0/30"),
		netip.MustParsePrefix("169.254.2.0/30"),
		netip.MustParsePrefix("169.254.3.0/30"),
		netip.MustParsePrefix("169.254.4.0/30"),
		netip.MustParsePrefix("169.254.5.0/30"),
		netip.MustParsePrefix("169.254.169.252/30"),
	}
	// Amazon ASNs of virtual private gateways created before 2018-06-30.
	legacyAmazonASNs = []uint32{7224, 9059, 10124, 17493}
	anyIPv4          = netip.MustParsePrefix("0.0.0.0/0")
)

// validate turns what a reader found into a Connection, or the first problem.
func validate(r raw) (Connection, error) {
	c := Connection{Format: r.format}
	var secrets []string
	for _, t := range r.tunnels {
		if t.psk != "" {
			secrets = append(secrets, t.psk)
		}
	}
	cc := tunnelCheck{secrets: secrets} // about the connection as a whole
	if r.static {
		return c, &FieldError{Field: "routing", Problem: "static (no-BGP) VPN connections are not supported yet; use dynamic (BGP) routing", Err: ErrUnsupported}
	}
	if r.vpnID != "" {
		if p := tokenProblem(r.vpnID); p != "" {
			return c, cc.errf(fVPNID, "%s", p)
		}
		if !vpnIDRE.MatchString(r.vpnID) {
			return c, cc.errf(fVPNID, "%s is not a VPN connection ID", cc.shown(r.vpnID))
		}
		c.VPNConnectionID = r.vpnID
	}
	if len(r.tunnels) == 0 {
		return c, connErrorf("", "no IPsec tunnel found (truncated or unrelated file?)")
	}
	ips := make([]netip.Addr, len(r.tunnels))
	for i, t := range r.tunnels {
		ip, err := tunnelCheck{index: i + 1, secrets: secrets}.addr(fAWSOutside, t.awsOutside)
		if err != nil {
			return c, err
		}
		ips[i] = ip
	}
	switch n := len(r.tunnels); {
	case n == 1:
		return c, &FieldError{Tunnel: ips[0], Problem: "only one tunnel found; an AWS VPN connection has two (truncated file?)"}
	case n > 2:
		return c, connErrorf("", "%d tunnels found; an AWS VPN connection has two", n)
	}
	if ips[0] == ips[1] {
		return c, &FieldError{Tunnel: ips[0], Field: fAWSOutside, Problem: "both tunnels use the same AWS outside IP"}
	}
	if !r.tunnels[0].bgp && !r.tunnels[1].bgp {
		return c, &FieldError{Field: "routing", Problem: "no BGP configuration: static (no-BGP) VPN connections are not supported yet", Err: ErrUnsupported}
	}

	var warnings []string
	for i, t := range r.tunnels {
		tc := tunnelCheck{ip: ips[i], index: i + 1, secrets: secrets}
		tun, asns, err := validateTunnel(tc, t)
		if err != nil {
			return c, err
		}
		if i == 0 {
			c.CustomerGatewayIP, c.CustomerASN, c.AmazonASN, c.HoldTime = asns.cgw, asns.customer, asns.amazon, asns.hold
		} else {
			switch {
			case asns.cgw != c.CustomerGatewayIP:
				return c, tc.errf(fCGWOutside, "%s differs from the other tunnel's %s", asns.cgw, c.CustomerGatewayIP)
			case asns.customer != c.CustomerASN:
				return c, tc.errf(fCustomerASN, "%d differs from the other tunnel's %d", asns.customer, c.CustomerASN)
			case asns.amazon != c.AmazonASN:
				return c, tc.errf(fAmazonASN, "%d differs from the other tunnel's %d", asns.amazon, c.AmazonASN)
			case asns.hold != c.HoldTime:
				return c, tc.errf(fHoldTime, "%d differs from the other tunnel's %d", asns.hold, c.HoldTime)
			}
		}
		c.Tunnels[i] = tun
	}
	if c.Tunnels[0].CustomerInside.Masked() == c.Tunnels[1].CustomerInside.Masked() {
		return c, tunnelCheck{ip: ips[1]}.errf(fInsideCIDR, "%s is used by both tunnels", c.Tunnels[1].CustomerInside.Masked())
	}
	if c.HoldTime != 30 {
		warnings = append(warnings, fmt.Sprintf("BGP hold time is %d s, not the 30 s AWS uses", c.HoldTime))
	}
	if c.CustomerASN >= 4200000000 && c.CustomerASN <= 4294967294 {
		warnings = append(warnings, fmt.Sprintf("customer ASN %d is in 4200000000–4294967294, which AWS does not support for customer gateways", c.CustomerASN))
	}

	var err error
	if c.LocalNetwork, err = selector(cc, fLocalCIDR, r.localCIDR); err != nil {
		return c, err
	}
	if c.RemoteNetwork, err = selector(cc, fRemoteCIDR, r.remoteCIDR); err != nil {
		return c, err
	}
	if c.LocalNetwork != anyIPv4 || c.RemoteNetwork != anyIPv4 {
		warnings = append(warnings, fmt.Sprintf("traffic selectors are %s ↔ %s, not 0.0.0.0/0: they become IPsec local-id/remote-id", c.LocalNetwork, c.RemoteNetwork))
	}
	slices.SortFunc(c.Tunnels[:], func(a, b Tunnel) int { return a.AWSOutsideIP.Compare(b.AWSOutsideIP) })
	c.Warnings = warnings
	return c, nil
}

type tunnelASNs struct {
	cgw      netip.Addr
	customer uint32
	amazon   uint32
	hold     int
}

func validateTunnel(tc tunnelCheck, t rawTunnel) (Tunnel, tunnelASNs, error) {
	var (
		tun  = Tunnel{AWSOutsideIP: tc.ip}
		asns tunnelASNs
		err  error
	)
	for _, also := range t.awsOutsideAlso {
		if a, err := tc.addr(fAWSOutside, also); err != nil || a != tc.ip {
			return tun, asns, tc.errf(fAWSOutside, "the tunnel destination %s differs from the pre-shared key's address", tc.shown(also))
		}
	}
	if !t.bgp {
		return tun, asns, tc.errf("BGP", "missing (no customer ASN or neighbor for this tunnel; truncated file?)")
	}
	if asns.cgw, err = tc.addr(fCGWOutside, t.cgwOutside); err != nil {
		return tun, asns, err
	}
	if err := checkPSK(tc, t); err != nil {
		return tun, asns, err
	}
	tun.PSK = NewSecret(t.psk)

	cgwIn, cgwBits, err := tc.prefixLen(fCGWInside, t.cgwInside, t.cgwMask, t.cgwCIDRLen)
	if err != nil {
		return tun, asns, err
	}
	if cgwBits < 0 {
		return tun, asns, tc.errf(fCGWInside, "missing prefix length (expected /30)")
	}
	if cgwBits != 30 {
		return tun, asns, tc.errf(fCGWInside, "%s/%d is not a /30", cgwIn, cgwBits)
	}
	network, err := insideNetwork(tc, cgwIn)
	if err != nil {
		return tun, asns, err
	}
	awsIn, awsBits, err := tc.prefixLen(fAWSInside, t.awsInside, t.awsMask, t.awsCIDRLen)
	if err != nil {
		return tun, asns, err
	}
	if awsBits >= 0 && awsBits != 30 {
		return tun, asns, tc.errf(fAWSInside, "%s/%d is not a /30", awsIn, awsBits)
	}
	if err := insideHosts(tc, network, cgwIn, awsIn); err != nil {
		return tun, asns, err
	}
	if t.insideCIDR != "" {
		v, err := tc.text(fInsideCIDR, t.insideCIDR)
		if err != nil {
			return tun, asns, err
		}
		p, perr := netip.ParsePrefix(v)
		if perr != nil || p.Masked() != network || p.Bits() != 30 {
			return tun, asns, tc.errf(fInsideCIDR, "%s does not match the inside addresses (%s)", tc.shown(v), network)
		}
	}
	tun.CustomerInside = netip.PrefixFrom(cgwIn, 30)
	tun.AWSInside = awsIn

	cust, err := tc.number(fCustomerASN, t.customerASN, 1, 4294967295)
	if err != nil {
		return tun, asns, err
	}
	amz, err := tc.number(fAmazonASN, t.amazonASN, 1, 4294967295)
	if err != nil {
		return tun, asns, err
	}
	asns.customer, asns.amazon = uint32(cust), uint32(amz)
	if !amazonASNAllowed(asns.amazon) {
		return tun, asns, tc.errf(fAmazonASN, notAmazonASN, amz)
	}
	if asns.customer == asns.amazon {
		return tun, asns, tc.errf(fCustomerASN, "%d equals the Amazon ASN", cust)
	}
	if asns.hold, err = tc.optNumber(fHoldTime, t.holdTime, 3, 65535, 30); err != nil {
		return tun, asns, err
	}
	if tun.DPD.Interval, err = tc.optNumber(fDPDInterval, t.dpdInterval, 1, 3600, 0); err != nil {
		return tun, asns, err
	}
	if tun.DPD.Retries, err = tc.optNumber(fDPDRetries, t.dpdRetries, 1, 100, 0); err != nil {
		return tun, asns, err
	}
	if (tun.DPD.Interval == 0) != (tun.DPD.Retries == 0) {
		// Cisco gives only the interval; AWS's retry count is 3 everywhere.
		if tun.DPD.Retries == 0 {
			tun.DPD.Retries = 3
		} else {
			tun.DPD.Interval = 10
		}
	}
	if tun.MSS, err = tc.optNumber(fMSS, t.mss, 536, 1460, 0); err != nil {
		return tun, asns, err
	}
	if tun.Phase1, err = phase(tc, "IKE", t.ike, 900, 28800); err != nil {
		return tun, asns, err
	}
	if tun.Phase2, err = phase(tc, "IPsec", t.ipsec, 900, 3600); err != nil {
		return tun, asns, err
	}
	if tun.Phase1.Lifetime > 0 && tun.Phase2.Lifetime >= tun.Phase1.Lifetime {
		return tun, asns, tc.errf("IPsec lifetime", "%d s is not shorter than the IKE lifetime %d s", tun.Phase2.Lifetime, tun.Phase1.Lifetime)
	}
	return tun, asns, nil
}

func checkPSK(tc tunnelCheck, t rawTunnel) error {
	switch {
	case t.psk == "" && t.pskSeen:
		return tc.errf(fPSK, "empty (certificate authentication is not supported; give the tunnel a pre-shared key)")
	case t.psk == "":
		return tc.errf(fPSK, "missing (truncated file?)")
	}
	if p := tokenProblem(t.psk); p != "" {
		return tc.errf(fPSK, "%s", p)
	}
	if !pskRE.MatchString(t.psk) {
		return tc.errf(fPSK, "must be 8–64 characters of 0-9 A-Z a-z _ . (got %d characters)", len(t.psk))
	}
	if t.psk[0] == '0' {
		return tc.errf(fPSK, "must not start with 0")
	}
	return nil
}

// insideNetwork is the /30 of a customer inside address, if AWS may hand it
// out: in 169.254.0.0/16 and not reserved.
func insideNetwork(tc tunnelCheck, cgwIn netip.Addr) (netip.Prefix, error) {
	network := netip.PrefixFrom(cgwIn, 30).Masked()
	if !linkLocal.Contains(cgwIn) {
		return network, tc.errf(fCGWInside, "%s is not in 169.254.0.0/16", network)
	}
	if slices.Contains(reservedInside, network) {
		return network, tc.errf(fCGWInside, "%s is reserved by AWS", network)
	}
	return network, nil
}

// insideHosts checks that AWS has the first address of the /30 (the BGP
// neighbour) and the customer gateway the second, as in every AWS sample.
func insideHosts(tc tunnelCheck, network netip.Prefix, cgwIn, awsIn netip.Addr) error {
	first := network.Addr().Next()
	if awsIn != first {
		return tc.errf(fAWSInside, "%s is not the first address of %s (%s)", awsIn, network, first)
	}
	if cgwIn != first.Next() {
		return tc.errf(fCGWInside, "%s is not the second address of %s (%s)", cgwIn, network, first.Next())
	}
	return nil
}

const notAmazonASN = "%d is not an ASN AWS assigns (64512–65534, 4200000000–4294967294, or legacy 7224/9059/10124/17493)"

func amazonASNAllowed(asn uint32) bool {
	return (asn >= 64512 && asn <= 65534) || (asn >= 4200000000 && asn <= 4294967294) || slices.Contains(legacyAmazonASNs, asn)
}

func selector(cc tunnelCheck, field, v string) (netip.Prefix, error) {
	if v == "" {
		return anyIPv4, nil
	}
	if p := tokenProblem(v); p != "" {
		return netip.Prefix{}, cc.errf(field, "%s", p)
	}
	p, err := netip.ParsePrefix(v)
	if err != nil || !p.Addr().Is4() {
		return netip.Prefix{}, cc.errf(field, "%s is not an IPv4 CIDR", cc.shown(v))
	}
	return p.Masked(), nil
}
