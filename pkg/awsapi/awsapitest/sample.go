package awsapitest

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
)

// DeviceTypes are what the fake's GetVpnConnectionDeviceTypes lists: real
// entries of AWS's list (vendor, platform, software and id as the API
// returns them), the Cisco IOS ones among others.
var DeviceTypes = []DeviceType{
	{"6883834a", "Cisco Systems, Inc.", "ASA 5500 Series", "ASA 8.2+"},
	{"48548f98", "Cisco Systems, Inc.", "Cisco ASR 1000", "IOS 12.4+"},
	{"7b754310", "Cisco Systems, Inc.", "CSRv AMI", "IOS 12.4+"},
	{"b0adb196", "Cisco Systems, Inc.", "ISR Series Routers", "IOS 12.4+"},
	{"9005b6c1", "Generic", "Generic", "Vendor Agnostic"},
	{"8a961875", "Juniper Networks, Inc.", "J-Series Routers", "JunOS 9.5+"},
	{"e7a2d626", "Yamaha", "RTX Routers", "Rev.10.01.16+"},
}

// DeviceType is one entry of GetVpnConnectionDeviceTypes.
type DeviceType struct {
	ID, Vendor, Platform, Software string
}

// ciscoIOS are the device types whose sample is the Cisco IOS 12.4+ text
// the fake renders; any other asks for a sample the fake does not have.
var ciscoIOS = map[string]bool{"48548f98": true, "7b754310": true, "b0adb196": true}

type deviceTypesResponse struct {
	XMLName   xml.Name        `xml:"GetVpnConnectionDeviceTypesResponse"`
	Xmlns     string          `xml:"xmlns,attr"`
	RequestID string          `xml:"requestId"`
	Set       []deviceTypeXML `xml:"vpnConnectionDeviceTypeSet>item"`
	NextToken string          `xml:"nextToken,omitempty"`
}

type deviceTypeXML struct {
	ID       string `xml:"vpnConnectionDeviceTypeId"`
	Vendor   string `xml:"vendor"`
	Platform string `xml:"platform"`
	Software string `xml:"software"`
}

type sampleResponse struct {
	XMLName   xml.Name `xml:"GetVpnConnectionDeviceSampleConfigurationResponse"`
	Xmlns     string   `xml:"xmlns,attr"`
	RequestID string   `xml:"requestId"`
	Sample    string   `xml:"vpnConnectionDeviceSampleConfiguration"`
}

// devicePage is how many device types one page holds, small so the
// client's pagination is exercised.
const devicePage = 3

func (s *Server) deviceTypes(w http.ResponseWriter, form url.Values) {
	start := 0
	if tok := form.Get("NextToken"); tok != "" {
		if _, err := fmt.Sscanf(tok, "page-%d", &start); err != nil || start < 0 || start >= len(DeviceTypes) {
			writeEC2Error(w, http.StatusBadRequest, "InvalidNextToken", "bad next token")
			return
		}
	}
	end := min(start+devicePage, len(DeviceTypes))
	out := deviceTypesResponse{Xmlns: ec2NS, RequestID: "fake-request"}
	for _, d := range DeviceTypes[start:end] {
		out.Set = append(out.Set, deviceTypeXML(d))
	}
	if end < len(DeviceTypes) {
		out.NextToken = fmt.Sprintf("page-%d", end)
	}
	writeXML(w, out)
}

func (s *Server) sample(w http.ResponseWriter, form url.Values) {
	c, ok := s.conns[form.Get("VpnConnectionId")]
	if !ok {
		writeEC2Error(w, http.StatusBadRequest, "InvalidVpnConnectionID.NotFound", "no such connection")
		return
	}
	if !ciscoIOS[form.Get("VpnConnectionDeviceTypeId")] {
		writeEC2Error(w, http.StatusBadRequest, "InvalidParameterValue", "the fake has no sample for device type "+form.Get("VpnConnectionDeviceTypeId"))
		return
	}
	if v := form.Get("InternetKeyExchangeVersion"); v != "" && v != "ikev1" && v != "ikev2" {
		writeEC2Error(w, http.StatusBadRequest, "InvalidParameterValue", "IKE version must be ikev1 or ikev2")
		return
	}
	if form.Get("SampleType") == "recommended" && form.Get("InternetKeyExchangeVersion") != "ikev2" {
		writeEC2Error(w, http.StatusBadRequest, "UnsupportedOperation", "the recommended sample has no IKEv1")
		return
	}
	sc := *c
	sc.Tunnels = append([]Tunnel(nil), c.Tunnels...)
	if c.SampleTweak != nil {
		c.SampleTweak(&sc)
	}
	writeXML(w, sampleResponse{Xmlns: ec2NS, RequestID: "fake-request", Sample: ciscoSample(&sc)})
}

