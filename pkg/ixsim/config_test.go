package ixsim

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

func readLines(t testing.TB, name string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

func golden(t testing.TB, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
	}
}

// seedConfigured is a router with the seed's final configuration typed in.
func seedConfigured(t testing.TB, opts ...Option) (*Sim, *cli) {
	t.Helper()
	s := newTestSim(t, opts...)
	c := testSession(s)
	if out := c.typeLines(append([]string{"configure"}, readLines(t, "seed-final.txt")...)...); len(out) != 1 {
		t.Fatalf("typing the seed configuration printed %q", out)
	}
	return s, c
}

func TestSeedFinalConfiguration(t *testing.T) {
	s, _ := seedConfigured(t)
	golden(t, "seed-final.running.txt", s.body())
	if !strings.HasPrefix(s.RunningConfig(), "! NEC Portable Internetwork Core Operating System Software\n"+
		"! IX Series IX2015 (magellan-sec) Software, Version 10.7.18, RELEASE SOFTWARE\n"+
		"! Compiled Oct 25-Tue-2022 12:37:13 JST #2\n"+
		"! Current time May 26-Sun-2024 16:08:00 JST\n!\nhostname R10\n") {
		t.Errorf("running-config header:\n%s", s.RunningConfig())
	}
}

// The rendered configuration is valid input: booting it gives it back.
func TestRunningConfigBootsToItself(t *testing.T) {
	s, _ := seedConfigured(t)
	s2 := newTestSim(t)
	if err := s2.boot(s.RunningConfig()); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(s.body(), s2.body()); diff != "" {
		t.Errorf("(-typed +booted):\n%s", diff)
	}
}

type change struct {
	Out     []string
	Removed []string
	Added   []string
}

func diffLines(before, after string) (removed, added []string) {
	count := map[string]int{}
	for _, l := range strings.Split(after, "\n") {
		count[l]++
	}
	for _, l := range strings.Split(before, "\n") {
		if count[l] > 0 {
			count[l]--
			continue
		}
		removed = append(removed, l)
	}
	count = map[string]int{}
	for _, l := range strings.Split(before, "\n") {
		count[l]++
	}
	for _, l := range strings.Split(after, "\n") {
		if count[l] > 0 {
			count[l]--
			continue
		}
		added = append(added, l)
	}
	return removed, added
}

