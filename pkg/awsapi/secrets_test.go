package awsapi_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ixpush/ixpush/pkg/awsapi"
	"github.com/ixpush/ixpush/pkg/awsapi/awsapitest"
)

// TestSecretLayouts: every layout of the key secret ixpush accepts, and
// the ones it refuses without quoting the secret (doc.go says why these).
func TestSecretLayouts(t *testing.T) {
	const one = "EXAMPLE_psk.both_tunnels_do_not_use"
	for _, tc := range []struct {
		name   string
		secret string // "" : the fake's JSON object keyed by outside IP
		keys   []string
		err    string
	}{
		{name: "JSON object keyed by outside IP", keys: []string{key1, key2}},
		{name: "JSON object with extra entries", secret: `{"198.51.100.12":"` + key2 + `","198.51.100.11":"` + key1 + `","note":"rotated"}`, keys: []string{key1, key2}},
		{name: "one plain key for both tunnels", secret: one, keys: []string{one, one}},
		{name: "plain key with a trailing newline", secret: one + "\n", keys: []string{one, one}},
		{name: "JSON object without one tunnel", secret: `{"198.51.100.11":"` + key1 + `"}`,
			err: "tunnel 198.51.100.12: the pre-shared key secret has no entry for this outside IP"},
		{name: "JSON array", secret: `["` + key1 + `","` + key2 + `"]`,
			err: "the pre-shared key secret is JSON but not an object of strings"},
		{name: "JSON object of objects", secret: `{"198.51.100.11":{"psk":"` + key1 + `"}}`,
			err: "the pre-shared key secret is JSON but not an object of strings"},
		{name: "JSON, truncated", secret: `{"198.51.100.11":"` + key1,
			err: "the pre-shared key secret is JSON but not an object of strings"},
		{name: "blank", secret: "   ", err: "the pre-shared key secret has no SecretString"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := seedLike()
			c.SecretARN, c.KeysInSecret, c.SecretString = "arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:s2svpn!vpn-psk", true, tc.secret
			s, _, err := fetch(t, awsapitest.Start(t, c), c.ID)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.Is(err, awsapi.ErrInput) {
					t.Fatalf("err = %v\nwant it to contain %q", err, tc.err)
				}
				if strings.Contains(err.Error(), key1) || strings.Contains(err.Error(), key2) {
					t.Errorf("the secret is quoted: %q", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			conn, err := s.Connection()
			if err != nil {
				t.Fatal(err)
			}
			var keys []string
			for _, tun := range conn.Tunnels {
				keys = append(keys, tun.PSK.Reveal())
			}
			if d := cmp.Diff(tc.keys, keys); d != "" || s.KeysFrom != "secrets-manager" {
				t.Errorf("keys from %s (-want +got)\n%s", s.KeysFrom, d)
			}
		})
	}
}
