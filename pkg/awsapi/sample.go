package awsapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/smithy-go"

	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
)

// The IAM actions of the sample cross-check. Both are optional:
// DescribeVpnConnections alone builds the connection.
const (
	ActionDeviceTypes = "ec2:GetVpnConnectionDeviceTypes"
	ActionSample      = "ec2:GetVpnConnectionDeviceSampleConfiguration"
)

// The device whose sample ixpush reads: the Cisco IOS 12.4+ text, the
// same document for every platform AWS lists with that software, so the
// first platform of samplePlatforms AWS lists is taken.
const (
	sampleVendor   = "Cisco Systems, Inc."
	sampleSoftware = "IOS 12.4+"
)

var samplePlatforms = []string{"ISR Series Routers", "CSRv AMI", "Cisco ASR 1000"}

// errNoDevice: AWS lists no Cisco IOS 12.4+ device type.
var errNoDevice = errors.New("AWS lists no Cisco IOS 12.4+ device type")

// sampleSkipped is the warning when the cross-check cannot run; the
// connection still comes from DescribeVpnConnections.
func sampleSkipped(why string) string { return "sample cross-check skipped: " + why }

// readSample fetches AWS's Cisco IOS sample for the connection, keys
// included. The reason it gives on failure is safe to show.
func (c *Client) readSample(ctx context.Context, s *Snapshot) (string, string, error) {
	id, err := c.deviceType(ctx)
	if err != nil {
		return "", c.unavailable(err, ActionDeviceTypes), err
	}
	out, err := c.ec2.GetVpnConnectionDeviceSampleConfiguration(ctx, &ec2.GetVpnConnectionDeviceSampleConfigurationInput{
		VpnConnectionId: aws.String(s.VPNConnectionID), VpnConnectionDeviceTypeId: aws.String(id),
		// IKEv1 is what ixpush configures; the "compatibility" sample is
		// the one AWS still writes for it.
		InternetKeyExchangeVersion: aws.String("ikev1"), SampleType: aws.String("compatibility"),
	})
	if err != nil {
		return "", c.unavailable(err, ActionSample), err
	}
	text := aws.ToString(out.VpnConnectionDeviceSampleConfiguration)
	if strings.TrimSpace(text) == "" {
		return "", "AWS returned an empty sample configuration", errors.New("empty sample")
	}
	return text, "", nil
}

// deviceType finds the Cisco IOS 12.4+ device type id, by its names: the
// ids are AWS's to change.
func (c *Client) deviceType(ctx context.Context) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.deviceID != "" {
		return c.deviceID, nil
	}
	found := map[string]string{}
	p := ec2.NewGetVpnConnectionDeviceTypesPaginator(c.ec2, &ec2.GetVpnConnectionDeviceTypesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return "", err
		}
		for _, d := range page.VpnConnectionDeviceTypes {
			if aws.ToString(d.Vendor) == sampleVendor && aws.ToString(d.Software) == sampleSoftware {
				found[aws.ToString(d.Platform)] = aws.ToString(d.VpnConnectionDeviceTypeId)
			}
		}
	}
	for _, platform := range samplePlatforms {
		if id, ok := found[platform]; ok && id != "" {
			c.deviceID = id
			return id, nil
		}
	}
	return "", errNoDevice
}

// unavailable says why a sample call failed: the missing permission for
// AccessDenied, else the one-line API error.
func (c *Client) unavailable(err error, action string) string {
	if errors.Is(err, errNoDevice) {
		return errNoDevice.Error()
	}
	var api smithy.APIError
	if errors.As(err, &api) && deniedCode(api.ErrorCode()) {
		return "needs " + action
	}
	return apiError(err, action, c.region).Error()
}

