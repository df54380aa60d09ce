package showparse

import "testing"

// TestUpHelpers pins the one definition of each layer being up.
func TestUpHelpers(t *testing.T) {
	esp := []IPsecSA{{Protocol: "ESP", SPI: 1, Transform: "esp-aes"}}
	ah := []IPsecSA{{Protocol: "AH", SPI: 2, Transform: "ah-sha"}}
	for _, tt := range []struct {
		name string
		got  bool
		want bool
	}{
		{"IKE established", IKESA{State: IKEEstablished}.Established(), true},
		{"IKE negotiating", IKESA{State: "negotiating"}.Established(), false},
		{"BGP established", BGPNeighbor{State: BGPEstablished}.Established(), true},
		{"BGP active", BGPNeighbor{State: BGPActive}.Established(), false},
		{"IPsec ESP both ways", IPsecTunnel{Inbound: esp, Outbound: esp}.Up(), true},
		{"IPsec ESP in only", IPsecTunnel{Inbound: esp, Outbound: []IPsecSA{}}.Up(), false},
		{"IPsec AH out", IPsecTunnel{Inbound: esp, Outbound: ah}.Up(), false},
		{"IPsec lower-case esp", IPsecTunnel{Inbound: []IPsecSA{{Protocol: "esp"}}, Outbound: esp}.Up(), true},
	} {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	if n := ESP(append(append([]IPsecSA{}, esp...), ah...)); n != 1 {
		t.Errorf("ESP counts %d SAs of one ESP and one AH", n)
	}
	sas := IPsecSAs{Tunnels: []IPsecTunnel{{Interface: "Tunnel0.0"}, {Interface: "Tunnel1.0", Map: "m2"}}}
	if tu := sas.Tunnel("Tunnel1.0"); tu == nil || tu.Map != "m2" {
		t.Errorf("Tunnel = %+v", tu)
	}
	if tu := sas.Tunnel("Tunnel9.0"); tu != nil {
		t.Errorf("Tunnel of an absent interface = %+v", tu)
	}
	s := BGPSummary{Neighbors: []BGPNeighbor{{Address: "169.254.30.57", State: BGPIdle}}}
	if n := s.Neighbor("169.254.30.57"); n == nil || n.State != BGPIdle {
		t.Errorf("Neighbor = %+v", n)
	}
	if n := s.Neighbor("192.0.2.1"); n != nil {
		t.Errorf("Neighbor of an absent address = %+v", n)
	}
}
