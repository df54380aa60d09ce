package awsvpn

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtureDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// edit replaces old with new in s exactly once, so a case cannot silently
// test the unmodified fixture.
func edit(t *testing.T, s string, pairs ...string) string {
	t.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		if strings.Count(s, pairs[i]) < 1 {
			t.Fatalf("edit: %q not in input", pairs[i])
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return s
}

// TestInvalid: every class of bad input gives one precise line, wraps the
// right sentinel and never echoes a key.
func TestInvalid(t *testing.T) {
	y := fixture(t, "example.yaml")
	x := fixture(t, "example-cgw.xml")
	c := fixture(t, "example-cisco.txt")
	psk1 := "EXAMPLE_psk.tunnel1_do_not_use01"
	cases := []struct {
		name  string
		in    string
		want  string
		isErr error
	}{
		// unrelated and truncated files
		{"empty", "", "empty input: not an AWS VPN configuration", ErrInvalid},
		{"unrelated text", "hello world\n", "unrecognised input: not AWS Cisco IOS sample text, CustomerGatewayConfiguration XML or ixpush YAML (use --aws-format to force one)", ErrInvalid},
		{"generic sample", fixtureFile(t, "unsupported/generic-sample.txt"), "this is the AWS Generic sample, which ixpush does not read; download the Cisco IOS 12.4+ sample or use the XML", ErrInvalid},
		{"unrelated xml", `<?xml version="1.0"?><project><name>x</name></project>`, "not a CustomerGatewayConfiguration XML (the root element is not <vpn_connection>)", ErrInvalid},
		{"truncated xml", x[:len(x)/2], "truncated XML (it ends before </vpn_connection>)", ErrInvalid},
		{"malformed xml", edit(t, x, "<mode>main</mode>", "<mode>main</mod>"), "malformed XML at line 40", ErrInvalid},
		{"truncated cisco (one tunnel)", c[:strings.Index(c, "! IPSec Tunnel #2")], "tunnel 198.51.100.11: only one tunnel found; an AWS VPN connection has two (truncated file?)", ErrInvalid},
		{"truncated cisco mid-tunnel", c[:strings.Index(c, "interface Tunnel2")], "tunnel 198.51.100.22: BGP: missing (no customer ASN or neighbor for this tunnel; truncated file?)", ErrInvalid},
		{"truncated yaml", y[:strings.Index(y, "  - aws_outside_ip: 198.51.100.22")], "tunnel 198.51.100.11: only one tunnel found; an AWS VPN connection has two (truncated file?)", ErrInvalid},
		{"yaml typo", edit(t, y, "pre_shared_key: EXAMPLE_psk.tunnel2", "presharedkey: EXAMPLE_psk.tunnel2"), `not a valid ixpush AWS YAML file: line 17: unknown field "presharedkey"`, ErrInvalid},
		{"no tunnels", "<vpn_connection id=\"vpn-1\"></vpn_connection>", "no IPsec tunnel found (truncated or unrelated file?)", ErrInvalid},

		// missing values
		{"missing key (yaml)", edit(t, y, "    pre_shared_key: EXAMPLE_psk.tunnel2_do_not_use02\n", ""), "tunnel 198.51.100.22: pre-shared key: missing (truncated file?)", ErrInvalid},
		{"empty key (xml, cert auth)", edit(t, x, psk1, ""), "tunnel 198.51.100.11: pre-shared key: empty (certificate authentication is not supported; give the tunnel a pre-shared key)", ErrInvalid},
		{"missing key (cisco)", edit(t, c, "  pre-shared-key address 198.51.100.22 key EXAMPLE_psk.tunnel2_do_not_use02\n", ""), "tunnel 198.51.100.22: pre-shared key: missing (truncated file?)", ErrInvalid},
		{"missing neighbor (cisco)", strings.ReplaceAll(c, "neighbor 169.254.20.1 remote-as 64512", "neighbor 169.254.20.1 description x"), "tunnel 198.51.100.22: AWS inside address (BGP neighbor): missing (truncated file?)", ErrInvalid},
		{"missing neighbor (yaml)", edit(t, y, "    aws_inside_ip: 169.254.10.1\n", ""), "tunnel 198.51.100.11: AWS inside address (BGP neighbor): missing (truncated file?)", ErrInvalid},
		{"missing inside (xml)", edit(t, x, "<ip_address>169.254.20.2</ip_address>", ""), "tunnel 198.51.100.22: customer inside address: missing (truncated file?)", ErrInvalid},
		{"missing inside (cisco)", edit(t, c, "  ip address 169.254.10.2 255.255.255.252\n", ""), "tunnel 198.51.100.11: customer inside address: missing (truncated file?)", ErrInvalid},
		{"missing AWS outside IP", edit(t, y, "  - aws_outside_ip: 198.51.100.22\n", "  - inside_cidr: 169.254.20.0/30\n"), "", ErrInvalid},
		{"missing customer gateway ip", edit(t, y, "customer_gateway_ip: 203.0.113.10\n", ""), "tunnel 198.51.100.11: customer gateway IP: missing (truncated file?)", ErrInvalid},

		// tunnel identity
		{"same AWS IP twice", edit(t, y, "aws_outside_ip: 198.51.100.22", "aws_outside_ip: 198.51.100.11"), "tunnel 198.51.100.11: AWS outside IP: both tunnels use the same AWS outside IP", ErrInvalid},
		{"same AWS IP twice (xml)", edit(t, x, "<ip_address>198.51.100.22</ip_address>", "<ip_address>198.51.100.11</ip_address>"), "tunnel 198.51.100.11: AWS outside IP: both tunnels use the same AWS outside IP", ErrInvalid},
		{"three tunnels", edit(t, y, "tunnels:\n", "tunnels:\n  - aws_outside_ip: 198.51.100.33\n"), "3 tunnels found; an AWS VPN connection has two", ErrInvalid},
		{"AWS IP not an address", edit(t, y, "aws_outside_ip: 198.51.100.22", "aws_outside_ip: 198.51.100.256"), `tunnel #2: AWS outside IP: "198.51.100.256" is not an IPv4 address`, ErrInvalid},
		{"tunnel destination disagrees (cisco)", edit(t, c, "tunnel destination 198.51.100.22", "tunnel destination 198.51.100.23"), `tunnel 198.51.100.22: AWS outside IP: the tunnel destination "198.51.100.23" differs from the pre-shared key's address`, ErrInvalid},
		{"different customer gateways", edit(t, x, "<ip_address>203.0.113.10</ip_address>", "<ip_address>203.0.113.99</ip_address>"), "tunnel 198.51.100.22: customer gateway IP: 203.0.113.10 differs from the other tunnel's 203.0.113.99", ErrInvalid},

		// keys
		{"key too short", edit(t, y, psk1, "abc.1234"[:7]), "tunnel 198.51.100.11: pre-shared key: must be 8–64 characters of 0-9 A-Z a-z _ . (got 7 characters)", ErrInvalid},
		{"key too long", edit(t, y, psk1, strings.Repeat("k", 65)), "tunnel 198.51.100.11: pre-shared key: must be 8–64 characters of 0-9 A-Z a-z _ . (got 65 characters)", ErrInvalid},
		{"key bad char", edit(t, y, psk1, "secret-key-with-dash"), "tunnel 198.51.100.11: pre-shared key: must be 8–64 characters of 0-9 A-Z a-z _ . (got 20 characters)", ErrInvalid},
		{"key starts with 0", edit(t, y, psk1, "0"+psk1[1:]), "tunnel 198.51.100.11: pre-shared key: must not start with 0", ErrInvalid},
		{"key with space (cisco)", edit(t, c, "key EXAMPLE_psk.tunnel1_do_not_use01", "key EXAMPLE_psk.tunnel1 do_not_use01"), "tunnel 198.51.100.11: pre-shared key: contains whitespace inside the value (it would inject CLI input)", ErrInvalid},
		{"key with ? (xml)", edit(t, x, psk1, "EXAMPLE?psk"), "tunnel 198.51.100.11: pre-shared key: contains '?' (it would inject CLI input)", ErrInvalid},
		{"key with newline (yaml)", edit(t, y, "pre_shared_key: "+psk1, `pre_shared_key: "EXAMPLE_psk\nshow run"`), "tunnel 198.51.100.11: pre-shared key: contains a line break (it would inject CLI input)", ErrInvalid},
		{"key split across lines (cisco)", edit(t, c, "key EXAMPLE_psk.tunnel1_do_not_use01\n", "key EXAMPLE_psk.tunnel1\n_do_not_use01\n"), "tunnel 198.51.100.11: pre-shared key: line 52, after the pre-shared-key line, is not a keyring command: is the key split across two lines? Put the whole key on the pre-shared-key line", ErrInvalid},
		{"key split across lines, indented (cisco)", edit(t, c, "key EXAMPLE_psk.tunnel2_do_not_use02\n", "key EXAMPLE_psk.tunnel2\r\n  _do_not_use02\r\n"), "tunnel 198.51.100.22: pre-shared key: line 205, after the pre-shared-key line, is not a keyring command: is the key split across two lines? Put the whole key on the pre-shared-key line", ErrInvalid},
		{"key split across lines (xml)", edit(t, x, psk1, "EXAMPLE_psk.tunnel1\n_do_not_use01"), "tunnel 198.51.100.11: pre-shared key: contains a line break (it would inject CLI input)", ErrInvalid},
		{"key split across lines (yaml literal)", edit(t, y, "pre_shared_key: "+psk1, "pre_shared_key: |\n      EXAMPLE_psk.tunnel1\n      _do_not_use01"), "tunnel 198.51.100.11: pre-shared key: contains a line break (it would inject CLI input)", ErrInvalid},
		{"key split across lines (yaml plain)", edit(t, y, "pre_shared_key: "+psk1, "pre_shared_key: EXAMPLE_psk.tunnel1\n      _do_not_use01"), "tunnel 198.51.100.11: pre-shared key: contains whitespace inside the value (it would inject CLI input)", ErrInvalid},
		{"key with control char (xml)", edit(t, x, psk1, "EXAMPLE_psk&#x7f;x"), "tunnel 198.51.100.11: pre-shared key: contains a control character (it would inject CLI input)", ErrInvalid},

		// inside addresses
		{"inside /29", edit(t, y, "customer_inside_ip: 169.254.10.2/30", "customer_inside_ip: 169.254.10.2/29"), "tunnel 198.51.100.11: customer inside address: 169.254.10.2/29 is not a /30", ErrInvalid},
		{"inside mask disagrees (xml)", edit(t, x, "<network_cidr>30</network_cidr>", "<network_cidr>29</network_cidr>"), "tunnel 198.51.100.11: customer inside address: prefix length /30 and /29 disagree", ErrInvalid},
		{"inside not link-local", edit(t, y, "customer_inside_ip: 169.254.10.2/30", "customer_inside_ip: 10.0.0.2/30", "aws_inside_ip: 169.254.10.1", "aws_inside_ip: 10.0.0.1"), "tunnel 198.51.100.11: customer inside address: 10.0.0.0/30 is not in 169.254.0.0/16", ErrInvalid},
		{"inside reserved", edit(t, y, "customer_inside_ip: 169.254.10.2/30", "customer_inside_ip: 169.254.5.2/30", "aws_inside_ip: 169.254.10.1", "aws_inside_ip: 169.254.5.1"), "tunnel 198.51.100.11: customer inside address: 169.254.5.0/30 is reserved by AWS", ErrInvalid},
		{"inside reserved 169.254.169.252", edit(t, c, "169.254.20.2 255", "169.254.169.254 255", "neighbor 169.254.20.1 remote-as", "neighbor 169.254.169.253 remote-as"), "tunnel 198.51.100.22: customer inside address: 169.254.169.252/30 is reserved by AWS", ErrInvalid},
		{"AWS side not network+1", edit(t, y, "aws_inside_ip: 169.254.10.1", "aws_inside_ip: 169.254.10.3"), "tunnel 198.51.100.11: AWS inside address (BGP neighbor): 169.254.10.3 is not the first address of 169.254.10.0/30 (169.254.10.1)", ErrInvalid},
		{"customer side not network+2", edit(t, y, "customer_inside_ip: 169.254.10.2/30", "customer_inside_ip: 169.254.10.1/30", "aws_inside_ip: 169.254.10.1", "aws_inside_ip: 169.254.10.1"), "tunnel 198.51.100.11: customer inside address: 169.254.10.1 is not the second address of 169.254.10.0/30 (169.254.10.2)", ErrInvalid},
		{"same /30 twice", edit(t, y, "169.254.20.2/30", "169.254.10.2/30", "aws_inside_ip: 169.254.20.1", "aws_inside_ip: 169.254.10.1", "inside_cidr: 169.254.20.0/30", "inside_cidr: 169.254.10.0/30"), "tunnel 198.51.100.22: inside CIDR: 169.254.10.0/30 is used by both tunnels", ErrInvalid},
		{"inside cidr disagrees", edit(t, y, "inside_cidr: 169.254.10.0/30", "inside_cidr: 169.254.11.0/30"), `tunnel 198.51.100.11: inside CIDR: "169.254.11.0/30" does not match the inside addresses (169.254.10.0/30)`, ErrInvalid},

		// ASNs
		{"customer ASN equals Amazon", edit(t, y, "customer_asn: 65000", "customer_asn: 64512"), "tunnel 198.51.100.11: customer ASN: 64512 equals the Amazon ASN", ErrInvalid},
		{"customer ASN equals Amazon (cisco)", strings.ReplaceAll(c, "router bgp 65000", "router bgp 64512"), "tunnel 198.51.100.11: customer ASN: 64512 equals the Amazon ASN", ErrInvalid},
		{"customer ASN 0", edit(t, y, "customer_asn: 65000", "customer_asn: 0"), `tunnel 198.51.100.11: customer ASN: "0" is not a number in 1–4294967295`, ErrInvalid},
		{"Amazon ASN not AWS's", edit(t, y, "amazon_asn: 64512", "amazon_asn: 65535"), "tunnel 198.51.100.11: Amazon ASN: 65535 is not an ASN AWS assigns (64512–65534, 4200000000–4294967294, or legacy 7224/9059/10124/17493)", ErrInvalid},
		{"Amazon ASNs differ (xml)", edit(t, x, "<asn>64512</asn>", "<asn>64513</asn>"), "tunnel 198.51.100.22: Amazon ASN: 64512 differs from the other tunnel's 64513", ErrInvalid},

		// static routing
		{"static (xml)", edit(t, x, "<vpn_connection_type>ipsec.1</vpn_connection_type>", "<vpn_connection_type>ipsec.1</vpn_connection_type><vpn_connection_attributes>NoBGPVPNConnection</vpn_connection_attributes>"), "routing: static (no-BGP) VPN connections are not supported yet; use dynamic (BGP) routing", ErrUnsupported},
		{"static (yaml)", edit(t, y, "hold_time: 30\n", "hold_time: 30\nstatic_routes_only: true\n"), "routing: static (no-BGP) VPN connections are not supported yet; use dynamic (BGP) routing", ErrUnsupported},
		{"static (cisco)", staticCisco(c), "routing: static (no-BGP) VPN connections are not supported yet; use dynamic (BGP) routing", ErrUnsupported},
		{"no bgp at all (xml)", strings.NewReplacer("<bgp>", "<x>", "</bgp>", "</x>").Replace(x), "routing: no BGP configuration: static (no-BGP) VPN connections are not supported yet", ErrUnsupported},

		// CLI injection through other fields
		{"newline in AWS IP", edit(t, x, "<ip_address>198.51.100.22</ip_address>", "<ip_address>198.51.100.22&#10;write memory</ip_address>"), "tunnel #2: AWS outside IP: contains a line break (it would inject CLI input)", ErrInvalid},
		{"? in ASN", edit(t, y, "customer_asn: 65000", `customer_asn: "65000?"`), "tunnel 198.51.100.11: customer ASN: contains '?' (it would inject CLI input)", ErrInvalid},
		{"space in neighbor (cisco)", edit(t, c, "neighbor 169.254.10.1 remote-as 64512", "neighbor 169.254.10.1 remote-as 64512 x"), "tunnel 198.51.100.11: Amazon ASN: contains whitespace inside the value (it would inject CLI input)", ErrInvalid},
		{"control char in mask (cisco)", edit(t, c, "169.254.10.2 255.255.255.252", "169.254.10.2 255.255.255.252\x07"), "tunnel 198.51.100.11: customer inside address mask: contains a control character (it would inject CLI input)", ErrInvalid},
		{"bad vpn id", edit(t, y, "vpn_connection_id: vpn-0example0000000001", `vpn_connection_id: "vpn-1 ; reload"`), "VPN connection ID: contains whitespace inside the value (it would inject CLI input)", ErrInvalid},
		{"selector not a CIDR", edit(t, y, "hold_time: 30\n", "hold_time: 30\nlocal_network_cidr: 10.0.0.0/33\n"), `local network CIDR: "10.0.0.0/33" is not an IPv4 CIDR`, ErrInvalid},

		// timers and lifetimes
		{"DPD interval 0", edit(t, x, "<interval>10</interval>", "<interval>0</interval>"), `tunnel 198.51.100.11: DPD interval: "0" is not a number in 1–3600`, ErrInvalid},
		{"IKE lifetime too long", edit(t, x, "<lifetime>28800</lifetime>", "<lifetime>86400</lifetime>"), `tunnel 198.51.100.11: IKE lifetime: "86400" is not a number in 900–28800`, ErrInvalid},
		{"IPsec lifetime not below IKE", edit(t, c, "lifetime 28800", "lifetime 3600"), "tunnel 198.51.100.11: IPsec lifetime: 3600 s is not shorter than the IKE lifetime 3600 s", ErrInvalid},
		{"GCM (no IX keyword)", edit(t, x, "<encryption_protocol>aes-128-cbc</encryption_protocol>", "<encryption_protocol>des-cbc</encryption_protocol>"), `tunnel 198.51.100.11: IKE encryption: "des-cbc" is not an algorithm AWS offers`, ErrInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tc.in), FormatAuto)
			if err == nil {
				t.Fatal("Parse succeeded, want an error")
			}
			if tc.want != "" {
				if d := cmp.Diff(tc.want, err.Error()); d != "" {
					t.Errorf("error (-want +got):\n%s", d)
				}
			}
			if !errors.Is(err, tc.isErr) {
				t.Errorf("error %v does not wrap %v", err, tc.isErr)
			}
			msg := err.Error()
			if strings.ContainsAny(msg, "\n\r") {
				t.Errorf("error is not one line: %q", msg)
			}
			for _, k := range []string{psk1, "EXAMPLE_psk.tunnel2_do_not_use02", "EXAMPLE_psk", "do_not_use"} {
				if strings.Contains(msg, k) {
					t.Errorf("error echoes a key: %q", msg)
				}
			}
		})
	}
}

func fixtureFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "aws", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// staticCisco turns the sample into the static-routing variant: no router
// bgp sections, a static route over each tunnel instead.
func staticCisco(c string) string {
	var out []string
	skip := false
	for _, l := range strings.Split(c, "\n") {
		if strings.HasPrefix(l, "router bgp") {
			skip = true
			out = append(out, "ip route 10.0.0.0 255.255.0.0 Tunnel1 track 100")
			continue
		}
		if skip {
			if l == "exit" {
				skip = false
			}
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// TestKeyInWrongField: a key pasted into another field (the YAML is written
// by hand) is not quoted back in the error that field gets, whole, truncated
// or in part.
func TestKeyInWrongField(t *testing.T) {
	y := fixture(t, "example.yaml")
	psk1, psk2 := "EXAMPLE_psk.tunnel1_do_not_use01", "EXAMPLE_psk.tunnel2_do_not_use02"
	long := "Abcdefghij" + strings.Repeat("k", 50) + "_end"
	cases := []struct{ name, in, want string }{
		{"own key as inside address", edit(t, y, "customer_inside_ip: 169.254.10.2/30", "customer_inside_ip: "+psk1),
			"tunnel 198.51.100.11: customer inside address: (a value holding a pre-shared key, not shown) is not an IPv4 address"},
		{"other tunnel's key as neighbor", edit(t, y, "aws_inside_ip: 169.254.10.1", "aws_inside_ip: "+psk2),
			"tunnel 198.51.100.11: AWS inside address (BGP neighbor): (a value holding a pre-shared key, not shown) is not an IPv4 address"},
		{"key as inside CIDR", edit(t, y, "inside_cidr: 169.254.20.0/30", "inside_cidr: "+psk2),
			"tunnel 198.51.100.22: inside CIDR: (a value holding a pre-shared key, not shown) does not match the inside addresses (169.254.20.0/30)"},
		{"key as VPN ID", edit(t, y, "vpn_connection_id: vpn-0example0000000001", "vpn_connection_id: "+psk2),
			"VPN connection ID: (a value holding a pre-shared key, not shown) is not a VPN connection ID"},
		{"key as selector", edit(t, y, "hold_time: 30\n", "hold_time: 30\nremote_network_cidr: "+psk1+"\n"),
			"remote network CIDR: (a value holding a pre-shared key, not shown) is not an IPv4 CIDR"},
		{"long key in MSS (truncated)", edit(t, y, psk2, long, "tcp_mss: 1379", "tcp_mss: "+long),
			"tunnel 198.51.100.11: TCP MSS: (a value holding a pre-shared key, not shown) is not a number in 536–1460"},
		{"half a key", edit(t, y, "tcp_mss: 1379", "tcp_mss: "+psk1[:16]),
			"tunnel 198.51.100.11: TCP MSS: (a value holding a pre-shared key, not shown) is not a number in 536–1460"},
		{"a short value is still shown", edit(t, y, "tcp_mss: 1379", "tcp_mss: tunnel"),
			`tunnel 198.51.100.11: TCP MSS: "tunnel" is not a number in 536–1460`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tc.in), FormatYAML)
			if d := cmp.Diff(tc.want, errString(err)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// TestCiscoKeyringAfterInterface: the AWS outside IP is checked the same way
// whichever of the keyring and the tunnel interface comes first.
func TestCiscoKeyringAfterInterface(t *testing.T) {
	c := fixture(t, "example-cisco.txt")
	keyring := "crypto keyring keyring-vpn-0example0000000001-0\n  local-address 203.0.113.10\n  pre-shared-key address 198.51.100.11 key EXAMPLE_psk.tunnel1_do_not_use01\nexit\n"
	moved := edit(t, c, keyring, "")
	moved = edit(t, moved, "router bgp 65000\n", keyring+"router bgp 65000\n")
	if _, err := Parse(strings.NewReader(moved), FormatCisco); err != nil {
		t.Fatalf("keyring after the interface: %v", err)
	}
	bad := edit(t, moved, "tunnel destination 198.51.100.11", "tunnel destination 198.51.100.99")
	_, err := Parse(strings.NewReader(bad), FormatCisco)
	if d := cmp.Diff(`tunnel 198.51.100.11: AWS outside IP: the tunnel destination "198.51.100.99" differs from the pre-shared key's address`, errString(err)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}