// fillSample reads AWS's sample into s and cross-checks it against what
// DescribeVpnConnections said. Without the connection's XML the sample is
// where the addresses come from, so it must then be read; otherwise a
// sample that cannot be read is a warning.
func (c *Client) fillSample(ctx context.Context, s *Snapshot) ([]string, error) {
	noXML := strings.TrimSpace(s.XML) == ""
	fail := func(what, why string) ([]string, error) {
		if noXML {
			return nil, fmt.Errorf("%w: VPN connection %s: DescribeVpnConnections returned no CustomerGatewayConfiguration, and AWS's sample configuration, the other source of the addresses, %s: %s",
				ErrInput, s.VPNConnectionID, what, why)
		}
		if what == "does not parse" {
			why = "AWS's sample configuration does not parse: " + why
		}
		return []string{sampleSkipped(why)}, nil
	}
	for _, t := range s.Tunnels {
		if len(t.IKEVersions) > 0 && !slices.Contains(t.IKEVersions, "ikev1") {
			return fail("was not read", "the tunnel options allow no ikev1, whose sample ixpush reads")
		}
	}
	text, why, err := c.readSample(ctx, s)
	if err != nil {
		return fail("could not be read", why)
	}
	sample, own, err := parseSample(text, s)
	if err != nil {
		return fail("does not parse", err.Error())
	}
	s.Sample = MaskSampleKeys(text)
	return nil, s.crossCheck(sample, own)
}

// keyLineRE is a keyring line of the Cisco sample: the key is the rest of
// the line, as awsvpn reads it.
var keyLineRE = regexp.MustCompile(`^(\s*pre-shared-key address (\S+) key)(?: (.*?))?(\r?)$`)

// rewriteKeys replaces the key of every keyring line of a Cisco sample
// with what key returns for the line's address and current key.
func rewriteKeys(text string, key func(ip netip.Addr, current string) string) string {
	lines := strings.SplitAfter(text, "\n")
	for i, line := range lines {
		body, nl := strings.CutSuffix(line, "\n")
		m := keyLineRE.FindStringSubmatch(body)
		if m == nil {
			continue
		}
		ip, err := netip.ParseAddr(m[2])
		if err != nil {
			continue // awsvpn names the bad address
		}
		lines[i] = m[1] + " " + key(ip, m[3]) + m[4]
		if nl {
			lines[i] += "\n"
		}
	}
	return strings.Join(lines, "")
}

// MaskSampleKeys replaces every pre-shared key of a Cisco sample with
// [dialect.Mask], so the sample can be kept in a snapshot or a shared file.
func MaskSampleKeys(text string) string {
	return rewriteKeys(text, func(netip.Addr, string) string { return dialect.Mask })
}

// IsMaskedSample reports whether b is a Cisco sample whose keys were
// masked (an --aws-dump sample written without --reveal-secrets).
func IsMaskedSample(b []byte) bool {
	masked := false
	rewriteKeys(string(b), func(_ netip.Addr, current string) string {
		masked = masked || strings.TrimSpace(current) == dialect.Mask
		return current
	})
	return masked
}

// parseSample reads AWS's sample with awsvpn's Cisco parser. A tunnel
// whose key the sample leaves out (keys in Secrets Manager) takes the
// snapshot's; own says which tunnels had their own key to compare.
func parseSample(text string, s *Snapshot) (awsvpn.Connection, map[netip.Addr]bool, error) {
	own := map[netip.Addr]bool{}
	filled := rewriteKeys(text, func(ip netip.Addr, current string) string {
		if strings.TrimSpace(current) != "" {
			own[ip] = true
			return current
		}
		if t, ok := s.Tunnel(ip); ok {
			return t.PSK.Reveal()
		}
		return current
	})
	c, err := awsvpn.ParseCisco(strings.NewReader(filled))
	return c, own, err
}