// TestConfigChanges types commands into the seed's configured router (in
// global config mode) and compares the output and the running-config lines
// removed and added.
func TestConfigChanges(t *testing.T) {
	refused := func(line string) change { return change{Out: []string{line}} }
	tests := []changeCase{
		{"overwrite ike proposal", []string{"ike proposal ike-prop encryption aes-256 hash sha2-256 group 2048-bit lifetime 28800"}, change{
			Removed: []string{"ike proposal ike-prop encryption aes hash sha group 1024-bit"},
			Added:   []string{"ike proposal ike-prop encryption aes-256 hash sha2-256 group 2048-bit lifetime 28800"},
		}},
		{"abbreviated keywords store full words", []string{"ike prop p2 enc aes-2 ha sha2-5 gr 2048 life 3600"}, change{
			Added: []string{"ike proposal p2 encryption aes-256 hash sha2-512 group 2048-bit lifetime 3600"},
		}},
		{"overwrite ike policy key", []string{"ike policy ike-policy1 peer 34.217.232.61 key NEWKEY ike-prop"}, change{
			Removed: []string{"ike policy ike-policy1 peer 34.217.232.61 key pq5RW0mMbSxz8k8.ZRY2T3C82D9GX8_z ike-prop"},
			Added:   []string{"ike policy ike-policy1 peer 34.217.232.61 key NEWKEY ike-prop"},
		}},
		{"ike keepalive, nat-traversal, local-id", []string{"ike keepalive ike-policy1 10 3", "ike nat-traversal", "ike local-id ike-policy1 fqdn r10.example"}, change{
			Added: []string{"ike keepalive ike-policy1 10 3", "ike nat-traversal", "ike local-id ike-policy1 fqdn r10.example"},
		}},
		{"per-policy nat-traversal", []string{"ike nat-traversal policy ike-policy2 20"}, change{
			Added: []string{"ike nat-traversal policy ike-policy2 20"},
		}},
		{"no ike keepalive", []string{"ike keepalive ike-policy1 10 3", "no ike keepalive ike-policy1"}, change{}},
		{"proxy ids", []string{"ipsec local-id ipsec-map1 192.168.2.0/24", "ipsec remote-id ipsec-map1 172.31.0.0/16"}, change{
			Added: []string{"ipsec local-id ipsec-map1 192.168.2.0/24", "ipsec remote-id ipsec-map1 172.31.0.0/16"},
		}},
		{"no proxy id", []string{"ipsec local-id ipsec-map1 192.168.2.0/24", "no ipsec local-id ipsec-map1 192.168.2.0/24"}, change{}},
		{"no of a missing object is silent", []string{"no ike keepalive ike-policy1", "no ipsec remote-id ipsec-map2 10.0.0.0/8"}, change{}},
		{"no interface", []string{"no interface Tunnel1.0"}, change{
			Removed: []string{"interface Tunnel1.0", "  tunnel mode ipsec", "  ip address 169.254.30.58/30", "  ip tcp adjust-mss auto",
				"  ipsec policy tunnel ipsec-map2 df-bit ignore pre-fragment out", "  no shutdown", "!"},
		}},
		{"interface sub-commands and no forms", []string{"interface Tunnel0.0", "no ip tcp adjust-mss", "ip tcp adjust-mss 1387", "shutdown", "no ipsec policy tunnel", "ipsec policy tunnel ipsec-map1 out"}, change{
			Removed: []string{"  ipsec policy tunnel ipsec-map1 df-bit ignore pre-fragment out", "  ip tcp adjust-mss auto", "  no shutdown"},
			Added:   []string{"  ip tcp adjust-mss 1387", "  ipsec policy tunnel ipsec-map1 out", "  shutdown"},
		}},
		{"no ip address", []string{"interface Tunnel1.0", "no ip address"}, change{Removed: []string{"  ip address 169.254.30.58/30"}}},
		{"bgp no neighbor", []string{"router bgp 65000", "no neighbor 169.254.30.57"}, change{
			Removed: []string{"  neighbor 169.254.30.57 remote-as 64512", "  neighbor 169.254.30.57 timers 10 30"},
		}},
		{"bgp no timers", []string{"router bgp 65000", "no neighbor 169.254.30.57 timers"}, change{
			Removed: []string{"  neighbor 169.254.30.57 timers 10 30"},
		}},
		{"bgp network", []string{"router bgp 65000", "address-family ipv4 unicast", "network 10.1.0.0/16", "no network 192.168.2.0/24"}, change{
			Removed: []string{"    network 192.168.2.0/24"}, Added: []string{"    network 10.1.0.0/16"},
		}},
		{"no router bgp", []string{"no router bgp 65000"}, change{
			Removed: []string{"router bgp 65000", "  neighbor 169.254.123.133 remote-as 64512", "  neighbor 169.254.123.133 timers 10 30",
				"  neighbor 169.254.30.57 remote-as 64512", "  neighbor 169.254.30.57 timers 10 30", "  address-family ipv4 unicast", "    network 192.168.2.0/24"},
		}},
		{"hostname", []string{"hostname R11"}, change{Removed: []string{"hostname R10"}, Added: []string{"hostname R11"}}},
		{"static route", []string{"ip route 10.0.0.0/8 192.168.2.254", "no ip route 0.0.0.0/0"}, change{
			Removed: []string{"ip route default 192.168.1.1"}, Added: []string{"ip route 10.0.0.0/8 192.168.2.254"},
		}},
		{"acl rule", []string{"ip access-list other permit ip src 192.168.2.0/24 dest any", "no ip access-list other"}, change{}},

		// A default host name has no line in real dumps (the IX2215 capture).
		{"no hostname", []string{"no hostname"}, change{Removed: []string{"hostname R10"}}},
		{"no nat-traversal", []string{"ike nat-traversal", "ike nat-traversal policy ike-policy1", "no ike nat-traversal", "no ike nat-traversal policy ike-policy1"}, change{}},
		{"no local-id", []string{"ike local-id ike-policy2 keyid abc", "no ike local-id ike-policy2"}, change{}},
		{"no tunnel mode", []string{"interface Tunnel0.0", "no tunnel mode"}, change{Removed: []string{"  tunnel mode ipsec"}}},
		{"neighbor remote-as overwrite", []string{"router bgp 65000", "neighbor 169.254.30.57 remote-as 64513"}, change{
			Removed: []string{"  neighbor 169.254.30.57 remote-as 64512"}, Added: []string{"  neighbor 169.254.30.57 remote-as 64513"},
		}},
		{"no address-family", []string{"router bgp 65000", "no address-family ipv4 unicast"}, change{
			Removed: []string{"  address-family ipv4 unicast", "    network 192.168.2.0/24"},
		}},
		{"delete policy with nat-traversal", []string{"ike nat-traversal policy ike-policy2", "no ike policy ike-policy2"}, change{
			Out: []string{"% ike policy ike-policy2 is in use by ike nat-traversal policy ike-policy2."}, Added: []string{"ike nat-traversal policy ike-policy2"},
		}},
		{"delete policy with local-id", []string{"ike local-id ike-policy2 fqdn x", "no ike policy ike-policy2"}, change{
			Out: []string{"% ike policy ike-policy2 is in use by ike local-id ike-policy2."}, Added: []string{"ike local-id ike-policy2 fqdn x"},
		}},
		{"delete map with proxy id", []string{"interface Tunnel0.0", "no ipsec policy tunnel", "ipsec remote-id ipsec-map1 172.31.0.0/16", "no ipsec autokey-map ipsec-map1"}, change{
			Out:     []string{"% ipsec autokey-map ipsec-map1 is in use by ipsec remote-id 172.31.0.0/16."},
			Removed: []string{"  ipsec policy tunnel ipsec-map1 df-bit ignore pre-fragment out"},
			Added:   []string{"ipsec remote-id ipsec-map1 172.31.0.0/16"},
		}},
		{"hostname too long", []string{"hostname " + strings.Repeat("r", 64)}, refused("% " + strings.Repeat("r", 64) + " -- Invalid command.")},
		{"hostname with a bad character", []string{"hostname r/10"}, refused("% r/10 -- Invalid command.")},

		// Refusals change nothing.
		{"unknown word", []string{"sow ip route"}, refused("% sow -- Invalid command.")},
		{"ambiguous", []string{"i"}, refused("% i -- Ambiguous command.")},
		{"incomplete", []string{"ike proposal p3 encryption aes"}, refused("% Expects a subcommand or item selection.")},
		{"bad ip", []string{"ike policy p peer 34.217.232.610 key k ike-prop"}, refused("% 34.217.232.610 -- Invalid command.")},
		{"leading zero ip", []string{"ike policy p peer 034.217.232.61 key k ike-prop"}, refused("% 034.217.232.61 -- Invalid command.")},
		{"bad prefix length", []string{"interface Tunnel0.0", "ip address 169.254.123.134/33"}, refused("% 169.254.123.134/33 -- Invalid command.")},
		{"host bits in network", []string{"router bgp 65000", "address-family ipv4 unicast", "network 192.168.2.1/24"}, refused("% 192.168.2.1/24 -- Invalid command.")},
		{"unknown algorithm", []string{"ike proposal p3 encryption aes-512 hash sha group 1024-bit"}, refused("% aes-512 -- Invalid command.")},
		{"guessed algorithm needs option", []string{"ike proposal p3 encryption aes-192 hash sha group 1024-bit"}, refused("% aes-192 -- Invalid command.")},
		{"unknown esp keyword", []string{"ipsec autokey-proposal p esp-gcm esp-sha"}, refused("% esp-gcm -- Invalid command.")},
		// References resolve late (ix-cli.md §11): accepted as typed.
		{"undefined ike proposal", []string{"ike policy p peer 1.2.3.4 key k nope"}, change{Added: []string{"ike policy p peer 1.2.3.4 key k nope"}}},
		{"undefined acl", []string{"ipsec autokey-map m nope peer 1.2.3.4 ipsec-prop"}, change{Added: []string{"ipsec autokey-map m nope peer 1.2.3.4 ipsec-prop"}}},
		{"undefined ipsec proposal", []string{"ipsec autokey-map m sec-list peer 1.2.3.4 nope"}, change{Added: []string{"ipsec autokey-map m sec-list peer 1.2.3.4 nope"}}},
		{"undefined map in tunnel", []string{"interface Tunnel0.0", "ipsec policy tunnel nope out"}, change{
			Removed: []string{"  ipsec policy tunnel ipsec-map1 df-bit ignore pre-fragment out"}, Added: []string{"  ipsec policy tunnel nope out"},
		}},
		{"undefined policy for keepalive", []string{"ike keepalive nope 10 3"}, change{Added: []string{"ike keepalive nope 10 3"}}},
		{"delete referenced ike proposal", []string{"no ike proposal ike-prop"}, refused("% ike proposal ike-prop is in use by ike policy ike-policy1.")},
		{"delete referenced ipsec proposal", []string{"no ipsec autokey-proposal ipsec-prop"}, refused("% ipsec autokey-proposal ipsec-prop is in use by ipsec autokey-map ipsec-map1.")},
		{"delete referenced map", []string{"no ipsec autokey-map ipsec-map1"}, refused("% ipsec autokey-map ipsec-map1 is in use by interface Tunnel0.0.")},
		{"delete referenced acl", []string{"no ip access-list sec-list"}, refused("% ip access-list sec-list is in use by ipsec autokey-map ipsec-map1.")},
		{"delete policy with keepalive", []string{"ike keepalive ike-policy1 10 3", "no ike policy ike-policy1"}, change{
			Out: []string{"% ike policy ike-policy1 is in use by ike keepalive ike-policy1."}, Added: []string{"ike keepalive ike-policy1 10 3"},
		}},
		{"duplicate /30", []string{"interface Tunnel1.0", "ip address 169.254.123.133/30"}, refused("% 169.254.123.133/30 overlaps with Tunnel0.0.")},
		{"second AS", []string{"router bgp 65001"}, refused("% BGP is already running with AS 65000.")},
		{"timers before remote-as", []string{"router bgp 65000", "neighbor 10.0.0.1 timers 10 30"}, refused("% Neighbor 10.0.0.1 is not configured.")},
		{"no physical interface removal", []string{"no interface GigaEthernet0.0"}, refused("% GigaEthernet0.0 -- Invalid command.")},
		{"missing port", []string{"interface GigaEthernet7.0"}, refused("% GigaEthernet7.0 -- Invalid command.")},
		{"tunnel command on ethernet", []string{"interface GigaEthernet2.0", "tunnel mode ipsec"}, refused("% tunnel -- Invalid command.")},
		{"activate is Cisco", []string{"router bgp 65000", "neighbor 169.254.123.133 activate"}, refused("% activate -- Invalid command.")},
		{"three timers are Cisco", []string{"router bgp 65000", "neighbor 169.254.123.133 timers 10 30 30"}, refused("% 30 -- Invalid command.")},
		{"network outside address-family", []string{"router bgp 65000", "network 10.0.0.0/8"}, refused("% network -- Invalid command.")},
		{"end is absent", []string{"end"}, refused("% end -- Invalid command.")},
		{"mss out of range", []string{"interface Tunnel0.0", "ip tcp adjust-mss 9000"}, refused("% 9000 -- Invalid command.")},
	}
	checkChanges(t, tests)
}

