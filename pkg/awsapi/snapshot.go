package awsapi

import (
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/health"
)

// Snapshot is what AWS said about one VPN connection at FetchedAt. It is
// also the --aws-dump file's content, so a support case replays offline.
type Snapshot struct {
	Kind              string    `json:"kind"` // always SnapshotKind
	FetchedAt         time.Time `json:"fetched_at"`
	Region            string    `json:"region"`
	VPNConnectionID   string    `json:"vpn_connection_id"`
	State             string    `json:"state"`
	Type              string    `json:"type,omitempty"`
	CustomerGatewayID string    `json:"customer_gateway_id,omitempty"`
	// Gateway is the AWS end: a virtual private gateway (vgw-) or a
	// transit gateway (tgw-), whose XML leaves vpn_gateway_id empty.
	Gateway          string `json:"gateway,omitempty"`
	StaticRoutesOnly bool   `json:"static_routes_only"`
	LocalCIDR        string `json:"local_ipv4_network_cidr,omitempty"`
	RemoteCIDR       string `json:"remote_ipv4_network_cidr,omitempty"`
	// KeysFrom says where the pre-shared keys came from: tunnel-options,
	// xml or secrets-manager; KeySecretARN names the secret.
	KeysFrom     string `json:"keys_from"`
	KeySecretARN string `json:"key_secret_arn,omitempty"`
	// KeysMasked is set on a snapshot read from a dump written without
	// --reveal-secrets: it can be planned and verified, not applied.
	KeysMasked bool `json:"keys_masked,omitempty"`
	// XML is the CustomerGatewayConfiguration with its keys masked; the
	// keys are in Tunnels.
	XML string `json:"customer_gateway_configuration"`
	// Sample is AWS's Cisco IOS 12.4+ sample configuration
	// (GetVpnConnectionDeviceSampleConfiguration) with its keys masked;
	// empty when it could not be read. It was cross-checked against the
	// rest when fetched, and gives the addresses when XML is empty.
	Sample string `json:"cisco_sample,omitempty"`
	// Tunnels are sorted by AWS outside IP.
	Tunnels   []TunnelOptions    `json:"tunnels"`
	Telemetry []health.AWSTunnel `json:"telemetry"`
}

// SnapshotKind marks a dump file.
const SnapshotKind = "ixpush-aws-snapshot"

// TunnelOptions is one tunnel's Options.TunnelOptions entry: what AWS
// accepts on it, in the API's names. An empty list means AWS allows every
// value (aws-vpn.md §7).
type TunnelOptions struct {
	OutsideIP        netip.Addr    `json:"aws_outside_ip"`
	InsideCIDR       string        `json:"tunnel_inside_cidr,omitempty"`
	PSK              awsvpn.Secret `json:"psk"`
	Phase1Encryption []string      `json:"phase1_encryption,omitempty"`
	Phase1Integrity  []string      `json:"phase1_integrity,omitempty"`
	Phase1DHGroups   []int         `json:"phase1_dh_groups,omitempty"`
	Phase2Encryption []string      `json:"phase2_encryption,omitempty"`
	Phase2Integrity  []string      `json:"phase2_integrity,omitempty"`
	Phase2DHGroups   []int         `json:"phase2_dh_groups,omitempty"`
	IKEVersions      []string      `json:"ike_versions,omitempty"`
	Phase1Lifetime   int           `json:"phase1_lifetime,omitempty"`
	Phase2Lifetime   int           `json:"phase2_lifetime,omitempty"`
	RekeyMargin      int           `json:"rekey_margin,omitempty"`
	DPDTimeout       int           `json:"dpd_timeout,omitempty"`
	DPDTimeoutAction string        `json:"dpd_timeout_action,omitempty"`
	StartupAction    string        `json:"startup_action,omitempty"`
}

// usable says why the connection cannot be provisioned in its state, or "".
func (s *Snapshot) usable() string {
	switch s.State {
	case "available":
		return ""
	case "pending":
		return "is still pending: wait until it is available (a few minutes after it is created), then try again"
	case "deleting", "deleted":
		return "is " + s.State + ": create a new VPN connection and use its ID"
	}
	return fmt.Sprintf("is in state %q, not available", s.State)
}

// Connection builds the connection the planner takes: addresses and ASNs
// from the XML (or, when DescribeVpnConnections gave none, from AWS's
// sample), keys and selectors from the API, all through awsvpn's one
// validator. Tunnels are matched by outside IP, never by order.
func (s *Snapshot) Connection() (awsvpn.Connection, error) {
	if why := s.usable(); why != "" {
		return awsvpn.Connection{}, fmt.Errorf("%w: VPN connection %s %s", ErrInput, s.VPNConnectionID, why)
	}
	if strings.TrimSpace(s.XML) == "" {
		if strings.TrimSpace(s.Sample) == "" {
			return awsvpn.Connection{}, fmt.Errorf("%w: VPN connection %s has no CustomerGatewayConfiguration and no sample configuration", ErrInput, s.VPNConnectionID)
		}
		c, err := s.sampleConnection(s.keys())
		if err != nil {
			return c, err
		}
		return c, s.matchTunnels(c)
	}
	return s.xmlConnection()
}

// keys are the tunnels' keys by outside IP; a masked snapshot's are
// stand-ins, valid for the checks and never pushed (apply refuses a
// masked snapshot).
func (s *Snapshot) keys() map[netip.Addr]awsvpn.Secret {
	keys := map[netip.Addr]awsvpn.Secret{}
	for i, t := range s.Tunnels {
		k := t.PSK
		if s.KeysMasked {
			k = awsvpn.NewSecret(fmt.Sprintf("masked.in.dump.%d", i+1))
		}
		keys[t.OutsideIP] = k
	}
	return keys
}

// xmlConnection builds the connection from the XML and the API's values.
func (s *Snapshot) xmlConnection() (awsvpn.Connection, error) {
	c, err := awsvpn.ParseXMLWith(strings.NewReader(s.XML), awsvpn.APIValues{
		VPNConnectionID: s.VPNConnectionID, Keys: s.keys(),
		LocalCIDR: s.LocalCIDR, RemoteCIDR: s.RemoteCIDR, StaticRoutesOnly: s.StaticRoutesOnly,
	})
	if err != nil {
		return c, fmt.Errorf("%w: VPN connection %s: %w", ErrInput, s.VPNConnectionID, err)
	}
	if err := s.matchTunnels(c); err != nil {
		return c, err
	}
	return c, nil
}

// matchTunnels checks that the tunnel options and the XML name the same two
// AWS endpoints (aws-vpn.md §4).
func (s *Snapshot) matchTunnels(c awsvpn.Connection) error {
	if len(s.Tunnels) == 0 {
		return nil
	}
	for _, t := range s.Tunnels {
		if _, ok := c.Tunnel(t.OutsideIP); !ok {
			return fmt.Errorf("%w: VPN connection %s: tunnel %s: in the tunnel options but not in the XML or sample", ErrInput, s.VPNConnectionID, t.OutsideIP)
		}
	}
	if len(s.Tunnels) != len(c.Tunnels) {
		return fmt.Errorf("%w: VPN connection %s: %d tunnel options for %d tunnels", ErrInput, s.VPNConnectionID, len(s.Tunnels), len(c.Tunnels))
	}
	return nil
}

// Tunnel returns the options of the tunnel whose AWS outside IP is ip.
func (s *Snapshot) Tunnel(ip netip.Addr) (TunnelOptions, bool) {
	for _, t := range s.Tunnels {
		if t.OutsideIP == ip {
			return t, true
		}
	}
	return TunnelOptions{}, false
}
