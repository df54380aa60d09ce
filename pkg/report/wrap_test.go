package report

import "testing"

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		in    string
		width int
		want  string
	}{
		{"", 10, ""},
		{"a b c", 10, "a b c"},
		{"aaaa bbbb cccc", 9, "aaaa bbbb\ncccc"},
		{"aaaa  bbbb\ncccc", 4, "aaaa\nbbbb\ncccc"},
		{"averylongword b", 4, "averylongword\nb"},
		{"état début fin", 11, "état début\nfin"}, // runes, not bytes
	} {
		if got := Wrap(tc.in, tc.width); got != tc.want {
			t.Errorf("Wrap(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
	}
}
