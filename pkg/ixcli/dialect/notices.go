package dialect

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// KnownNotices are the harmless '%' lines captured on valid input, one
// example of each NoticePatterns entry (ix-cli.md §3, §11): a push goes on
// past them.
var KnownNotices = []string{
	"% Warning: do NOT enter CNTL/Z while saving to avoid config corruption.",
	"% User 'user01' has been added.",
	"% You may use 'svintr-config' command with administrator privilege.",
	"% You must restart the router for this configuration to take effect.",
	"% Software update completed.",
}

// UnrecognisedAdvice is what to do about a '%' line that is neither a known
// error nor a known notice. The tool's policy: such a line may report a
// failure, so a push stops on it, rolls back, and names the line; a user
// who has checked that it is harmless on their router accepts that exact
// line (AcceptedNotice), with no rebuild, and runs apply again.
const UnrecognisedAdvice = "ixpush stops on a '%' line it does not know, as it may report a failure: " +
	"check on the router what that command did; if the line is harmless there, accept that exact line " +
	"(--accept-notice, or router.accept_notices in the site file) and run apply again"

// AcceptedNotice compiles a '%' line a user declares harmless into a
// pattern for Classify's extra: the whole line, literally (a firmware's
// notice is accepted as printed, never a family of lines by accident).
// It refuses a line that does not start with '%' (only those stop a push)
// and one Classify reads as an error: an error is never a notice, and
// accepting one would have no effect.
func AcceptedNotice(line string) (*regexp.Regexp, error) {
	l := strings.TrimSpace(line)
	switch {
	case !strings.HasPrefix(l, "%"):
		return nil, errors.New("not a '%' line (only those stop a push)")
	case strings.ContainsAny(l, "\r\n"):
		return nil, errors.New("more than one line")
	}
	for _, p := range ErrorPatterns {
		if p.Re.MatchString(l) {
			return nil, fmt.Errorf("the router's %s error, not a notice", p.Kind)
		}
	}
	return regexp.MustCompile(`^` + regexp.QuoteMeta(l) + `$`), nil
}
