package site

import (
	"errors"
	"strings"
	"testing"
)

func TestAWSSource(t *testing.T) {
	base := "router:\n  host: 127.0.0.1\naws:\n"
	for _, tc := range []struct {
		name, aws string
		fromAPI   bool
		err       string // "" for valid
	}{
		{"file", "  file: vpn.txt\n", false, ""},
		{"API", "  vpn_connection_id: vpn-09043457e07b5f5d5\n  region: ap-northeast-1\n  profile: netops\n", true, ""},
		{"short ID", "  vpn_connection_id: vpn-0123abcd\n", true, ""},
		{"dump replay: the file wins", "  file: dump.json\n  vpn_connection_id: vpn-09043457e07b5f5d5\n", false, ""},
		{"neither", "  format: auto\n", false, "aws.file: missing"},
		{"not an ID", "  vpn_connection_id: vgw-09043457e07b5f5d5\n", true, `aws.vpn_connection_id: "vgw-09043457e07b5f5d5": not a VPN connection ID`},
		{"bad region", "  vpn_connection_id: vpn-09043457e07b5f5d5\n  region: Tokyo\n", true, `aws.region: "Tokyo": not an AWS region name`},
		{"bad profile", "  vpn_connection_id: vpn-09043457e07b5f5d5\n  profile: \"a b\"\n", true, `aws.profile: "a b": not a profile name`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Decode(strings.NewReader(base + tc.aws))
			if err != nil {
				t.Fatal(err)
			}
			if s.FromAWSAPI() != tc.fromAPI {
				t.Errorf("FromAWSAPI = %v, want %v", !tc.fromAPI, tc.fromAPI)
			}
			err = s.Validate(true)
			switch {
			case tc.err == "" && err != nil:
				t.Fatalf("Validate: %v", err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err) || !errors.Is(err, ErrInvalid)):
				t.Fatalf("Validate = %v, want %q", err, tc.err)
			}
		})
	}
}

func TestSetAWSFields(t *testing.T) {
	s := &Site{}
	for field, v := range map[string]string{"aws.vpn_connection_id": "vpn-09043457e07b5f5d5", "aws.region": "us-west-2", "aws.profile": "netops"} {
		if err := s.Set(field, v); err != nil {
			t.Fatal(err)
		}
	}
	if got := (AWS{VPNConnectionID: "vpn-09043457e07b5f5d5", Region: "us-west-2", Profile: "netops"}); s.AWS != got {
		t.Errorf("AWS = %+v, want %+v", s.AWS, got)
	}
}
