package showparse

import (
	"fmt"
	"strings"
	"testing"
)

// hubIPsec renders `show ipsec sa` of a hub with n established tunnels, one
// SA each way, in the indented NAT-T layout.
func hubIPsec(n int) string {
	s := IPsecSAs{Configured: n, Created: 2 * n}
	for i := range n {
		sa := func(spi uint32) []IPsecSA {
			return []IPsecSA{{Protocol: "ESP", SPI: spi, Transform: "ESP-AES-256-HMAC-SHA2-256-128", RemainingSeconds: 3000 + i%600}}
		}
		s.Tunnels = append(s.Tunnels, IPsecTunnel{
			Interface: fmt.Sprintf("Tunnel%d.0", i), Map: fmt.Sprintf("ipsec-map%d", i),
			Mode: "Tunnel mode, 4-over-4, autokey-map", UDPEncapsulation: true,
			LocalAddress: "192.168.1.10", LocalPort: 4500,
			RemoteAddress: fmt.Sprintf("10.%d.%d.1", i/256, i%256), RemotePort: 4500,
			OutgoingInterface: "GigaEthernet0.0", InterfaceMTU: 1438, PathMTU: 1500,
			Inbound: sa(0x10000000 + uint32(i)), Outbound: sa(0x20000000 + uint32(i)),
			ReplayDetection: "on", PFS: "2048-bit",
		})
	}
	return "hub(config)# show ipsec sa\r\n" + strings.ReplaceAll(renderIPsec(s), "\n", "\r\n") + "hub(config)# "
}

func TestHubIPsecParses(t *testing.T) {
	s, err := ParseIPsecSAs(strings.NewReader(hubIPsec(2000)))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Tunnels) != 2000 || !s.Tunnels[1999].Up() || s.Tunnels[1999].RemoteAddress != "10.7.207.1" {
		t.Errorf("got %d tunnels, last %+v", len(s.Tunnels), s.Tunnels[len(s.Tunnels)-1])
	}
}

// BenchmarkParseIPsecSAs: target ≤ 20 ms per parse of a 2,000-tunnel hub,
// and bytes allocated growing linearly with the tunnel count.
func BenchmarkParseIPsecSAs(b *testing.B) {
	for _, n := range []int{200, 2000} {
		in := hubIPsec(n)
		b.Run(fmt.Sprintf("tunnels=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				if _, err := ParseIPsecSAs(strings.NewReader(in)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