func TestGuessedKeywordsOption(t *testing.T) {
	_, c := seedConfigured(t, WithGuessedKeywords())
	if out := c.typeLines("ike proposal p3 encryption aes-192 hash sha2-384 group 4096-bit", "ike local-id ike-policy1 address 192.168.1.10"); len(out) != 0 {
		t.Errorf("refused: %q", out)
	}
}

// TestStrictReferencesOption: the simulator's old refusal of references to
// undefined objects, a line no IX capture shows.
func TestStrictReferencesOption(t *testing.T) {
	for _, tc := range []struct {
		lines []string
		want  string
	}{
		{[]string{"ike policy p peer 1.2.3.4 key k nope"}, "% ike proposal nope is not defined."},
		{[]string{"ipsec autokey-map m nope peer 1.2.3.4 ipsec-prop"}, "% ip access-list nope is not defined."},
		{[]string{"ipsec autokey-map m sec-list peer 1.2.3.4 nope"}, "% ipsec autokey-proposal nope is not defined."},
		{[]string{"interface Tunnel0.0", "ipsec policy tunnel nope out"}, "% ipsec autokey-map nope is not defined."},
		{[]string{"ike keepalive nope 10 3"}, "% ike policy nope is not defined."},
	} {
		s, c := seedConfigured(t, WithStrictReferences())
		before := s.body()
		if out := c.typeLines(tc.lines...); !slices.Equal(out, []string{tc.want}) || s.body() != before {
			t.Errorf("%q: printed %q (config changed: %v), want %q", tc.lines, out, s.body() != before, tc.want)
		}
	}
}

