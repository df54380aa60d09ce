//go:build !unix

package journal

import (
	"errors"
	"os"
)

// lockFile has no kernel lock to take where flock is missing: guard and
// confirm refuse rather than run unguarded against each other.
func lockFile(*os.File) error {
	return errors.New("journal locks need flock (a unix system)")
}
