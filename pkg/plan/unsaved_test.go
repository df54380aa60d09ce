package plan

import (
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ixpush/ixpush/pkg/showparse"
)

func TestUnsavedOutside(t *testing.T) {
	startup := "hostname R10\n!\ninterface GigaEthernet0.0\n  ip address 192.168.1.10/24\n  no shutdown\n!\n" +
		"interface Tunnel0.0\n  ip address 169.254.123.134/30\n!\nip route 0.0.0.0/0 192.168.1.1\n!\n"
	managed := []string{"interface Tunnel0.0", "router bgp 65000"}
	tests := []struct {
		name    string
		running string
		want    []string
	}{
		{"same", startup, nil},
		{"only managed sections differ",
			startup + "router bgp 65000\n  neighbor 169.254.123.133 remote-as 64512\n!\n", nil},
		{"a route added",
			startup + "ip route 10.9.9.0/24 192.168.1.1\n!\n", []string{"+ ip route 10.9.9.0/24 192.168.1.1"}},
		{"a route removed",
			"hostname R10\n!\ninterface GigaEthernet0.0\n  ip address 192.168.1.10/24\n  no shutdown\n!\ninterface Tunnel0.0\n  ip address 169.254.123.134/30\n!\n",
			[]string{"- ip route 0.0.0.0/0 192.168.1.1"}},
		{"a sub-mode line changed, with its entry line",
			"hostname R10\n!\ninterface GigaEthernet0.0\n  ip address 192.168.1.11/24\n  no shutdown\n!\ninterface Tunnel0.0\n  ip address 169.254.123.134/30\n!\nip route 0.0.0.0/0 192.168.1.1\n!\n",
			[]string{"  interface GigaEthernet0.0", "-   ip address 192.168.1.10/24", "+   ip address 192.168.1.11/24"}},
		{"a key, masked",
			startup + "ike policy other peer 198.51.100.7 key Half.Typed_Key prop\n!\n",
			[]string{"+ ike policy other peer 198.51.100.7 key ******** prop"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := UnsavedOutside(parseRC(t, tt.running), parseRC(t, startup), managed)
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("UnsavedOutside (-want +got):\n%s", d)
			}
		})
	}
}

func TestDifferingSections(t *testing.T) {
	a := parseRC(t, "interface Tunnel0.0\n  ip address 169.254.123.134/30\n!\nrouter bgp 65000\n  neighbor 169.254.123.133 remote-as 64512\n!\n")
	b := parseRC(t, "interface Tunnel0.0\n  ip address 169.254.123.134/30\n  shutdown\n!\n")
	got := DifferingSections(a, b, []string{"interface Tunnel0.0", "router bgp 65000", "ike proposal p"})
	if d := cmp.Diff([]string{"router bgp 65000"}, got); d != "" {
		t.Errorf("DifferingSections (-want +got):\n%s", d)
	}
}

func TestSavedIn(t *testing.T) {
	prior := parseRC(t, "hostname R10\n!\ninterface GigaEthernet0.0\n  ip address 192.168.1.10/24\n  no shutdown\n!\n")
	p, err := New(loadConn(t, "seed-cisco.txt"), prior, WithLAN(netip.MustParsePrefix("192.168.2.0/24")))
	if err != nil {
		t.Fatal(err)
	}
	applied, err := ApplyLines(prior, p.Commands)
	if err != nil {
		t.Fatal(err)
	}
	// Half the change: the first top-level object only.
	half, err := ApplyLines(prior, p.Commands[:1])
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name             string
		running, startup showparse.RunningConfig
		want             bool
	}{
		{"saved: startup holds what running runs", applied, applied, true},
		{"not saved: startup is the old config", applied, prior, false},
		{"not saved: startup holds half", applied, half, false},
		{"reloaded since: running no longer runs the plan", prior, prior, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.SavedIn(tt.running, tt.startup); got != tt.want {
				t.Errorf("SavedIn = %v, want %v", got, tt.want)
			}
		})
	}
}