// ciscoSample renders the Cisco IOS 12.4+ sample for c in the layout AWS
// gives it (fixtures/aws/example-cisco.txt): per tunnel the ISAKMP policy,
// the keyring with its key, the transform set, the tunnel interface and
// the BGP neighbour. Keys stored in Secrets Manager are left out of it, as
// they are left out of the XML.
func ciscoSample(c *Connection) string {
	var b strings.Builder
	gw := c.Gateway
	fmt.Fprintf(&b, "! Amazon Web Services\n! Virtual Private Cloud\n!\n! Your VPN Connection ID            : %s\n", c.ID)
	fmt.Fprintf(&b, "! Your Virtual Private Gateway ID   : %s\n! Your Customer Gateway ID          : %s\n!\n", gw, c.CustomerGatewayID)
	for i, t := range c.Tunnels {
		p := netip.MustParsePrefix(t.InsideCIDR).Masked()
		awsIn, cgwIn := p.Addr().Next(), p.Addr().Next().Next()
		name := fmt.Sprintf("%s-%d", c.ID, i)
		fmt.Fprintf(&b, "! --------------------------------------------------------------------------------\n! IPSec Tunnel #%d\n! --------------------------------------------------------------------------------\n", i+1)
		fmt.Fprintf(&b, "! #1: Internet Key Exchange (IKE) Configuration\n!\ncrypto isakmp policy %d\n  encryption aes 128\n  authentication pre-share\n  group 2\n  lifetime 28800\n  hash sha\nexit\n\n", 200+i)
		key := t.PSK
		if c.KeysInSecret {
			key = ""
		}
		fmt.Fprintf(&b, "crypto keyring keyring-%s\n  local-address %s\n  pre-shared-key address %s key %s\nexit\n\n", name, c.CustomerGatewayIP, t.OutsideIP, key)
		fmt.Fprintf(&b, "crypto isakmp profile isakmp-%s\n  local-address %s\n  match identity address %s\n  keyring keyring-%s\nexit\n\n", name, c.CustomerGatewayIP, t.OutsideIP, name)
		fmt.Fprintf(&b, "! #2: IPSec Configuration\n!\ncrypto ipsec transform-set ipsec-prop-%s esp-aes 128 esp-sha-hmac\n  mode tunnel\nexit\n\n", name)
		fmt.Fprintf(&b, "crypto ipsec profile ipsec-%s\n  set pfs group2\n  set security-association lifetime seconds 3600\n  set transform-set ipsec-prop-%s\nexit\n\n", name, name)
		b.WriteString("crypto ipsec df-bit clear\n\ncrypto isakmp keepalive 10 10\n\ncrypto ipsec security-association replay window-size 128\n\ncrypto ipsec fragmentation before-encryption\n\n")
		fmt.Fprintf(&b, "! #3: Tunnel Interface Configuration\n!\ninterface Tunnel%d\n  ip address %s 255.255.255.252\n  ip virtual-reassembly\n  tunnel source %s\n  tunnel destination %s\n  tunnel mode ipsec ipv4\n  tunnel protection ipsec profile ipsec-%s\n  ip tcp adjust-mss 1379\n  no shutdown\nexit\n\n",
			i+1, cgwIn, c.CustomerGatewayIP, t.OutsideIP, name)
		if c.StaticRoutesOnly {
			fmt.Fprintf(&b, "! #4: Static Route Configuration\n!\nip route 0.0.0.0 0.0.0.0 Tunnel%d track 100\n\n", i+1)
			continue
		}
		fmt.Fprintf(&b, "! #4: Border Gateway Protocol (BGP) Configuration\n!\nrouter bgp %d\n  neighbor %s remote-as %d\n  neighbor %s activate\n  neighbor %s timers 10 30 30\n  address-family ipv4 unicast\n    neighbor %s remote-as %d\n    neighbor %s timers 10 30 30\n    neighbor %s default-originate\n    neighbor %s activate\n    neighbor %s soft-reconfiguration inbound\n    network 0.0.0.0\n  exit\nexit\n\n",
			c.CustomerASN, awsIn, c.AmazonASN, awsIn, awsIn, awsIn, c.AmazonASN, awsIn, awsIn, awsIn, awsIn)
	}
	return b.String()
}
