package site

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Every mistake in a site file is named by its dotted key, with the nearest
// valid key when one is close, and never by a Go type.
func TestDecodeKeyMessages(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"typo", "router:\n  host: a\n  passwrd_env: P\n", "invalid site file: line 3: router.passwrd_env: unknown key; did you mean password_env?"},
		{"typo at top", "vcp: [172.31.0.0/16]\n", "invalid site file: line 1: vcp: unknown key; did you mean vpc?"},
		{"prefix of a key", "router: {host: a, pass: x}\n", "invalid site file: line 1: router.pass: unknown key; did you mean password_env?"},
		{"nothing near", "router: {host: a, colour: blue}\n", "invalid site file: line 1: router.colour: unknown key (valid: host, port, user, password_env, password_file, password_command, key_file, known_hosts, ssh_config, legacy_algorithms, connect_timeout, command_timeout, accept_notices)"},
		{"section as scalar", "router: r10\n", `invalid site file: line 1: router: want keys (host, port, user, password_env, password_file, password_command, key_file, known_hosts, ssh_config, legacy_algorithms, connect_timeout, command_timeout, accept_notices), not "r10"`},
		{"list for a value", "name: [a, b]\n", "invalid site file: line 1: name: want one value, not a list"},
		{"keys for a list", "lan: {a: b}\n", "invalid site file: line 1: lan: want a list of values or one value, not keys"},
		{"nested typo", "plan: {wan_ipp: 192.168.1.10}\n", "invalid site file: line 1: plan.wan_ipp: unknown key; did you mean wan_ip?"},
		{"port", "router: {host: a, port: many}\n", `invalid site file: router.port: "many" is not a TCP port (1-65535)`},
		{"not a bool", "plan: {allow_overlap: maybe}\n", `invalid site file: line 1: plan.allow_overlap: "maybe": want true or false`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(strings.NewReader(tt.yaml))
			if err == nil {
				t.Fatal("no error")
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if strings.Contains(err.Error(), "site.") || strings.Contains(err.Error(), "[]string") {
				t.Errorf("error names a Go type: %v", err)
			}
		})
	}
}

// One prefix written as a scalar is a list of one.
func TestDecodeScalarList(t *testing.T) {
	s, err := Decode(strings.NewReader("router: {host: a, legacy_algorithms: kex:diffie-hellman-group1-sha1}\nlan: 192.168.2.0/24\nvpc: 172.31.0.0/16\nplan: {tunnels: Tunnel5.0}\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := [][]string{s.LAN, s.VPC, s.Plan.Tunnels, s.Router.LegacyAlgorithms}
	want := [][]string{{"192.168.2.0/24"}, {"172.31.0.0/16"}, {"Tunnel5.0"}, {"kex:diffie-hellman-group1-sha1"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lists (-want +got):\n%s", diff)
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{seedSite, "lan: 1.2.3.0/24\n", "router: x\n", "a: &x [1]\nb: *x\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s, err := Decode(strings.NewReader(text))
		if err == nil && s == nil {
			t.Fatal("nil site without an error")
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Fatalf("error is not one line: %q", err)
		}
	})
}
