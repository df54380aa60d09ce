package plan

import "testing"

func TestSameConfig(t *testing.T) {
	base := "! Current configuration : 1024 bytes\n! Last change 2026-11-27 13:00\nhostname R10\n!\ninterface Tunnel0.0\n  ip address 169.254.30.58/30\n!\n"
	tests := []struct {
		name string
		a, b string
		want bool
	}{
		{"identical", base, base, true},
		{"other header", base, "! Current configuration : 2048 bytes\nhostname R10\n!\ninterface Tunnel0.0\n  ip address 169.254.30.58/30\n!\n", true},
		{"default lines shown", base, "hostname R10\n!\ninterface Tunnel0.0\n  ip address 169.254.30.58/30\n  shutdown\n!\n", true},
		{"another route", base, base + "ip route 10.9.9.0/24 192.168.1.1\n!\n", false},
		{"another address", base, "hostname R10\n!\ninterface Tunnel0.0\n  ip address 169.254.30.62/30\n!\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := parseRC(t, tt.a), parseRC(t, tt.b)
			if got := SameConfig(a, b); got != tt.want {
				t.Errorf("SameConfig = %v, want %v", got, tt.want)
			}
			if got := SameConfig(b, a); got != tt.want {
				t.Errorf("SameConfig (swapped) = %v, want %v", got, tt.want)
			}
		})
	}
}
