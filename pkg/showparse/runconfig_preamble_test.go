package showparse

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestStartupConfigPreamble: an IX2215 10.11.6 starts show startup-config
// with the storage line, and its header carries `! Last updated`; both
// parse and render back.
func TestStartupConfigPreamble(t *testing.T) {
	in, err := os.ReadFile(fixturesDir + "/show-running-config/startup-ix2215-preamble.txt")
	if err != nil {
		t.Fatal(err)
	}
	c := mustParseRC(t, string(in))
	if d := cmp.Diff(&Storage{Used: 2539, Capacity: 1048576}, c.Storage); d != "" {
		t.Errorf("storage (-want +got):\n%s", d)
	}
	if got := c.LastUpdated(); got != "Mar 28-Sat-2026 08:41:58 JST" {
		t.Errorf("LastUpdated = %q", got)
	}
	// The capture has a blank line after the storage line; String, as
	// for blank lines elsewhere, does not keep it.
	want := strings.Replace(normalised(t, string(in)), "bytes\n\n", "bytes\n", 1)
	if d := cmp.Diff(want, c.String()); d != "" {
		t.Errorf("String() (-want +got):\n%s", d)
	}
	again := mustParseRC(t, c.String())
	if d := cmp.Diff(c, again); d != "" {
		t.Errorf("second parse (-first +second):\n%s", d)
	}
}

func TestStorageLine(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want *Storage
	}{
		{"Using 2539 out of 1048576 bytes", &Storage{2539, 1048576}},
		{"  Using 0 out of 1 bytes  ", &Storage{0, 1}},
		{"Using 2539 out of 1048576 byte", nil},
		{"Using -1 out of 10 bytes", nil},
		{"using 1 out of 2 bytes", nil},
		{"Using 1234567890123 out of 2 bytes", nil},
	} {
		got, _ := storageLine(tc.in)
		if d := cmp.Diff(tc.want, got); d != "" {
			t.Errorf("%q (-want +got):\n%s", tc.in, d)
		}
	}
}

// The storage line is only a preamble: after the header it is not
// configuration, and a second one is refused like any other non-command.
func TestStorageLineOnlyFirst(t *testing.T) {
	for _, in := range []string{
		"! header\nUsing 1 out of 2 bytes\nhostname R\n",
		"Using 1 out of 2 bytes\nUsing 1 out of 2 bytes\nhostname R\n",
		"hostname R\nUsing 1 out of 2 bytes\n",
	} {
		if _, err := ParseRunningConfig(strings.NewReader(in)); err == nil {
			t.Errorf("%q parsed", in)
		}
	}
}

func FuzzStorageLine(f *testing.F) {
	f.Add("Using 2539 out of 1048576 bytes")
	f.Add("Using 9 out of 99999999999 bytes")
	f.Fuzz(func(t *testing.T, s string) {
		st, ok := storageLine(s)
		if !ok {
			return
		}
		if again, ok := storageLine(st.String()); !ok || *again != *st {
			t.Fatalf("%q -> %v does not read back", s, st)
		}
	})
}
