package plan

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// TestHandBuiltConnection: a Connection that did not come from awsvpn.Parse
// is checked again before any of its values is put into a line to type; a
// key with a line break must never reach `ike policy ... key`.
func TestHandBuiltConnection(t *testing.T) {
	good := loadConn(t, "example-cgw.xml")
	cases := []struct {
		name string
		edit func(c *awsvpn.Connection)
		want string
	}{
		{"zero connection", func(c *awsvpn.Connection) { *c = awsvpn.Connection{} },
			"connection not validated by awsvpn.Parse: customer gateway IP: missing or not IPv4"},
		{"key with a line break", func(c *awsvpn.Connection) { c.Tunnels[0].PSK = awsvpn.NewSecret("abcdefgh\nwrite memory") },
			"connection not validated by awsvpn.Parse: tunnel 198.51.100.11: pre-shared key: contains a line break (it would inject CLI input)"},
		{"key with ?", func(c *awsvpn.Connection) { c.Tunnels[1].PSK = awsvpn.NewSecret("abcdefgh?") },
			"connection not validated by awsvpn.Parse: tunnel 198.51.100.22: pre-shared key: contains '?' (it would inject CLI input)"},
		{"no key", func(c *awsvpn.Connection) { c.Tunnels[1].PSK = awsvpn.Secret{} },
			"connection not validated by awsvpn.Parse: tunnel 198.51.100.22: pre-shared key: missing (truncated file?)"},
		{"no AWS outside IP", func(c *awsvpn.Connection) { c.Tunnels[1].AWSOutsideIP = netip.Addr{} },
			"connection not validated by awsvpn.Parse: tunnel #2: AWS outside IP: missing or not IPv4"},
		{"same AWS outside IP", func(c *awsvpn.Connection) { c.Tunnels[1].AWSOutsideIP = c.Tunnels[0].AWSOutsideIP },
			"connection not validated by awsvpn.Parse: tunnel 198.51.100.11: AWS outside IP: both tunnels use the same AWS outside IP"},
		{"inside not a /30", func(c *awsvpn.Connection) { c.Tunnels[0].CustomerInside = netip.MustParsePrefix("169.254.10.2/29") },
			"connection not validated by awsvpn.Parse: tunnel 198.51.100.11: customer inside address: 169.254.10.2/29 is not a /30"},
		{"reserved inside", func(c *awsvpn.Connection) {
			c.Tunnels[0].CustomerInside, c.Tunnels[0].AWSInside = netip.MustParsePrefix("169.254.169.254/30"), netip.MustParseAddr("169.254.169.253")
		}, "connection not validated by awsvpn.Parse: tunnel 198.51.100.11: customer inside address: 169.254.169.252/30 is reserved by AWS"},
		{"neighbor not network+1", func(c *awsvpn.Connection) { c.Tunnels[1].AWSInside = netip.MustParseAddr("169.254.20.3") },
			"connection not validated by awsvpn.Parse: tunnel 198.51.100.22: AWS inside address (BGP neighbor): 169.254.20.3 is not the first address of 169.254.20.0/30 (169.254.20.1)"},
		{"same /30", func(c *awsvpn.Connection) {
			c.Tunnels[1].CustomerInside, c.Tunnels[1].AWSInside = c.Tunnels[0].CustomerInside, c.Tunnels[0].AWSInside
		},
			"connection not validated by awsvpn.Parse: tunnel 198.51.100.22: inside CIDR: 169.254.10.0/30 is used by both tunnels"},
		{"no customer ASN", func(c *awsvpn.Connection) { c.CustomerASN = 0 },
			"connection not validated by awsvpn.Parse: customer ASN: missing"},
		{"Amazon ASN not AWS's", func(c *awsvpn.Connection) { c.AmazonASN = 65535 },
			"connection not validated by awsvpn.Parse: Amazon ASN: 65535 is not an ASN AWS assigns (64512–65534, 4200000000–4294967294, or legacy 7224/9059/10124/17493)"},
		{"ASNs equal", func(c *awsvpn.Connection) { c.CustomerASN = c.AmazonASN },
			"connection not validated by awsvpn.Parse: customer ASN: 64512 equals the Amazon ASN"},
		{"hold time", func(c *awsvpn.Connection) { c.HoldTime = 2 },
			"connection not validated by awsvpn.Parse: BGP hold time: 2 is not 0 (AWS's 30) or 3–65535"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := good
			c.Tunnels = good.Tunnels // array: a copy
			tc.edit(&c)
			p, err := New(c, showparse.RunningConfig{}, WithLAN(lan))
			if err == nil {
				t.Fatalf("New succeeded; commands:\n%s", strings.Join(p.Commands, "\n"))
			}
			if !errors.Is(err, awsvpn.ErrInvalid) {
				t.Errorf("err %v does not wrap awsvpn.ErrInvalid", err)
			}
			if d := cmp.Diff(tc.want, err.Error()); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
			if strings.Contains(err.Error(), "abcdefgh") {
				t.Errorf("error shows the key: %v", err)
			}
		})
	}
	if _, err := New(good, showparse.RunningConfig{}, WithLAN(lan)); err != nil {
		t.Errorf("the parsed connection: %v", err)
	}
}
