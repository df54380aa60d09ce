package plan

import (
	"fmt"
	"net/netip"
	"strconv"

	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/showparse"
)

var anyIPv4 = netip.MustParsePrefix("0.0.0.0/0")

// generate builds the desired configuration tree in running-config order
// (which is also dependency order: every object is defined before a line
// refers to it) and fills the summary and warnings.
func (p *Plan) generate(conn awsvpn.Connection, o options) ([]*showparse.ConfigLine, error) {
	prof := profiles[o.crypto]
	pre := o.namePrefix
	s := Summary{
		VPNConnectionID:   conn.VPNConnectionID,
		CustomerGatewayIP: conn.CustomerGatewayIP,
		CustomerASN:       conn.CustomerASN,
		AmazonASN:         conn.AmazonASN,
		WANInterface:      o.wanIf,
		WANIP:             o.wanIP,
		Crypto:            prof,
		IKEProposal:       pre + "ike-prop",
		IPsecProposal:     pre + "ipsec-prop",
		ACL:               pre + "sec-list",
		LocalSelector:     conn.LocalNetwork,
		RemoteSelector:    conn.RemoteNetwork,
		BGPHoldTime:       conn.HoldTime,
		BGPKeepalive:      conn.HoldTime / 3,
	}
	if !s.LocalSelector.IsValid() {
		s.LocalSelector = anyIPv4
	}
	if !s.RemoteSelector.IsValid() {
		s.RemoteSelector = anyIPv4
	}
	if o.selectorsSet {
		s.LocalSelector, s.RemoteSelector = o.local, o.remote
	}
	if s.BGPHoldTime == 0 {
		s.BGPHoldTime, s.BGPKeepalive = 30, 10
	}
	var warn []string
	warn = append(warn, conn.Warnings...)

	switch o.nat {
	case NATOn:
		s.NATTraversal = true
	case NATAuto:
		s.NATTraversal = o.wanIP.IsValid() && o.wanIP != conn.CustomerGatewayIP
	}
	if o.nat == NATOn && o.wanIP == conn.CustomerGatewayIP {
		warn = append(warn, fmt.Sprintf("NAT traversal is on but the router's WAN IP is the customer gateway IP %s (no NAT): AWS recommends leaving it off", o.wanIP))
	}
	if o.nat == NATOff && o.wanIP.IsValid() && o.wanIP != conn.CustomerGatewayIP {
		warn = append(warn, fmt.Sprintf("the router (%s) is behind NAT (%s) but NAT traversal is off: the NAT must pass UDP 500 and ESP to both AWS endpoints", o.wanIP, conn.CustomerGatewayIP))
	}

	switch {
	case o.dpd == nil:
		d := conn.Tunnels[0].DPD
		if d.Interval == 0 {
			d = awsvpn.DPD{Interval: 10, Retries: 3}
		}
		s.DPD = &DPD{d.Interval, d.Retries}
	case o.dpd.interval != 0:
		s.DPD = &DPD{o.dpd.interval, o.dpd.retries}
	}
	if o.mss == MSSAuto {
		s.MSS = "auto"
	} else {
		s.MSS = strconv.Itoa(o.mss)
	}

	if o.crypto == CryptoAWSDefault {
		warn = append(warn, "crypto aws-default uses DH group 2 (1024-bit) and SHA-1, which are weak: allow AES256, SHA2-256 and DH group 14 in the AWS tunnel options and use --crypto strong")
	}
	if len(o.lan) == 0 {
		warn = append(warn, "no LAN prefix given: the router advertises nothing to AWS (use --lan)")
	}
	for _, l := range o.lan {
		for _, v := range o.vpc {
			if l.Overlaps(v) {
				warn = append(warn, fmt.Sprintf("LAN prefix %s overlaps VPC prefix %s (allowed by --allow-overlap)", l, v))
			}
		}
	}
	if conn.CustomerASN > 65535 {
		warn = append(warn, fmt.Sprintf("customer ASN %d needs 4-byte AS support in the IX firmware (not confirmed)", conn.CustomerASN))
	}
	if conn.AmazonASN > 65535 {
		// `neighbor IP remote-as` takes it: the same firmware question.
		warn = append(warn, fmt.Sprintf("Amazon ASN %d needs 4-byte AS support in the IX firmware (not confirmed)", conn.AmazonASN))
	}

	s.Tunnels = tunnelPlans(conn, o)
	p.Connection = s
	p.Warnings = nonNil(warn)
	return desiredTree(s, p.LAN), nil
}

