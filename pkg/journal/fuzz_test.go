package journal

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// FuzzDecode: Decode either refuses its input with a one-line error, or the
// entry it returns encodes and decodes again to itself and holds no key.
func FuzzDecode(f *testing.F) {
	good, err := Encode(sample())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(good))
	f.Add(string(good[:len(good)/2]))
	if c, err := Encode(confirmSample()); err == nil {
		f.Add(string(c))
	}
	f.Add(`{"version":1,"router":"r","op":"rollback","backup":"b","step":"done","steps":[{"step":"done","at":"2026-01-01T00:00:00Z"}],"next":{"action":"type","command":"write memory"}}`)
	f.Add(`{"version":1}`)
	f.Add(`null`)
	f.Fuzz(func(t *testing.T, in string) {
		e, err := Decode(strings.NewReader(in))
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		if !e.Pending() && e.Step != StepDone {
			t.Fatalf("a change at step %s is not pending", e.Step)
		}
		b, err := Encode(e)
		if err != nil {
			t.Fatal(err)
		}
		again, err := Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("re-decoding %s: %v", b, err)
		}
		if d := cmp.Diff(e, again, cmpopts.EquateEmpty()); d != "" {
			t.Fatalf("round trip (-first +second):\n%s", d)
		}
	})
}
