package site

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"golang.org/x/crypto/ssh"

	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/session"
)

// KeyPassphraseEnv is the environment variable that holds the passphrase of
// router.key_file.
const KeyPassphraseEnv = "IXPUSH_KEY_PASSPHRASE"

// FieldError is a value that does not parse. Field is the site file's name
// for it, so a caller that set the field from elsewhere (a command-line flag)
// can name its own source instead; Reason says what a good value looks like.
type FieldError struct {
	Field  string // as the site file spells it: plan.dpd, lan
	Index  int    // the entry of a list field (lan[2]); 0 otherwise
	List   bool   // Field is a list and Index counts
	Value  string
	Reason string
}

func (e *FieldError) Error() string {
	name := e.Field
	if e.List {
		name = fmt.Sprintf("%s[%d]", e.Field, e.Index)
	}
	return fmt.Sprintf("%v: %s: %q: %s", ErrInvalid, name, e.Value, e.Reason)
}

// Unwrap makes every FieldError an ErrInvalid.
func (e *FieldError) Unwrap() error { return ErrInvalid }

// Set overrides one field, named as in the site file (plan.dpd), with
// values as text, the way a command line gives them: a list field takes
// them all (plan.tunnels also splits them at commas), a scalar the last.
// Values are parsed by Validate, so a bad one is reported against field.
func (s *Site) Set(field string, vals ...string) error {
	if len(vals) == 0 {
		return nil
	}
	last := vals[len(vals)-1]
	r, p := &s.Router, &s.Plan
	scalars := map[string]*string{
		"router.host": &r.Host, "router.user": &r.User, "router.password_env": &r.PasswordEnv,
		"router.password_file": &r.PasswordFile, "router.password_command": &r.PasswordCommand, "router.key_file": &r.KeyFile, "router.known_hosts": &r.KnownHosts,
		"router.ssh_config": &r.SSHConfig, "aws.file": &s.AWS.File, "aws.format": &s.AWS.Format,
		"aws.vpn_connection_id": &s.AWS.VPNConnectionID, "aws.region": &s.AWS.Region, "aws.profile": &s.AWS.Profile,
		"plan.wan_interface": &p.WANInterface, "plan.wan_ip": &p.WANIP, "plan.crypto": &p.Crypto, "plan.nat": &p.NAT,
		"plan.dpd": &p.DPD, "plan.mss": &p.MSS, "plan.selectors": &p.Selectors,
		"router.connect_timeout": &r.ConnectTimeout, "router.command_timeout": &r.CommandTimeout, "timeout": &s.Timeout,
	}
	lists := map[string]*[]string{"lan": &s.LAN, "vpc": &s.VPC, "router.legacy_algorithms": &r.LegacyAlgorithms,
		"router.accept_notices": &r.AcceptNotices}
	switch {
	case scalars[field] != nil:
		*scalars[field] = last
	case lists[field] != nil:
		*lists[field] = vals
	case field == "plan.tunnels":
		p.Tunnels = strings.Split(strings.Join(vals, ","), ",")
	case field == "plan.name_prefix":
		p.NamePrefix = &last
	case field == "plan.allow_overlap":
		on, err := strconv.ParseBool(last)
		if err != nil {
			return &FieldError{Field: field, Value: last, Reason: "want true or false"}
		}
		p.AllowOverlap = on
	case field == "router.port":
		n, err := strconv.Atoi(last)
		if err != nil || n < 1 || n > 65535 {
			return &FieldError{Field: field, Value: last, Reason: "not a TCP port (1-65535)"}
		}
		r.Port = Port(n)
	default:
		return fmt.Errorf("no site field %q", field)
	}
	return nil
}

// AWSFormat is aws.format parsed; empty means detect.
func (s *Site) AWSFormat() (awsvpn.Format, error) {
	f, err := awsvpn.ParseFormat(s.AWS.Format)
	if err != nil {
		return f, &FieldError{Field: "aws.format", Value: s.AWS.Format, Reason: "want auto, cisco, xml or yaml"}
	}
	return f, nil
}

// VPCPrefixes are the vpc entries parsed.
func (s *Site) VPCPrefixes() ([]netip.Prefix, error) { return prefixes("vpc", s.VPC) }

// PlanOptions turns the site's LAN, VPC and plan fields into planner
// options; empty fields leave the planner's defaults. It parses the syntax;
// plan.New judges the values (host bits, interface names, ranges).
func (s *Site) PlanOptions() ([]plan.Option, error) {
	lan, err := prefixes("lan", s.LAN)
	if err != nil {
		return nil, err
	}
	vpc, err := s.VPCPrefixes()
	if err != nil {
		return nil, err
	}
	opts := []plan.Option{plan.WithLAN(lan...), plan.WithVPC(vpc...), plan.WithAllowOverlap(s.Plan.AllowOverlap)}
	p := s.Plan
	bad := func(field, value, reason string) ([]plan.Option, error) {
		return nil, &FieldError{Field: "plan." + field, Value: value, Reason: reason}
	}
	if p.WANInterface != "" {
		opts = append(opts, plan.WithWANInterface(p.WANInterface))
	}
	if p.WANIP != "" {
		ip, err := netip.ParseAddr(p.WANIP)
		if err != nil {
			return bad("wan_ip", p.WANIP, "not an IP address")
		}
		opts = append(opts, plan.WithWANIP(ip))
	}
	if len(p.Tunnels) > 0 {
		opts = append(opts, plan.WithTunnelInterfaces(p.Tunnels...))
	}
	if p.Crypto != "" {
		c, err := plan.ParseCrypto(p.Crypto)
		if err != nil {
			return bad("crypto", p.Crypto, "want aws-default or strong")
		}
		opts = append(opts, plan.WithCrypto(c))
	}
	if p.NAT != "" {
		n, err := plan.ParseNAT(p.NAT)
		if err != nil {
			return bad("nat", p.NAT, "want auto, on or off")
		}
		opts = append(opts, plan.WithNAT(n))
	}
	if p.DPD != "" {
		o, ok := parseDPD(p.DPD)
		if !ok {
			return bad("dpd", p.DPD, "want INTERVAL,RETRIES (like 10,3) or off")
		}
		opts = append(opts, o)
	}
	if p.MSS != "" {
		o, ok := parseMSS(p.MSS)
		if !ok {
			return bad("mss", p.MSS, "want auto or a number")
		}
		opts = append(opts, o)
	}
	if p.Selectors != "" {
		local, remote, ok := parseSelectors(p.Selectors)
		if !ok {
			return bad("selectors", p.Selectors, "want local=CIDR,remote=CIDR")
		}
		opts = append(opts, plan.WithSelectors(local, remote))
	}
	if p.NamePrefix != nil {
		opts = append(opts, plan.WithNamePrefix(*p.NamePrefix))
	}
	return opts, nil
}

