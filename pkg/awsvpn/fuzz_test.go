package awsvpn

import (
	"bytes"
	"strings"
	"testing"
)

// checkResult holds for every successful parse, whatever the input: the
// values that reach the router are valid and safe to type.
func checkResult(t *testing.T, c Connection, err error) {
	t.Helper()
	if err != nil {
		if strings.ContainsAny(err.Error(), "\r\n") {
			t.Fatalf("multi-line error %q", err)
		}
		return
	}
	// plan.New runs Check on every connection: what Parse accepts passes.
	if err := c.Check(); err != nil {
		t.Fatalf("Parse accepted a connection Check refuses: %v", err)
	}
	if c.Tunnels[0].AWSOutsideIP.Compare(c.Tunnels[1].AWSOutsideIP) >= 0 {
		t.Fatalf("tunnels not sorted/distinct: %v %v", c.Tunnels[0].AWSOutsideIP, c.Tunnels[1].AWSOutsideIP)
	}
	if c.CustomerASN == c.AmazonASN || !amazonASNAllowed(c.AmazonASN) {
		t.Fatalf("bad ASNs %d %d", c.CustomerASN, c.AmazonASN)
	}
	for _, tun := range c.Tunnels {
		if !pskRE.MatchString(tun.PSK.Reveal()) || tun.PSK.Reveal()[0] == '0' {
			t.Fatalf("tunnel %s: invalid key accepted", tun.AWSOutsideIP)
		}
		if tun.CustomerInside.Bits() != 30 || tun.AWSInside.Next() != tun.CustomerInside.Addr() || !linkLocal.Contains(tun.AWSInside) {
			t.Fatalf("tunnel %s: bad inside %v %v", tun.AWSOutsideIP, tun.CustomerInside, tun.AWSInside)
		}
	}
}

func addSeeds(f *testing.F, names ...string) {
	for _, n := range names {
		f.Add([]byte(fixture(&testing.T{}, n)))
	}
	f.Add([]byte{})
}

func FuzzParseCisco(f *testing.F) {
	addSeeds(f, "example-cisco.txt", "seed-cisco.txt")
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseCisco(bytes.NewReader(b))
		checkResult(t, c, err)
	})
}

func FuzzParseXML(f *testing.F) {
	addSeeds(f, "example-cgw.xml", "legacy-asn-reordered.xml")
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseXML(bytes.NewReader(b))
		checkResult(t, c, err)
	})
}

func FuzzParseYAML(f *testing.F) {
	addSeeds(f, "example.yaml", "seed.yaml")
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseYAML(bytes.NewReader(b))
		checkResult(t, c, err)
	})
}

func FuzzParse(f *testing.F) {
	addSeeds(f, "example.yaml", "example-cgw.xml", "example-cisco.txt")
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := Parse(bytes.NewReader(b), FormatAuto)
		checkResult(t, c, err)
	})
}
