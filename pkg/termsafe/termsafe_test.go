package termsafe

import (
	"strings"
	"testing"
)

var cases = []struct {
	name, in, line, text string // line: String; text: through a Writer
}{
	{"plain", "branch-tokyo 10.0.0.1/24", "branch-tokyo 10.0.0.1/24", "branch-tokyo 10.0.0.1/24"},
	{"printable non-ASCII", "東京 — ┌─┐ \"q\" \\", "東京 — ┌─┐ \"q\" \\", "東京 — ┌─┐ \"q\" \\"},
	{"ESC title sequence", "r\x1b]0;pwned\a!", `r\x1b]0;pwned\a!`, `r\x1b]0;pwned\a!`},
	{"CSI clear screen", "\x1b[2J\x1b[H", `\x1b[2J\x1b[H`, `\x1b[2J\x1b[H`},
	{"C1 CSI", "a\u009b2Jb", `a\u009b2Jb`, `a\u009b2Jb`},
	{"8-bit CSI byte (not UTF-8)", "a\x9b2Jb", `a\x9b2Jb`, `a\x9b2Jb`},
	{"carriage return", "ok\rFAIL", `ok\rFAIL`, `ok\rFAIL`},
	{"DEL and NUL", "a\x7fb\x00", `a\x7fb\x00`, `a\x7fb\x00`},
	{"bidi override", "abc\u202edef", `abc\u202edef`, `abc\u202edef`},
	{"layout", "a\tb\nc\n", `a\tb\nc\n`, "a\tb\nc\n"},
}

func TestString(t *testing.T) {
	for _, tc := range cases {
		if got := String(tc.in); got != tc.line {
			t.Errorf("%s: String(%q) = %q, want %q", tc.name, tc.in, got, tc.line)
		}
	}
}

// Every split of the input into two writes gives the same text: a
// character cut by a write is held, never escaped as two broken bytes.
func TestWriterSplitWrites(t *testing.T) {
	for _, tc := range cases {
		for cut := 0; cut <= len(tc.in); cut++ {
			var b strings.Builder
			w := NewWriter(&b)
			for _, part := range []string{tc.in[:cut], tc.in[cut:]} {
				if n, err := w.Write([]byte(part)); err != nil || n != len(part) {
					t.Fatalf("Write = %d, %v", n, err)
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if b.String() != tc.text {
				t.Errorf("%s, cut at %d: wrote %q, want %q", tc.name, cut, b.String(), tc.text)
			}
		}
	}
}

// A text that ends inside a character is escaped by Flush, not lost.
func TestWriterFlushesIncompleteCharacter(t *testing.T) {
	var b strings.Builder
	w := NewWriter(&b)
	w.Write([]byte("end\xe6\x9d"))
	if b.String() != "end" {
		t.Fatalf("before Flush: %q", b.String())
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if want := `end\xe6\x9d`; b.String() != want {
		t.Errorf("after Flush: %q, want %q", b.String(), want)
	}
}

func FuzzString(f *testing.F) {
	for _, tc := range cases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := String(s)
		for _, r := range out {
			if escaped(r, false) {
				t.Fatalf("String(%q) = %q keeps %U", s, out, r)
			}
		}
		if clean(s, false) && out != s {
			t.Fatalf("String changed printable %q to %q", s, out)
		}
	})
}
