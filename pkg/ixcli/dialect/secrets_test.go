package dialect

import "testing"

// Moved from pkg/session (TestRedactLine) with the IX secret keywords.
func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ike policy p1 peer 1.2.3.4 key pq5RW0mMbSxz8k8.ZRY2T3C82D9GX8_z ike-prop", "ike policy p1 peer 1.2.3.4 key ******** ike-prop"},
		{"ikev2 authentication psk id ipv4 1.2.3.4 key char SECRET", "ikev2 authentication psk id ipv4 1.2.3.4 key char ********"},
		{"username u password plain hunter2 administrator", "username u password plain ******** administrator"},
		{"pre-shared-key address 1.2.3.4 key abc", "pre-shared-key ******** 1.2.3.4 key ********"},
		{"username admin password hash 2A3B4C5D6E7F administrator", "username admin password hash ******** administrator"},
		{"enable secret 5 $1$abcd$efgh", "enable secret 5 ********"},
		{"show ip route", "show ip route"},
	}
	for _, tt := range tests {
		if got := Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
