package plan

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// TestTunnelsForMatchesNew: verify's expectation (TunnelsFor) and the
// configuration apply pushes (New) assign the interfaces alike.
func TestTunnelsForMatchesNew(t *testing.T) {
	conn := loadConn(t, "example-cgw.xml")
	for name, opts := range map[string][]Option{
		"defaults":    nil,
		"interfaces":  {WithTunnelInterfaces("Tunnel7.0", "Tunnel3.0")},
		"name prefix": {WithNamePrefix("")},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := TunnelsFor(conn, opts...)
			if err != nil {
				t.Fatal(err)
			}
			p, err := New(conn, showparse.RunningConfig{}, append(opts, WithLAN(lan))...)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(p.Connection.Tunnels, got, cmp.Comparer(equalTunnel)); d != "" {
				t.Errorf("(-New +TunnelsFor):\n%s", d)
			}
		})
	}
}

func equalTunnel(a, b TunnelPlan) bool {
	return a.AWSOutsideIP == b.AWSOutsideIP && a.Interface == b.Interface && a.CustomerInside == b.CustomerInside &&
		a.AWSInside == b.AWSInside && a.BGPNeighbor == b.BGPNeighbor && a.AmazonASN == b.AmazonASN &&
		a.IKEPolicy == b.IKEPolicy && a.IPsecMap == b.IPsecMap && a.PSK.Reveal() == b.PSK.Reveal()
}

// TestTunnelsForOrder: the first interface goes to the lower AWS outside IP,
// whatever order the connection lists its tunnels in.
func TestTunnelsForOrder(t *testing.T) {
	conn := loadConn(t, "example-cgw.xml")
	swapped := conn
	swapped.Tunnels[0], swapped.Tunnels[1] = conn.Tunnels[1], conn.Tunnels[0]
	for _, c := range []awsvpn.Connection{conn, swapped} {
		got, err := TunnelsFor(c, WithTunnelInterfaces("Tunnel0.0", "Tunnel1.0"))
		if err != nil {
			t.Fatal(err)
		}
		if got[0].Interface != "Tunnel0.0" || got[0].AWSOutsideIP.Compare(got[1].AWSOutsideIP) >= 0 {
			t.Errorf("Tunnel0.0 carries %s, Tunnel1.0 %s: want the lower address first", got[0].AWSOutsideIP, got[1].AWSOutsideIP)
		}
	}
}

func TestTunnelsForRejects(t *testing.T) {
	conn := loadConn(t, "example-cgw.xml")
	if _, err := TunnelsFor(conn, WithTunnelInterfaces("Tunnel0.0", "Tunnel0.0")); !errors.Is(err, ErrInvalid) {
		t.Errorf("same interface twice: %v, want ErrInvalid", err)
	}
	if _, err := TunnelsFor(awsvpn.Connection{}); !errors.Is(err, awsvpn.ErrInvalid) {
		t.Errorf("zero connection: %v, want awsvpn.ErrInvalid", err)
	}
}
