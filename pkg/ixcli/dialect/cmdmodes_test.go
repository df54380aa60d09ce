package dialect

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestModeOfCommand(t *testing.T) {
	tests := []struct {
		line string
		want CommandMode
		ok   bool
	}{
		{"show ike sa", CommandModes[2], true},
		{"show ip bgp summary", CommandModes[4], true},
		{"show ip bgp", CommandModes[4], true},
		{"show ip route", CommandModes[5], true},
		{"show interfaces Tunnel0.0", CommandModes[6], true},
		{"terminal length 0", CommandModes[8], true},
		{"write memory", CommandModes[9], true},
		{"show ip", CommandMode{}, false},
		{"show", CommandMode{}, false},
		{"ike proposal p encryption aes hash sha group 1024-bit", CommandMode{}, false},
		{"", CommandMode{}, false},
	}
	for _, tt := range tests {
		got, ok := ModeOfCommand(tt.line)
		if ok != tt.ok || !cmp.Equal(tt.want, got) {
			t.Errorf("ModeOfCommand(%q) = %+v, %v; want %+v, %v", tt.line, got, ok, tt.want, tt.ok)
		}
	}
}

// TestOperationModeWorth: without configuration mode a reader tries what
// runs in operation mode and what is only guessed to be config-only, never
// what is reported config-only.
func TestOperationModeWorth(t *testing.T) {
	want := map[string]bool{
		"show ike sa": false, "show ipsec sa": false, "show running-config": false, "terminal length 0": false,
		"show ip bgp": true, "show ip bgp summary": true, "show ip route": true, "show interfaces Tunnel1.0": true,
	}
	for line, w := range want {
		m, ok := ModeOfCommand(line)
		if !ok || m.OperationModeWorth() != w {
			t.Errorf("%q: OperationModeWorth = %v (known %v), want %v", line, m.OperationModeWorth(), ok, w)
		}
	}
}

// TestCommandModesMarked: every row names its confidence and source, so
// the table says how sure it is.
func TestCommandModesMarked(t *testing.T) {
	seen := map[string]bool{}
	for _, m := range CommandModes {
		if m.Source == "" || (m.Confidence != Confirmed && m.Confidence != Reported && m.Confidence != Guessed) {
			t.Errorf("%q: confidence %q, source %q", m.Command, m.Confidence, m.Source)
		}
		if seen[m.Command] {
			t.Errorf("%q listed twice", m.Command)
		}
		seen[m.Command] = true
	}
	if ShowInterface("Tunnel0.0") != "show interfaces Tunnel0.0" {
		t.Errorf("ShowInterface = %q", ShowInterface("Tunnel0.0"))
	}
}
