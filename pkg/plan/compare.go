package plan

import "github.com/ixpush/ixpush/pkg/showparse"

// SameConfig reports whether a and b configure the router alike: equal
// after Normalize, headers (the clock and the last-change stamp) ignored.
// It is how ixpush tells running-config from startup-config and a
// rollback's effect from none.
func SameConfig(a, b showparse.RunningConfig) bool {
	a, b = Normalize(a), Normalize(b)
	a.Header, b.Header = nil, nil
	return a.String() == b.String()
}
