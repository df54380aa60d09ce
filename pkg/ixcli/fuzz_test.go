package ixcli

import (
	"strings"
	"testing"
)

// FuzzStanzas: any input either fails with ErrBadLine or yields every
// non-comment line once, in order, each block closed by "configure".
func FuzzStanzas(f *testing.F) {
	f.Add(strings.Join(seedLines, "\n"))
	f.Add("interface Tunnel0.0\n  no shutdown\n!\nip x")
	f.Add("router bgp 1\n   x")
	f.Fuzz(func(t *testing.T, in string) {
		lines := strings.Split(in, "\n")
		sts, err := stanzas(lines)
		if err != nil {
			return
		}
		var got []int
		for _, st := range sts {
			if len(st) == 0 {
				t.Fatal("empty stanza")
			}
			for k, p := range st {
				if p.index < 0 {
					if k != len(st)-1 || p.text != "configure" {
						t.Fatalf("injected line %q at %d of %d", p.text, k, len(st))
					}
					continue
				}
				if strings.TrimSpace(lines[p.index]) != p.text {
					t.Fatalf("line %d: %q became %q", p.index, lines[p.index], p.text)
				}
				got = append(got, p.index)
			}
		}
		var want []int
		for i, l := range lines {
			if l := strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "!") {
				want = append(want, i)
			}
		}
		if len(got) != len(want) {
			t.Fatalf("sent %v, want %v", got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("sent %v, want %v", got, want)
			}
		}
	})
}
