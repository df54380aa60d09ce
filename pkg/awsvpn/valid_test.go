package awsvpn

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestASNs: legacy Amazon ASNs and any customer ASN must work; nothing may
// assume 64512/65000.
func TestASNs(t *testing.T) {
	y := fixture(t, "example.yaml")
	cases := []struct {
		customer, amazon uint32
		warnings         []string
	}{
		{65000, 7224, nil},
		{65000, 9059, nil},
		{65000, 10124, nil},
		{65000, 17493, nil},
		{64512, 65534, nil},
		{1, 64512, nil},
		{7224, 9059, nil},
		{4200000001, 4200000000, []string{"customer ASN 4200000001 is in 4200000000–4294967294, which AWS does not support for customer gateways"}},
		{4294967295, 4294967294, nil},
	}
	for _, tc := range cases {
		name := strconv.Itoa(int(tc.customer)) + "-" + strconv.Itoa(int(tc.amazon))
		t.Run(name, func(t *testing.T) {
			in := edit(t, y, "customer_asn: 65000", "customer_asn: "+strconv.Itoa(int(tc.customer)), "amazon_asn: 64512", "amazon_asn: "+strconv.Itoa(int(tc.amazon)))
			c, err := Parse(strings.NewReader(in), FormatAuto)
			if err != nil {
				t.Fatal(err)
			}
			got := []any{c.CustomerASN, c.AmazonASN, c.Warnings}
			want := []any{tc.customer, tc.amazon, tc.warnings}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestWarnings(t *testing.T) {
	y := fixture(t, "example.yaml")
	in := edit(t, y, "hold_time: 30\n", "hold_time: 90\nlocal_network_cidr: 192.168.2.0/24\nremote_network_cidr: 172.31.0.0/16\n")
	c, err := Parse(strings.NewReader(in), FormatYAML)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"BGP hold time is 90 s, not the 30 s AWS uses",
		"traffic selectors are 192.168.2.0/24 ↔ 172.31.0.0/16, not 0.0.0.0/0: they become IPsec local-id/remote-id",
	}
	if d := cmp.Diff(want, c.Warnings); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestForcedFormat(t *testing.T) {
	// A forced format that does not fit is an error, not a silent guess.
	_, err := Parse(strings.NewReader(fixture(t, "example.yaml")), FormatXML)
	if d := cmp.Diff("the file is not CustomerGatewayConfiguration XML: it looks like ixpush YAML", errString(err)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	_, err = Parse(strings.NewReader(fixture(t, "example-cgw.xml")), FormatCisco)
	if d := cmp.Diff("the file is not the Cisco IOS 12.4+ sample text: it looks like CustomerGatewayConfiguration XML", errString(err)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	var me *FormatMismatchError
	if !errors.As(err, &me) || me.Want != FormatCisco || me.Looks != FormatXML || !errors.Is(err, ErrInvalid) {
		t.Errorf("%v: want a FormatMismatchError (cisco, looks xml) wrapping ErrInvalid", err)
	}
	if _, err := ParseFormat("json"); err == nil {
		t.Error("ParseFormat(json) succeeded")
	}
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// TestLineEndings: files saved on Windows, with trailing spaces or a BOM,
// read the same.
func TestLineEndings(t *testing.T) {
	for _, name := range []string{"example-cisco.txt", "example-cgw.xml", "example.yaml"} {
		want := essentialsOf(parseFile(t, name))
		orig := fixture(t, name)
		variants := map[string]string{
			"crlf":     strings.ReplaceAll(orig, "\n", "\r\n"),
			"trailing": strings.ReplaceAll(orig, "\n", "  \n"),
			"bom":      "\ufeff" + orig,
		}
		for v, in := range variants {
			c, err := Parse(strings.NewReader(in), FormatAuto)
			if err != nil {
				t.Errorf("%s/%s: %v", name, v, err)
				continue
			}
			if d := cmp.Diff(want, essentialsOf(c), netipCmp); d != "" {
				t.Errorf("%s/%s (-want +got):\n%s", name, v, d)
			}
		}
	}
}

// TestParsedConnectionsPassCheck: what Parse returns passes Check, which
// plan.New runs on every connection.
func TestParsedConnectionsPassCheck(t *testing.T) {
	for _, name := range []string{"example-cisco.txt", "example-cgw.xml", "example.yaml", "seed-cisco.txt", "seed.yaml", "legacy-asn-reordered.xml"} {
		if err := parseFile(t, name).Check(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestStrongCryptoSpellings: a sample for a connection whose tunnel options
// allow only stronger algorithms reads, in the spellings Cisco IOS and the
// XML use for them (the crypto fields are informative, aws-vpn.md §1).
func TestStrongCryptoSpellings(t *testing.T) {
	c := fixture(t, "example-cisco.txt")
	in := strings.NewReplacer(
		"encryption aes 128", "encryption aes 256",
		"hash sha\n", "hash sha256\n",
		"group 2\n", "group 14\n",
		"esp-aes 128 esp-sha-hmac", "esp-aes 256 esp-sha256-hmac",
		"set pfs group2", "set pfs group14",
	).Replace(c)
	conn, err := Parse(strings.NewReader(in), FormatCisco)
	if err != nil {
		t.Fatal(err)
	}
	want := [2]Phase{{Encryption: "AES256", Integrity: "SHA2-256", DHGroup: 14, Lifetime: 28800}, {Encryption: "AES256", Integrity: "SHA2-256", DHGroup: 14, Lifetime: 3600}}
	for _, tun := range conn.Tunnels {
		if d := cmp.Diff(want, [2]Phase{tun.Phase1, tun.Phase2}); d != "" {
			t.Errorf("tunnel %s (-want +got):\n%s", tun.AWSOutsideIP, d)
		}
	}
	for spelling, want := range map[string]string{
		"esp-sha384-hmac": "SHA2-384", "esp-sha512-hmac": "SHA2-512", "sha384": "SHA2-384", "sha512": "SHA2-512",
		"hmac-sha-384-192": "SHA2-384", "hmac-sha-512-256": "SHA2-512",
	} {
		x := strings.Replace(fixture(t, "example-cgw.xml"), "<authentication_protocol>hmac-sha1-96</authentication_protocol>", "<authentication_protocol>"+spelling+"</authentication_protocol>", 1)
		conn, err := Parse(strings.NewReader(x), FormatXML)
		if err != nil {
			t.Errorf("%s: %v", spelling, err)
			continue
		}
		if got := []string{conn.Tunnels[0].Phase2.Integrity, conn.Tunnels[1].Phase2.Integrity}; !slices.Contains(got, want) {
			t.Errorf("%s: integrity %q, want %q in one tunnel", spelling, got, want)
		}
	}
}
