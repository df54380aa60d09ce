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
