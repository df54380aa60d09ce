package agent

import "fmt"

// warnNow records a warning and prints it at once, so that a warning about
// the plan (weak crypto, a missing LAN) is read before anything is typed,
// not after the run; callers print res.Warnings no second time.
func warnNow(res *ApplyResult, o options, ws ...string) {
	for _, w := range ws {
		res.Warnings = append(res.Warnings, w)
		fmt.Fprintf(o.progress, "    warning: %s\n", w)
	}
}
