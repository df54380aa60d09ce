package showparse

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestClean(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Line
	}{
		{"plain", "a\nb\n", []Line{{1, "a"}, {2, "b"}}},
		{"crlf and trailing spaces", "a  \r\n  b\t\r\n", []Line{{1, "a"}, {2, "  b"}}},
		{"echo and prompts", "\r\nR10(config)#\r\nR10(config)# show ike sa\r\nISAKMP\r\n\r\nR10(config)#\r\nR10(config)# \r\n",
			[]Line{{4, "ISAKMP"}}},
		{"bare mode prompt echo", "(config)# show ip bgp summary\nBGP\n", []Line{{2, "BGP"}}},
		{"operation mode prompt", "R10# show version\nNEC\nR10# ", []Line{{2, "NEC"}}},
		{"non-admin prompt", "ix-1.lab(config)% show ip route\nIP\n", []Line{{2, "IP"}}},
		{"inner blank kept", "a\n\nb\n", []Line{{1, "a"}, {2, ""}, {3, "b"}}},
		{"second echo kept", "R10# show ip route\nx\nR10# show ip bgp\ny\n", []Line{{2, "x"}, {3, "R10# show ip bgp"}, {4, "y"}}},
		{"counter lines are not prompts", "#ph1 success: 1\n", []Line{{1, "#ph1 success: 1"}}},
		{"device error is not a prompt", "% sow -- Invalid command.\n", []Line{{1, "% sow -- Invalid command."}}},
		{"empty", "", []Line{}},
		{"only prompts", "R10#\nR10(config)# \n", []Line{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Clean(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Clean(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}