func TestLenientReferencesOption(t *testing.T) {
	_, c := seedConfigured(t, WithLenientReferences())
	if out := c.typeLines("ike policy p peer 1.2.3.4 key k nope", "no ike proposal ike-prop"); len(out) != 0 {
		t.Errorf("refused: %q", out)
	}
}

func TestBootedSeedIsStartup(t *testing.T) {
	s := newTestSim(t)
	if s.unsaved() {
		t.Error("a freshly booted router reports unsaved changes")
	}
	_, startBody, _ := strings.Cut(s.StartupConfig(), "!\nhostname")
	_, runBody, _ := strings.Cut(s.RunningConfig(), "!\nhostname")
	if startBody == "" || startBody != runBody {
		t.Errorf("startup-config differs from running-config at boot:\n%s", cmp.Diff(runBody, startBody))
	}
}

// TestStartupPreamble: show startup-config starts with the storage line
// (its byte count is the text below it) and carries `! Last updated`, the
// time of the last save, where running-config has `! Current time`
// (ix-cli.md §11, the IX2215 10.11.6 capture); WithPlainStartup drops both.
func TestStartupPreamble(t *testing.T) {
	now := time.Date(2026, 3, 28, 8, 41, 58, 0, time.UTC)
	s := newTestSim(t, WithClock(func() time.Time { return now }))
	booted := jstStamp(now)
	check := func(when string) {
		t.Helper()
		text := s.StartupConfig()
		first, rest, _ := strings.Cut(text, "\n\n")
		if want := fmt.Sprintf("Using %d out of 1048576 bytes", len(rest)); first != want {
			t.Errorf("first line %q, want %q", first, want)
		}
		if !strings.Contains(rest, "\n! Last updated "+when+"\n!\nhostname ") || strings.Contains(rest, "Current time") {
			t.Errorf("header:\n%s", rest)
		}
	}
	check(booted)
	now = now.Add(time.Hour)
	check(booted) // only a save moves it
	s.save()
	check(jstStamp(now))
	plain := newTestSim(t, WithPlainStartup())
	if got, want := plain.StartupConfig(), plain.RunningConfig(); got != want {
		t.Errorf("WithPlainStartup:\n%s", cmp.Diff(want, got))
	}
}

