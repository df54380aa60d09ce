package scenario

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestBuiltinSeed(t *testing.T) {
	got, err := Builtin("seed")
	if err != nil {
		t.Fatal(err)
	}
	want := &Scenario{
		Name:        "seed",
		Description: "IX2015 behind a pass-through NAT, two AWS tunnels, BGP (the seed write-up)",
		Router: Router{
			Hostname: "R10", Model: "IX2015", Firmware: "10.7.18",
			Users: []User{
				{Name: "admin", Password: "ixpush-admin", Admin: true},
				{Name: "operator", Password: "ixpush-operator"},
			},
			WANInterface: "GigaEthernet0.0",
			NAT:          NAT{PublicIP: "203.165.211.85", Mode: NATPassthrough},
			StartupConfig: "hostname R10\n!\n!\n!\ntimezone +09 00\n!\n" +
				"username admin password hash 6400f64ae564a396 administrator\n!\n!\n" +
				"ip route default 192.168.1.1\n!\n!\n!\nssh-server ip enable\n!\n!\n!\n" +
				"device GigaEthernet0\n!\ndevice GigaEthernet1\n!\ndevice GigaEthernet2\n!\n" +
				"interface GigaEthernet0.0\n  ip address 192.168.1.10/24\n  no shutdown\n!\n" +
				"interface GigaEthernet1.0\n  ip address 192.168.2.1/24\n  no shutdown\n!\n" +
				"interface GigaEthernet2.0\n  no ip address\n  shutdown\n!\n" +
				"interface Loopback0.0\n  no ip address\n!\ninterface Null0.0\n  no ip address\n!\n",
		},
		AWS: AWS{
			Tunnels: [2]Tunnel{
				{OutsideIP: "34.217.232.61", PSK: "pq5RW0mMbSxz8k8.ZRY2T3C82D9GX8_z", InsideCIDR: "169.254.123.132/30"},
				{OutsideIP: "54.69.109.228", PSK: "QAElJrXGVeBgHi.U292jVF3eLTATQXMQ", InsideCIDR: "169.254.30.56/30"},
			},
			AmazonASN: 64512, CustomerASN: 65000,
			CustomerGatewayIP: "203.165.211.85",
			LocalNetworkCIDR:  "0.0.0.0/0", RemoteNetworkCIDR: "0.0.0.0/0",
			Prefixes: []Prefix{{CIDR: "172.31.0.0/16", MED: 100}},
		},
		Timing: Timing{IKEUp: 2 * time.Second, IPsecUp: time.Second, BGPUp: 90 * time.Second, RetryInterval: 10 * time.Second,
			IKERetransmits: DefaultIKERetransmits, IKERetransmitInterval: DefaultIKERetransmitInterval},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Builtin(seed) mismatch (-want +got):\n%s", d)
	}
	if !got.AWS.RequiresPFS() {
		t.Error("seed: PFS should be required by default")
	}
	n, a, c := got.AWS.Tunnels[0].Inside()
	if n.String() != "169.254.123.132/30" || a.String() != "169.254.123.133" || c.String() != "169.254.123.134" {
		t.Errorf("Inside() = %v %v %v", n, a, c)
	}
}

func TestBuiltinUDPOnly(t *testing.T) {
	s, err := Builtin("udp-only")
	if err != nil {
		t.Fatal(err)
	}
	got := []any{s.Router.NAT.Mode, s.AWS.AmazonASN, s.AWS.CustomerASN, s.AWS.CustomerGatewayIP, s.Timing.RetryInterval}
	want := []any{NATUDPOnly, uint32(7224), uint32(65010), "198.51.100.77", 10 * time.Second}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("udp-only (-want +got):\n%s", d)
	}
}

func TestBuiltins(t *testing.T) {
	if d := cmp.Diff([]string{"seed", "udp-only"}, Builtins()); d != "" {
		t.Error(d)
	}
	for _, n := range Builtins() {
		if _, err := Builtin(n); err != nil {
			t.Errorf("Builtin(%q): %v", n, err)
		}
	}
	for _, n := range []string{"nope", "../builtin/seed", ""} {
		if _, err := Builtin(n); !errors.Is(err, ErrScenario) {
			t.Errorf("Builtin(%q) = %v, want ErrScenario", n, err)
		}
	}
}

