package plan

import (
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ixpush/ixpush/internal/golden"
	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/showparse"
)

const (
	awsDir  = "../../fixtures/aws"
	planDir = "../../fixtures/plan"
	ixDir   = "../../fixtures/ix"
)

func loadConn(t testing.TB, name string) awsvpn.Connection {
	t.Helper()
	f, err := os.Open(filepath.Join(awsDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := awsvpn.Parse(f, awsvpn.FormatAuto)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return c
}

func loadRunning(t testing.TB, path string) showparse.RunningConfig {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := showparse.ParseRunningConfig(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return c
}

// report is what a golden holds: the text output plus the warnings.
func report(p *Plan) string {
	var b strings.Builder
	b.WriteString(p.String())
	for _, w := range p.Warnings {
		b.WriteString("! warning: " + w + "\n")
	}
	return b.String()
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join(planDir, name), got)
}

var (
	lan   = netip.MustParsePrefix("192.168.2.0/24")
	vpc   = netip.MustParsePrefix("172.31.0.0/16")
	wanIP = netip.MustParseAddr("192.168.1.10")
)

// TestGoldenMatrix: every input × crypto profile × NAT mode on an empty
// router. The router sits behind NAT (WAN 192.168.1.10), so auto means on.
func TestGoldenMatrix(t *testing.T) {
	for _, in := range []string{"example-cisco.txt", "example-cgw.xml", "example.yaml"} {
		conn := loadConn(t, in)
		for _, cr := range []Crypto{CryptoAWSDefault, CryptoStrong} {
			for _, nat := range []NATMode{NATAuto, NATOn, NATOff} {
				name := strings.ReplaceAll(in, ".", "-") + "." + string(cr) + ".nat-" + string(nat) + ".txt"
				t.Run(name, func(t *testing.T) {
					p, err := New(conn, showparse.RunningConfig{}, WithLAN(lan), WithVPC(vpc), WithWANIP(wanIP), WithCrypto(cr), WithNAT(nat))
					if err != nil {
						t.Fatal(err)
					}
					checkGolden(t, name, []byte(report(p)))
				})
			}
		}
	}
}

// TestGoldenLegacy: legacy Amazon ASN, non-default customer ASN, reordered
// XML, strong crypto, a fixed MSS, two LAN prefixes, no NAT.
func TestGoldenLegacy(t *testing.T) {
	p, err := New(loadConn(t, "legacy-asn-reordered.xml"), showparse.RunningConfig{},
		WithLAN(lan, netip.MustParsePrefix("10.20.0.0/16")), WithVPC(vpc), WithCrypto(CryptoStrong),
		WithMSS(1379), WithTunnelInterfaces("Tunnel10.0", "Tunnel11.0"), WithNamePrefix("vpn7-"), WithDPD(15, 5))
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "legacy-asn-reordered.strong.txt", []byte(report(p)))
}

// TestGoldenJSON: the whole plan as data, against the seed's own router.
func TestGoldenJSON(t *testing.T) {
	prior := loadRunning(t, filepath.Join(ixDir, "show-running-config/indented.txt"))
	p, err := New(loadConn(t, "seed.yaml"), prior, WithLAN(lan), WithVPC(vpc), WithWANIP(wanIP), WithNamePrefix(""))
	if err != nil {
		t.Fatal(err)
	}
	b, err := jsonIndent(p)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "seed-on-seed-router.json", b)
	for _, k := range []string{"pq5RW0mMbSxz8k8", "QAElJrXGVeBgHi"} {
		if strings.Contains(string(b), k) {
			t.Errorf("JSON holds a key")
		}
	}
}

// TestGoldenSeed: the seed's own values, as the seed configured them (NAT-T
// and DPD off, the seed's object names) and with ixpush's defaults.
func TestGoldenSeed(t *testing.T) {
	conn := loadConn(t, "seed-cisco.txt")
	cases := map[string][]Option{
		"seed.nat-off.dpd-off.seed-names.txt": {WithNAT(NATOff), WithoutDPD(), WithNamePrefix("")},
		"seed.defaults.txt":                   nil,
	}
	for name, opts := range cases {
		t.Run(name, func(t *testing.T) {
			p, err := New(conn, showparse.RunningConfig{}, append([]Option{WithLAN(lan), WithVPC(vpc), WithWANIP(wanIP)}, opts...)...)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, name, []byte(report(p)))
		})
	}
}
