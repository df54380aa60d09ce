package scenario

import (
	"strings"
	"testing"
	"time"
)

// TestIKERetransmitFields: the two timing fields are read, and omitted
// they take CONBU's 3 resends 10 s apart.
func TestIKERetransmitFields(t *testing.T) {
	base := seedYAML(t)
	for _, tc := range []struct {
		name, extra string
		n           int
		every       time.Duration
	}{
		{"omitted", "", DefaultIKERetransmits, DefaultIKERetransmitInterval},
		{"set", "  ike_retransmits: 5\n  ike_retransmit_interval: 2s\n", 5, 2 * time.Second},
	} {
		sc, err := Parse([]byte(strings.Replace(base, "retry_interval: 10s\n", "retry_interval: 10s\n"+tc.extra, 1)))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if sc.Timing.IKERetransmits != tc.n || sc.Timing.IKERetransmitInterval != tc.every {
			t.Errorf("%s: %d every %v, want %d every %v", tc.name, sc.Timing.IKERetransmits, sc.Timing.IKERetransmitInterval, tc.n, tc.every)
		}
	}
}
