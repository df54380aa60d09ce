// Package scenario describes one simulated site: the NEC IX router (its
// model, users, WAN side and NAT in front of it, startup configuration), the
// AWS Site-to-Site VPN it is meant to reach, and how fast the simulated
// tunnels come up. Scenarios are YAML files decoded strictly: an unknown or
// misspelt field is an error that names it.
//
// Addresses are kept as the strings the file holds so that a bad value can be
// reported with the field's path; Validate checks every one, and the accessor
// methods (Tunnel.Inside, NAT.Public, ...) return parsed values for a
// validated scenario.
package scenario

import (
	"net/netip"
	"time"
)

// Scenario is one simulated site.
type Scenario struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description,omitempty"`
	Router      Router `yaml:"router"`
	AWS         AWS    `yaml:"aws"`
	Timing      Timing `yaml:"timing"`
	Faults      Faults `yaml:"faults,omitempty"`
}

// Router is the simulated NEC IX.
type Router struct {
	Hostname string `yaml:"hostname"`
	// Model as the router names itself, e.g. IX2015 (show version, SSH banner).
	Model string `yaml:"model"`
	// Firmware version, e.g. 10.7.18.
	Firmware string `yaml:"firmware"`
	Users    []User `yaml:"users"`
	// WANInterface faces the internet (through NAT when NAT.Mode is not
	// none): IKE and ESP leave from its address.
	WANInterface string `yaml:"wan_interface"`
	NAT          NAT    `yaml:"nat"`
	// StartupConfig is IX configuration text the router boots with.
	StartupConfig string `yaml:"startup_config"`
}

// User is a login account of the simulated router.
type User struct {
	Name     string `yaml:"name"`
	Password string `yaml:"password,omitempty"`
	// AuthorizedKeys are public keys in authorized_keys format.
	AuthorizedKeys []string `yaml:"authorized_keys,omitempty"`
	// Admin users get the `#` prompts and may enter config mode; others get `%`.
	Admin bool `yaml:"admin,omitempty"`
}

// NATMode says what the NAT device in front of the WAN interface lets through.
type NATMode string

const (
	// NATNone: the WAN interface holds the public address itself.
	NATNone NATMode = "none"
	// NATPassthrough: UDP 500, UDP 4500 and raw ESP (IP 50) all get through,
	// so tunnels come up with or without NAT traversal (the seed's case).
	NATPassthrough NATMode = "passthrough"
	// NATUDPOnly: only NAT-T (IKE and ESP in UDP 4500) gets through; without
	// `ike nat-traversal` IKE times out.
	NATUDPOnly NATMode = "udp-only"
)

// NAT is the address translation between the router's WAN interface and the
// internet.
type NAT struct {
	// PublicIP is the NAT's public address (AWS sees IKE coming from it).
	PublicIP string  `yaml:"public_ip,omitempty"`
	Mode     NATMode `yaml:"mode,omitempty"`
}

// Behind reports whether the router sits behind NAT.
func (n NAT) Behind() bool { return n.Mode != "" && n.Mode != NATNone }

// Public returns the parsed public address; invalid before Validate.
func (n NAT) Public() netip.Addr { return parseAddr(n.PublicIP) }

// AWS is the VPN connection as AWS holds it.
type AWS struct {
	// Tunnels are the two AWS endpoints, in the order the scenario lists them
	// (tunnel 0 and 1 for faults).
	Tunnels [2]Tunnel `yaml:"tunnels"`
	// AmazonASN is the virtual private gateway's BGP ASN.
	AmazonASN uint32 `yaml:"amazon_asn"`
	// CustomerASN is the customer gateway's BGP ASN: the IX must run
	// `router bgp` with it.
	CustomerASN uint32 `yaml:"customer_asn"`
	// CustomerGatewayIP is the address AWS expects IKE from: the NAT's public
	// address behind NAT. Defaults to nat.public_ip.
	CustomerGatewayIP string `yaml:"customer_gateway_ip,omitempty"`
	// LocalNetworkCIDR / RemoteNetworkCIDR are the connection's traffic
	// selectors (customer side / AWS side); default 0.0.0.0/0.
	LocalNetworkCIDR  string `yaml:"local_network_cidr,omitempty"`
	RemoteNetworkCIDR string `yaml:"remote_network_cidr,omitempty"`
	// Proposals AWS accepts; omitted lists mean everything AWS allows.
	Proposals Proposals `yaml:"proposals,omitempty"`
	// PFSRequired: whether AWS refuses phase 2 without PFS. Default true
	// (every AWS sample sets PFS; no source says AWS accepts it off).
	PFSRequired *bool `yaml:"pfs_required,omitempty"`
	// Prefixes AWS advertises over BGP (the VPC CIDRs).
	Prefixes []Prefix `yaml:"prefixes"`
}

// RequiresPFS reports the effective pfs_required setting.
func (a AWS) RequiresPFS() bool { return a.PFSRequired == nil || *a.PFSRequired }

// CustomerGateway returns the parsed customer gateway address; invalid
// before Validate.
func (a AWS) CustomerGateway() netip.Addr { return parseAddr(a.CustomerGatewayIP) }

// LocalNetwork returns the customer-side traffic selector.
func (a AWS) LocalNetwork() netip.Prefix { return parsePrefixOr(a.LocalNetworkCIDR, anyNet) }

// RemoteNetwork returns the AWS-side traffic selector.
func (a AWS) RemoteNetwork() netip.Prefix { return parsePrefixOr(a.RemoteNetworkCIDR, anyNet) }

