package plan

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ixpush/ixpush/pkg/showparse"
)

func TestInvalidOptions(t *testing.T) {
	conn := loadConn(t, "example.yaml")
	cases := []struct {
		name string
		opt  Option
		want string
	}{
		{"tunnel name", WithTunnelInterfaces("Tunnel0.0", "Tunnel 1.0"), `invalid site parameter: tunnel interface "Tunnel 1.0" is not an IX tunnel interface like Tunnel0.0`},
		{"one tunnel", WithTunnelInterfaces("Tunnel0.0"), "invalid site parameter: need exactly two tunnel interfaces, got 1"},
		{"same tunnel twice", WithTunnelInterfaces("Tunnel0.0", "Tunnel0.0"), "invalid site parameter: both tunnels use interface Tunnel0.0"},
		{"wan interface", WithWANInterface("eth0\nshow run"), `invalid site parameter: WAN interface "eth0\nshow run" is not an IX interface name like GigaEthernet0.0`},
		{"crypto", WithCrypto("weak"), `invalid site parameter: crypto profile "weak" is not aws-default or strong`},
		{"nat", WithNAT("maybe"), `invalid site parameter: NAT mode "maybe" is not auto, on or off`},
		{"dpd", WithDPD(0, 3), "invalid site parameter: DPD 0,3: interval must be 1–3600 s and retries 1–100"},
		{"mss", WithMSS(100), "invalid site parameter: MSS 100 is not auto or 536–1460"},
		{"prefix", WithNamePrefix("a b"), `invalid site parameter: name prefix "a b" must be up to 16 letters, digits, '-' or '_', starting with a letter`},
		{"lan host bits", WithLAN(netip.MustParsePrefix("192.168.2.1/24")), "invalid site parameter: LAN prefix 192.168.2.1/24 has host bits set (did you mean 192.168.2.0/24?)"},
		{"lan twice", WithLAN(lan, lan), "invalid site parameter: LAN prefix 192.168.2.0/24 given twice"},
		{"lan link-local", WithLAN(netip.MustParsePrefix("169.254.0.0/16")), "invalid site parameter: LAN prefix 169.254.0.0/16 overlaps the tunnel inside range 169.254.0.0/16"},
		{"lan v6", WithLAN(netip.MustParsePrefix("2001:db8::/32")), "invalid site parameter: LAN prefix 2001:db8::/32 is not an IPv4 CIDR"},
		{"vpc host bits", WithVPC(netip.MustParsePrefix("172.31.1.1/16")), "invalid site parameter: VPC prefix 172.31.1.1/16 has host bits set (did you mean 172.31.0.0/16?)"},
		{"selector", WithSelectors(netip.MustParsePrefix("10.0.0.1/8"), netip.Prefix{}), "invalid site parameter: selector 10.0.0.1/8 has host bits set (did you mean 10.0.0.0/8?)"},
		{"too many LAN", func() Option {
			var ps []netip.Prefix
			for i := range 101 {
				ps = append(ps, netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i), 0, 0}), 16))
			}
			return WithLAN(ps...)
		}(), "invalid site parameter: 101 LAN prefixes: AWS accepts at most 100 from a customer gateway"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(conn, showparse.RunningConfig{}, tc.opt)
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if d := cmp.Diff(tc.want, err.Error()); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
			// Everything New refuses about options, CheckOptions refuses
			// the same way without a connection.
			if cerr := CheckOptions(tc.opt); cerr == nil || cerr.Error() != err.Error() {
				t.Errorf("CheckOptions = %v, want %v", cerr, err)
			}
		})
	}
}