func TestCommandsRecordsEveryLine(t *testing.T) {
	s := newTestSim(t)
	for _, l := range []string{"configure", "", "! note", "hostname R2"} {
		s.record(l)
	}
	if diff := cmp.Diff([]string{"configure", "", "! note", "hostname R2"}, s.Commands()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// §1 login banner, years per firmware [C CONBU-M]: 8.9.17B boots with
// "2001-2013" there; 9.x (compiled 2017) and 10.x (PR3408's 2022) follow
// their compile years.
func TestC1_LoginBannerYearPerFirmware(t *testing.T) {
	for fw, want := range map[string]string{"8.9.17B": "2001-2013", "9.7.12": "2001-2017", "10.7.18": "2001-2022"} {
		s := newTestSim(t)
		sc := *s.sc
		sc.Router.Firmware = fw
		s.sc = &sc
		if got := s.banner()[2]; !strings.Contains(got, want) {
			t.Errorf("firmware %s: %q", fw, got)
		}
	}
}

func TestShowInterfaces(t *testing.T) {
	_, c := seedConfigured(t)
	all := c.typeLines("show interfaces")
	if len(all) == 0 || !strings.HasPrefix(all[0], "Interface GigaEthernet0.0") {
		t.Errorf("show interfaces: %q", all)
	}
	if got := c.typeLines("show interfaces Tunnel7.0"); !cmp.Equal(got, []string{"% Tunnel7.0 -- Invalid command."}) {
		t.Errorf("unknown interface: %q", got)
	}
}

// Removing what the seed configuration added, in the §6 rollback order,
// gives back exactly the configuration the router booted with.
func TestRollbackOrderRestoresBoot(t *testing.T) {
	s, c := seedConfigured(t)
	out := c.typeLines("no interface Tunnel0.0", "no interface Tunnel1.0", "no router bgp 65000",
		"no ipsec autokey-map ipsec-map1", "no ipsec autokey-map ipsec-map2", "no ipsec autokey-proposal ipsec-prop",
		"no ike policy ike-policy1", "no ike policy ike-policy2", "no ike proposal ike-prop", "no ip access-list sec-list")
	if len(out) != 0 {
		t.Errorf("refused: %q", out)
	}
	if diff := cmp.Diff(s.startup, s.body()); diff != "" {
		t.Errorf("(-boot +after rollback):\n%s", diff)
	}
}

// §7: `ike policy NAME peer PEER-IP key PSK [mode aggressive] PROPOSAL`; main
// mode is the absence of `mode`, so `mode main` is not a form the IX is
// known to take.
func TestC7_IKEPolicyModeIsAggressiveOnly(t *testing.T) {
	_, c := seedConfigured(t)
	got := c.typeLines(
		"ike policy p3 peer 34.217.232.61 key k mode main ike-prop",
		"ike policy p4 peer 34.217.232.61 key k mode aggressive ike-prop",
	)
	want := []string{"% main -- Invalid command."}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// §8.7 header / §8.6: a lettered firmware (8.9.17B) is a MAINTENANCE
// RELEASE, the header's second line says so like show version's.
func TestC8_7_RunningConfigHeaderReleaseKind(t *testing.T) {
	for fw, want := range map[string]string{
		"8.9.17B": "! IX Series IX2015 (magellan-sec) Software, Version 8.9.17B, MAINTENANCE RELEASE SOFTWARE",
		"10.7.18": "! IX Series IX2015 (magellan-sec) Software, Version 10.7.18, RELEASE SOFTWARE",
	} {
		s := newTestSim(t)
		sc := *s.sc
		sc.Router.Firmware = fw
		s.sc = &sc
		if got := strings.Split(s.RunningConfig(), "\n")[1]; got != want {
			t.Errorf("firmware %s: %q, want %q", fw, got, want)
		}
	}
}

// changeCase is lines typed into the configured seed router and what they
// print and change in running-config.
type changeCase struct {
	name  string
	lines []string
	want  change
}

func checkChanges(t *testing.T, tests []changeCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c := seedConfigured(t)
			before := s.body()
			var got change
			got.Out = c.typeLines(tt.lines...)
			got.Removed, got.Added = diffLines(before, s.body())
			if diff := cmp.Diff(tt.want, got, cmp.Comparer(func(a, b []string) bool {
				return strings.Join(a, "\n") == strings.Join(b, "\n")
			})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