// SessionOptions says how to reach and log in to the router: user, port,
// password (from the environment variable or file the site names), key file,
// known_hosts, ssh_config, legacy algorithms and the connect timeout. The passphrase of an
// encrypted key, the site's or one ssh_config names, comes from
// KeyPassphraseEnv. The host itself is Router.Host.
func (s *Site) SessionOptions(getenv func(string) string) ([]session.DialOption, error) {
	r := s.Router
	opts := []session.DialOption{session.WithPassphraseEnv(KeyPassphraseEnv)}
	password, err := s.Password(getenv)
	if err != nil {
		return nil, err
	}
	if password != "" {
		opts = append(opts, session.WithPassword(password))
	}
	if src := s.authSource(); src != "" {
		opts = append(opts, session.WithAuthSource(src))
	}
	if r.User != "" {
		opts = append(opts, session.WithUser(r.User))
	}
	if r.Port != 0 {
		opts = append(opts, session.WithPort(int(r.Port)))
	}
	if r.KeyFile != "" {
		opts = append(opts, session.WithKeyFiles(expandHome(r.KeyFile)))
	}
	if r.KnownHosts != "" {
		opts = append(opts, session.WithKnownHosts(expandHome(r.KnownHosts)))
	}
	if r.SSHConfig != "" {
		opts = append(opts, session.WithSSHConfig(expandHome(r.SSHConfig)))
	}
	if len(r.LegacyAlgorithms) > 0 {
		a, err := legacyAlgorithms(r.LegacyAlgorithms)
		if err != nil {
			return nil, err
		}
		opts = append(opts, session.WithLegacyAlgorithms(a))
	}
	t, err := s.timeouts()
	if err != nil {
		return nil, err
	}
	if t.connect > 0 {
		opts = append(opts, session.WithConnectTimeout(t.connect))
	}
	return opts, nil
}

func prefixes(field string, entries []string) ([]netip.Prefix, error) {
	var ps []netip.Prefix
	for i, e := range entries {
		p, err := netip.ParsePrefix(e)
		if err != nil {
			return nil, &FieldError{Field: field, Index: i, List: true, Value: e, Reason: "not a CIDR prefix"}
		}
		ps = append(ps, p)
	}
	return ps, nil
}

// parseDPD reads INTERVAL,RETRIES or off.
func parseDPD(v string) (plan.Option, bool) {
	if v == "off" {
		return plan.WithoutDPD(), true
	}
	is, rs, ok := strings.Cut(v, ",")
	i, err1 := strconv.Atoi(is)
	r, err2 := strconv.Atoi(rs)
	if !ok || err1 != nil || err2 != nil {
		return nil, false
	}
	return plan.WithDPD(i, r), true
}

// parseMSS reads auto or a number.
func parseMSS(v string) (plan.Option, bool) {
	if v == "auto" {
		return plan.WithMSS(plan.MSSAuto), true
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return nil, false
	}
	return plan.WithMSS(n), true
}

// parseSelectors reads local=CIDR,remote=CIDR, in either order.
func parseSelectors(v string) (local, remote netip.Prefix, ok bool) {
	parts := strings.Split(v, ",")
	if len(parts) != 2 {
		return local, remote, false
	}
	for _, part := range parts {
		k, val, ok := strings.Cut(part, "=")
		p, err := netip.ParsePrefix(val)
		if !ok || err != nil {
			return local, remote, false
		}
		switch k {
		case "local":
			local = p
		case "remote":
			remote = p
		default:
			return local, remote, false
		}
	}
	return local, remote, local.IsValid() && remote.IsValid()
}

// legacyAlgorithms reads KIND:NAME entries.
func legacyAlgorithms(entries []string) (ssh.Algorithms, error) {
	var a ssh.Algorithms
	for i, e := range entries {
		kind, name, _ := strings.Cut(e, ":")
		var dst *[]string
		switch kind {
		case "kex":
			dst = &a.KeyExchanges
		case "cipher":
			dst = &a.Ciphers
		case "mac":
			dst = &a.MACs
		case "hostkey":
			dst = &a.HostKeys
		}
		if dst == nil || name == "" {
			return a, &FieldError{Field: "router.legacy_algorithms", Index: i, List: true, Value: e, Reason: "want KIND:NAME with KIND one of kex, cipher, mac, hostkey"}
		}
		*dst = append(*dst, name)
	}
	return a, nil
}
