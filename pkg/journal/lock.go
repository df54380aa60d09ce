package journal

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ixpush/ixpush/pkg/backup"
)

// ErrLocked means another process holds the router's journal lock: an
// overlapping guard run (cron started the next before the last ended), a
// confirm, or an apply or rollback that is typing. The holder acts; the
// caller does nothing.
var ErrLocked = errors.New("the change journal is locked by another ixpush run")

// lockName is the lock file of router, beside its journal.
func lockName(router string) string { return backup.Stem(router) + ".journal.lock" }

// Lock takes the router's journal lock without waiting, so that of two
// runs that would both act on the same router (change it, revert it, save
// it) one does and the other reports ErrLocked. The lock is the kernel's, on an
// open file: a process that dies releases it, so no stale lock is left.
// Release is safe to call more than once.
func (s *Store) Lock(router string) (release func(), err error) {
	path := filepath.Join(s.dir, lockName(router))
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening the journal lock: %w", err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		if errors.Is(err, ErrLocked) {
			return nil, fmt.Errorf("%w (%s)", ErrLocked, path)
		}
		return nil, fmt.Errorf("taking the journal lock %s: %w", path, err)
	}
	done := false
	return func() {
		if !done {
			done = true
			f.Close() // closing the descriptor releases the lock
		}
	}, nil
}
