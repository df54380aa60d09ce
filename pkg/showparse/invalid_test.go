package showparse

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func readFixture(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(fixturesDir + "/" + dir + "/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

type invalidCase struct {
	name    string
	in      string
	wantErr string // substring of the error
}

// TestInvalid feeds each parser input that is not its command's output: each
// must return an error wrapping ErrParse that names the problem, and a zero
// value rather than a partial result.
func TestInvalid(t *testing.T) {
	ike := readFixture(t, "show-ike-sa", "seed.txt")
	ipsec := readFixture(t, "show-ipsec-sa", "seed.txt")
	bgp := readFixture(t, "show-ip-bgp", "seed.txt")
	route := readFixture(t, "show-ip-route", "seed.txt")
	summary := readFixture(t, "show-ip-bgp-summary", "idle-active.txt")
	aligned := readFixture(t, "show-ip-bgp", "aligned-two-paths.txt")
	ifUp := strings.TrimSuffix(readFixture(t, "show-interfaces", "tunnel-up.txt"), "R10# \n")

	// Keyed by registry kind.
	tests := map[string][]invalidCase{
		"ike-sa": {
			{"empty", "", "empty input"},
			{"only prompts", "R10(config)# show ike sa\r\nR10(config)# ", "empty input"},
			{"other command", ipsec, `line 2 "IPsec SA - 2 configured, 4 created": expected "ISAKMP SA`},
			{"device error", "R10# show ike sa\n% ike -- Invalid command.\nR10# ", `line 2 "% ike -- Invalid command."`},
			{"bad counts", "ISAKMP SA - x configured, 2 created\n", "line 1"},
			{"line before block", "ISAKMP SA - 1 configured, 1 created\nState is established\n", `line 2 "State is established": expected "Local address is`},
			{"unknown line", strings.Replace(ike, "Direction is initiator", "Flux capacitor is on", 1), `line 6 "Flux capacitor is on": not a show ike sa line`},
			{"repeated line", strings.Replace(ike, "Direction is initiator", "State is established", 1), "line 10 \"State is established\": repeated"},
			{"bad port", strings.Replace(ike, "port is 500", "port is 70000", 1), "line 3"},
			{"bad address", strings.Replace(ike, "34.217.232.61", "34.217.232", 1), "line 4"},
			{"bad lifetime", strings.Replace(ike, "28382 seconds", "soon", 1), "line 14"},
			{"bad counter", strings.Replace(ike, "#ph1 success: 1, #ph1 failure: 0", "#ph1 success: 1, #ph1 failure: -1", 1), "line 15"},
			{"counter missing a field", strings.Replace(ike, "#ph1 success: 1, #ph1 failure: 0", "#ph1 success: 1", 1), "line 15"},
			{"bad cookie", strings.Replace(ike, "0x6b8f5d5e57ba6061", "0xzz", 1), "line 7"},
			{"truncated block", strings.Join(strings.Split(ike, "\n")[:24], "\n"), `line 19 "Local address is 192.168.1.10, port is 500": SA block lacks`},
			{"prompt then more output", ike + "BGP table version is 7\n", `line 35 "R10(config)#": not a show ike sa line`},
			{"trailing garbage", strings.TrimSuffix(ike, "R10(config)#\nR10(config)#\nR10(config)#\n") + "BGP table version is 7\n", `line 35 "BGP table version is 7"`},
		},
		"ipsec-sa": {
			{"empty", "\r\n", "empty input"},
			{"other command", ike, `line 2 "ISAKMP SA`},
			{"SA outside section", strings.Replace(ipsec, "Inbound:\n", "", 1), "line 10 \"ESP, SPI is 0xd9e8216f(3655868783)\": SA outside"},
			{"transform without SA", strings.Replace(ipsec, "ESP, SPI is 0xd9e8216f(3655868783)\n", "", 1), "line 11 \"Transform is"},
			{"repeated section", strings.Replace(ipsec, "Outbound:", "Inbound:", 1), "line 15 \"Inbound:\": repeated"},
			{"SPI disagrees", strings.Replace(ipsec, "(3655868783)", "(3655868784)", 1), "line 11"},
			{"SPI too big", strings.Replace(ipsec, "0xd9e8216f(3655868783)", "0x1d9e8216f", 1), "line 11"},
			{"unknown line", strings.Replace(ipsec, "Outgoing interface is GigaEthernet0.0", "Outgoing ifc GigaEthernet0.0", 1), "line 8 \"Outgoing ifc GigaEthernet0.0\": not a show ipsec sa line"},
			{"missing remote", strings.Replace(ipsec, "Remote address is 34.217.232.61\n", "", 1), `line 3 "Interface is Tunnel0.0": tunnel block lacks`},
			{"SA without transform", strings.Join(strings.Split(ipsec, "\n")[:11], "\n"), `line 3 "Interface is Tunnel0.0": tunnel block has an SA without a Transform`},
			{"repeated MTU", strings.Replace(ipsec, "Outgoing interface is GigaEthernet0.0", "Interface MTU is 1, path MTU is 2", 1), "line 9"},
			{"bad mode", strings.Replace(ipsec, "Tunnel mode, 4-over-4", "Tunnel moded, 4-over-4", 1), "line 5"},
		},
		"bgp": {
			{"empty", "", "empty input"},
			{"route table", route, `line 2 "IP Routing Table`},
			{"not running", "R10# show ip bgp\n% BGP is not running\n", "line 2"},
			{"no local AS", strings.Replace(bgp, "Local AS number 65000\n", "", 1), "line 7"},
			{"route before header", strings.Replace(bgp, "Network Next Hop Metric LocPrf Path\n", "", 1), "line 7"},
			{"bad origin", strings.Replace(bgp, "64512 i", "64512 x", 1), `line 8 "*> 172.31.0.0/16 169.254.123.133 100 64512 x": route line does not end in an origin`},
			{"bad prefix", strings.Replace(bgp, "172.31.0.0/16", "172.31.0.0/33", 1), "line 8"},
			{"word among numbers", strings.Replace(bgp, "100 64512", "100 {64512,64513}", 1), "line 8"},
			{"no total", strings.Replace(bgp, "Total number of prefixes 2\n", "", 1), "truncated"},
			{"text after total", strings.Replace(bgp, "Total number of prefixes 2\n", "Total number of prefixes 2\nfoo\n", 1), `line 11 "foo"`},
			{"local route too many numbers", strings.Replace(bgp, "0.0.0.0 1 i", "0.0.0.0 1 2 3 i", 1), "line 9"},
			{"aligned two in one column", strings.Replace(aligned, "       100        64512 i\r\n*  ", "    99 100        64512 i\r\n*  ", 1), "line 9"},
			{"wrapped line ends", strings.Replace(bgp, "*> 192.168.2.0/24 0.0.0.0 1 i\nTotal", "*> 192.168.2.0/24\nTotal", 1), "line 10"},
			{"continuation without route", strings.Replace(bgp, "*> 172.31.0.0/16 ", "* ", 1), "line 8"},
		},
		"bgp-summary": {
			{"empty", "", "empty input"},
			{"bgp table", bgp, `line 2 "BGP table version is 7`},
			{"unknown state", strings.Replace(summary, "IDLE", "Idle(Admin)", 1), `line 6 " 169.254.30.57   4    64512       0       0     never         Idle(Admin)": unknown BGP state`},
			{"prefix count as state", strings.Replace(summary, "ACTIVE", "3", 1), "line 7"},
			{"missing column", strings.Replace(summary, "never  ", "", 1), "line 6"},
			{"total mismatch", strings.Replace(summary, "neighbors 3", "neighbors 4", 1), "line 10"},
			{"no total", strings.Replace(summary, "Total number of neighbors 3\n", "", 1), "truncated"},
			{"bad AS", strings.Replace(summary, "64512       0       0", "AS64512       0       0", 1), "line 6"},
			{"row before header", strings.Replace(summary, "Neighbor         V", "Neighbour        V", 1), "line 5"},
		},
		"route": {
			{"empty", "", "empty input"},
			{"device error", "R10(config)# sow ip route\n% sow -- Invalid command.\n", `line 2 "% sow -- Invalid command."`},
			{"bgp table", bgp, "line 2"},
			{"bad age", strings.Replace(route, "0:22:57", "0:99:00", 1), "line 9"},
			{"bad unit age", strings.Replace(route, "0:22:57", "5x3h", 1), "line 9"},
			{"bad distance", strings.Replace(route, "[1/1]", "[x/1]", 1), "line 9"},
			{"missing age", strings.Replace(route, ", 0:22:57", "", 1), "line 9"},
			{"bad next hop", strings.Replace(route, "via 192.168.1.1", "via nowhere", 1), "line 9"},
			{"unknown line", strings.Replace(route, "Timers: Age", "Timers: Expiry", 1), `line 8 "Timers: Expiry"`},
			{"legend among routes", strings.TrimSuffix(route, "R10(config)#\n") + "* - Candidate default, s - Summary\n", "line 16"},
			{"bad header", strings.Replace(route, "6 entries", "six entries", 1), "line 2"},
		},
		"interfaces": {
			{"empty", "", "empty input"},
			{"device error", "R10# show interfaces Tunnel7.0\n% Tunnel7.0 -- Invalid command.\n", `line 2 "% Tunnel7.0 -- Invalid command."`},
			{"other command", route, `line 2 "IP Routing Table`},
			{"detail before header", "  Interface MTU is 1438\nInterface Tunnel0.0 is up\n", "line 1"},
			{"bad state", strings.Replace(ifUp, "is up", "is sideways", 1), "line 2"},
			{"bad MTU", strings.Replace(ifUp, "MTU is 1438", "MTU is big", 1), `line 4 "  Interface MTU is big": bad MTU`},
			{"bad address", strings.Replace(ifUp, "169.254.123.134/30", "169.254.123.134", 1), "line 5"},
			{"bad tunnel source", strings.Replace(ifUp, ", destination 34.217.232.61", "", 1), "line 8"},
			{"listed twice", ifUp + "Interface Tunnel0.0 is down\n", "listed twice"},
		},
		"version": {
			{"empty", "", "empty input"},
			{"other command", route, `line 2 "IP Routing Table - 6 entries, 1 hidden, 2041 frees": no "IX Series`},
			{"bad uptime", strings.Replace(readFixture(t, "show-version", "qiita-ix2215.txt"), "45 minutes", "45 fortnights", 1), "line 6"},
			{"repeated version line", "IX Series IX2215 (m) Software, Version 1, RELEASE SOFTWARE\nIX Series IX2215 (m) Software, Version 1, RELEASE SOFTWARE\n", "line 2"},
		},
	}
	for kind, cases := range tests {
		show, ok := Lookup(kind)
		if !ok {
			t.Errorf("no registry entry for kind %s", kind)
			continue
		}
		for _, c := range cases {
			t.Run(kind+"/"+c.name, func(t *testing.T) {
				v, err := show.ParseAny(strings.NewReader(c.in))
				if err == nil {
					t.Fatalf("no error; got %+v", v)
				}
				if !errors.Is(err, ErrParse) {
					t.Errorf("error %v does not wrap ErrParse", err)
				}
				if !strings.Contains(err.Error(), c.wantErr) {
					t.Errorf("error %q does not contain %q", err, c.wantErr)
				}
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("error spans lines: %q", err)
				}
				zero := reflect.Zero(reflect.TypeOf(v)).Interface()
				if diff := cmp.Diff(zero, v); diff != "" {
					t.Errorf("partial result on error (-zero +got):\n%s", diff)
				}
			})
		}
	}
}
