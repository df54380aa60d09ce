package awsvpn

// Check reports the first way c breaks what Parse guarantees, or nil. Parse
// only returns connections that pass; Check is for a Connection built by
// other means (a test, another reader) before its values are typed into a
// router, where a key with a line break or a zero address would become CLI
// input.
func (c Connection) Check() error {
	if !c.CustomerGatewayIP.Is4() {
		return connErrorf(fCGWOutside, "missing or not IPv4")
	}
	if c.CustomerASN == 0 {
		return connErrorf(fCustomerASN, "missing")
	}
	if !amazonASNAllowed(c.AmazonASN) {
		return connErrorf(fAmazonASN, notAmazonASN, c.AmazonASN)
	}
	if c.CustomerASN == c.AmazonASN {
		return connErrorf(fCustomerASN, "%d equals the Amazon ASN", c.CustomerASN)
	}
	if c.HoldTime != 0 && (c.HoldTime < 3 || c.HoldTime > 65535) {
		return connErrorf(fHoldTime, "%d is not 0 (AWS's 30) or 3–65535", c.HoldTime)
	}
	if p := c.LocalNetwork; p.IsValid() && !p.Addr().Is4() {
		return connErrorf(fLocalCIDR, "%s is not an IPv4 CIDR", p)
	}
	if p := c.RemoteNetwork; p.IsValid() && !p.Addr().Is4() {
		return connErrorf(fRemoteCIDR, "%s is not an IPv4 CIDR", p)
	}
	for i, t := range c.Tunnels {
		if err := t.check(tunnelCheck{index: i + 1}); err != nil {
			return err
		}
	}
	t0, t1 := c.Tunnels[0], c.Tunnels[1]
	if t0.AWSOutsideIP == t1.AWSOutsideIP {
		return (tunnelCheck{ip: t0.AWSOutsideIP}).errf(fAWSOutside, "both tunnels use the same AWS outside IP")
	}
	if t0.CustomerInside.Masked() == t1.CustomerInside.Masked() {
		return (tunnelCheck{ip: t1.AWSOutsideIP}).errf(fInsideCIDR, "%s is used by both tunnels", t1.CustomerInside.Masked())
	}
	return nil
}

func (t Tunnel) check(tc tunnelCheck) error {
	if !t.AWSOutsideIP.Is4() {
		return tc.errf(fAWSOutside, "missing or not IPv4")
	}
	tc.ip = t.AWSOutsideIP
	if err := checkPSK(tc, rawTunnel{psk: t.PSK.Reveal()}); err != nil {
		return err
	}
	in := t.CustomerInside
	if !in.Addr().Is4() {
		return tc.errf(fCGWInside, "missing or not IPv4")
	}
	if in.Bits() != 30 {
		return tc.errf(fCGWInside, "%s is not a /30", in)
	}
	network, err := insideNetwork(tc, in.Addr())
	if err != nil {
		return err
	}
	if err := insideHosts(tc, network, in.Addr(), t.AWSInside); err != nil {
		return err
	}
	d := t.DPD
	if (d != DPD{}) && (d.Interval < 1 || d.Interval > 3600 || d.Retries < 1 || d.Retries > 100) {
		return tc.errf("DPD", "%d × %d: interval must be 1–3600 s and retries 1–100 (or both 0)", d.Interval, d.Retries)
	}
	return nil
}
