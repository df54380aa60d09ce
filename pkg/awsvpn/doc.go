// Package awsvpn reads the configuration AWS hands out for a Site-to-Site VPN
// connection and turns it into a validated [Connection].
//
// Three inputs are understood, detected from their content by [Parse]:
//
//   - the "Cisco Systems / CSRv AMI / IOS 12.4+" sample text ([FormatCisco]);
//   - the CustomerGatewayConfiguration XML of DescribeVpnConnections ([FormatXML]);
//   - a small YAML file for values copied from the console by hand ([FormatYAML]).
//
// Every reader fills the same raw, string-valued record and one validator
// checks it (the checklist of docs/aws-vpn.md §4), so the three formats accept
// and refuse exactly the same connections. Tunnels are keyed and sorted by the
// AWS outside IP because AWS does not keep their order stable in the XML.
//
// Errors are one line, name the tunnel by its AWS outside IP and the field,
// wrap [ErrInvalid] (or [ErrUnsupported] for static connections) and never
// contain a pre-shared key: keys are held in a [Secret].
package awsvpn