// An OptionError names the option and the entry of a list, so a caller
// can point at its own source of the value.
func TestOptionErrorNamesOption(t *testing.T) {
	lan2 := netip.MustParsePrefix("192.168.3.0/24")
	many := make([]netip.Prefix, 60000)
	for i := range many {
		many[i] = netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 0}), 24)
	}
	cases := []struct {
		name   string
		opt    Option
		option string
		index  int
	}{
		{"lan entry", WithLAN(lan, lan2, netip.MustParsePrefix("192.168.4.1/24")), OptLAN, 2},
		{"lan twice", WithLAN(lan, lan2, lan), OptLAN, 2},
		{"lan link-local", WithLAN(lan, netip.MustParsePrefix("169.254.10.0/24")), OptLAN, 1},
		{"60,000 LAN prefixes", WithLAN(many...), OptLAN, -1},
		{"vpc entry", WithVPC(netip.MustParsePrefix("2001:db8::/32")), OptVPC, 0},
		{"second tunnel", WithTunnelInterfaces("Tunnel0.0", "Tunnel1"), OptTunnelInterfaces, 1},
		{"mss", WithMSS(9000), OptMSS, -1},
		{"dpd", WithDPD(10, 0), OptDPD, -1},
		{"name prefix", WithNamePrefix("9x"), OptNamePrefix, -1},
		{"wan interface", WithWANInterface("eth0"), OptWANInterface, -1},
		{"wan ip", WithWANIP(netip.MustParseAddr("2001:db8::1")), OptWANIP, -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckOptions(tc.opt)
			var oe *OptionError
			if !errors.As(err, &oe) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want an *OptionError wrapping ErrInvalid", err)
			}
			if oe.Option != tc.option || oe.Index != tc.index {
				t.Errorf("option %s[%d], want %s[%d] (%v)", oe.Option, oe.Index, tc.option, tc.index, err)
			}
		})
	}
	if err := CheckOptions(WithLAN(lan, lan2), WithMSS(1400)); err != nil {
		t.Errorf("good options: %v", err)
	}
}

func TestSelectorsAndNAT(t *testing.T) {
	conn := loadConn(t, "example.yaml")
	p, err := New(conn, showparse.RunningConfig{}, WithSelectors(netip.MustParsePrefix("192.168.2.0/24"), netip.MustParsePrefix("0.0.0.0/0")),
		WithWANIP(netip.MustParseAddr("203.0.113.10")))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range p.Desired {
		if strings.HasPrefix(l, "ipsec local-id") || strings.HasPrefix(l, "ipsec remote-id") || strings.HasPrefix(l, "ike nat") {
			got = append(got, l)
		}
	}
	// Not behind NAT (WAN IP = customer gateway IP): auto leaves NAT-T off.
	want := []string{"ipsec local-id aws-ipsec-map1 192.168.2.0/24", "ipsec local-id aws-ipsec-map2 192.168.2.0/24"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestSecretsInOutput: keys appear only in the revealed forms.
func TestSecretsInOutput(t *testing.T) {
	p, err := New(loadConn(t, "example.yaml"), parseRC(t, "ike policy other peer 192.0.2.1 key RouterKey99 x\n"), WithLAN(lan))
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{"EXAMPLE_psk.tunnel1_do_not_use01", "EXAMPLE_psk.tunnel2_do_not_use02"}
	redacted, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	p.WriteText(&text, false)
	outputs := map[string]string{"json": string(redacted), "String": p.String(), "text": text.String()}
	// fmt reaches the plain string fields of a struct through reflection
	// unless the type formats itself.
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		outputs["fmt "+verb] = fmt.Sprintf(verb, *p)
		outputs["fmt pointer "+verb] = fmt.Sprintf(verb, p)
	}
	for name, out := range outputs {
		for _, k := range append(keys, "RouterKey99") {
			if strings.Contains(out, k) {
				t.Errorf("%s output holds key %s", name, k)
			}
		}
	}
	revealed, err := p.MarshalJSONRevealed()
	if err != nil {
		t.Fatal(err)
	}
	var shown strings.Builder
	p.WriteText(&shown, true)
	for _, out := range []string{string(revealed), shown.String()} {
		for _, k := range keys {
			if !strings.Contains(out, k) {
				t.Errorf("revealed output lacks key %s", k)
			}
		}
		if strings.Contains(out, "RouterKey99") {
			t.Error("revealed output holds the router's other key")
		}
	}
	var back struct {
		Connection struct {
			Tunnels []struct{ PSK string }
		}
	}
	if err := json.Unmarshal(revealed, &back); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{keys[0], keys[1]}, []string{back.Connection.Tunnels[0].PSK, back.Connection.Tunnels[1].PSK}); d != "" {
		t.Errorf("revealed PSKs (-want +got):\n%s", d)
	}
}

