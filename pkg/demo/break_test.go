package demo

import (
	"errors"
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
		{in: "everything", wantErr: `"everything": want none, psk or aws-down`},
		{in: "", wantErr: `"": want none, psk or aws-down`},
		{in: "PSK", wantErr: `"PSK": want none, psk or aws-down`},
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
	want := "none, psk (tunnel 2's key on the AWS side) or aws-down (both AWS endpoints)"
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
