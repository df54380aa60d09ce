package awsapitest

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

const ec2NS = "http://ec2.amazonaws.com/doc/2016-11-15/"

type describeResponse struct {
	XMLName   xml.Name  `xml:"DescribeVpnConnectionsResponse"`
	Xmlns     string    `xml:"xmlns,attr"`
	RequestID string    `xml:"requestId"`
	Set       []vpnItem `xml:"vpnConnectionSet>item"`
}

type vpnItem struct {
	ID                string       `xml:"vpnConnectionId"`
	State             string       `xml:"state"`
	Config            string       `xml:"customerGatewayConfiguration,omitempty"`
	CustomerGatewayID string       `xml:"customerGatewayId"`
	Type              string       `xml:"type"`
	VGW               string       `xml:"vpnGatewayId,omitempty"`
	TGW               string       `xml:"transitGatewayId,omitempty"`
	SecretARN         string       `xml:"preSharedKeyArn,omitempty"`
	Category          string       `xml:"category"`
	Options           optionsXML   `xml:"options"`
	Telemetry         []telemetryX `xml:"vgwTelemetry>item"`
}

type optionsXML struct {
	StaticRoutesOnly bool        `xml:"staticRoutesOnly"`
	Local            string      `xml:"localIpv4NetworkCidr"`
	Remote           string      `xml:"remoteIpv4NetworkCidr"`
	InsideIPVersion  string      `xml:"tunnelInsideIpVersion"`
	Tunnels          []tunnelXML `xml:"tunnelOptionSet>item"`
}

type value struct {
	Value string `xml:"value"`
}

type tunnelXML struct {
	OutsideIP  string  `xml:"outsideIpAddress"`
	InsideCIDR string  `xml:"tunnelInsideCidr"`
	PSK        string  `xml:"preSharedKey,omitempty"`
	P1Enc      []value `xml:"phase1EncryptionAlgorithmSet>item"`
	P2Enc      []value `xml:"phase2EncryptionAlgorithmSet>item"`
	P1Int      []value `xml:"phase1IntegrityAlgorithmSet>item"`
	P2Int      []value `xml:"phase2IntegrityAlgorithmSet>item"`
	P1DH       []value `xml:"phase1DHGroupNumberSet>item"`
	P2DH       []value `xml:"phase2DHGroupNumberSet>item"`
	IKE        []value `xml:"ikeVersionSet>item"`
	P1Life     int     `xml:"phase1LifetimeSeconds"`
	P2Life     int     `xml:"phase2LifetimeSeconds"`
	Margin     int     `xml:"rekeyMarginTimeSeconds"`
	DPDTimeout int     `xml:"dpdTimeoutSeconds"`
	DPDAction  string  `xml:"dpdTimeoutAction"`
	Startup    string  `xml:"startupAction"`
}

type telemetryX struct {
	Accepted   int    `xml:"acceptedRouteCount"`
	LastChange string `xml:"lastStatusChange"`
	OutsideIP  string `xml:"outsideIpAddress"`
	Status     string `xml:"status"`
	Message    string `xml:"statusMessage"`
}

type replacementResponse struct {
	XMLName           xml.Name `xml:"GetVpnTunnelReplacementStatusResponse"`
	Xmlns             string   `xml:"xmlns,attr"`
	RequestID         string   `xml:"requestId"`
	ID                string   `xml:"vpnConnectionId"`
	OutsideIP         string   `xml:"vpnTunnelOutsideIpAddress"`
	CustomerGatewayID string   `xml:"customerGatewayId"`
	Maintenance       struct {
		Pending     string `xml:"pendingMaintenance,omitempty"`
		LastApplied string `xml:"lastMaintenanceApplied,omitempty"`
	} `xml:"maintenanceDetails"`
}

type ec2Error struct {
	XMLName   xml.Name `xml:"Response"`
	Code      string   `xml:"Errors>Error>Code"`
	Message   string   `xml:"Errors>Error>Message"`
	RequestID string   `xml:"RequestID"`
}

func writeXML(w http.ResponseWriter, v any) {
	b, err := xml.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	w.Write([]byte(xml.Header))
	w.Write(b)
}

func writeEC2Error(w http.ResponseWriter, status int, code, msg string) {
	b, _ := xml.Marshal(ec2Error{Code: code, Message: msg, RequestID: "fake-request"})
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	w.WriteHeader(status)
	w.Write([]byte(xml.Header))
	w.Write(b)
}

func values(v []string) []value {
	out := make([]value, len(v))
	for i, s := range v {
		out[i] = value{s}
	}
	return out
}

func intValues(v []int) []value {
	out := make([]value, len(v))
	for i, n := range v {
		out[i] = value{strconv.Itoa(n)}
	}
	return out
}