func seedYAML(t *testing.T) string {
	t.Helper()
	b, err := builtinFS.ReadFile("builtin/seed.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseErrors(t *testing.T) {
	base := seedYAML(t)
	tests := []struct {
		name    string
		old     string // replaced in the seed YAML by new
		new     string
		wantErr string
	}{
		{"unknown top-level field", "name: seed\n", "name: seed\nflavour: x\n", "field flavour not found"},
		{"unknown nested field", "    mode: passthrough\n", "    mode: passthrough\n    kind: cone\n", "field kind not found in type scenario.NAT"},
		{"misspelt tunnel field", "      inside_cidr: 169.254.30.56/30", "      inside: 169.254.30.56/30", "field inside not found"},
		{"missing name", "name: seed\n", "", "name: is required"},
		{"bad hostname", "hostname: R10\n", "hostname: R 10\n", "router.hostname: \"R 10\" is not a hostname"},
		{"bad model", "model: IX2015", "model: C1111", "router.model"},
		{"bad firmware", "firmware: 10.7.18", "firmware: ten", "router.firmware"},
		{"no admin", "      admin: true\n", "", "router.users: at least one user must be admin"},
		{"duplicate user", "name: operator", "name: admin", "router.users[1].name: \"admin\" is listed twice"},
		{"user without credentials", "      password: ixpush-operator\n", "", "router.users[1]: user \"operator\" needs a password"},
		{"bad authorized key", "      password: ixpush-operator\n", "      authorized_keys: [\"ssh-ed25519 nonsense\"]\n", "router.users[1].authorized_keys[0]"},
		{"bad wan interface", "wan_interface: GigaEthernet0.0", "wan_interface: eth0", "router.wan_interface"},
		{"bad nat mode", "mode: passthrough", "mode: symmetric", "router.nat.mode: \"symmetric\" is not one of none, passthrough, udp-only"},
		{"bad nat ip", "public_ip: 203.165.211.85", "public_ip: 203.165.211", "router.nat.public_ip"},
		{"public ip without nat", "mode: passthrough", "mode: none", "router.nat.public_ip: is set but nat.mode is none"},
		{"bad outside ip", "outside_ip: 54.69.109.228", "outside_ip: 54.69.109.300", "aws.tunnels[1].outside_ip: \"54.69.109.300\" is not an IPv4 address"},
		{"same outside ip", "outside_ip: 54.69.109.228", "outside_ip: 34.217.232.61", "aws.tunnels[1].outside_ip: 34.217.232.61 is tunnel 0's outside IP too"},
		{"short psk", "psk: QAElJrXGVeBgHi.U292jVF3eLTATQXMQ", "psk: short", "aws.tunnels[1].psk: must be 8-64"},
		{"psk starting with 0", "psk: QAElJrXGVeBgHi.U292jVF3eLTATQXMQ", "psk: 0AElJrXGVeBgHi", "aws.tunnels[1].psk"},
		{"inside not /30", "inside_cidr: 169.254.30.56/30", "inside_cidr: 169.254.30.56/29", "aws.tunnels[1].inside_cidr: 169.254.30.56/29 is not a /30"},
		{"inside not link-local", "inside_cidr: 169.254.30.56/30", "inside_cidr: 10.0.0.0/30", "aws.tunnels[1].inside_cidr"},
		{"inside host bits", "inside_cidr: 169.254.30.56/30", "inside_cidr: 169.254.30.58/30", "has host bits set (network is 169.254.30.56/30)"},
		{"inside overlap", "inside_cidr: 169.254.30.56/30", "inside_cidr: 169.254.123.132/30", "overlaps tunnel 0's"},
		{"asn not a number", "amazon_asn: 64512", "amazon_asn: big", "line 68: cannot unmarshal !!str into uint32"},
		{"asn missing", "  amazon_asn: 64512\n", "", "aws.amazon_asn: is required"},
		{"same asns", "customer_asn: 65000", "customer_asn: 64512", "aws.customer_asn: 64512 equals the Amazon ASN"},
		{"bad proposal", "  prefixes:\n", "  proposals:\n    phase1_encryption: [3DES]\n  prefixes:\n", "aws.proposals.phase1_encryption[0]: \"3DES\" is not one of"},
		{"bad drop point", "timing:\n", "faults:\n  drop_at: lunch\ntiming:\n", "faults.drop_at: \"lunch\" is not one of"},
		{"jitter over latency", "timing:\n", "faults:\n  latency: 5ms\n  jitter: 10ms\ntiming:\n", "faults.jitter"},
		{"unknown fault", "timing:\n", "faults:\n  meteor: true\ntiming:\n", "field meteor not found in type scenario.Faults"},
		{"bad dh group", "  prefixes:\n", "  proposals:\n    phase1_dh_groups: [5]\n  prefixes:\n", "aws.proposals.phase1_dh_groups[0]: DH group 5 is not allowed by AWS"},
		{"no prefixes", "  prefixes:\n    - cidr: 172.31.0.0/16\n      med: 100\n", "", "aws.prefixes: at least one prefix is required"},
		{"bad prefix", "cidr: 172.31.0.0/16", "cidr: 172.31.0.0", "aws.prefixes[0].cidr"},
		{"bad selector", "customer_asn: 65000\n", "customer_asn: 65000\n  remote_network_cidr: vpc\n", "aws.remote_network_cidr"},
		{"negative timing", "bgp_up: 90s", "bgp_up: -1s", "timing.bgp_up: must not be negative"},
		{"bad duration", "bgp_up: 90s", "bgp_up: soon", "cannot unmarshal !!str into time.Duration"},
		{"one tunnel", "    - outside_ip: 54.69.109.228\n      psk: QAElJrXGVeBgHi.U292jVF3eLTATQXMQ\n      inside_cidr: 169.254.30.56/30\n", "", "want 2 elements but got 1"},
		{"two documents", "retry_interval: 10s\n", "retry_interval: 10s\n---\nname: x\n", "more than one YAML document"},
		{"bad teardown", "retry_interval: 10s\n", "retry_interval: 10s\n  teardown: never\n", `timing.teardown: "never": want timers or instant`},
		{"negative time scale", "retry_interval: 10s\n", "retry_interval: 10s\n  time_scale: -2\n", "timing.time_scale: -2: want a factor"},
		{"negative flaps", "retry_interval: 10s\n", "retry_interval: 10s\n  bgp_flaps: -1\n", "timing.bgp_flaps: must not be negative"},
		{"negative retransmits", "retry_interval: 10s\n", "retry_interval: 10s\n  ike_retransmits: -1\n", "timing.ike_retransmits: must not be negative"},
		{"negative retransmit interval", "retry_interval: 10s\n", "retry_interval: 10s\n  ike_retransmit_interval: -1s\n", "timing.ike_retransmit_interval: must not be negative"},
		{"no cgw without nat", "    public_ip: 203.165.211.85\n    mode: passthrough\n", "    mode: none\n", "aws.customer_gateway_ip: is required when the router is not behind NAT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(base, tt.old) {
				t.Fatalf("seed YAML lacks %q", tt.old)
			}
			_, err := Parse([]byte(strings.Replace(base, tt.old, tt.new, 1)))
			if err == nil {
				t.Fatalf("Parse succeeded, want error containing %q", tt.wantErr)
			}
			if !errors.Is(err, ErrScenario) {
				t.Errorf("error %v does not wrap ErrScenario", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.wantErr) {
				t.Errorf("error %q does not contain %q", msg, tt.wantErr)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("error is not one line: %q", msg)
			}
			for _, secret := range []string{"pq5RW0mMbSxz8k8", "QAElJrXGVeBgHi", "0AElJrXGVeBgHi", "ixpush-admin"} {
				if strings.Contains(msg, secret) {
					t.Errorf("error leaks a secret: %q", msg)
				}
			}
		})
	}
}

