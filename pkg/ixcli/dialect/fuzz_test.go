package dialect

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzParsePrompt: a parsed prompt prints back as itself.
func FuzzParsePrompt(f *testing.F) {
	for _, s := range []string{"R10# ", "R10(config-Tunnel0.0)#", "ix01(config-bgp-af)% ", "% x", "a(b)c#"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, ok := ParsePrompt(s)
		if !ok {
			return
		}
		if got := p.String(); got != strings.TrimSuffix(s, " ") {
			t.Fatalf("ParsePrompt(%q).String() = %q", s, got)
		}
	})
}

// FuzzBlocks: Blocks either refuses the input with a one-line *LineError,
// or Flatten of its forest parses again to the same forest.
func FuzzBlocks(f *testing.F) {
	f.Add("router bgp 1\n  neighbor x\n  address-family ipv4 unicast\n    network n\nike k")
	f.Add("interface T\n  no shutdown\n!\nip x")
	f.Add("a\n   b")
	f.Add("  a")
	f.Add("a\n\tb")
	f.Fuzz(func(t *testing.T, in string) {
		bs, err := Blocks(strings.Split(in, "\n"))
		if err != nil {
			if strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		again, err := Blocks(Flatten(bs))
		if err != nil {
			t.Fatalf("Flatten(Blocks(x)) refused: %v", err)
		}
		if diff := cmp.Diff(textForest(bs), textForest(again)); diff != "" {
			t.Fatalf("Blocks(Flatten(Blocks(x))) differs (-first +again):\n%s", diff)
		}
	})
}