func itemOf(c *Connection) vpnItem {
	state := c.State
	if state == "" {
		state = "available"
	}
	it := vpnItem{
		ID: c.ID, State: state, CustomerGatewayID: c.CustomerGatewayID, Type: "ipsec.1", Category: "VPN",
		Options: optionsXML{StaticRoutesOnly: c.StaticRoutesOnly, Local: "0.0.0.0/0", Remote: "0.0.0.0/0", InsideIPVersion: "ipv4"},
	}
	if strings.HasPrefix(c.Gateway, "tgw-") {
		it.TGW = c.Gateway
	} else {
		it.VGW = c.Gateway
	}
	if c.KeysInSecret {
		it.SecretARN = c.SecretARN
	}
	if !c.OmitXML && (state == "available" || state == "pending") {
		it.Config = customerGatewayXML(c)
	}
	for _, t := range c.Tunnels {
		tx := tunnelXML{
			OutsideIP: t.OutsideIP, InsideCIDR: t.InsideCIDR,
			P1Enc: values(t.Phase1Encryption), P2Enc: values(t.Phase2Encryption),
			P1Int: values(t.Phase1Integrity), P2Int: values(t.Phase2Integrity),
			P1DH: intValues(t.Phase1DHGroups), P2DH: intValues(t.Phase2DHGroups), IKE: values(t.IKEVersions),
			P1Life: 28800, P2Life: 3600, Margin: 270, DPDTimeout: 30, DPDAction: "clear", Startup: "add",
		}
		if !c.KeysInSecret {
			tx.PSK = t.PSK
		}
		it.Options.Tunnels = append(it.Options.Tunnels, tx)
		status := t.Status
		if status == "" {
			status = "UP"
		}
		it.Telemetry = append(it.Telemetry, telemetryX{
			Accepted: t.AcceptedRoutes, LastChange: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC).Format(time.RFC3339),
			OutsideIP: t.OutsideIP, Status: status, Message: t.StatusMessage,
		})
	}
	return it
}

// customerGatewayXML renders the CustomerGatewayConfiguration document for
// c, in the shape DescribeVpnConnections returns (aws-vpn.md §1), with
// the minimum-profile crypto AWS always shows there.
func customerGatewayXML(c *Connection) string {
	var b strings.Builder
	vgw := c.Gateway
	if strings.HasPrefix(vgw, "tgw-") {
		vgw = ""
	}
	fmt.Fprintf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<vpn_connection id=%q>\n", c.ID)
	fmt.Fprintf(&b, "  <customer_gateway_id>%s</customer_gateway_id>\n  <vpn_gateway_id>%s</vpn_gateway_id>\n  <vpn_connection_type>ipsec.1</vpn_connection_type>\n", c.CustomerGatewayID, vgw)
	if c.StaticRoutesOnly {
		b.WriteString("  <vpn_connection_attributes>NoBGPVPNConnection</vpn_connection_attributes>\n")
	}
	for _, t := range c.Tunnels {
		p := netip.MustParsePrefix(t.InsideCIDR).Masked()
		awsIn, cgwIn := p.Addr().Next(), p.Addr().Next().Next()
		gw := func(name, outside string, inside netip.Addr, asn uint32) {
			fmt.Fprintf(&b, "    <%s>\n      <tunnel_outside_address>\n        <ip_address>%s</ip_address>\n      </tunnel_outside_address>\n", name, outside)
			fmt.Fprintf(&b, "      <tunnel_inside_address>\n        <ip_address>%s</ip_address>\n        <network_mask>255.255.255.252</network_mask>\n        <network_cidr>30</network_cidr>\n      </tunnel_inside_address>\n", inside)
			if !c.StaticRoutesOnly {
				fmt.Fprintf(&b, "      <bgp>\n        <asn>%d</asn>\n        <hold_time>30</hold_time>\n      </bgp>\n", asn)
			}
			fmt.Fprintf(&b, "    </%s>\n", name)
		}
		b.WriteString("  <ipsec_tunnel>\n")
		gw("customer_gateway", c.CustomerGatewayIP, cgwIn, c.CustomerASN)
		gw("vpn_gateway", t.OutsideIP, awsIn, c.AmazonASN)
		b.WriteString("    <ike>\n      <authentication_protocol>sha1</authentication_protocol>\n      <encryption_protocol>aes-128-cbc</encryption_protocol>\n      <lifetime>28800</lifetime>\n      <perfect_forward_secrecy>group2</perfect_forward_secrecy>\n      <mode>main</mode>\n")
		if !c.KeysInSecret {
			fmt.Fprintf(&b, "      <pre_shared_key>%s</pre_shared_key>\n", t.PSK)
		}
		b.WriteString("    </ike>\n    <ipsec>\n      <protocol>esp</protocol>\n      <authentication_protocol>hmac-sha1-96</authentication_protocol>\n      <encryption_protocol>aes-128-cbc</encryption_protocol>\n      <lifetime>3600</lifetime>\n      <perfect_forward_secrecy>group2</perfect_forward_secrecy>\n      <mode>tunnel</mode>\n      <clear_df_bit>true</clear_df_bit>\n      <fragmentation_before_encryption>true</fragmentation_before_encryption>\n      <tcp_mss_adjustment>1379</tcp_mss_adjustment>\n      <dead_peer_detection>\n        <interval>10</interval>\n        <retries>3</retries>\n      </dead_peer_detection>\n    </ipsec>\n  </ipsec_tunnel>\n")
	}
	b.WriteString("</vpn_connection>\n")
	return b.String()
}
