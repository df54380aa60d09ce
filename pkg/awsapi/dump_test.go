package awsapi_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ixpush/ixpush/internal/golden"
	"github.com/ixpush/ixpush/pkg/awsapi"
	"github.com/ixpush/ixpush/pkg/awsapi/awsapitest"
)

func TestDump(t *testing.T) {
	fake := awsapitest.Start(t, seedLike())
	s, _, err := fetch(t, fake, seedLike().ID)
	if err != nil {
		t.Fatal(err)
	}
	s.FetchedAt = time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	want, err := s.Connection()
	if err != nil {
		t.Fatal(err)
	}

	var masked bytes.Buffer
	if err := awsapi.WriteDump(&masked, s, false); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(masked.String(), key1) || strings.Contains(masked.String(), key2) {
		t.Fatal("a key is in the masked dump")
	}
	golden.Check(t, filepath.Join("testdata", "seed-dump.golden.json"), masked.Bytes())
	back, err := awsapi.ReadDump(&masked)
	if err != nil {
		t.Fatal(err)
	}
	if !back.KeysMasked {
		t.Error("a masked dump reads back without KeysMasked")
	}
	if c, err := back.Connection(); err != nil || c.Tunnels[0].PSK.Reveal() == key1 {
		t.Errorf("masked dump: Connection() = %v; want stand-in keys", err)
	}

	var revealed bytes.Buffer
	if err := awsapi.WriteDump(&revealed, s, true); err != nil {
		t.Fatal(err)
	}
	back, err = awsapi.ReadDump(&revealed)
	if err != nil {
		t.Fatal(err)
	}
	got, err := back.Connection()
	if err != nil {
		t.Fatal(err)
	}
	if back.KeysMasked || got.Tunnels[0].PSK.Reveal() != key1 || got.Tunnels[1].PSK.Reveal() != key2 {
		t.Error("a revealed dump does not give the keys back")
	}
	wantJSON, _ := json.Marshal(want)
	gotJSON, _ := json.Marshal(got)
	if d := cmp.Diff(string(wantJSON), string(gotJSON)); d != "" {
		t.Errorf("replayed connection (-want +got)\n%s", d)
	}
}

// Every input here must be refused with an error, not read in part.
func TestReadDumpInvalid(t *testing.T) {
	for name, in := range map[string]string{
		"empty":         "",
		"not JSON":      "vpn_connection",
		"another kind":  `{"kind":"something-else"}`,
		"no kind":       `{"tunnels":[]}`,
		"wrong shape":   `{"kind":"ixpush-aws-snapshot","tunnels":{"a":1}}`,
		"truncated":     `{"kind":"ixpush-aws-snapshot","tunnels":[`,
		"bad addresses": `{"kind":"ixpush-aws-snapshot","tunnels":[{"aws_outside_ip":"nope"}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := awsapi.ReadDump(strings.NewReader(in)); err == nil {
				t.Fatal("no error")
			}
		})
	}
}

func FuzzReadDump(f *testing.F) {
	if b, err := os.ReadFile(filepath.Join("testdata", "seed-dump.golden.json")); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`{"kind":"ixpush-aws-snapshot"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := awsapi.ReadDump(bytes.NewReader(b))
		if err != nil {
			return
		}
		// Whatever a dump says, building the connection must return a
		// connection or an error, never panic, and never echo a key.
		if _, err := s.Connection(); err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("multi-line error: %q", err)
		}
		_, _, _ = s.ChooseCrypto("")
	})
}
