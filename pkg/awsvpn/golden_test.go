package awsvpn

import (
	"bytes"
	"encoding/json"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ixpush/ixpush/internal/golden"
)

const fixtureDir = "../../fixtures/aws"

// TestGolden parses every AWS fixture with format detection and compares the
// result, as JSON, with the golden file beside it.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(fixtureDir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		ext := filepath.Ext(f)
		if ext != ".txt" && ext != ".xml" && ext != ".yaml" {
			continue
		}
		n++
		t.Run(filepath.Base(f), func(t *testing.T) {
			in, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			c, err := Parse(bytes.NewReader(in), FormatAuto)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			got, err := json.MarshalIndent(c, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden.Check(t, strings.TrimSuffix(f, ext)+".golden.json", got)
			for _, tun := range c.Tunnels {
				if bytes.Contains(got, []byte(tun.PSK.Reveal())) {
					t.Errorf("JSON contains the key of tunnel %s", tun.AWSOutsideIP)
				}
			}
		})
	}
	if n < 6 {
		t.Fatalf("found %d fixtures, want at least 6", n)
	}
}

// essentials is what must come out the same whatever the input format.
type essentials struct {
	CGW           netip.Addr
	Customer, AWS uint32
	Outside       [2]netip.Addr
	Inside        [2]netip.Prefix
	Neighbor      [2]netip.Addr
	PSK           [2]string
	DPD           [2]DPD
	Local, Remote netip.Prefix
}

func essentialsOf(c Connection) essentials {
	e := essentials{CGW: c.CustomerGatewayIP, Customer: c.CustomerASN, AWS: c.AmazonASN, Local: c.LocalNetwork, Remote: c.RemoteNetwork}
	for i, t := range c.Tunnels {
		e.Outside[i], e.Inside[i], e.Neighbor[i], e.PSK[i], e.DPD[i] = t.AWSOutsideIP, t.CustomerInside, t.AWSInside, t.PSK.Reveal(), t.DPD
	}
	return e
}

func parseFile(t *testing.T, name string) Connection {
	t.Helper()
	f, err := os.Open(filepath.Join(fixtureDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := Parse(f, FormatAuto)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return c
}

var netipCmp = cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{})

// TestFormatsAgree: the three readers must agree on the same connection.
func TestFormatsAgree(t *testing.T) {
	want := essentials{
		CGW:      netip.MustParseAddr("203.0.113.10"),
		Customer: 65000, AWS: 64512,
		Outside:  [2]netip.Addr{netip.MustParseAddr("198.51.100.11"), netip.MustParseAddr("198.51.100.22")},
		Inside:   [2]netip.Prefix{netip.MustParsePrefix("169.254.10.2/30"), netip.MustParsePrefix("169.254.20.2/30")},
		Neighbor: [2]netip.Addr{netip.MustParseAddr("169.254.10.1"), netip.MustParseAddr("169.254.20.1")},
		PSK:      [2]string{"EXAMPLE_psk.tunnel1_do_not_use01", "EXAMPLE_psk.tunnel2_do_not_use02"},
		DPD:      [2]DPD{{10, 3}, {10, 3}},
		Local:    anyIPv4, Remote: anyIPv4,
	}
	for _, name := range []string{"example-cisco.txt", "example-cgw.xml", "example.yaml"} {
		if d := cmp.Diff(want, essentialsOf(parseFile(t, name)), netipCmp); d != "" {
			t.Errorf("%s (-want +got):\n%s", name, d)
		}
	}
	// Tunnel order in the XML is not reliable: swapping the tunnels must not
	// change which tunnel is which.
	legacy := essentialsOf(parseFile(t, "legacy-asn-reordered.xml"))
	want.Customer, want.AWS = 65123, 7224
	if d := cmp.Diff(want, legacy, netipCmp); d != "" {
		t.Errorf("legacy-asn-reordered.xml (-want +got):\n%s", d)
	}
	seedC, seedY := essentialsOf(parseFile(t, "seed-cisco.txt")), essentialsOf(parseFile(t, "seed.yaml"))
	seedY.DPD = seedC.DPD // the seed YAML, like the write-up, says nothing about DPD
	if d := cmp.Diff(seedC, seedY, netipCmp); d != "" {
		t.Errorf("seed-cisco.txt vs seed.yaml (-cisco +yaml):\n%s", d)
	}
}
