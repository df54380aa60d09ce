package session

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

const wrapPSK = "pq5RW0mMbSxz8k8AbCdEfGhIjKlMnOp"

// Error messages quote what the device printed, several physical lines at
// once: a learned secret is masked across a wrap too.
func TestRedactWrappedInMessage(t *testing.T) {
	s := &Shell{o: testShellOptions()}
	s.learn("ike policy p peer 1.2.3.4 key " + wrapPSK + " prop")
	tests := []struct{ in, want string }{
		{"R1# ike key pq5RW\r\n      0mMbSxz8k8AbCdEfGhIjKlMnOp prop", "R1# ike key ******** prop"},
		{"R1# ike key\n    " + wrapPSK + " prop", "R1# ike key\n    ******** prop"},
		{"ike policy p peer 1.2.3.4 ke\n  y " + wrapPSK, "ike policy p peer 1.2.3.4 ke\n  y ********"},
		{"nothing to hide", "nothing to hide"},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, s.redact(tt.in)); diff != "" {
			t.Errorf("redact(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

// The transcript sees one physical line at a time.
func TestRedactReceivedAcrossLines(t *testing.T) {
	s := &Shell{o: testShellOptions()}
	s.learn("ikev2 authentication psk id ipv4 1.2.3.4 key char " + wrapPSK)
	in := []string{
		"R1# ikev2 authentication psk id ipv4 1.2.3.4 key char pq5RW0",
		"    mMbSxz8k8AbCdEfGhIjKlMnOp",
		"R1# ikev2 authentication psk id ipv4 1.2.3.4 key",
		"    char " + wrapPSK,
		"R1# x " + wrapPSK[:20],
		"      " + wrapPSK[20:] + " tail",
		"R1# show p",
		"prop",
	}
	want := []string{
		"R1# ikev2 authentication psk id ipv4 1.2.3.4 key char ********",
		"    ********",
		"R1# ikev2 authentication psk id ipv4 1.2.3.4 key",
		"    char ********",
		"R1# x ********",
		"      ******** tail",
		"R1# show p",
		"prop",
	}
	var got []string
	for _, l := range in {
		got = append(got, s.redactReceived(l))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
