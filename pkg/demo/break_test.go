package demo

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseBreak(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    Break
		wantErr string
	}{
		{in: "none", want: BreakNone},
		{in: "psk", want: BreakPSK},
		{in: "aws-down", want: BreakAWSDown},
		{in: "drop", want: BreakDrop},
		{in: "kill", want: BreakKill},
		{in: "everything", wantErr: `"everything": want none, psk, aws-down, drop or kill`},
		{in: "", wantErr: `"": want none, psk, aws-down, drop or kill`},
		{in: "PSK", wantErr: `"PSK": want none, psk, aws-down, drop or kill`},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseBreak(tc.in)
			if tc.wantErr != "" {
				var ube *UnknownBreakError
				if !errors.As(err, &ube) || ube.Value != tc.in || err.Error() != tc.wantErr {
					t.Fatalf("ParseBreak(%q) = %q, %v; want UnknownBreakError %q", tc.in, got, err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParseBreak(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestBreakHelp(t *testing.T) {
	want := "none, psk (tunnel 2's key on the AWS side), aws-down (both AWS endpoints), " +
		"drop (the connection, mid-push) or kill (ixpush itself, mid-push; a second run recovers)"
	if diff := cmp.Diff(want, BreakHelp()); diff != "" {
		t.Errorf("BreakHelp (-want +got):\n%s", diff)
	}
}

func TestOrList(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"a"}, "a"},
		{[]string{"a", "b"}, "a or b"},
		{[]string{"a", "b", "c"}, "a, b or c"},
	} {
		if got := orList(tc.in); got != tc.want {
			t.Errorf("orList(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestBreakStories: every break that breaks something has a paragraph in
// the help, naming its exit code, and none is wider than asked.
func TestBreakStories(t *testing.T) {
	const width = 78
	got := BreakStories(width)
	paras := strings.Split(got, "\n\n")
	if len(paras) != len(breaks)-1 {
		t.Fatalf("%d paragraphs for %d breaks:\n%s", len(paras), len(breaks)-1, got)
	}
	for i, p := range paras {
		name := breaks[i+1].name
		if !strings.HasPrefix(p, "--break "+string(name)+" ") || !regexp.MustCompile(`Exit\s[01]`).MatchString(p) {
			t.Errorf("paragraph %d does not start with --break %s or names no exit code:\n%s", i, name, p)
		}
		for _, l := range strings.Split(p, "\n") {
			if len(l) > width {
				t.Errorf("line wider than %d: %q", width, l)
			}
		}
	}
}
