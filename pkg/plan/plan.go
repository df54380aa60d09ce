package plan

import (
	"errors"
	"net/netip"

	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/showparse"
)

var (
	// ErrInvalid is wrapped by errors about options (site parameters).
	ErrInvalid = errors.New("invalid site parameter")
	// ErrConflict is wrapped when the router's running-config already uses
	// something the plan needs for another purpose.
	ErrConflict = errors.New("conflict with the running-config")
	// ErrNotRestored is wrapped by CheckRestored.
	ErrNotRestored = errors.New("running-config not restored")
)

// Secret is the pre-shared key type: it prints and marshals as ********.
type Secret = awsvpn.Secret

// Plan is everything apply needs, as data. See the package documentation
// for the contract with the executor.
type Plan struct {
	Connection Summary `json:"connection"`
	// Desired is the complete IX configuration for the connection, in
	// running-config order and indentation.
	Desired []string `json:"desired"`
	// Commands are the lines to type from global config mode, nothing
	// already present; empty when the router already has the plan.
	Commands []string `json:"commands"`
	// Rollback undoes Commands on the Prior configuration.
	Rollback []string `json:"rollback"`
	// Prior is the running-config the plan was computed against (empty
	// when none was given). JSON carries it as redacted text lines.
	Prior showparse.RunningConfig `json:"-"`
	// VPC are the prefixes the router should learn from AWS.
	VPC []netip.Prefix `json:"vpc"`
	// LAN are the prefixes the router advertises.
	LAN      []netip.Prefix `json:"lan"`
	Warnings []string       `json:"warnings"`
}

// Summary describes the connection as configured.
type Summary struct {
	VPNConnectionID   string       `json:"vpn_connection_id,omitempty"`
	CustomerGatewayIP netip.Addr   `json:"customer_gateway_ip"`
	CustomerASN       uint32       `json:"customer_asn"`
	AmazonASN         uint32       `json:"amazon_asn"`
	WANInterface      string       `json:"wan_interface"`
	WANIP             netip.Addr   `json:"wan_ip,omitzero"`
	NATTraversal      bool         `json:"nat_traversal"`
	Crypto            Profile      `json:"crypto"`
	DPD               *DPD         `json:"dpd"` // nil: no ike keepalive
	MSS               string       `json:"mss"` // "auto" or a number
	LocalSelector     netip.Prefix `json:"local_selector"`
	RemoteSelector    netip.Prefix `json:"remote_selector"`
	IKEProposal       string       `json:"ike_proposal"`
	IPsecProposal     string       `json:"ipsec_proposal"`
	ACL               string       `json:"acl"`
	BGPKeepalive      int          `json:"bgp_keepalive"`
	BGPHoldTime       int          `json:"bgp_hold_time"`
	// Tunnels are keyed by AWS outside IP (unique) and sorted by it; the
	// first uses the first tunnel interface.
	Tunnels []TunnelPlan `json:"tunnels"`
}

// DPD is `ike keepalive POLICY Interval Retries`.
type DPD struct {
	Interval int `json:"interval"`
	Retries  int `json:"retries"`
}

// TunnelPlan is one tunnel as configured.
type TunnelPlan struct {
	AWSOutsideIP   netip.Addr   `json:"aws_outside_ip"`
	Interface      string       `json:"interface"`
	CustomerInside netip.Prefix `json:"customer_inside"`
	AWSInside      netip.Addr   `json:"aws_inside"`
	BGPNeighbor    netip.Addr   `json:"bgp_neighbor"`
	AmazonASN      uint32       `json:"amazon_asn"`
	IKEPolicy      string       `json:"ike_policy"`
	IPsecMap       string       `json:"ipsec_map"`
	PSK            Secret       `json:"psk"`
}

// Profile is the crypto a plan configures, in IX keywords and in the AWS
// API names the tunnel options must allow.
type Profile struct {
	Name Crypto `json:"name"`
	// IX keywords.
	IKEEncryption string `json:"ike_encryption"`
	IKEHash       string `json:"ike_hash"`
	IKEGroup      string `json:"ike_group"`
	IKELifetime   int    `json:"ike_lifetime"`
	ESPEncryption string `json:"esp_encryption"`
	ESPAuth       string `json:"esp_auth"`
	ESPLifetime   int    `json:"esp_lifetime"`
	PFSGroup      string `json:"pfs_group"`
	// AWS API names (Phase1/2 algorithms and DH group numbers).
	AWSEncryption string `json:"aws_encryption"`
	AWSIntegrity  string `json:"aws_integrity"`
	AWSDHGroup    int    `json:"aws_dh_group"`
}

var profiles = map[Crypto]Profile{
	CryptoAWSDefault: {
		Name: CryptoAWSDefault, IKEEncryption: "aes", IKEHash: "sha", IKEGroup: "1024-bit", IKELifetime: 28800,
		ESPEncryption: "esp-aes", ESPAuth: "esp-sha", ESPLifetime: 3600, PFSGroup: "1024-bit",
		AWSEncryption: "AES128", AWSIntegrity: "SHA1", AWSDHGroup: 2,
	},
	CryptoStrong: {
		Name: CryptoStrong, IKEEncryption: "aes-256", IKEHash: "sha2-256", IKEGroup: "2048-bit", IKELifetime: 28800,
		ESPEncryption: "esp-aes-256", ESPAuth: "esp-sha2-256", ESPLifetime: 3600, PFSGroup: "2048-bit",
		AWSEncryption: "AES256", AWSIntegrity: "SHA2-256", AWSDHGroup: 14,
	},
}

// ixDefaultIKELifetime is left out of `ike proposal`: the IX default
// [G ix-cli.md §10.6], and the seed's line has no lifetime.
const ixDefaultIKELifetime = 28800

// New plans conn on a router whose running-config is prior (the zero value
// for an empty router).
func New(conn awsvpn.Connection, prior showparse.RunningConfig, opts ...Option) (*Plan, error) {
	o, err := checked(conn, opts)
	if err != nil {
		return nil, err
	}
	// The copy also drops nil lines, so nothing below needs to check.
	prior = cloneConfig(prior)
	p := &Plan{Prior: prior, LAN: nonNil(o.lan), VPC: nonNil(o.vpc)}
	desired, err := p.generate(conn, o)
	if err != nil {
		return nil, err
	}
	p.Desired = render(desired, 0, []string{})
	p.Commands, p.Rollback, err = diff(desired, prior)
	if err != nil {
		return nil, err
	}
	return p, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Tunnel returns the tunnel whose AWS outside IP is ip.
func (s Summary) Tunnel(ip netip.Addr) (TunnelPlan, bool) {
	for _, t := range s.Tunnels {
		if t.AWSOutsideIP == ip {
			return t, true
		}
	}
	return TunnelPlan{}, false
}
