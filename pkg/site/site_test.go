package site

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const seedSite = `name: r10
router:
  host: 127.0.0.1
  port: 2222
  user: admin
  password_env: IXPUSH_PASSWORD
aws:
  file: vpn.txt
lan: [192.168.2.0/24]
vpc: [172.31.0.0/16]
plan:
  wan_ip: 192.168.1.10
  nat: "off"
`

func TestDecodeSeed(t *testing.T) {
	s, err := Decode(strings.NewReader(seedSite))
	if err != nil {
		t.Fatal(err)
	}
	want := &Site{
		Name:   "r10",
		Router: Router{Host: "127.0.0.1", Port: 2222, User: "admin", PasswordEnv: "IXPUSH_PASSWORD"},
		AWS:    AWS{File: "vpn.txt"},
		LAN:    []string{"192.168.2.0/24"},
		VPC:    []string{"172.31.0.0/16"},
		Plan:   Plan{WANIP: "192.168.1.10", NAT: "off"},
	}
	if diff := cmp.Diff(want, s, cmp.AllowUnexported(Site{})); diff != "" {
		t.Errorf("Decode mismatch (-want +got):\n%s", diff)
	}
	if err := s.Validate(true); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

func TestInvalidSites(t *testing.T) {
	tests := []struct {
		name, yaml string
		needAWS    bool
		wantField  string
	}{
		{"empty", "", true, "empty file"},
		{"unknown field", "router: {host: a, passwd: x}", true, "router.passwd: unknown key"},
		{"wrong type", "router: {host: a, port: many}", true, "port"},
		{"no host", "aws: {file: x}", true, "router.host"},
		{"host with space", "router: {host: 'a b'}\naws: {file: x}", true, "router.host"},
		{"bad port", "router: {host: a, port: 70000}\naws: {file: x}", true, "router.port"},
		{"two password sources", "router: {host: a, password_env: P, password_file: f}\naws: {file: x}", true, "router.password_env"},
		{"no aws file", "router: {host: a}", true, "aws.file"},
		{"api not yet", "router: {host: a}\naws: {vpn_connection_id: vpn-1}", true, "aws.vpn_connection_id"},
		{"bad format", "router: {host: a}\naws: {file: x, format: json}", true, "aws.format"},
		{"bad lan", "router: {host: a}\naws: {file: x}\nlan: [192.168.2.0]", true, "lan[0]"},
		{"bad vpc", "router: {host: a}\nvpc: [172.31.0.0/16, nope]", false, "vpc[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Decode(strings.NewReader(tt.yaml))
			if err == nil {
				err = s.Validate(tt.needAWS)
			}
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
			if !strings.Contains(err.Error(), tt.wantField) {
				t.Errorf("error %q does not name %q", err, tt.wantField)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
}

func TestPasswordSources(t *testing.T) {
	dir := t.TempDir()
	pw := filepath.Join(dir, "pw")
	if err := os.WriteFile(pw, []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"P": "fromenv"}
	getenv := func(k string) string { return env[k] }
	tests := []struct {
		name    string
		router  Router
		want    string
		wantErr bool
	}{
		{"env", Router{PasswordEnv: "P"}, "fromenv", false},
		{"env unset", Router{PasswordEnv: "Q"}, "", true},
		{"file relative to site", Router{PasswordFile: "pw"}, "s3cret", false},
		{"file missing", Router{PasswordFile: "nope"}, "", true},
		{"none", Router{}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// As Load leaves it: a relative path from the file resolved
			// against the file's directory.
			s := &Site{Router: tt.router}
			s.Router.PasswordFile = resolve(dir, s.Router.PasswordFile)
			got, err := s.Password(getenv)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("Password() = %q, %v; want %q, err %v", got, err, tt.want, tt.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), "fromenv") {
				t.Errorf("error leaks the secret: %v", err)
			}
		})
	}
}
