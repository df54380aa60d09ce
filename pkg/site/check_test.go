package site

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Validate judges everything plan.New would refuse about the site, naming
// the site field, so nothing about the site is found only after connecting.
func TestValidateJudgesPlanOptions(t *testing.T) {
	good := func() *Site {
		return &Site{Router: Router{Host: "r10"}, AWS: AWS{File: "vpn.txt"}, LAN: []string{"192.168.2.0/24"}, VPC: []string{"172.31.0.0/16"}}
	}
	many := make([]string, 60000)
	for i := range many {
		many[i] = fmt.Sprintf("10.%d.%d.0/24", i>>8&0xff, i&0xff)
	}
	tests := []struct {
		name string
		edit func(*Site)
		want string
	}{
		{"60,000 LAN prefixes", func(s *Site) { s.LAN = many }, `invalid site file: lan: "60000 entries": 60000 LAN prefixes: AWS accepts at most 100 from a customer gateway`},
		{"LAN host bits", func(s *Site) { s.LAN = append(s.LAN, "192.168.3.0/24", "192.168.4.1/24") }, `invalid site file: lan[2]: "192.168.4.1/24": LAN prefix 192.168.4.1/24 has host bits set (did you mean 192.168.4.0/24?)`},
		{"LAN twice", func(s *Site) { s.LAN = append(s.LAN, s.LAN[0]) }, `invalid site file: lan[1]: "192.168.2.0/24": LAN prefix 192.168.2.0/24 given twice`},
		{"LAN link-local", func(s *Site) { s.LAN = []string{"169.254.0.0/24"} }, `invalid site file: lan[0]: "169.254.0.0/24": LAN prefix 169.254.0.0/24 overlaps the tunnel inside range 169.254.0.0/16`},
		{"VPC v6", func(s *Site) { s.VPC = []string{"2001:db8::/32"} }, `invalid site file: vpc[0]: "2001:db8::/32": VPC prefix 2001:db8::/32 is not an IPv4 CIDR`},
		{"MSS range", func(s *Site) { s.Plan.MSS = "9000" }, `invalid site file: plan.mss: "9000": MSS 9000 is not auto or 536–1460`},
		{"DPD range", func(s *Site) { s.Plan.DPD = "0,3" }, `invalid site file: plan.dpd: "0,3": DPD 0,3: interval must be 1–3600 s and retries 1–100`},
		{"second tunnel", func(s *Site) { s.Plan.Tunnels = []string{"Tunnel0.0", "Tunnel0.0"} }, `invalid site file: plan.tunnels[1]: "Tunnel0.0": both tunnels use interface Tunnel0.0`},
		{"WAN interface", func(s *Site) { s.Plan.WANInterface = "eth0" }, `invalid site file: plan.wan_interface: "eth0": WAN interface "eth0" is not an IX interface name like GigaEthernet0.0`},
		{"name prefix", func(s *Site) { p := "9x"; s.Plan.NamePrefix = &p }, `invalid site file: plan.name_prefix: "9x": name prefix "9x" must be up to 16 letters, digits, '-' or '_', starting with a letter`},
		{"ESC in name", func(s *Site) { s.Name = "tokyo\x1b]0;pwned\a" }, `invalid site file: name: "tokyo\x1b]0;pwned\a": contains a control character`},
		{"C1 in name", func(s *Site) { s.Name = "tokyo\u009b2J" }, `invalid site file: name: "tokyo\u009b2J": contains a control character`},
		{"bad UTF-8 in name", func(s *Site) { s.Name = "tokyo\x9b" }, `invalid site file: name: "tokyo\x9b": contains a control character`},
		{"BEL in host", func(s *Site) { s.Router.Host = "r10\a" }, `invalid site file: router.host: "r10\a": contains a control character`},
		{"ESC in user", func(s *Site) { s.Router.User = "admin\x1b[2J" }, `invalid site file: router.user: "admin\x1b[2J": contains a control character`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := good()
			tt.edit(s)
			err := s.Validate(true)
			var fe *FieldError
			if !errors.As(err, &fe) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want a *FieldError wrapping ErrInvalid", err)
			}
			if d := cmp.Diff(tt.want, err.Error()); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
			if strings.ContainsAny(err.Error(), "\x1b\a\n") || strings.Contains(err.Error(), "\u009b") {
				t.Errorf("error carries a control character: %q", err)
			}
		})
	}
	if err := good().Validate(true); err != nil {
		t.Errorf("good site: %v", err)
	}
}

func TestWarnsOnReadablePasswordFile(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		mode os.FileMode
		want []string
	}{
		{0o600, nil},
		{0o400, nil},
		{0o640, []string{`router.password_file "DIR/pw" has mode 0640: others on this machine can read the router password (chmod 600 it)`}},
		{0o644, []string{`router.password_file "DIR/pw" has mode 0644: others on this machine can read the router password (chmod 600 it)`}},
	} {
		t.Run(tt.mode.String(), func(t *testing.T) {
			pw := filepath.Join(dir, "pw")
			if err := os.WriteFile(pw, []byte("s3cret\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(pw, tt.mode); err != nil {
				t.Fatal(err)
			}
			s := &Site{Router: Router{Host: "r10", PasswordFile: pw}}
			var got []string
			for _, w := range s.Warnings() {
				got = append(got, strings.ReplaceAll(w, dir, "DIR"))
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("warnings (-want +got):\n%s", d)
			}
			// A warning, not a failure: the password is still read.
			if p, err := s.Password(nil); err != nil || p != "s3cret" {
				t.Errorf("Password = %q, %v", p, err)
			}
		})
	}
	if w := (&Site{Router: Router{Host: "r10", PasswordFile: filepath.Join(dir, "missing")}}).Warnings(); w != nil {
		t.Errorf("missing file: warnings %q, want none (Password reports it)", w)
	}
}
