package report

import (
	"strings"

	"github.com/ixpush/ixpush/pkg/journal"
)

// NextCommand renders the next command of a change as the user types it,
// with the site argument they gave (site "" when they gave flags only: the
// line then says to repeat them). The IX command of ActionType is shown as
// what to type on the router.
func NextCommand(n journal.Next, site string) string {
	var words []string
	switch n.Action {
	case journal.ActionType:
		return "type " + n.Command + " on the router"
	case journal.ActionRollback:
		words = []string{"ixpush", "rollback", site, "--backup", n.Backup}
	default: // apply, verify
		words = append([]string{"ixpush", string(n.Action), site}, n.Args...)
	}
	var b strings.Builder
	for _, w := range words {
		if w == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(shellQuote(w))
	}
	if site == "" {
		b.WriteString(" (with this run's other flags)")
	}
	return b.String()
}

// shellQuote quotes w for a POSIX shell when it needs it, so the line can
// be pasted.
func shellQuote(w string) string {
	if w != "" && strings.IndexFunc(w, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=:,+@%~", r))
	}) < 0 {
		return w
	}
	return "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
}