// Tunnel is one AWS VPN endpoint.
type Tunnel struct {
	// OutsideIP is the AWS endpoint's public address (the IKE peer).
	OutsideIP string `yaml:"outside_ip"`
	PSK       string `yaml:"psk"`
	// InsideCIDR is the /30 inside the tunnel: AWS holds .1, the customer .2.
	InsideCIDR string `yaml:"inside_cidr"`
	// Down starts the AWS side of this tunnel down (it never answers IKE).
	Down bool `yaml:"down,omitempty"`
}

// Outside returns the parsed AWS outside address; invalid before Validate.
func (t Tunnel) Outside() netip.Addr { return parseAddr(t.OutsideIP) }

// Inside returns the /30 and its AWS (.1) and customer (.2) addresses;
// invalid before Validate.
func (t Tunnel) Inside() (network netip.Prefix, aws, customer netip.Addr) {
	network = parsePrefixOr(t.InsideCIDR, netip.Prefix{})
	if !network.IsValid() {
		return network, netip.Addr{}, netip.Addr{}
	}
	aws = network.Addr().Next()
	return network, aws, aws.Next()
}

// Proposals lists what AWS accepts, with AWS API names
// (Phase1EncryptionAlgorithms and friends).
type Proposals struct {
	Phase1Encryption []string `yaml:"phase1_encryption,omitempty"`
	Phase1Integrity  []string `yaml:"phase1_integrity,omitempty"`
	Phase1DHGroups   []int    `yaml:"phase1_dh_groups,omitempty"`
	Phase2Encryption []string `yaml:"phase2_encryption,omitempty"`
	Phase2Integrity  []string `yaml:"phase2_integrity,omitempty"`
	Phase2DHGroups   []int    `yaml:"phase2_dh_groups,omitempty"`
}

// Prefix is one route AWS advertises.
type Prefix struct {
	CIDR string `yaml:"cidr"`
	// MED AWS attaches (100 in the seed).
	MED uint32 `yaml:"med"`
}

// Network returns the parsed prefix; invalid before Validate.
func (p Prefix) Network() netip.Prefix { return parsePrefixOr(p.CIDR, netip.Prefix{}) }

// Timing says how long each stage takes to come up once the configuration
// allows it, and how the router notices the AWS side going away. Zero
// durations mean at once (unit tests); the built-in scenarios carry the
// realistic timeline of ix-cli.md §11 and run it faster with time_scale.
type Timing struct {
	IKEUp   time.Duration `yaml:"ike_up"`
	IPsecUp time.Duration `yaml:"ipsec_up"`
	// BGPUp is how long BGP takes from the tunnel interface coming up to
	// ESTABLISHED, passing CONNECT, ACTIVE, OPENSENT and OPENCONFIRM
	// (about two minutes on a real IX, ix-cli.md §11).
	BGPUp time.Duration `yaml:"bgp_up"`
	// RetryInterval is how often a failing negotiation is retried (each retry
	// moves the failure counters); default 10s.
	RetryInterval time.Duration `yaml:"retry_interval,omitempty"`
	// IKERetransmits and IKERetransmitInterval shape an IKE attempt nobody
	// answers (AWS down, UDP blocked, wrong peer) or whose last message AWS
	// drops (wrong pre-shared key): the router resends its last main-mode
	// message IKERetransmits times, IKERetransmitInterval apart, gives up one
	// interval after the last, and starts over RetryInterval later.
	// Defaults 3 and 10s, CONBU's log: blocked IKE packets 10 s apart, then
	// `No response from …, timeout` 10 s after the third.
	IKERetransmits        int           `yaml:"ike_retransmits,omitempty"`
	IKERetransmitInterval time.Duration `yaml:"ike_retransmit_interval,omitempty"`
	// Teardown says when the router notices the AWS side has died:
	// TeardownTimers (the default) keeps the SAs established until DPD
	// (`ike keepalive P INTERVAL RETRIES`: interval × retries) expires and the
	// BGP session until its hold time (`neighbor IP timers K HOLD`), as a
	// real IX does; TeardownInstant drops them at the next look.
	Teardown Teardown `yaml:"teardown,omitempty"`
	// BGPFlaps is how many times each tunnel's first BGP session drops
	// BGPFlapAfter after reaching ESTABLISHED, before it stays up (a
	// flapping bring-up). Default 0.
	BGPFlaps     int           `yaml:"bgp_flaps,omitempty"`
	BGPFlapAfter time.Duration `yaml:"bgp_flap_after,omitempty"`
	// TimeScale runs the whole timeline (the durations above, DPD and hold
	// times) this many times faster; 0 or 1 is real time. SA lifetimes and
	// clocks are not scaled.
	TimeScale float64 `yaml:"time_scale,omitempty"`
}

// Teardown is how the router notices a dead AWS side (Timing.Teardown).
type Teardown string

const (
	TeardownTimers  Teardown = "timers"
	TeardownInstant Teardown = "instant"
)

// Scale returns d run at the timeline's time scale.
func (t Timing) Scale(d time.Duration) time.Duration {
	if t.TimeScale <= 0 || t.TimeScale == 1 {
		return d
	}
	return time.Duration(float64(d) / t.TimeScale)
}

// DefaultRetryInterval applies when timing.retry_interval is omitted.
const DefaultRetryInterval = 10 * time.Second

// Defaults of timing.ike_retransmits and timing.ike_retransmit_interval.
const (
	DefaultIKERetransmits        = 3
	DefaultIKERetransmitInterval = 10 * time.Second
)

var anyNet = netip.MustParsePrefix("0.0.0.0/0")

func parseAddr(s string) netip.Addr {
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}
	}
	return a
}

func parsePrefixOr(s string, def netip.Prefix) netip.Prefix {
	if s == "" {
		return def
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}
	}
	return p
}
