package awsvpn

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// xmlConnection mirrors the CustomerGatewayConfiguration document. Every leaf
// is a string: encoding/xml trims numbers but not strings, and keeping text
// lets the validator name a bad field instead of failing the whole decode.
type xmlConnection struct {
	XMLName    xml.Name    `xml:"vpn_connection"`
	ID         string      `xml:"id,attr"`
	Type       string      `xml:"vpn_connection_type"`
	Attributes string      `xml:"vpn_connection_attributes"`
	Tunnels    []xmlTunnel `xml:"ipsec_tunnel"`
}

type xmlTunnel struct {
	Customer xmlGateway `xml:"customer_gateway"`
	VPN      xmlGateway `xml:"vpn_gateway"`
	IKE      struct {
		Auth     string  `xml:"authentication_protocol"`
		Enc      string  `xml:"encryption_protocol"`
		Lifetime string  `xml:"lifetime"`
		PFS      string  `xml:"perfect_forward_secrecy"`
		PSK      *string `xml:"pre_shared_key"`
	} `xml:"ike"`
	IPsec struct {
		Auth     string `xml:"authentication_protocol"`
		Enc      string `xml:"encryption_protocol"`
		Lifetime string `xml:"lifetime"`
		PFS      string `xml:"perfect_forward_secrecy"`
		MSS      string `xml:"tcp_mss_adjustment"`
		DPD      struct {
			Interval string `xml:"interval"`
			Retries  string `xml:"retries"`
		} `xml:"dead_peer_detection"`
	} `xml:"ipsec"`
}

type xmlGateway struct {
	Outside struct {
		IP string `xml:"ip_address"`
	} `xml:"tunnel_outside_address"`
	Inside struct {
		IP   string `xml:"ip_address"`
		Mask string `xml:"network_mask"`
		CIDR string `xml:"network_cidr"`
	} `xml:"tunnel_inside_address"`
	// BGP is a pointer: static connections have no <bgp>, and an empty one
	// counts as missing too (aws-vpn.md §1).
	BGP *struct {
		ASN      string `xml:"asn"`
		HoldTime string `xml:"hold_time"`
	} `xml:"bgp"`
}

// ParseXML reads the CustomerGatewayConfiguration XML of a VPN connection.
func ParseXML(r io.Reader) (Connection, error) {
	raw, err := readXML(r)
	if err != nil {
		return Connection{}, err
	}
	return validate(raw)
}

func readXML(r io.Reader) (raw, error) {
	var doc xmlConnection
	dec := xml.NewDecoder(io.LimitReader(r, maxInput))
	if err := dec.Decode(&doc); err != nil {
		// Decoder messages can quote document text (a key, say), so only the
		// line number is passed on.
		var se *xml.SyntaxError
		var ute xml.UnmarshalError
		switch {
		case errors.Is(err, io.EOF):
			return raw{}, connErrorf("", "no XML element found: not a CustomerGatewayConfiguration XML")
		case errors.As(err, &se) && strings.Contains(se.Msg, "unexpected EOF"):
			return raw{}, connErrorf("", "truncated XML (it ends before </vpn_connection>)")
		case errors.As(err, &se):
			return raw{}, connErrorf("", "malformed XML at line %d", se.Line)
		case errors.As(err, &ute):
			return raw{}, connErrorf("", "not a CustomerGatewayConfiguration XML (the root element is not <vpn_connection>)")
		default:
			return raw{}, connErrorf("", "unreadable XML")
		}
	}
	t := strings.TrimSpace
	out := raw{format: FormatXML, vpnID: t(doc.ID)}
	if strings.Contains(doc.Attributes, "NoBGP") {
		out.static = true
	}
	for _, x := range doc.Tunnels {
		rt := rawTunnel{
			awsOutside:  t(x.VPN.Outside.IP),
			cgwOutside:  t(x.Customer.Outside.IP),
			cgwInside:   t(x.Customer.Inside.IP),
			cgwMask:     t(x.Customer.Inside.Mask),
			cgwCIDRLen:  t(x.Customer.Inside.CIDR),
			awsInside:   t(x.VPN.Inside.IP),
			awsMask:     t(x.VPN.Inside.Mask),
			awsCIDRLen:  t(x.VPN.Inside.CIDR),
			dpdInterval: t(x.IPsec.DPD.Interval),
			dpdRetries:  t(x.IPsec.DPD.Retries),
			mss:         t(x.IPsec.MSS),
			ike:         rawPhase{encryption: t(x.IKE.Enc), integrity: t(x.IKE.Auth), dhGroup: t(x.IKE.PFS), lifetime: t(x.IKE.Lifetime)},
			ipsec:       rawPhase{encryption: t(x.IPsec.Enc), integrity: t(x.IPsec.Auth), dhGroup: t(x.IPsec.PFS), lifetime: t(x.IPsec.Lifetime)},
		}
		if x.IKE.PSK != nil {
			rt.psk, rt.pskSeen = t(*x.IKE.PSK), true
		}
		cb, vb := x.Customer.BGP, x.VPN.BGP
		if cb != nil && vb != nil && (t(cb.ASN) != "" || t(vb.ASN) != "") {
			rt.bgp = true
			rt.customerASN, rt.amazonASN = t(cb.ASN), t(vb.ASN)
			rt.holdTime = t(vb.HoldTime)
			if rt.holdTime == "" {
				rt.holdTime = t(cb.HoldTime)
			}
		}
		out.tunnels = append(out.tunnels, rt)
	}
	return out, nil
}
