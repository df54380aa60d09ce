package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/ixpush/ixpush/pkg/agent"
)

// WriteRestore prints the result of a successful agent.Restore: how many
// lines were typed and which backup the managed sections now match. The
// restore does not save, and the line says so.
func WriteRestore(w io.Writer, res *agent.RestoreResult) error {
	var err error
	if res.Already {
		_, err = fmt.Fprintf(w, "already restored: the managed sections match %s\n", res.Backup)
	} else {
		_, err = fmt.Fprintf(w, "restored: %d lines typed; the managed sections match %s (not saved)\n", len(res.Rollback), res.Backup)
	}
	if n := differing(res.Unmanaged); err == nil && n > 0 {
		// Kept on purpose (agent/restore_unmanaged.go); the warning on
		// stderr lists the lines and what to type.
		_, err = fmt.Fprintf(w, "kept: %d line(s) outside the managed sections differ from the backup (someone's edit?); type them by hand to return them too\n", n)
	}
	return err
}

// differing counts the "+ " and "- " lines of a drift, not its context.
func differing(drift []string) int {
	n := 0
	for _, l := range drift {
		if strings.HasPrefix(l, "+ ") || strings.HasPrefix(l, "- ") {
			n++
		}
	}
	return n
}
