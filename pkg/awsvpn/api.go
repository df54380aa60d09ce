package awsvpn

import (
	"io"
	"net/netip"
	"regexp"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
)

// FormatAPI marks a Connection built from DescribeVpnConnections: its XML
// merged with the values the API states outside it.
const FormatAPI Format = "aws-api"

// APIValues are what DescribeVpnConnections says beside the XML. They win
// over the XML: the XML leaves out keys stored in Secrets Manager and never
// carries the traffic selectors.
type APIValues struct {
	VPNConnectionID string
	// Keys are the pre-shared keys by AWS outside IP; a tunnel without one
	// keeps the XML's.
	Keys             map[netip.Addr]Secret
	LocalCIDR        string
	RemoteCIDR       string
	StaticRoutesOnly bool
}

// ParseXMLWith reads the CustomerGatewayConfiguration XML of a connection
// and lays v over it before the one validator runs, so an API-built
// connection is held to the same checklist as a downloaded file.
func ParseXMLWith(r io.Reader, v APIValues) (Connection, error) {
	raw, err := readXML(r)
	if err != nil {
		return Connection{}, err
	}
	raw.format = FormatAPI
	if v.VPNConnectionID != "" {
		raw.vpnID = v.VPNConnectionID
	}
	raw.static = raw.static || v.StaticRoutesOnly
	raw.localCIDR, raw.remoteCIDR = v.LocalCIDR, v.RemoteCIDR
	for i, t := range raw.tunnels {
		ip, err := netip.ParseAddr(t.awsOutside)
		if err != nil {
			continue // validate names the bad address
		}
		if k, ok := v.Keys[ip]; ok && !k.IsZero() {
			raw.tunnels[i].psk, raw.tunnels[i].pskSeen = k.Reveal(), true
		}
	}
	return validate(raw)
}

// XMLKeys returns the pre-shared keys the XML holds, by AWS outside IP;
// tunnels whose address does not parse, or with no key, are left out.
func XMLKeys(r io.Reader) (map[netip.Addr]Secret, error) {
	raw, err := readXML(r)
	if err != nil {
		return nil, err
	}
	keys := map[netip.Addr]Secret{}
	for _, t := range raw.tunnels {
		ip, err := netip.ParseAddr(t.awsOutside)
		if err == nil && t.psk != "" {
			keys[ip] = NewSecret(t.psk)
		}
	}
	return keys, nil
}

var xmlKeyRE = regexp.MustCompile(`(?s)(<pre_shared_key>).*?(</pre_shared_key>)`)

// MaskXMLKeys replaces every pre-shared key in a CustomerGatewayConfiguration
// document with [dialect.Mask], so the document can be written to a file
// that is shared; the keys are kept elsewhere.
func MaskXMLKeys(doc string) string {
	return xmlKeyRE.ReplaceAllString(doc, "${1}"+dialect.Mask+"${2}")
}