func line(text string, children ...*showparse.ConfigLine) *showparse.ConfigLine {
	return &showparse.ConfigLine{Text: text, Children: children}
}

func desiredTree(s Summary, lan []netip.Prefix) []*showparse.ConfigLine {
	c := s.Crypto
	ikeProp := fmt.Sprintf("ike proposal %s encryption %s hash %s group %s", s.IKEProposal, c.IKEEncryption, c.IKEHash, c.IKEGroup)
	if c.IKELifetime != ixDefaultIKELifetime {
		ikeProp += " lifetime " + strconv.Itoa(c.IKELifetime)
	}
	out := []*showparse.ConfigLine{line(ikeProp)}
	for _, t := range s.Tunnels {
		out = append(out, line(fmt.Sprintf("ike policy %s peer %s key %s %s", t.IKEPolicy, t.AWSOutsideIP, t.PSK.Reveal(), s.IKEProposal)))
	}
	if s.DPD != nil {
		for _, t := range s.Tunnels {
			out = append(out, line(fmt.Sprintf("ike keepalive %s %d %d", t.IKEPolicy, s.DPD.Interval, s.DPD.Retries)))
		}
	}
	if s.NATTraversal {
		out = append(out, line("ike nat-traversal"))
	}
	out = append(out,
		line(fmt.Sprintf("ip access-list %s permit ip src any dest any", s.ACL)),
		line(fmt.Sprintf("ipsec autokey-proposal %s %s %s lifetime time %d", s.IPsecProposal, c.ESPEncryption, c.ESPAuth, c.ESPLifetime)),
	)
	for _, t := range s.Tunnels {
		out = append(out, line(fmt.Sprintf("ipsec autokey-map %s %s peer %s %s pfs %s", t.IPsecMap, s.ACL, t.AWSOutsideIP, s.IPsecProposal, c.PFSGroup)))
	}
	for _, t := range s.Tunnels {
		if s.LocalSelector != anyIPv4 {
			out = append(out, line(fmt.Sprintf("ipsec local-id %s %s", t.IPsecMap, s.LocalSelector)))
		}
		if s.RemoteSelector != anyIPv4 {
			out = append(out, line(fmt.Sprintf("ipsec remote-id %s %s", t.IPsecMap, s.RemoteSelector)))
		}
	}
	for _, t := range s.Tunnels {
		out = append(out, line("interface "+t.Interface,
			line("tunnel mode ipsec"),
			line("ip address "+t.CustomerInside.String()),
			line("ip tcp adjust-mss "+s.MSS),
			line(fmt.Sprintf("ipsec policy tunnel %s df-bit ignore pre-fragment out", t.IPsecMap)),
			line("no shutdown"),
		))
	}
	bgp := line(fmt.Sprintf("router bgp %d", s.CustomerASN))
	for _, t := range s.Tunnels {
		bgp.Children = append(bgp.Children,
			line(fmt.Sprintf("neighbor %s remote-as %d", t.BGPNeighbor, t.AmazonASN)),
			line(fmt.Sprintf("neighbor %s timers %d %d", t.BGPNeighbor, s.BGPKeepalive, s.BGPHoldTime)),
		)
	}
	if len(lan) > 0 {
		af := line("address-family ipv4 unicast")
		for _, l := range lan {
			af.Children = append(af.Children, line("network "+l.String()))
		}
		bgp.Children = append(bgp.Children, af)
	}
	return append(out, bgp)
}
