package awsvpn

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// yamlConnection is the hand-written input: the values an engineer copies
// from the console, with the same meaning as the XML fields.
//
//	vpn_connection_id: vpn-0123456789abcdef0   # optional
//	customer_gateway_ip: 203.0.113.10
//	customer_asn: 65000
//	amazon_asn: 64512
//	hold_time: 30                              # optional
//	local_network_cidr: 0.0.0.0/0              # optional
//	remote_network_cidr: 0.0.0.0/0             # optional
//	static_routes_only: false                  # optional; true is refused
//	tunnels:
//	  - aws_outside_ip: 198.51.100.11
//	    pre_shared_key: EXAMPLE_psk.tunnel1
//	    customer_inside_ip: 169.254.10.2/30
//	    aws_inside_ip: 169.254.10.1
//	    inside_cidr: 169.254.10.0/30           # optional, checked
//	    dpd_interval: 10                       # optional
//	    dpd_retries: 3                         # optional
//	    tcp_mss: 1379                          # optional
type yamlConnection struct {
	VPNConnectionID   yamlScalar   `yaml:"vpn_connection_id"`
	CustomerGatewayIP yamlScalar   `yaml:"customer_gateway_ip"`
	CustomerASN       yamlScalar   `yaml:"customer_asn"`
	AmazonASN         yamlScalar   `yaml:"amazon_asn"`
	HoldTime          yamlScalar   `yaml:"hold_time"`
	LocalNetworkCIDR  yamlScalar   `yaml:"local_network_cidr"`
	RemoteNetworkCIDR yamlScalar   `yaml:"remote_network_cidr"`
	StaticRoutesOnly  bool         `yaml:"static_routes_only"`
	Tunnels           []yamlTunnel `yaml:"tunnels"`
}

type yamlTunnel struct {
	AWSOutsideIP     yamlScalar  `yaml:"aws_outside_ip"`
	PreSharedKey     *yamlScalar `yaml:"pre_shared_key"`
	CustomerInsideIP yamlScalar  `yaml:"customer_inside_ip"`
	AWSInsideIP      yamlScalar  `yaml:"aws_inside_ip"`
	InsideCIDR       yamlScalar  `yaml:"inside_cidr"`
	DPDInterval      yamlScalar  `yaml:"dpd_interval"`
	DPDRetries       yamlScalar  `yaml:"dpd_retries"`
	TCPMSS           yamlScalar  `yaml:"tcp_mss"`
}

// yamlScalar keeps a scalar's text whatever YAML thinks its type is, so a
// key like 12345678 or an ASN written as a string both arrive as text.
type yamlScalar string

func (s *yamlScalar) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: expected a single value", n.Line)
	}
	*s = yamlScalar(n.Value)
	return nil
}

// ParseYAML reads the hand-written YAML input.
func ParseYAML(r io.Reader) (Connection, error) {
	raw, err := readYAML(r)
	if err != nil {
		return Connection{}, err
	}
	return validate(raw)
}

func readYAML(r io.Reader) (raw, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxInput))
	if err != nil {
		return raw{}, fmt.Errorf("%w: reading YAML: %v", ErrInvalid, err)
	}
	var doc yamlConnection
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return raw{}, connErrorf("", "empty YAML input")
		}
		return raw{}, connErrorf("", "not a valid ixpush AWS YAML file: %s", yamlProblem(err))
	}
	t := func(s yamlScalar) string { return strings.TrimSpace(string(s)) }
	out := raw{
		format:     FormatYAML,
		vpnID:      t(doc.VPNConnectionID),
		static:     doc.StaticRoutesOnly,
		localCIDR:  t(doc.LocalNetworkCIDR),
		remoteCIDR: t(doc.RemoteNetworkCIDR),
	}
	for _, y := range doc.Tunnels {
		rt := rawTunnel{
			awsOutside:  t(y.AWSOutsideIP),
			cgwOutside:  t(doc.CustomerGatewayIP),
			cgwInside:   t(y.CustomerInsideIP),
			awsInside:   t(y.AWSInsideIP),
			insideCIDR:  t(y.InsideCIDR),
			customerASN: t(doc.CustomerASN),
			amazonASN:   t(doc.AmazonASN),
			holdTime:    t(doc.HoldTime),
			dpdInterval: t(y.DPDInterval),
			dpdRetries:  t(y.DPDRetries),
			mss:         t(y.TCPMSS),
			bgp:         !doc.StaticRoutesOnly,
		}
		if y.PreSharedKey != nil {
			rt.psk, rt.pskSeen = t(*y.PreSharedKey), true
		}
		out.tunnels = append(out.tunnels, rt)
	}
	return out, nil
}

// yamlProblem keeps the parts of a yaml.v3 error that locate the problem
// (line numbers, field names) and drops quoted values, which may be keys.
func yamlProblem(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg := te.Errors[0]
		if m := yamlUnknownFieldRE.FindStringSubmatch(msg); m != nil {
			return fmt.Sprintf("line %s: unknown field %q", m[1], m[2])
		}
		return firstWords(msg)
	}
	return firstWords(err.Error())
}

// firstWords cuts a decoder message at its first quote: what follows is
// input text.
func firstWords(s string) string {
	if i := strings.IndexAny(s, "`'\""); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 100 {
		s = s[:100] + "…"
	}
	return s
}

var yamlUnknownFieldRE = regexp.MustCompile(`^line (\d+): field (\S+) not found`)
