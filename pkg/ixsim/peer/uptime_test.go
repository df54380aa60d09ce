package peer

import "testing"

func TestUptime(t *testing.T) {
	for _, tc := range []struct {
		mins int
		want string
	}{
		{0, "0 minute"},
		{1, "1 minute"},
		{6*1440 + 21*60 + 45, "6 days 21 hours 45 minutes"},
		{12*7*1440 + 3*1440 + 6*60 + 10, "12 weeks 3 days 6 hours 10 minutes"},
		{60, "1 hour"},
		{7*1440 + 2, "1 week 2 minutes"},
	} {
		if got := uptime(tc.mins); got != tc.want {
			t.Errorf("uptime(%d) = %q, want %q", tc.mins, got, tc.want)
		}
	}
}