// crossCheck compares AWS's sample with DescribeVpnConnections, per tunnel
// by outside IP: inside CIDR, ASNs and key. A disagreement means one of
// AWS's two answers is not the connection, so nothing is built from
// either; keys are compared, never shown.
func (s *Snapshot) crossCheck(sample awsvpn.Connection, own map[netip.Addr]bool) error {
	var xml *awsvpn.Connection
	if strings.TrimSpace(s.XML) != "" {
		if c, err := s.xmlConnection(); err == nil {
			xml = &c
		}
	}
	for _, st := range sample.Tunnels {
		ip := st.AWSOutsideIP
		disagree := func(field, format string, args ...any) error {
			return fmt.Errorf("%w: VPN connection %s: tunnel %s: %s: AWS's sample configuration disagrees with DescribeVpnConnections: %s; nothing was typed: re-run in a few minutes (AWS may still be applying a tunnel change), and if it persists plan from the sample the console downloads with --aws FILE",
				ErrInput, s.VPNConnectionID, ip, field, fmt.Sprintf(format, args...))
		}
		to, ok := s.Tunnel(ip)
		if !ok && len(s.Tunnels) > 0 {
			return disagree("outside IP", "in the sample, not in the tunnel options")
		}
		if ok && to.InsideCIDR != "" {
			if p, err := netip.ParsePrefix(to.InsideCIDR); err == nil && p.Masked() != st.CustomerInside.Masked() {
				return disagree("inside CIDR", "the sample has %s, the tunnel options %s", st.CustomerInside.Masked(), p.Masked())
			}
		}
		if ok && own[ip] && !to.PSK.IsZero() && to.PSK.Reveal() != st.PSK.Reveal() {
			return disagree("pre-shared key", "the two keys differ (neither is shown)")
		}
		if xml == nil {
			continue
		}
		xt, ok := xml.Tunnel(ip)
		switch {
		case !ok:
			return disagree("outside IP", "in the sample, not in the XML")
		case xt.CustomerInside != st.CustomerInside:
			return disagree("inside CIDR", "the sample has %s, the XML %s", st.CustomerInside, xt.CustomerInside)
		case xml.CustomerASN != sample.CustomerASN:
			return disagree("customer ASN", "the sample has %d, the XML %d", sample.CustomerASN, xml.CustomerASN)
		case xml.AmazonASN != sample.AmazonASN:
			return disagree("Amazon ASN", "the sample has %d, the XML %d", sample.AmazonASN, xml.AmazonASN)
		}
	}
	return nil
}

// sampleConnection builds the connection from the sample when
// DescribeVpnConnections gave no XML: the sample's addresses and ASNs, the
// snapshot's keys and selectors.
func (s *Snapshot) sampleConnection(keys map[netip.Addr]awsvpn.Secret) (awsvpn.Connection, error) {
	text := rewriteKeys(s.Sample, func(ip netip.Addr, current string) string {
		if k, ok := keys[ip]; ok && !k.IsZero() {
			return k.Reveal()
		}
		return current
	})
	c, err := awsvpn.ParseCisco(strings.NewReader(text))
	if err != nil {
		return c, fmt.Errorf("%w: VPN connection %s: AWS's sample configuration: %w", ErrInput, s.VPNConnectionID, err)
	}
	if s.StaticRoutesOnly {
		return c, fmt.Errorf("%w: VPN connection %s: %w", ErrInput, s.VPNConnectionID,
			&awsvpn.FieldError{Field: "routing", Problem: "static (no-BGP) VPN connections are not supported yet; use dynamic (BGP) routing", Err: awsvpn.ErrUnsupported})
	}
	c.Format, c.VPNConnectionID = awsvpn.FormatAPI, s.VPNConnectionID
	for _, sel := range []struct {
		name string
		v    string
		into *netip.Prefix
	}{{"LocalIpv4NetworkCidr", s.LocalCIDR, &c.LocalNetwork}, {"RemoteIpv4NetworkCidr", s.RemoteCIDR, &c.RemoteNetwork}} {
		if sel.v == "" {
			continue
		}
		p, err := netip.ParsePrefix(sel.v)
		if err != nil || p != p.Masked() {
			return c, fmt.Errorf("%w: VPN connection %s: %s %q is not a network", ErrInput, s.VPNConnectionID, sel.name, sel.v)
		}
		*sel.into = p
	}
	return c, nil
}

// WriteSample writes the snapshot's Cisco sample for the classic --aws
// path, keys masked unless reveal. It writes nothing when the snapshot
// has no sample (the cross-check was skipped).
func WriteSample(w io.Writer, s *Snapshot, reveal bool) error {
	if s.Sample == "" {
		return nil
	}
	text := s.Sample
	if reveal && !s.KeysMasked {
		text = rewriteKeys(text, func(ip netip.Addr, current string) string {
			if t, ok := s.Tunnel(ip); ok && !t.PSK.IsZero() {
				return t.PSK.Reveal()
			}
			return current
		})
	}
	_, err := io.WriteString(w, text)
	return err
}

// deniedCode reports whether an API error code is a missing permission.
func deniedCode(code string) bool {
	return slices.Contains([]string{"UnauthorizedOperation", "AccessDenied", "AccessDeniedException"}, code)
}
