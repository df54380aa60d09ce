package report

import (
	"strings"
	"unicode/utf8"
)

// Wrap breaks s into lines of at most width columns at spaces, counting
// runes (a longer word stays whole); runs of spaces and newlines in s
// become one break or space. Help texts and the demo's story use it.
func Wrap(s string, width int) string {
	var b strings.Builder
	n := 0
	for _, w := range strings.Fields(s) {
		switch {
		case n == 0:
		case n+1+utf8.RuneCountInString(w) > width:
			b.WriteByte('\n')
			n = 0
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += utf8.RuneCountInString(w)
	}
	return b.String()
}
