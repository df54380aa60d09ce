package dialect

import (
	"strings"
	"testing"
)

func TestKnownNoticesAreNotErrors(t *testing.T) {
	for _, n := range KnownNotices {
		if kind, line, failed := Classify("\n" + n + "\n"); failed {
			t.Errorf("%q classified as %s (%q)", n, kind, line)
		}
	}
	// Every pattern has its example, so none is kept without evidence.
	for _, p := range NoticePatterns {
		found := false
		for _, n := range KnownNotices {
			found = found || p.MatchString(n)
		}
		if !found {
			t.Errorf("notice pattern %s has no example in KnownNotices", p)
		}
	}
}

func TestUnknownNoticeStops(t *testing.T) {
	for _, out := range []string{
		"% Proposal cache flushed.",
		"% You must restart the router for this configuration to take effect now.",
		"% Software update completed with errors.",
	} {
		kind, line, failed := Classify(out)
		if !failed || kind != ErrUnrecognised || line != strings.TrimSpace(out) {
			t.Errorf("%q: %s %q %v", out, kind, line, failed)
		}
	}
}

// The occupied text and the hint that follows it: the failure is the
// occupied line, whichever spelling of the hint comes.
func TestOccupiedWithHint(t *testing.T) {
	for _, hint := range []string{
		"% You may use 'svintr-config' command with administrator privilege.",
		"% You may use `svintr-config' command with administrator privilege.",
	} {
		kind, line, failed := Classify("% CONFIG process is occupied.\r\n" + hint + "\r\n")
		if !failed || kind != ErrOccupied || line != "% CONFIG process is occupied." {
			t.Errorf("%q: %s %q %v", hint, kind, line, failed)
		}
		if _, _, failed := Classify(hint); failed {
			t.Errorf("the hint alone is a failure: %q", hint)
		}
	}
}

// TestAcceptedNotice: a line the user accepts stops nothing, exactly that
// line; errors and non-'%' lines are refused with the reason.
func TestAcceptedNotice(t *testing.T) {
	const line = "% Proposal cache flushed."
	re, err := AcceptedNotice("  " + line + " ")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, failed := Classify("\r\n"+line+"\r\n", re); failed {
		t.Errorf("accepted %q still stops", line)
	}
	for _, other := range []string{"% Proposal cache flushed", "% Proposal cache flushed. Twice.", "% Proposal cachexflushed."} {
		if kind, _, failed := Classify(other, re); !failed || kind != ErrUnrecognised {
			t.Errorf("accepting %q let %q through", line, other)
		}
	}
	for _, tc := range []struct{ line, want string }{
		{"Proposal cache flushed.", "not a '%' line"},
		{"% a\nb", "more than one line"},
		{"% Invalid command.", "invalid error"},
		{"% CONFIG process is occupied.", "occupied error"},
	} {
		if _, err := AcceptedNotice(tc.line); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("AcceptedNotice(%q) = %v, want %q", tc.line, err, tc.want)
		}
	}
}
