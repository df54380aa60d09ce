package plan

import (
	"net/netip"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// baseRouter is a router with its LAN and WAN set up and no VPN.
const baseRouter = `hostname R10
timezone +09 00
ip route default 192.168.1.1
interface GigaEthernet0.0
  ip address 192.168.1.10/24
  no shutdown
interface GigaEthernet1.0
  ip address 192.168.2.1/24
  no shutdown
`

// TestGoldenRunningDiff: the text a dry run shows against a router that
// has a configuration ends with the unified diff of its running-config.
func TestGoldenRunningDiff(t *testing.T) {
	conn := loadConn(t, "seed-cisco.txt")
	base, err := showparse.ParseRunningConfig(strings.NewReader(baseRouter))
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct {
		prior showparse.RunningConfig
		opts  []Option
	}{
		// The seed's VPN is there; a second LAN is added to it.
		"diff.seed-add-lan.txt": {loadRunning(t, filepath.Join(ixDir, "show-running-config", "indented.txt")),
			[]Option{WithLAN(lan, netip.MustParsePrefix("192.168.3.0/24")), WithNamePrefix(""), WithNAT(NATOff), WithoutDPD()}},
		"diff.base-router.txt": {base, []Option{WithLAN(lan)}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			p, err := New(conn, c.prior, append([]Option{WithVPC(vpc), WithWANIP(wanIP)}, c.opts...)...)
			if err != nil {
				t.Fatal(err)
			}
			got := report(p)
			if strings.Contains(got, "pq5RW0mMbSxz8k8") || strings.Contains(got, "QAElJrXGVeBgHi") {
				t.Fatal("a key in clear")
			}
			checkGolden(t, name, []byte(got))
		})
	}
}

func TestUnified(t *testing.T) {
	tests := []struct {
		name string
		a, b string // lines separated by spaces
		want []string
	}{
		{"equal", "a b c", "a b c", nil},
		{"add to empty", "", "x y", []string{"--- A", "+++ B", "@@ -0,0 +1,2 @@", "+x", "+y"}},
		{"remove all", "x y", "", []string{"--- A", "+++ B", "@@ -1,2 +0,0 @@", "-x", "-y"}},
		{"change in the middle", "1 2 3 4 5 6 7 8 9", "1 2 3 4 X 6 7 8 9",
			[]string{"--- A", "+++ B", "@@ -2,7 +2,7 @@", " 2", " 3", " 4", "-5", "+X", " 6", " 7", " 8"}},
		{"two hunks", "1 2 3 4 5 6 7 8 9 10 11 12", "A 2 3 4 5 6 7 8 9 10 11 B",
			[]string{"--- A", "+++ B", "@@ -1,4 +1,4 @@", "-1", "+A", " 2", " 3", " 4", "@@ -9,4 +9,4 @@", " 9", " 10", " 11", "-12", "+B"}},
		{"close changes share a hunk", "1 2 3 4 5 6 7 8", "A 2 3 4 5 6 7 B",
			[]string{"--- A", "+++ B", "@@ -1,8 +1,8 @@", "-1", "+A", " 2", " 3", " 4", " 5", " 6", " 7", "-8", "+B"}},
		{"append", "1 2 3 4 5", "1 2 3 4 5 6",
			[]string{"--- A", "+++ B", "@@ -3,3 +3,4 @@", " 3", " 4", " 5", "+6"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := unified("A", "B", strings.Fields(tt.a), strings.Fields(tt.b))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// A middle too large for the table is shown removed and added whole.
func TestUnifiedLarge(t *testing.T) {
	var a, b []string
	for i := range 3000 {
		a = append(a, "a"+strings.Repeat("x", i%7))
		b = append(b, "b"+strings.Repeat("y", i%5))
	}
	got := unified("A", "B", a, b)
	if len(got) != 2+1+6000 || got[2] != "@@ -1,3000 +1,3000 @@" {
		t.Errorf("%d lines, header %q", len(got), got[2])
	}
}
