package scenario

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/crypto/ssh"
)

var (
	hostnameRe = regexp.MustCompile(`^[A-Za-z0-9._-]{1,63}$`)
	// IX interface names as the CLI spells them: GigaEthernet0.0, Tunnel1.0,
	// GigaEthernet1:1.0, Loopback0.0, BVI0.0 ...
	ifaceRe = regexp.MustCompile(`^[A-Za-z][A-Za-z-]*[0-9]+(:[0-9]+)?\.[0-9]+$`)
	// AWS pre-shared keys: 8-64 of [0-9A-Za-z_.], not starting with 0.
	pskRe      = regexp.MustCompile(`^[1-9A-Za-z_.][0-9A-Za-z_.]{7,63}$`)
	userNameRe = regexp.MustCompile(`^[A-Za-z0-9._-]{1,32}$`)
	firmwareRe = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+[A-Z]?$`)
	linkLocal  = netip.MustParsePrefix("169.254.0.0/16")
	// Inside /30s AWS reserves (aws-vpn.md §4).
	reservedInside = []netip.Prefix{
		netip.MustParsePrefix("169.254.0.0/30"), netip.MustParsePrefix("169.254.1.0/30"),
		netip.MustParsePrefix("169.254.2.0/30"), netip.MustParsePrefix("169.254.3.0/30"),
		netip.MustParsePrefix("169.254.4.0/30"), netip.MustParsePrefix("169.254.5.0/30"),
		netip.MustParsePrefix("169.254.169.252/30"),
	}
	// Amazon ASNs of gateways made before 2018-06-30 (aws-vpn.md §6).
	legacyAmazonASNs = []uint32{17493, 10124, 9059, 7224}
)

// amazonASN reports whether AWS can give a virtual private gateway asn
// (aws-vpn.md §4).
func amazonASN(asn uint32) bool {
	return (asn >= 64512 && asn <= 65534) || (asn >= 4200000000 && asn <= 4294967294) || slices.Contains(legacyAmazonASNs, asn)
}

// Validate checks the scenario and fills in defaults (NAT mode none,
// customer gateway = NAT public address, retry interval). The error names the
// field, never a secret's value.
func (s *Scenario) Validate() error {
	if s.Name == "" {
		return fieldErr("name", "is required")
	}
	if err := s.Router.validate(); err != nil {
		return err
	}
	if err := s.AWS.validate(s.Router.NAT); err != nil {
		return err
	}
	if err := s.Timing.validate(); err != nil {
		return err
	}
	return s.Faults.validate()
}

func (r *Router) validate() error {
	if !hostnameRe.MatchString(r.Hostname) {
		return fieldErr("router.hostname", "%q is not a hostname (letters, digits, . _ -)", r.Hostname)
	}
	if !strings.HasPrefix(r.Model, "IX") || strings.ContainsAny(r.Model, " \t") {
		return fieldErr("router.model", "%q is not an IX model (e.g. IX2015)", r.Model)
	}
	if !firmwareRe.MatchString(r.Firmware) {
		return fieldErr("router.firmware", "%q is not a firmware version (e.g. 10.7.18)", r.Firmware)
	}
	if len(r.Users) == 0 {
		return fieldErr("router.users", "at least one user is required")
	}
	seen := map[string]bool{}
	admin := false
	for i, u := range r.Users {
		f := fmt.Sprintf("router.users[%d]", i)
		if !userNameRe.MatchString(u.Name) {
			return fieldErr(f+".name", "%q is not a user name", u.Name)
		}
		if seen[u.Name] {
			return fieldErr(f+".name", "%q is listed twice", u.Name)
		}
		seen[u.Name] = true
		if u.Password == "" && len(u.AuthorizedKeys) == 0 {
			return fieldErr(f, "user %q needs a password or authorized_keys", u.Name)
		}
		for j, k := range u.AuthorizedKeys {
			if _, _, _, _, err := ssh.ParseAuthorizedKey([]byte(k)); err != nil {
				return fieldErr(fmt.Sprintf("%s.authorized_keys[%d]", f, j), "not an authorized_keys line: %v", err)
			}
		}
		admin = admin || u.Admin
	}
	if !admin {
		return fieldErr("router.users", "at least one user must be admin")
	}
	if !ifaceRe.MatchString(r.WANInterface) {
		return fieldErr("router.wan_interface", "%q is not an IX interface name (e.g. GigaEthernet0.0)", r.WANInterface)
	}
	switch r.NAT.Mode {
	case "":
		r.NAT.Mode = NATNone
	case NATNone, NATPassthrough, NATUDPOnly:
	default:
		return fieldErr("router.nat.mode", "%q is not one of none, passthrough, udp-only", r.NAT.Mode)
	}
	if r.NAT.Behind() {
		if err := checkAddr("router.nat.public_ip", r.NAT.PublicIP); err != nil {
			return err
		}
	} else if r.NAT.PublicIP != "" {
		return fieldErr("router.nat.public_ip", "is set but nat.mode is none")
	}
	return nil
}

func (a *AWS) validate(nat NAT) error {
	for i := range a.Tunnels {
		if err := a.Tunnels[i].validate(fmt.Sprintf("aws.tunnels[%d]", i)); err != nil {
			return err
		}
	}
	t0, t1 := a.Tunnels[0], a.Tunnels[1]
	if t0.Outside() == t1.Outside() {
		return fieldErr("aws.tunnels[1].outside_ip", "%s is tunnel 0's outside IP too", t1.OutsideIP)
	}
	n0, _, _ := t0.Inside()
	n1, _, _ := t1.Inside()
	if n0.Overlaps(n1) {
		return fieldErr("aws.tunnels[1].inside_cidr", "%s overlaps tunnel 0's %s", n1, n0)
	}
	if a.AmazonASN == 0 {
		return fieldErr("aws.amazon_asn", "is required")
	}
	if !amazonASN(a.AmazonASN) {
		return fieldErr("aws.amazon_asn", "%d is not an Amazon ASN (64512-65534, 4200000000-4294967294 or legacy 7224, 9059, 10124, 17493)", a.AmazonASN)
	}
	if a.CustomerASN == 0 {
		return fieldErr("aws.customer_asn", "is required")
	}
	if a.CustomerASN == a.AmazonASN {
		return fieldErr("aws.customer_asn", "%d equals the Amazon ASN", a.CustomerASN)
	}
	if a.CustomerGatewayIP == "" {
		if !nat.Behind() {
			return fieldErr("aws.customer_gateway_ip", "is required when the router is not behind NAT")
		}
		a.CustomerGatewayIP = nat.PublicIP
	}
	if err := checkAddr("aws.customer_gateway_ip", a.CustomerGatewayIP); err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		v    *string
	}{{"aws.local_network_cidr", &a.LocalNetworkCIDR}, {"aws.remote_network_cidr", &a.RemoteNetworkCIDR}} {
		if *f.v == "" {
			*f.v = anyNet.String()
		}
		if err := checkPrefix(f.name, *f.v); err != nil {
			return err
		}
	}
	if err := a.Proposals.validate(); err != nil {
		return err
	}
	if len(a.Prefixes) == 0 {
		return fieldErr("aws.prefixes", "at least one prefix is required")
	}
	for i, p := range a.Prefixes {
		if err := checkPrefix(fmt.Sprintf("aws.prefixes[%d].cidr", i), p.CIDR); err != nil {
			return err
		}
	}
	return nil
}

func (t *Tunnel) validate(f string) error {
	if err := checkAddr(f+".outside_ip", t.OutsideIP); err != nil {
		return err
	}
	if !pskRe.MatchString(t.PSK) {
		// Never echo the key.
		return fieldErr(f+".psk", "must be 8-64 characters of 0-9 A-Z a-z _ . and not start with 0")
	}
	if err := checkPrefix(f+".inside_cidr", t.InsideCIDR); err != nil {
		return err
	}
	p := netip.MustParsePrefix(t.InsideCIDR)
	if p.Bits() != 30 || !linkLocal.Contains(p.Addr()) {
		return fieldErr(f+".inside_cidr", "%s is not a /30 in 169.254.0.0/16", t.InsideCIDR)
	}
	if slices.Contains(reservedInside, p) {
		return fieldErr(f+".inside_cidr", "%s is reserved by AWS", t.InsideCIDR)
	}
	return nil
}

func (p Proposals) validate() error {
	for _, l := range []struct {
		name    string
		got     []string
		allowed []string
	}{
		{"phase1_encryption", p.Phase1Encryption, AWSEncryption},
		{"phase1_integrity", p.Phase1Integrity, AWSIntegrity},
		{"phase2_encryption", p.Phase2Encryption, AWSEncryption},
		{"phase2_integrity", p.Phase2Integrity, AWSIntegrity},
	} {
		for i, v := range l.got {
			if !slices.Contains(l.allowed, v) {
				return fieldErr(fmt.Sprintf("aws.proposals.%s[%d]", l.name, i), "%q is not one of %s", v, strings.Join(l.allowed, ", "))
			}
		}
	}
	for _, l := range []struct {
		name    string
		got     []int
		allowed []int
	}{
		{"phase1_dh_groups", p.Phase1DHGroups, AWSPhase1DHGroups},
		{"phase2_dh_groups", p.Phase2DHGroups, AWSPhase2DHGroups},
	} {
		for i, v := range l.got {
			if !slices.Contains(l.allowed, v) {
				return fieldErr(fmt.Sprintf("aws.proposals.%s[%d]", l.name, i), "DH group %d is not allowed by AWS", v)
			}
		}
	}
	return nil
}

func (t *Timing) validate() error {
	for _, f := range []struct {
		name string
		v    int64
	}{{"timing.ike_up", int64(t.IKEUp)}, {"timing.ipsec_up", int64(t.IPsecUp)}, {"timing.bgp_up", int64(t.BGPUp)}, {"timing.retry_interval", int64(t.RetryInterval)},
		{"timing.ike_retransmits", int64(t.IKERetransmits)}, {"timing.ike_retransmit_interval", int64(t.IKERetransmitInterval)}} {
		if f.v < 0 {
			return fieldErr(f.name, "must not be negative")
		}
	}
	if t.RetryInterval == 0 {
		t.RetryInterval = DefaultRetryInterval
	}
	if t.IKERetransmits == 0 {
		t.IKERetransmits = DefaultIKERetransmits
	}
	if t.IKERetransmitInterval == 0 {
		t.IKERetransmitInterval = DefaultIKERetransmitInterval
	}
	switch t.Teardown {
	case "", TeardownTimers, TeardownInstant:
	default:
		return fieldErr("timing.teardown", "%q: want %s or %s", t.Teardown, TeardownTimers, TeardownInstant)
	}
	if t.BGPFlaps < 0 {
		return fieldErr("timing.bgp_flaps", "must not be negative")
	}
	if t.BGPFlapAfter < 0 {
		return fieldErr("timing.bgp_flap_after", "must not be negative")
	}
	if t.TimeScale < 0 || t.TimeScale > 100000 || t.TimeScale != t.TimeScale {
		return fieldErr("timing.time_scale", "%v: want a factor between 0 (real time) and 100000", t.TimeScale)
	}
	return nil
}

func checkAddr(field, s string) error {
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is4() {
		return fieldErr(field, "%q is not an IPv4 address", s)
	}
	return nil
}

func checkPrefix(field, s string) error {
	p, err := netip.ParsePrefix(s)
	if err != nil || !p.Addr().Is4() {
		return fieldErr(field, "%q is not an IPv4 prefix (a.b.c.d/n)", s)
	}
	if p.Masked() != p {
		return fieldErr(field, "%s has host bits set (network is %s)", s, p.Masked())
	}
	return nil
}

func fieldErr(field, format string, args ...any) error {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// FieldError is a scenario value that is missing or wrong.
type FieldError struct {
	Field string // path in the YAML file, e.g. aws.tunnels[1].inside_cidr
	Msg   string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }
