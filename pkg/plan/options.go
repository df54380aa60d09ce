package plan

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"
)

// Crypto names a crypto profile: the IKE and IPsec algorithms the plan
// configures. Both are values AWS accepts and IX can express (aws-vpn.md §5).
type Crypto string

const (
	// CryptoAWSDefault is what the AWS samples show and the seed uses:
	// AES128, SHA-1, DH group 2 (1024-bit) in both phases, IKE lifetime
	// 28800 s, ESP lifetime 3600 s. AWS accepts it on every tunnel; it is weak.
	CryptoAWSDefault Crypto = "aws-default"
	// CryptoStrong is AES256, SHA2-256, DH group 14 (2048-bit) in both
	// phases, same lifetimes. The AWS tunnel options must allow it (the
	// defaults do).
	CryptoStrong Crypto = "strong"
)

// NATMode chooses whether to enable IKE NAT traversal.
type NATMode string

const (
	// NATAuto enables NAT-T when the router's WAN IP differs from the
	// customer gateway IP AWS knows (the router is behind NAT).
	NATAuto NATMode = "auto"
	NATOn   NATMode = "on"
	NATOff  NATMode = "off"
)

// MSSAuto makes the tunnel interfaces use `ip tcp adjust-mss auto`.
const MSSAuto = 0

// Option configures New. Options are validated once, by New.
type Option func(*options)

type options struct {
	lan, vpc      []netip.Prefix
	wanIf         string
	wanIP         netip.Addr
	tunnels       []string
	crypto        Crypto
	nat           NATMode
	dpd           *dpdSetting
	mss           int
	local, remote netip.Prefix
	selectorsSet  bool
	namePrefix    string
	allowOverlap  bool
}

type dpdSetting struct{ interval, retries int }

func defaults() options {
	return options{
		wanIf:      "GigaEthernet0.0",
		tunnels:    []string{"Tunnel0.0", "Tunnel1.0"},
		crypto:     CryptoAWSDefault,
		nat:        NATAuto,
		mss:        MSSAuto,
		namePrefix: DefaultNamePrefix,
	}
}

// DefaultNamePrefix starts every object name the plan creates, so the plan's
// objects do not collide with hand-made ones named like the seed's.
const DefaultNamePrefix = "aws-"

// WithLAN adds prefixes the router advertises to AWS with `network`.
func WithLAN(p ...netip.Prefix) Option { return func(o *options) { o.lan = append(o.lan, p...) } }

// WithVPC adds prefixes the router should learn from AWS; the plan keeps
// them for verification.
func WithVPC(p ...netip.Prefix) Option { return func(o *options) { o.vpc = append(o.vpc, p...) } }

// WithWANInterface names the router's Internet-facing interface.
func WithWANInterface(name string) Option { return func(o *options) { o.wanIf = name } }

// WithWANIP is the router's own WAN address; when it differs from the
// customer gateway IP the router is behind NAT.
func WithWANIP(a netip.Addr) Option { return func(o *options) { o.wanIP = a } }

// WithTunnelInterfaces names the two tunnel interfaces, in AWS-outside-IP
// order.
func WithTunnelInterfaces(names ...string) Option {
	return func(o *options) { o.tunnels = slices.Clone(names) }
}

// WithCrypto selects the crypto profile.
func WithCrypto(c Crypto) Option { return func(o *options) { o.crypto = c } }

// WithNAT selects NAT traversal.
func WithNAT(m NATMode) Option { return func(o *options) { o.nat = m } }

// WithDPD sets dead peer detection (`ike keepalive POLICY interval retries`).
// Without it the plan uses what the AWS input recommends, else 10 s × 3.
func WithDPD(interval, retries int) Option {
	return func(o *options) { o.dpd = &dpdSetting{interval, retries} }
}

// WithoutDPD leaves `ike keepalive` out.
func WithoutDPD() Option { return func(o *options) { o.dpd = &dpdSetting{} } }

// WithMSS sets `ip tcp adjust-mss`; MSSAuto (0) writes `auto`.
func WithMSS(n int) Option { return func(o *options) { o.mss = n } }

// WithSelectors overrides the connection's traffic selectors
// (Local/RemoteIpv4NetworkCidr). `ipsec local-id/remote-id` lines are
// written only when they are not 0.0.0.0/0.
func WithSelectors(local, remote netip.Prefix) Option {
	return func(o *options) { o.local, o.remote, o.selectorsSet = local, remote, true }
}

// WithNamePrefix sets the prefix of the object names the plan creates
// (IKE proposal/policies, ACL, IPsec proposal/maps); "" gives the seed's names.
func WithNamePrefix(p string) Option { return func(o *options) { o.namePrefix = p } }

// WithAllowOverlap lets a LAN prefix overlap a VPC prefix. Off by default:
// the router would send the LAN's own traffic into the tunnels (or AWS's
// replies to the LAN), which is almost always a typo in --lan or --vpc.
func WithAllowOverlap(on bool) Option { return func(o *options) { o.allowOverlap = on } }

