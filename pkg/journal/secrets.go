package journal

import (
	"fmt"
	"strings"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
)

// RollbackLines returns e.Rollback ready to type: a line whose key the
// journal masked gets it back from the backup text. A rollback line that
// carries a key re-enters a line of the prior running-config, so the backup
// holds that line, and its redacted form equals the journaled one (spacing
// aside). A masked line the backup does not hold, or holds with two
// different keys, is an error: guessing a key would configure a wrong one.
func (e *Entry) RollbackLines(backupText string) ([]string, error) {
	clear := map[string]string{} // redacted form -> the line in clear
	ambiguous := map[string]bool{}
	for _, l := range strings.Split(backupText, "\n") {
		l = strings.Join(strings.Fields(l), " ")
		r := dialect.Redact(l)
		if r == l {
			continue
		}
		if have, ok := clear[r]; ok && have != l {
			ambiguous[r] = true
		}
		clear[r] = l
	}
	out := make([]string, len(e.Rollback))
	for i, l := range e.Rollback {
		if !strings.Contains(l, dialect.Mask) {
			out[i] = l
			continue
		}
		body := strings.Join(strings.Fields(l), " ")
		src, ok := clear[body]
		switch {
		case !ok:
			return nil, fmt.Errorf("rollback line %d (%s) needs a key that backup %s does not hold", i+1, l, e.Backup)
		case ambiguous[body]:
			return nil, fmt.Errorf("rollback line %d (%s): backup %s holds it with different keys", i+1, l, e.Backup)
		}
		out[i] = l[:len(l)-len(strings.TrimLeft(l, " "))] + src
	}
	return out, nil
}
