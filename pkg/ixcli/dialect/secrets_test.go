package dialect

import (
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ike policy p peer 1.2.3.4 key s3cr3t ike-prop", "ike policy p peer 1.2.3.4 key ******** ike-prop"},
		{"ikev2 authentication psk id ipv4 1.2.3.4 key char s3cr3t", "ikev2 authentication psk id ipv4 1.2.3.4 key char ********"},
		{"ikev2 authentication psk id ipv4 1.2.3.4 key hex 0a0b", "ikev2 authentication psk id ipv4 1.2.3.4 key hex ********"},
		{"x key ascii s3cr3t", "x key ascii ********"},
		{"pre-shared-key s3cr3t", "pre-shared-key ********"},
		{"username admin password plain p4ss administrator", "username admin password plain ******** administrator"},
		{"username admin password hash 0a1b2c administrator", "username admin password hash ******** administrator"},
		{"username admin password hashed 0a1b2c", "username admin password hashed ********"},
		{"username admin password encrypted 0a1b2c", "username admin password encrypted ********"},
		{"username admin password 7 0a1b2c", "username admin password 7 ********"},
		{"username admin password p4ss", "username admin password ********"},
		{"snmp secret 5 0a1b2c", "snmp secret 5 ********"},
		{"secret s3cr3t", "secret ********"},
		{"KEY s3cr3t", "KEY ********"},
		{"a key k1 b key k2", "a key ******** b key ********"},
		{"  key\ts3cr3t", "  key\t********"},
		{"keyring x", "keyring x"},
		{"monkey business", "monkey business"},
		{"ipsec-key x", "ipsec-key x"},
		{"key", "key"},
		{"no shutdown", "no shutdown"},
		// Moved from pkg/session (TestRedactLine), which no longer knows the keywords.
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

func TestSecrets(t *testing.T) {
	got := Secrets("ike policy p peer 1.1.1.1 key k1 prop password plain p2")
	if strings.Join(got, ",") != "k1,p2" {
		t.Errorf("Secrets = %q", got)
	}
	if got := Secrets("ip route default Tunnel0.0"); got != nil {
		t.Errorf("Secrets of a plain line = %q", got)
	}
}

func TestRedactOutput(t *testing.T) {
	tests := []struct{ in, out, want string }{
		// The router quotes the key back without its keyword.
		{"ike policy p peer 1.1.1.1 key pq5RW0x prop", "% pq5RW0x -- Invalid command.", "% ******** -- Invalid command."},
		// Its own keyword forms are masked too.
		{"show x", "username a password plain p4ss", "username a password plain ********"},
		{"ike policy p peer 1.1.1.1 key k1 prop", "peer 1.1.1.1 key k1", "peer 1.1.1.1 key ********"},
		{"no secrets here", "% sow -- Invalid command.", "% sow -- Invalid command."},
		// A line that already carries the mask adds nothing to replace.
		{"x key " + Mask, "a " + Mask + " b", "a " + Mask + " b"},
	}
	for _, tt := range tests {
		if got := RedactOutput(tt.in, tt.out); got != tt.want {
			t.Errorf("RedactOutput(%q, %q) = %q, want %q", tt.in, tt.out, got, tt.want)
		}
	}
}
