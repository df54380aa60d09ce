package report

import "strings"

// CommandLine renders an ixpush command line from its words, each quoted
// for a POSIX shell when it needs it, so that it can be pasted; empty
// words are left out.
func CommandLine(words ...string) string {
	var quoted []string
	for _, w := range words {
		if w != "" {
			quoted = append(quoted, shellQuote(w))
		}
	}
	return strings.Join(quoted, " ")
}
