package awsvpn

import "net/netip"

// Format names one of the three inputs.
type Format string

const (
	FormatAuto  Format = "auto"
	FormatCisco Format = "cisco"
	FormatXML   Format = "xml"
	FormatYAML  Format = "yaml"
)

// Connection is a validated two-tunnel BGP VPN connection.
type Connection struct {
	Format            Format     `json:"format"`
	VPNConnectionID   string     `json:"vpn_connection_id,omitempty"`
	CustomerGatewayIP netip.Addr `json:"customer_gateway_ip"`
	CustomerASN       uint32     `json:"customer_asn"`
	AmazonASN         uint32     `json:"amazon_asn"`
	// HoldTime is the BGP hold time AWS uses (30 s in every sample).
	HoldTime int `json:"hold_time"`
	// LocalNetwork and RemoteNetwork are the connection's traffic selectors
	// (Local/RemoteIpv4NetworkCidr); 0.0.0.0/0 unless the YAML input says
	// otherwise — the XML and the Cisco sample do not carry them.
	LocalNetwork  netip.Prefix `json:"local_network"`
	RemoteNetwork netip.Prefix `json:"remote_network"`
	// Tunnels are sorted by AWS outside IP.
	Tunnels [2]Tunnel `json:"tunnels"`
	// Warnings are findings that do not stop generation.
	Warnings []string `json:"warnings,omitempty"`
}

// Tunnel is one IPsec tunnel of a connection.
type Tunnel struct {
	AWSOutsideIP netip.Addr `json:"aws_outside_ip"`
	// CustomerInside is the router's tunnel address with its /30.
	CustomerInside netip.Prefix `json:"customer_inside"`
	// AWSInside is the AWS end of the /30 and the BGP neighbour.
	AWSInside netip.Addr `json:"aws_inside"`
	PSK       Secret     `json:"psk"`
	// DPD is what AWS recommends; zero when the input does not say.
	DPD DPD `json:"dpd"`
	// MSS is the TCP MSS AWS recommends; 0 when the input does not say.
	MSS int `json:"mss,omitempty"`
	// Phase1 and Phase2 are the crypto values the input shows. They are the
	// AWS minimum profile, not what the tunnel accepts (aws-vpn.md §1), so
	// they are informative only.
	Phase1 Phase `json:"phase1"`
	Phase2 Phase `json:"phase2"`
}

// DPD is dead peer detection: probe every Interval seconds, give up after
// Retries probes.
type DPD struct {
	Interval int `json:"interval"`
	Retries  int `json:"retries"`
}

// Phase is one IKE phase as the input names it (AWS API spelling where the
// input allows: AES128, SHA1, DH group number).
type Phase struct {
	Encryption string `json:"encryption,omitempty"`
	Integrity  string `json:"integrity,omitempty"`
	DHGroup    int    `json:"dh_group,omitempty"`
	Lifetime   int    `json:"lifetime,omitempty"`
}

// Tunnel returns the tunnel whose AWS outside IP is ip.
func (c Connection) Tunnel(ip netip.Addr) (Tunnel, bool) {
	for _, t := range c.Tunnels {
		if t.AWSOutsideIP == ip {
			return t, true
		}
	}
	return Tunnel{}, false
}

// raw is what a reader found, as text, before validation. An empty string
// means "not present"; that lets one validator name missing fields the same
// way for every format.
type raw struct {
	format     Format
	vpnID      string
	static     bool
	localCIDR  string
	remoteCIDR string
	tunnels    []rawTunnel
}

type rawTunnel struct {
	awsOutside string
	// awsOutsideAlso are other places the input names the AWS outside IP
	// (Cisco: tunnel destination); they must agree with awsOutside.
	awsOutsideAlso []string
	cgwOutside     string
	// cgwInside / awsInside are an address, optionally with /len.
	cgwInside   string
	cgwMask     string // dotted mask, when the input gives one
	cgwCIDRLen  string // bare prefix length, when the input gives one
	awsInside   string
	awsMask     string
	awsCIDRLen  string
	insideCIDR  string // the /30 network, when the input gives it
	psk         string
	pskSeen     bool
	customerASN string
	amazonASN   string
	holdTime    string
	dpdInterval string
	dpdRetries  string
	mss         string
	ike         rawPhase
	ipsec       rawPhase
	bgp         bool // a BGP section was present for the tunnel
}

type rawPhase struct {
	encryption string
	integrity  string
	dhGroup    string
	lifetime   string
}
