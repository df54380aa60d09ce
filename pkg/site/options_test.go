package site

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/showparse"
)

func exampleConnection(t *testing.T) awsvpn.Connection {
	t.Helper()
	f, err := os.Open("../../fixtures/aws/example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	conn, err := awsvpn.Parse(f, awsvpn.FormatAuto)
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

// TestPlanOptions plans the example connection with each site field set and
// compares what the planner made of it.
func TestPlanOptions(t *testing.T) {
	conn := exampleConnection(t)
	empty := ""
	tests := []struct {
		name string
		site Site
		want func(*plan.Plan) any
		val  any
	}{
		{"dpd", Site{Plan: Plan{DPD: "20,5"}}, func(p *plan.Plan) any { return p.Connection.DPD }, &plan.DPD{Interval: 20, Retries: 5}},
		{"dpd off", Site{Plan: Plan{DPD: "off"}}, func(p *plan.Plan) any { return p.Connection.DPD }, (*plan.DPD)(nil)},
		{"mss", Site{Plan: Plan{MSS: "1379"}}, func(p *plan.Plan) any { return p.Connection.MSS }, "1379"},
		{"mss auto", Site{Plan: Plan{MSS: "auto"}}, func(p *plan.Plan) any { return p.Connection.MSS }, "auto"},
		{"selectors either order", Site{Plan: Plan{Selectors: "remote=172.31.0.0/16,local=192.168.2.0/24"}},
			func(p *plan.Plan) any {
				return [2]netip.Prefix{p.Connection.LocalSelector, p.Connection.RemoteSelector}
			},
			[2]netip.Prefix{netip.MustParsePrefix("192.168.2.0/24"), netip.MustParsePrefix("172.31.0.0/16")}},
		{"crypto", Site{Plan: Plan{Crypto: "strong"}}, func(p *plan.Plan) any { return p.Connection.Crypto.Name }, plan.CryptoStrong},
		{"nat", Site{Plan: Plan{NAT: "on"}}, func(p *plan.Plan) any { return p.Connection.NATTraversal }, true},
		{"wan", Site{Plan: Plan{WANInterface: "GigaEthernet1.0", WANIP: "192.168.1.10"}},
			func(p *plan.Plan) any { return fmt.Sprint(p.Connection.WANInterface, " ", p.Connection.WANIP) }, "GigaEthernet1.0 192.168.1.10"},
		{"tunnels", Site{Plan: Plan{Tunnels: []string{"Tunnel3.0", "Tunnel4.0"}}},
			func(p *plan.Plan) any {
				return []string{p.Connection.Tunnels[0].Interface, p.Connection.Tunnels[1].Interface}
			},
			[]string{"Tunnel3.0", "Tunnel4.0"}},
		{"empty name prefix", Site{Plan: Plan{NamePrefix: &empty}}, func(p *plan.Plan) any { return p.Connection.ACL }, "sec-list"},
		{"default name prefix", Site{}, func(p *plan.Plan) any { return p.Connection.ACL }, "aws-sec-list"},
		{"lan and vpc", Site{LAN: []string{"192.168.2.0/24"}, VPC: []string{"172.31.0.0/16"}},
			func(p *plan.Plan) any { return fmt.Sprint(p.LAN, p.VPC) }, "[192.168.2.0/24] [172.31.0.0/16]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts, err := tt.site.PlanOptions()
			if err != nil {
				t.Fatal(err)
			}
			p, err := plan.New(conn, showparse.RunningConfig{}, opts...)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.val, tt.want(p), cmpopts.EquateComparable(netip.Prefix{})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestFieldErrors: every bad value names its site field, wraps ErrInvalid
// and fits on one line.
func TestFieldErrors(t *testing.T) {
	host := Router{Host: "r"}
	tests := []struct {
		name string
		site Site
		want string
	}{
		{"dpd", Site{Router: host, Plan: Plan{DPD: "10"}}, `invalid site file: plan.dpd: "10": want INTERVAL,RETRIES (like 10,3) or off`},
		{"mss", Site{Router: host, Plan: Plan{MSS: "big"}}, `invalid site file: plan.mss: "big": want auto or a number`},
		{"selectors", Site{Router: host, Plan: Plan{Selectors: "local=10.0.0.0/8"}}, `invalid site file: plan.selectors: "local=10.0.0.0/8": want local=CIDR,remote=CIDR`},
		{"selectors key", Site{Router: host, Plan: Plan{Selectors: "left=10.0.0.0/8,right=10.1.0.0/16"}}, `invalid site file: plan.selectors: "left=10.0.0.0/8,right=10.1.0.0/16": want local=CIDR,remote=CIDR`},
		{"crypto", Site{Router: host, Plan: Plan{Crypto: "weak"}}, `invalid site file: plan.crypto: "weak": want aws-default or strong`},
		{"nat", Site{Router: host, Plan: Plan{NAT: "maybe"}}, `invalid site file: plan.nat: "maybe": want auto, on or off`},
		{"wan ip", Site{Router: host, Plan: Plan{WANIP: "192.168.1"}}, `invalid site file: plan.wan_ip: "192.168.1": not an IP address`},
		{"lan", Site{Router: host, LAN: []string{"10.0.0.0/8", "192.168.2.0"}}, `invalid site file: lan[1]: "192.168.2.0": not a CIDR prefix`},
		{"aws format", Site{Router: host, AWS: AWS{File: "x", Format: "json"}}, `invalid site file: aws.format: "json": want auto, cisco, xml or yaml`},
		{"legacy", Site{Router: Router{Host: "r", LegacyAlgorithms: []string{"kex:a", "des"}}}, `invalid site file: router.legacy_algorithms[1]: "des": want KIND:NAME with KIND one of kex, cipher, mac, hostkey`},
		{"legacy kind", Site{Router: Router{Host: "r", LegacyAlgorithms: []string{"zip:zlib"}}}, `invalid site file: router.legacy_algorithms[0]: "zip:zlib": want KIND:NAME with KIND one of kex, cipher, mac, hostkey`},
		{"notice not %", Site{Router: Router{Host: "r", AcceptNotices: []string{"% Fine.", "Proposal cache flushed."}}}, `invalid site file: router.accept_notices[1]: "Proposal cache flushed.": not a '%' line (only those stop a push)`},
		{"notice is an error", Site{Router: Router{Host: "r", AcceptNotices: []string{"% Invalid command."}}}, `invalid site file: router.accept_notices[0]: "% Invalid command.": the router's invalid error, not a notice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.site.Validate(tt.site.AWS.File != "")
			if err == nil {
				t.Fatal("no error")
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error\n got %s\nwant %s", got, tt.want)
			}
			var fe *FieldError
			if !errors.As(err, &fe) || !errors.Is(err, ErrInvalid) {
				t.Errorf("%v is not a *FieldError wrapping ErrInvalid", err)
			}
		})
	}
}

func TestSessionOptions(t *testing.T) {
	getenv := func(k string) string { return map[string]string{"P": "pw"}[k] }
	full := Site{Router: Router{Host: "r", Port: 2222, User: "admin", PasswordEnv: "P", KeyFile: "k", KnownHosts: "kh", SSHConfig: "c", LegacyAlgorithms: []string{"kex:diffie-hellman-group1-sha1"}}}
	opts, err := full.SessionOptions(getenv)
	if err != nil {
		t.Fatal(err)
	}
	// passphrase env, password, auth source, user, port, key file, known_hosts, ssh_config, legacy
	if len(opts) != 9 {
		t.Errorf("%d options, want 9", len(opts))
	}
	// Only the passphrase source: an ssh_config IdentityFile may be encrypted.
	if opts, err := (&Site{Router: Router{Host: "r"}}).SessionOptions(getenv); err != nil || len(opts) != 1 {
		t.Errorf("bare site: %d options, %v; want the passphrase source only", len(opts), err)
	}
	unset := Site{Router: Router{Host: "r", PasswordEnv: "Q"}}
	_, err = unset.SessionOptions(getenv)
	want := "router.password_env: $Q is not set: export it or use router.password_file"
	if ue := (*UnsetError)(nil); !errors.As(err, &ue) || !errors.Is(err, ErrInvalid) || err.Error() != want {
		t.Errorf("unset password env: %v, want %q", err, want)
	}
}

// TestLoadResolvesPaths: paths in a site file are relative to the file; a
// value set afterwards (a flag) is left as given.
func TestLoadResolvesPaths(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "site.yaml")
	data := "router: {host: r, key_file: keys/id, known_hosts: /etc/kh, ssh_config: cfg}\naws: {file: vpn.txt}\n"
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{s.AWS.File, s.Router.KeyFile, s.Router.KnownHosts, s.Router.SSHConfig, s.Router.PasswordFile}
	want := []string{filepath.Join(dir, "vpn.txt"), filepath.Join(dir, "keys/id"), "/etc/kh", filepath.Join(dir, "cfg"), ""}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// FuzzValueSyntaxes: the value parsers never panic, and what they accept
// means what it says.
func FuzzValueSyntaxes(f *testing.F) {
	for _, s := range []string{"10,3", "off", "auto", "1379", "local=10.0.0.0/8,remote=0.0.0.0/0", ",", "=,=", "local=1.2.3.4/33,remote=x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		parseDPD(v)
		parseMSS(v)
		if local, remote, ok := parseSelectors(v); ok {
			again, _, ok2 := parseSelectors(fmt.Sprintf("local=%s,remote=%s", local, remote))
			if !ok2 || again != local {
				t.Errorf("%q: accepted as %s,%s but the rendering does not parse back", v, local, remote)
			}
			if !strings.Contains(v, "local=") || !strings.Contains(v, "remote=") {
				t.Errorf("%q accepted without both keys", v)
			}
		}
	})
}

// TestSet: a value given outside the file lands in the field the file would
// set, the way the file would set it.
func TestSet(t *testing.T) {
	prefix := ""
	want := Site{
		Router: Router{Host: "r", Port: 2222, User: "u", PasswordEnv: "P", KeyFile: "k", KnownHosts: "kh", SSHConfig: "c", LegacyAlgorithms: []string{"kex:a", "mac:b"},
			AcceptNotices: []string{"% A.", "% B."}},
		AWS: AWS{File: "vpn.txt", Format: "xml"},
		LAN: []string{"10.0.0.0/8", "192.168.2.0/24"},
		VPC: []string{"172.31.0.0/16"},
		Plan: Plan{WANInterface: "GigaEthernet1.0", WANIP: "192.168.1.10", Tunnels: []string{"Tunnel3.0", "Tunnel4.0"},
			Crypto: "strong", NAT: "off", DPD: "off", MSS: "1379", Selectors: "local=10.0.0.0/8,remote=0.0.0.0/0", NamePrefix: &prefix},
	}
	var got Site
	for _, set := range []struct {
		field string
		vals  []string
	}{
		{"router.host", []string{"x", "r"}}, // a scalar takes the last
		{"router.port", []string{"2222"}}, {"router.user", []string{"u"}}, {"router.password_env", []string{"P"}},
		{"router.key_file", []string{"k"}}, {"router.known_hosts", []string{"kh"}}, {"router.ssh_config", []string{"c"}},
		{"router.legacy_algorithms", []string{"kex:a", "mac:b"}}, {"router.accept_notices", []string{"% A.", "% B."}},
		{"aws.file", []string{"vpn.txt"}}, {"aws.format", []string{"xml"}},
		{"lan", []string{"10.0.0.0/8", "192.168.2.0/24"}}, {"vpc", []string{"172.31.0.0/16"}},
		{"plan.wan_interface", []string{"GigaEthernet1.0"}}, {"plan.wan_ip", []string{"192.168.1.10"}},
		{"plan.tunnels", []string{"Tunnel3.0,Tunnel4.0"}}, {"plan.crypto", []string{"strong"}}, {"plan.nat", []string{"off"}},
		{"plan.dpd", []string{"off"}}, {"plan.mss", []string{"1379"}}, {"plan.selectors", []string{"local=10.0.0.0/8,remote=0.0.0.0/0"}},
		{"plan.name_prefix", []string{""}},
		{"plan.crypto", nil}, // nothing given: the field stays
	} {
		if err := got.Set(set.field, set.vals...); err != nil {
			t.Fatalf("Set(%s): %v", set.field, err)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	var fe *FieldError
	if err := got.Set("router.port", "22x"); !errors.As(err, &fe) || fe.Field != "router.port" {
		t.Errorf("bad port: %v", err)
	}
	if err := got.Set("plan.colour", "blue"); err == nil || errors.Is(err, ErrInvalid) {
		t.Errorf("unknown field: %v (a caller's bug, not bad input)", err)
	}
}