func TestSummaryTunnel(t *testing.T) {
	p, err := New(loadConn(t, "legacy-asn-reordered.xml"), showparse.RunningConfig{})
	if err != nil {
		t.Fatal(err)
	}
	got, ok := p.Connection.Tunnel(netip.MustParseAddr("198.51.100.22"))
	if !ok || got.Interface != "Tunnel1.0" || got.IPsecMap != "aws-ipsec-map2" || got.BGPNeighbor != netip.MustParseAddr("169.254.20.1") {
		t.Errorf("Tunnel(198.51.100.22) = %+v, %v", got, ok)
	}
	if _, ok := p.Connection.Tunnel(netip.MustParseAddr("192.0.2.1")); ok {
		t.Error("Tunnel found an unknown IP")
	}
}

// TestNilLines: a hand-built tree with nil entries is not a crash.
func TestNilLines(t *testing.T) {
	prior := showparse.RunningConfig{Lines: []*showparse.ConfigLine{nil, {Text: "interface Tunnel9.0", Children: []*showparse.ConfigLine{nil}}}}
	p, err := New(loadConn(t, "example.yaml"), prior, WithLAN(lan))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.CheckRestored(prior); err != nil {
		t.Error(err)
	}
	if _, err := ApplyLines(prior, p.Commands); err != nil {
		t.Error(err)
	}
}

func TestNATWarnings(t *testing.T) {
	conn := loadConn(t, "example.yaml")
	cases := []struct {
		nat   NATMode
		wanIP string
		natT  bool
		warn  string
	}{
		{NATAuto, "192.168.1.10", true, ""},
		{NATAuto, "203.0.113.10", false, ""},
		{NATAuto, "", false, ""},
		{NATOn, "203.0.113.10", true, "NAT traversal is on but the router's WAN IP is the customer gateway IP 203.0.113.10 (no NAT): AWS recommends leaving it off"},
		{NATOff, "192.168.1.10", false, "the router (192.168.1.10) is behind NAT (203.0.113.10) but NAT traversal is off: the NAT must pass UDP 500 and ESP to both AWS endpoints"},
	}
	for _, tc := range cases {
		opts := []Option{WithLAN(lan), WithCrypto(CryptoStrong), WithNAT(tc.nat)}
		if tc.wanIP != "" {
			opts = append(opts, WithWANIP(netip.MustParseAddr(tc.wanIP)))
		}
		p, err := New(conn, showparse.RunningConfig{}, opts...)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		if tc.warn != "" {
			want = []string{tc.warn}
		}
		got := []any{p.Connection.NATTraversal, slices.Contains(p.Desired, "ike nat-traversal"), p.Warnings}
		if d := cmp.Diff([]any{tc.natT, tc.natT, nonNil(want)}, got); d != "" {
			t.Errorf("nat %s wan %q (-want +got):\n%s", tc.nat, tc.wanIP, d)
		}
	}
}

// TestFourByteASNWarnings: `router bgp` and `remote-as` with a 4-byte ASN
// need firmware support that is not confirmed (aws-vpn.md §7.7), whichever
// side has it; Amazon ASNs 4200000000–4294967294 are 4-byte too.
func TestFourByteASNWarnings(t *testing.T) {
	base := loadConn(t, "example.yaml")
	cases := []struct {
		name             string
		customer, amazon uint32
		want             []string
	}{
		{"2-byte both", 65000, 64512, nil},
		{"4-byte customer", 4200000001, 64512, []string{"customer ASN 4200000001 needs 4-byte AS support in the IX firmware (not confirmed)"}},
		{"4-byte Amazon", 65000, 4200000000, []string{"Amazon ASN 4200000000 needs 4-byte AS support in the IX firmware (not confirmed)"}},
		{"4-byte both", 4200000001, 4200000000, []string{
			"customer ASN 4200000001 needs 4-byte AS support in the IX firmware (not confirmed)",
			"Amazon ASN 4200000000 needs 4-byte AS support in the IX firmware (not confirmed)",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := base
			c.CustomerASN, c.AmazonASN, c.Warnings = tc.customer, tc.amazon, nil
			p, err := New(c, showparse.RunningConfig{}, WithLAN(lan), WithCrypto(CryptoStrong))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range p.Warnings {
				if strings.Contains(w, "4-byte") {
					got = append(got, w)
				}
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}
