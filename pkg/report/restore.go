package report

import (
	"fmt"
	"io"

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
	return err
}