var (
	tunnelIfRE = regexp.MustCompile(`^Tunnel[0-9]{1,4}\.[0-9]{1,4}$`)
	ifNameRE   = regexp.MustCompile(`^[A-Z][A-Za-z-]*[0-9]{1,4}(:[0-9]{1,4})?\.[0-9]{1,4}$`)
	prefixRE   = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9_-]{0,15})?$`)
)

// maxAdvertised is AWS's fixed quota of prefixes a customer gateway may
// advertise on one connection.
const maxAdvertised = 100

func (o *options) validate() error {
	if !ifNameRE.MatchString(o.wanIf) {
		return optErr(OptWANInterface, -1, "WAN interface %q is not an IX interface name like GigaEthernet0.0", o.wanIf)
	}
	if len(o.tunnels) != 2 {
		return optErr(OptTunnelInterfaces, -1, "need exactly two tunnel interfaces, got %d", len(o.tunnels))
	}
	for i, t := range o.tunnels {
		if !tunnelIfRE.MatchString(t) {
			return optErr(OptTunnelInterfaces, i, "tunnel interface %q is not an IX tunnel interface like Tunnel0.0", t)
		}
	}
	if o.tunnels[0] == o.tunnels[1] {
		return optErr(OptTunnelInterfaces, 1, "both tunnels use interface %s", o.tunnels[0])
	}
	if o.wanIP.IsValid() && !o.wanIP.Is4() {
		return optErr(OptWANIP, -1, "WAN IP %s is not IPv4", o.wanIP)
	}
	if _, ok := profiles[o.crypto]; !ok {
		return optErr(OptCrypto, -1, "crypto profile %q is not aws-default or strong", o.crypto)
	}
	switch o.nat {
	case NATAuto, NATOn, NATOff:
	default:
		return optErr(OptNAT, -1, "NAT mode %q is not auto, on or off", o.nat)
	}
	if d := o.dpd; d != nil && (d.interval != 0 || d.retries != 0) {
		if d.interval < 1 || d.interval > 3600 || d.retries < 1 || d.retries > 100 {
			return optErr(OptDPD, -1, "DPD %d,%d: interval must be 1–3600 s and retries 1–100", d.interval, d.retries)
		}
	}
	if o.mss != MSSAuto && (o.mss < 536 || o.mss > 1460) {
		return optErr(OptMSS, -1, "MSS %d is not auto or 536–1460", o.mss)
	}
	if !prefixRE.MatchString(o.namePrefix) {
		return optErr(OptNamePrefix, -1, "name prefix %q must be up to 16 letters, digits, '-' or '_', starting with a letter", o.namePrefix)
	}
	if o.selectorsSet {
		for _, p := range []netip.Prefix{o.local, o.remote} {
			if !p.IsValid() || !p.Addr().Is4() {
				return optErr(OptSelectors, -1, "selector %s is not an IPv4 CIDR", p)
			}
			if p != p.Masked() {
				return optErr(OptSelectors, -1, "selector %s has host bits set (did you mean %s?)", p, p.Masked())
			}
		}
	}
	// The count first: a list of thousands is refused for what it is, not
	// for its first bad entry.
	if len(o.lan) > maxAdvertised {
		return optErr(OptLAN, -1, "%d LAN prefixes: AWS accepts at most %d from a customer gateway", len(o.lan), maxAdvertised)
	}
	if err := checkPrefixes(OptLAN, o.lan); err != nil {
		return err
	}
	if err := checkPrefixes(OptVPC, o.vpc); err != nil {
		return err
	}
	for i, l := range o.lan {
		if l.Overlaps(tunnelInsideRange) {
			return optErr(OptLAN, i, "LAN prefix %s overlaps the tunnel inside range %s", l, tunnelInsideRange)
		}
	}
	if !o.allowOverlap {
		return lanVPCOverlap(o.lan, o.vpc)
	}
	return nil
}

// tunnelInsideRange holds every tunnel's inside /30 (AWS assigns them from
// 169.254.0.0/16); a LAN prefix there would be routed into the tunnels.
var tunnelInsideRange = netip.MustParsePrefix("169.254.0.0/16")

func checkPrefixes(what string, ps []netip.Prefix) error {
	seen := map[netip.Prefix]bool{}
	for i, p := range ps {
		if !p.IsValid() || !p.Addr().Is4() {
			return optErr(what, i, "%s prefix %s is not an IPv4 CIDR", what, p)
		}
		if p != p.Masked() {
			return optErr(what, i, "%s prefix %s has host bits set (did you mean %s?)", what, p, p.Masked())
		}
		if seen[p] {
			return optErr(what, i, "%s prefix %s given twice", what, p)
		}
		seen[p] = true
	}
	return nil
}

func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// ParseCrypto maps a crypto profile name (a flag or site value) to its Crypto.
func ParseCrypto(s string) (Crypto, error) {
	if _, ok := profiles[Crypto(s)]; !ok {
		return "", invalidf("crypto profile %q is not aws-default or strong", s)
	}
	return Crypto(s), nil
}

func ParseNAT(s string) (NATMode, error) {
	switch m := NATMode(strings.ToLower(s)); m {
	case NATAuto, NATOn, NATOff:
		return m, nil
	}
	return "", invalidf("NAT mode %q is not auto, on or off", s)
}