func TestParseEmpty(t *testing.T) {
	for _, in := range []string{"", "# nothing\n"} {
		if _, err := Parse([]byte(in)); err == nil || !strings.Contains(err.Error(), "empty document") {
			t.Errorf("Parse(%q) = %v, want empty document error", in, err)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "site.yaml")
	if err := os.WriteFile(good, []byte(seedYAML(t)), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Load(good)
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "seed" {
		t.Errorf("Name = %q", s.Name)
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("name: x\nrouter: {hostname: R1, color: red}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Load(bad)
	want := bad + ": bad scenario: line 2: field color not found in type scenario.Router"
	if err == nil || err.Error() != want {
		t.Errorf("Load(bad) = %v, want %q", err, want)
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml")); !errors.Is(err, ErrScenario) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load(missing) = %v, want ErrScenario wrapping ErrNotExist", err)
	}
}

func TestExampleFile(t *testing.T) {
	s, err := Load("testdata/direct.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got := []any{s.Router.NAT.Mode, s.Router.NAT.Behind(), s.AWS.CustomerGatewayIP, s.AWS.RequiresPFS(), s.AWS.Proposals.Effective().Phase1Encryption, s.Timing.RetryInterval}
	want := []any{NATNone, false, "192.0.2.10", false, []string{"AES256"}, DefaultRetryInterval}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// aws-vpn.md §4: AWS creates no tunnel with a reserved inside /30 and no
// gateway with an Amazon ASN outside its ranges (or the legacy ones, §6), so
// a scenario cannot hold them either.
func TestAWS4_ScenarioHoldsOnlyWhatAWSCreates(t *testing.T) {
	base := seedYAML(t)
	tests := []struct {
		name, old, new, wantErr string // wantErr "" = valid
	}{
		{"reserved inside 169.254.0.0/30", "inside_cidr: 169.254.30.56/30", "inside_cidr: 169.254.0.0/30", "aws.tunnels[1].inside_cidr: 169.254.0.0/30 is reserved by AWS"},
		{"reserved inside 169.254.5.0/30", "inside_cidr: 169.254.30.56/30", "inside_cidr: 169.254.5.0/30", "aws.tunnels[1].inside_cidr: 169.254.5.0/30 is reserved by AWS"},
		{"reserved inside 169.254.169.252/30", "inside_cidr: 169.254.30.56/30", "inside_cidr: 169.254.169.252/30", "aws.tunnels[1].inside_cidr: 169.254.169.252/30 is reserved by AWS"},
		{"inside 169.254.5.4/30", "inside_cidr: 169.254.30.56/30", "inside_cidr: 169.254.5.4/30", ""},
		{"amazon asn below the private range", "amazon_asn: 64512", "amazon_asn: 64511", "aws.amazon_asn: 64511 is not an Amazon ASN"},
		{"amazon asn 65535", "amazon_asn: 64512", "amazon_asn: 65535", "aws.amazon_asn: 65535 is not an Amazon ASN"},
		{"amazon asn 4294967295", "amazon_asn: 64512", "amazon_asn: 4294967295", "aws.amazon_asn: 4294967295 is not an Amazon ASN"},
		{"amazon asn 65534", "amazon_asn: 64512", "amazon_asn: 65534", ""},
		{"amazon asn 4200000000", "amazon_asn: 64512", "amazon_asn: 4200000000", ""},
		{"legacy amazon asn 7224", "amazon_asn: 64512", "amazon_asn: 7224", ""},
		{"legacy amazon asn 10124", "amazon_asn: 64512", "amazon_asn: 10124", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(base, tt.old) {
				t.Fatalf("seed YAML lacks %q", tt.old)
			}
			_, err := Parse([]byte(strings.Replace(base, tt.old, tt.new, 1)))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("Parse: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("Parse error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}
