package peer

import (
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

func TestAge(t *testing.T) {
	for _, tc := range []struct {
		d           time.Duration
		age, upDown string
	}{
		{0, "0:00:00", "00:00:00"},
		{-time.Second, "0:00:00", "00:00:00"},
		{22*time.Minute + 57*time.Second + 900*time.Millisecond, "0:22:57", "00:22:57"},
		{23*time.Hour + 59*time.Minute + 59*time.Second, "23:59:59", "23:59:59"},
		{24 * time.Hour, "1d0h0m0s", "1d0h0m0s"},
		{5*24*time.Hour + 5*time.Hour + 10*time.Minute + 6*time.Second, "5d5h10m6s", "5d5h10m6s"},
	} {
		if got := age(tc.d); got != tc.age {
			t.Errorf("age(%v) = %q, want %q", tc.d, got, tc.age)
		}
		if got := upDown(tc.d); got != tc.upDown {
			t.Errorf("upDown(%v) = %q, want %q", tc.d, got, tc.upDown)
		}
	}
}

func TestClassful(t *testing.T) {
	for in, want := range map[string]string{
		"10.2.11.0/24":       "10.0.0.0/8",
		"169.254.123.132/30": "169.254.0.0/16",
		"172.31.0.0/16":      "172.31.0.0/16",
		"192.168.1.0/24":     "192.168.1.0/24",
		"192.168.1.128/25":   "192.168.1.0/24",
		"0.0.0.0/0":          "0.0.0.0/0",
		"172.16.0.0/12":      "172.16.0.0/12",
	} {
		if got := classful(netip.MustParsePrefix(in)).String(); got != want {
			t.Errorf("classful(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestCompareIfName(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		less bool
	}{
		{"Tunnel2.0", "Tunnel10.0", true},
		{"Tunnel10.0", "Tunnel2.0", false},
		{"Tunnel1.0", "Tunnel1.1", true},
		{"GigaEthernet1:1.0", "GigaEthernet1:2.0", true},
	} {
		if got := compareIfName(tc.a, tc.b) < 0; got != tc.less {
			t.Errorf("compareIfName(%s, %s) < 0 = %v", tc.a, tc.b, got)
		}
	}
}

// §8.4 (NOTOKEN): the neighbour table's header and row, column for column
// as captured.
func TestR8_4_BGPSummaryColumnsAsCaptured(t *testing.T) {
	want := []string{
		"Neighbor         V    AS    MsgRcvd MsgSent Up/DownTime   State",
		" 10.255.255.2    4    65002   1       1     00:01:00      ESTABLISHED",
	}
	got := []string{bgpSummaryHeader, bgpSummaryRow(netip.MustParseAddr("10.255.255.2"), 65002, 1, 1, "00:01:00", "ESTABLISHED")}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d:\n got %q\nwant %q", i, got[i], want[i])
		}
	}
}

// §8.6: "8.9.17B, MAINTENANCE RELEASE SOFTWARE" also seen; CONBU-M's
// 8.9.17B and 9.6.12A boot image files are ix2105-ms-8.9.17.b.ldc and
// ix2105-ms-9.6.12.a.ldc, while QIITA's 10.7.18 is a RELEASE.
func TestC8_6_ShowVersionReleaseKind(t *testing.T) {
	for _, tc := range []struct{ fw, release, image string }{
		{"8.9.17B", "Version 8.9.17B, MAINTENANCE RELEASE SOFTWARE", `System image file is "ix2105-ms-8.9.17.b.ldc"`},
		{"9.6.12A", "Version 9.6.12A, MAINTENANCE RELEASE SOFTWARE", `System image file is "ix2105-ms-9.6.12.a.ldc"`},
		{"10.7.18", "Version 10.7.18, RELEASE SOFTWARE", `System image file is "ix2105-ms-10.7.18.ldc"`},
	} {
		sc := seedScenario(t, func(sc *scenario.Scenario) { sc.Router.Model, sc.Router.Firmware = "IX2105", tc.fw })
		out, err := New(sc).Render("show version", t0, Indented)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"IX Series IX2105 (magellan-sec) Software, " + tc.release + "\n", tc.image + "\n"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: no %q in\n%s", tc.fw, want, out)
			}
		}
	}
}
