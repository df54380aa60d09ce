package plan

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ixpush/ixpush/pkg/showparse"
)

func parseRC(t *testing.T, s string) showparse.RunningConfig {
	t.Helper()
	c, err := showparse.ParseRunningConfig(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestConflicts: each way the router may already use what the plan needs is
// refused with a message naming the object, and no key.
func TestConflicts(t *testing.T) {
	conn := loadConn(t, "example-cgw.xml")
	cases := []struct{ name, running, want string }{
		{"another BGP AS", "router bgp 65001\n  neighbor 10.0.0.1 remote-as 65002\n",
			"router bgp 65001: the router already runs BGP as AS 65001; this connection needs 65000 (IX runs one BGP process)"},
		{"tunnel interface with another address", "interface Tunnel0.0\n  tunnel mode ipsec\n  ip address 10.0.0.1/30\n  no shutdown\n",
			`interface Tunnel0.0: in use for something else: it has "ip address 10.0.0.1/30", the plan needs "ip address 169.254.10.2/30"`},
		{"tunnel interface bound to another map", "interface Tunnel1.0\n  ipsec policy tunnel corp-map out\n",
			`interface Tunnel1.0: in use for something else: it has "ipsec policy tunnel corp-map out", the plan needs "ipsec policy tunnel aws-ipsec-map2 df-bit ignore pre-fragment out"`},
		{"tunnel interface in GRE mode", "interface Tunnel0.0\n  tunnel mode gre\n",
			`interface Tunnel0.0: in use for something else: it has "tunnel mode gre", the plan needs "tunnel mode ipsec"`},
		{"ike policy name taken", "ike policy aws-ike-policy1 peer 192.0.2.1 key Secret12345 corp-prop\n",
			"ike policy aws-ike-policy1: exists with different content (pick other object names with --name-prefix)"},
		{"ike policy with another key (AWS changed it)", "ike proposal aws-ike-prop encryption aes hash sha group 1024-bit\nike policy aws-ike-policy1 peer 198.51.100.11 key Secret12345 aws-ike-prop\n",
			"ike policy aws-ike-policy1: has another pre-shared key for the AWS endpoint 198.51.100.11 (was the tunnel's key changed? ixpush does not replace keys: change it by hand or remove the policy)"},
		{"ike proposal name taken", "ike proposal aws-ike-prop encryption 3des hash md5 group 1024-bit\n",
			"ike proposal aws-ike-prop: exists with different content (pick other object names with --name-prefix)"},
		{"ipsec proposal name taken", "ipsec autokey-proposal aws-ipsec-prop esp-3des esp-md5\n",
			"ipsec autokey-proposal aws-ipsec-prop: exists with different content (pick other object names with --name-prefix)"},
		{"autokey-map name taken", "ipsec autokey-map aws-ipsec-map2 corp-list peer 192.0.2.1 corp-prop\n",
			"ipsec autokey-map aws-ipsec-map2: exists with different content (pick other object names with --name-prefix)"},
		{"ACL with other rules", "ip access-list aws-sec-list permit ip src 10.0.0.0/8 dest any\n",
			"ip access-list aws-sec-list: exists with other rules (pick other object names with --name-prefix)"},
		{"tunnel address on another interface", "interface Tunnel7.0\n  tunnel mode ipsec\n  ip address 169.254.20.2/30\n  no shutdown\n",
			"interface Tunnel7.0: has 169.254.20.2/30, which overlaps 169.254.20.2/30 that the plan needs for Tunnel1.0"},
		{"AWS endpoint in another ike policy", "ike proposal p encryption aes hash sha group 1024-bit\nike policy old-policy peer 198.51.100.22 key Secret12345 p\n",
			"ike policy old-policy: already negotiates with the AWS endpoint 198.51.100.22 (the plan needs it for ike policy aws-ike-policy2)"},
		{"proxy id left on the plan's map", "ipsec local-id aws-ipsec-map1 192.168.2.0/24\n",
			"ipsec local-id aws-ipsec-map1: limits aws-ipsec-map1 to 192.168.2.0/24, but the connection's selectors are 0.0.0.0/0 ↔ 0.0.0.0/0 (remove it with no ipsec local-id aws-ipsec-map1 192.168.2.0/24, or pick other object names with --name-prefix)"},
		{"remote proxy id left on the plan's map", "ipsec remote-id aws-ipsec-map2 172.31.0.0/16\n",
			"ipsec remote-id aws-ipsec-map2: limits aws-ipsec-map2 to 172.31.0.0/16, but the connection's selectors are 0.0.0.0/0 ↔ 0.0.0.0/0 (remove it with no ipsec remote-id aws-ipsec-map2 172.31.0.0/16, or pick other object names with --name-prefix)"},
		{"another interface bound to the plan's map", "interface Tunnel9.0\n  tunnel mode ipsec\n  ipsec policy tunnel aws-ipsec-map2 out\n",
			"interface Tunnel9.0: is bound to ipsec autokey-map aws-ipsec-map2, which the plan needs for Tunnel1.0"},
		{"AWS endpoint in another autokey-map", "ipsec autokey-map old-map old-list peer 198.51.100.11 old-prop\n",
			"ipsec autokey-map old-map: already protects traffic to the AWS endpoint 198.51.100.11 (the plan needs it for ipsec autokey-map aws-ipsec-map1)"},
		{"neighbour with another AS", "router bgp 65000\n  neighbor 169.254.20.1 remote-as 65100\n",
			`router bgp 65000: in use for something else: it has "neighbor 169.254.20.1 remote-as 65100", the plan needs "neighbor 169.254.20.1 remote-as 64512"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(conn, parseRC(t, tc.running), WithLAN(lan))
			if !errors.Is(err, ErrConflict) {
				t.Fatalf("err = %v, want ErrConflict", err)
			}
			if d := cmp.Diff(tc.want, err.Error()); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
			if strings.Contains(err.Error(), "Secret12345") || strings.Contains(err.Error(), "EXAMPLE_psk") {
				t.Errorf("error holds a key: %v", err)
			}
		})
	}
}

// TestPartialRouter: what a half-configured router gets, line by line.
func TestPartialRouter(t *testing.T) {
	conn := loadConn(t, "example-cgw.xml")
	running := `hostname R1
ike keepalive aws-ike-policy1 30 5
interface Tunnel0.0
  no ip address
  ip tcp adjust-mss 1379
  shutdown
!
router bgp 65000
  neighbor 169.254.10.1 remote-as 64512
  neighbor 169.254.10.1 timers 30 90
  address-family ipv4 unicast
    network 10.0.0.0/8
!
`
	p, err := New(conn, parseRC(t, running), WithLAN(lan), WithNAT(NATOff), WithCrypto(CryptoStrong))
	if err != nil {
		t.Fatal(err)
	}
	wantCmds := []string{
		"ike proposal aws-ike-prop encryption aes-256 hash sha2-256 group 2048-bit",
		"ike policy aws-ike-policy1 peer 198.51.100.11 key EXAMPLE_psk.tunnel1_do_not_use01 aws-ike-prop",
		"ike policy aws-ike-policy2 peer 198.51.100.22 key EXAMPLE_psk.tunnel2_do_not_use02 aws-ike-prop",
		"ike keepalive aws-ike-policy1 10 3",
		"ike keepalive aws-ike-policy2 10 3",
		"ip access-list aws-sec-list permit ip src any dest any",
		"ipsec autokey-proposal aws-ipsec-prop esp-aes-256 esp-sha2-256 lifetime time 3600",
		"ipsec autokey-map aws-ipsec-map1 aws-sec-list peer 198.51.100.11 aws-ipsec-prop pfs 2048-bit",
		"ipsec autokey-map aws-ipsec-map2 aws-sec-list peer 198.51.100.22 aws-ipsec-prop pfs 2048-bit",
		"interface Tunnel0.0",
		"  tunnel mode ipsec",
		"  ip address 169.254.10.2/30",
		"  ip tcp adjust-mss auto",
		"  ipsec policy tunnel aws-ipsec-map1 df-bit ignore pre-fragment out",
		"  no shutdown",
		"interface Tunnel1.0",
		"  tunnel mode ipsec",
		"  ip address 169.254.20.2/30",
		"  ip tcp adjust-mss auto",
		"  ipsec policy tunnel aws-ipsec-map2 df-bit ignore pre-fragment out",
		"  no shutdown",
		"router bgp 65000",
		"  neighbor 169.254.10.1 timers 10 30",
		"  neighbor 169.254.20.1 remote-as 64512",
		"  neighbor 169.254.20.1 timers 10 30",
		"  address-family ipv4 unicast",
		"    network 192.168.2.0/24",
	}
	wantRollback := []string{
		"no interface Tunnel1.0",
		"interface Tunnel0.0",
		"  shutdown",
		"  no ipsec policy tunnel",
		"  ip tcp adjust-mss 1379",
		"  no ip address",
		"  no tunnel mode",
		"router bgp 65000",
		"  no neighbor 169.254.20.1",
		"  neighbor 169.254.10.1 timers 30 90",
		"  address-family ipv4 unicast",
		"    no network 192.168.2.0/24",
		"no ipsec autokey-map aws-ipsec-map2",
		"no ipsec autokey-map aws-ipsec-map1",
		"no ipsec autokey-proposal aws-ipsec-prop",
		"no ike keepalive aws-ike-policy2",
		"ike keepalive aws-ike-policy1 30 5",
		"no ike policy aws-ike-policy2",
		"no ike policy aws-ike-policy1",
		"no ike proposal aws-ike-prop",
		"no ip access-list aws-sec-list permit ip src any dest any",
	}
	if d := cmp.Diff(wantCmds, p.Commands); d != "" {
		t.Errorf("commands (-want +got):\n%s", d)
	}
	if d := cmp.Diff(wantRollback, p.Rollback); d != "" {
		t.Errorf("rollback (-want +got):\n%s", d)
	}
	wantTouched := []string{"ike proposal aws-ike-prop", "ike policy aws-ike-policy1", "ike policy aws-ike-policy2",
		"ike keepalive aws-ike-policy1", "ike keepalive aws-ike-policy2", "ip access-list aws-sec-list",
		"ipsec autokey-proposal aws-ipsec-prop", "ipsec autokey-map aws-ipsec-map1", "ipsec autokey-map aws-ipsec-map2",
		"interface Tunnel0.0", "interface Tunnel1.0", "router bgp 65000"}
	if d := cmp.Diff(wantTouched, p.Touched()); d != "" {
		t.Errorf("Touched (-want +got):\n%s", d)
	}
}

// TestAdvertisedQuota: AWS takes at most 100 prefixes from a customer
// gateway, and the IX advertises every `network` of its one BGP process to
// the AWS neighbours, so the networks the router already has count too.
func TestAdvertisedQuota(t *testing.T) {
	conn := loadConn(t, "example-cgw.xml")
	running := func(n int, extra ...string) showparse.RunningConfig {
		var b strings.Builder
		b.WriteString("router bgp 65000\n  neighbor 10.255.0.1 remote-as 65010\n  address-family ipv4 unicast\n")
		for i := range n {
			fmt.Fprintf(&b, "    network 10.%d.0.0/16\n", i)
		}
		for _, e := range extra {
			b.WriteString("    " + e + "\n")
		}
		return parseRC(t, b.String())
	}
	cases := []struct {
		name  string
		prior showparse.RunningConfig
		want  string
	}{
		{"99 there plus one", running(99), ""},
		{"100 there, the LAN among them", running(99, "network "+lan.String()), ""},
		{"100 there plus one", running(100),
			"router bgp 65000: would advertise 101 prefixes to AWS (100 already in the BGP process, 1 from the plan); AWS accepts at most 100 from a customer gateway"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(conn, tc.prior, WithLAN(lan))
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, ErrConflict) {
				t.Fatalf("err = %v, want ErrConflict", err)
			}
			if d := cmp.Diff(tc.want, err.Error()); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}
