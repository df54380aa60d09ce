package session

import (
	"strings"
	"testing"
)

// FuzzScreen: however the stream is cut, the screen ends up the same, and
// echo and prompt matching never panic.
func FuzzScreen(f *testing.F) {
	f.Add("R1(config)# ike proposal p encryption aes-256 hash sha2-512 group 2048-\r\n             bit\r\n% x -- Invalid command.\r\nR1(config)# ", 7, "ike proposal p encryption aes-256 hash sha2-512 group 2048-bit")
	f.Add("--More--\b\b\b\b\b\b\b\b        \b\b\b\b\b\b\b\bline\r\n\x1b[1mR1#\x1b[0m ", 3, "x")
	f.Add("\x1b[", 1, "")
	f.Fuzz(func(t *testing.T, in string, cut int, want string) {
		if cut <= 0 || len(in) > 4096 {
			return
		}
		var whole, parts screen
		whole.Write([]byte(in))
		for i := 0; i < len(in); i += cut {
			parts.Write([]byte(in[i:min(i+cut, len(in))]))
		}
		if a, b := whole.pending(), parts.pending(); a != b {
			t.Fatalf("cut at %d changes the screen:\n%q\n%q", cut, a, b)
		}
		p := testPrompts()
		var out []string
		parts.scanOutput(p, &out, nonBlank(want), "R1#")
		parts.matchEcho(nonBlank(want))
		whole.scanOutput(p, &out, nil, "")
		if strings.ContainsAny(strings.Join(out, ""), "\r\x1b\b") {
			t.Fatalf("control bytes left in output %q", out)
		}
	})
}
